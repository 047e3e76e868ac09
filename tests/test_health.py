"""The health check, ``/healthz``: no login, no throttle, no cache, no HTTPS redirect."""

from unittest import mock

from django.core.cache import cache
from django.db import OperationalError, connections
from django.urls import reverse


def test_the_health_check_answers_ok_while_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_is_503_when_the_database_cursor_raises(client):
    refused = OperationalError("could not connect to server: Connection refused")
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "failing": ["database"]}


def test_the_health_check_asks_the_shared_cache_where_one_is_set(client, db, settings):
    settings.CACHE_URL = "redis://cache.invalid:6379/1"
    with mock.patch.object(cache, "set", side_effect=ConnectionError("Error -2 connecting")):
        down = client.get("/healthz")
    up = client.get("/healthz")

    assert (down.status_code, down.json()) == (503, {"status": "unavailable", "failing": ["cache"]})
    assert (up.status_code, up.json()) == (200, {"status": "ok"})


def test_the_health_check_is_neither_throttled_nor_redirected_to_https(client, db, settings):
    settings.API_ANON_RATE = "1/minute"
    settings.SECURE_SSL_REDIRECT = True

    statuses = [client.get("/healthz").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]
    assert client.get(reverse("dashboard:home")).status_code == 301
