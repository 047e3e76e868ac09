"""Writes need the model permission their action names, and reach only what the user may change."""

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.permissions import SAFE_METHODS
from rest_framework.test import APIRequestFactory

from cooperation.api.access import ACTION_PERMISSIONS, ModelPermission
from cooperation.core.roles import OFFICIALS_GROUP, REVIEWERS_GROUP
from programs.models import Event
from tests import factories
from tests.cooperation.test_roles import country, member_of


def routed_actions(patterns=None):
    """Yield (method, action) of every viewset route the portal serves."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routed_actions(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield from getattr(pattern.callback, "actions", {}).items()


def test_a_write_action_that_names_no_permission_is_refused(superuser):
    """Bug: a write action missing from ACTION_PERMISSIONS was allowed to any signed-in user."""
    request = APIRequestFactory().post("/api/v1/events/publish_all/")
    request.user = superuser
    view = SimpleNamespace(action="publish_all", queryset=Event.objects.all())

    assert not ModelPermission().has_permission(request, view)


def test_every_routed_write_action_names_its_permission():
    """Bug guard: since an unlisted write fails closed, each routed one must be listed."""
    writes = {action for method, action in routed_actions() if method.upper() not in SAFE_METHODS}

    assert "transition" in writes
    assert writes <= set(ACTION_PERMISSIONS)


@pytest.fixture
def regions(db):
    return country()


@pytest.fixture
def zju(regions):
    return factories.OrganizationFactory(name="浙江大学", region=regions.binjiang)


def organization_url(organization) -> str:
    return reverse("api:organizations-detail", args=[organization.pk])


def person_url(person) -> str:
    return reverse("api:people-detail", args=[person.pk])


def test_an_official_may_not_write_another_regions_organization_or_person(
    regions, zju, token_client
):
    """Bug: an official of 旺苍县 changed 浙江大学 and 娄火明 of Binjiang through the API."""
    lou = factories.PersonFactory(name="娄火明", organization=zju, title="教授")
    client = token_client(member_of(OFFICIALS_GROUP, regions.wangcang))

    refused = client.patch(organization_url(zju), {"name_en": "ZJU"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        "You may change or delete only the organizations and people of your region "
        "and those you entered."
    )
    assert client.patch(person_url(lou), {"title": "副教授"}).status_code == 403
    assert client.delete(person_url(lou)).status_code == 403
    assert client.delete(organization_url(zju)).status_code == 403
    assert client.get(organization_url(zju)).status_code == 200

    zju.refresh_from_db()
    lou.refresh_from_db()
    assert (zju.name_en, lou.title) == ("", "教授")


def test_an_official_writes_their_regions_and_their_own_organizations_and_people(
    regions, zju, token_client
):
    official = member_of(OFFICIALS_GROUP, regions.wangcang)
    ours = factories.OrganizationFactory(region=regions.wangcang_town)
    teacher = factories.PersonFactory(organization=ours)
    client = token_client(official)
    created = client.post(reverse("api:people-list"), {"name": "杨岸林", "organization": zju.pk})
    assert created.status_code == 201

    assert client.patch(organization_url(ours), {"name_en": "Donghe"}).status_code == 200
    assert client.patch(person_url(teacher), {"title": "讲师"}).status_code == 200
    expert_url = reverse("api:people-detail", args=[created.json()["id"]])
    assert client.patch(expert_url, {"title": "教授"}).status_code == 200
    assert client.delete(expert_url).status_code == 204


def test_a_city_reviewer_writes_the_organizations_of_its_districts(regions, zju, token_client):
    chaotian = factories.OrganizationFactory(region=regions.chaotian)
    client = token_client(member_of(REVIEWERS_GROUP, regions.guangyuan))

    assert client.patch(organization_url(chaotian), {"name_en": "Chaotian"}).status_code == 200
    assert client.patch(organization_url(zju), {"name_en": "ZJU"}).status_code == 403
