"""No lost update through the API: an ETag on each record, If-Match (412), version (409)."""

import pytest
from django.urls import reverse

from cooperation.core.models import Target
from tests import factories


@pytest.fixture
def target(db):
    return factories.TargetFactory()


def detail(target) -> str:
    return reverse("api:targets-detail", args=[target.pk])


def test_a_record_carries_its_version_and_etag(root_client, target):
    response = root_client.get(detail(target))

    assert response.json()["version"] == 1
    assert response["ETag"] == f'W/"{target.pk}-1"'


def test_a_write_answers_the_new_etag(root_client, target):
    response = root_client.patch(detail(target), {"value": 600}, format="json")

    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response["ETag"] == f'W/"{target.pk}-2"'


def test_a_write_with_the_current_if_match_is_saved(root_client, target):
    etag = root_client.get(detail(target))["ETag"]

    response = root_client.patch(detail(target), {"value": 600}, format="json", HTTP_IF_MATCH=etag)

    assert response.status_code == 200


def test_a_write_with_a_stale_if_match_is_refused_with_412(root_client, target):
    etag = root_client.get(detail(target))["ETag"]
    root_client.patch(detail(target), {"value": 600}, format="json")

    response = root_client.patch(detail(target), {"value": 700}, format="json", HTTP_IF_MATCH=etag)
    deleting = root_client.delete(detail(target), HTTP_IF_MATCH=etag)

    assert (response.status_code, deleting.status_code) == (412, 412)
    assert Target.objects.get(pk=target.pk).value == 600


def test_a_write_with_a_stale_version_is_refused_with_409_naming_the_change(root_client, target):
    root_client.patch(detail(target), {"value": 600}, format="json")

    response = root_client.patch(
        detail(target), {"note": "mine", "version": 1}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 409
    body = response.json()
    assert (body["version"], body["changes"]) == (2, {"value": "600.00"})
    assert Target.objects.get(pk=target.pk).note == ""


def test_a_write_with_the_current_version_is_saved(root_client, target):
    response = root_client.patch(detail(target), {"value": 600, "version": 1}, format="json")

    assert (response.status_code, response.json()["version"]) == (200, 2)
