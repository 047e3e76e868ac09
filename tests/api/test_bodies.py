"""Bodies too large or too deep are the client's mistake, answered in JSON, never a 500."""

import json

import pytest
from django.urls import reverse

from programs.models import Event


@pytest.fixture
def writer(pairing, official_of, session_client):
    return session_client(official_of(pairing.western_region, "programs.add_event"))


def post_json(client, body: bytes):
    return client.generic(
        "POST",
        reverse("api:events-list"),
        body,
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_body_over_the_limit_is_a_json_413(writer, pairing, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"pairing": pairing.pk, "title": "讲" * 2000}).encode()

    response = post_json(writer, body)

    assert response.status_code == 413
    assert response.json() == {"detail": "The request body is too large."}
    assert not Event.objects.exists()


def test_a_body_nested_a_thousand_deep_is_a_json_400(writer):
    response = post_json(writer, b"[" * 1000 + b"]" * 1000)

    assert response.status_code == 400
    assert "nested more than 32 levels" in response.json()["detail"]


def test_a_body_nested_just_too_deep_is_refused_and_one_level_less_is_read(writer, pairing):
    too_deep = post_json(writer, b"[" * 33 + b"]" * 33)
    read = post_json(writer, json.dumps({"pairing": pairing.pk, "speakers": [[[]] * 1]}).encode())

    assert too_deep.status_code == 400
    assert read.status_code == 400
    assert "nested" not in json.dumps(read.json())


def test_a_form_with_too_many_fields_is_a_json_400(writer, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    fields = "&".join(f"f{n}=1" for n in range(50))

    response = writer.generic(
        "POST",
        reverse("api:events-list"),
        fields,
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {"detail": "The request sends too many fields or files."}
