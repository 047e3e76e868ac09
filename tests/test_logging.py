"""Logs and server errors: one JSON line a record, each with its request's id; the database
down is a 503, in JSON under /api/ and a page in both languages elsewhere, and passes."""

import io
import json
import logging
import uuid
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from cooperation.logs import JSONFormatter, RequestIdFilter


@pytest.fixture
def log_lines():
    """Return what the portal's standard-error handler writes, as a list of parsed lines."""
    [handler] = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(filter_, RequestIdFilter) for filter_ in handler.filters)
    ]
    stream, formatter = io.StringIO(), handler.formatter
    previous = handler.setStream(stream)
    # JSON, the default, even where a developer's DJANGO_LOG_FORMAT chose text.
    handler.setFormatter(JSONFormatter())
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    handler.setStream(previous)
    handler.setFormatter(formatter)


@pytest.fixture
def visitor():
    """A client that receives the server's error answer instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def database_down():
    """Make every query of the request fail as it does when PostgreSQL is unreachable."""
    refused = OperationalError('connection to server at "db" (10.0.0.5), port 5432 failed')
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        yield


def test_a_request_keeps_the_id_it_was_given_and_answers_it(client, db):
    response = client.get(reverse("dashboard:home"), HTTP_X_REQUEST_ID="lb-7f3a.2")

    assert response["X-Request-ID"] == "lb-7f3a.2"


@pytest.mark.parametrize("given", [None, "", "two words", "x" * 129, "id\nforged: header"])
def test_a_request_without_a_plausible_id_gets_a_new_one(client, db, given):
    headers = {} if given is None else {"HTTP_X_REQUEST_ID": given}

    response = client.get(reverse("dashboard:home"), **headers)

    assert uuid.UUID(response["X-Request-ID"]).hex == response["X-Request-ID"]


def test_each_request_gets_its_own_id(client, db):
    ids = {client.get(reverse("api:root"))["X-Request-ID"] for _ in range(3)}

    assert len(ids) == 3


@pytest.mark.parametrize("url", ["/api/v1/regions/", "/api/v1/stats/summary/"])
def test_the_database_down_is_a_503_in_json_under_the_api(visitor, database_down, url):
    response = visitor.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "detail": "The portal's database cannot be reached just now. Please try again shortly."
    }
    assert response["Retry-After"] == "30"


def test_the_api_says_the_database_is_down_in_the_clients_language(visitor, database_down):
    response = visitor.get("/api/v1/regions/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.json()["detail"] == "门户暂时无法连接数据库，请稍后再试。"


@pytest.mark.parametrize("url", ["/", "/events/", "/search/?q=滨江"])
def test_the_database_down_is_a_503_page_in_both_languages(visitor, database_down, url):
    response = visitor.get(url)

    page = response.content.decode()
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "服务暂时不可用" in page
    assert "Service unavailable" in page
    assert response["Retry-After"] == "30"


def test_the_database_down_is_logged_with_the_request_id_and_the_traceback(
    visitor, database_down, log_lines
):
    response = visitor.get("/api/v1/regions/", HTTP_X_REQUEST_ID="probe-503")

    [error] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert error["level"] == "ERROR"
    assert error["status_code"] == 503
    assert error["request_id"] == response["X-Request-ID"] == "probe-503"
    assert error["exception"].startswith("Traceback (most recent call last):")
    assert "OperationalError: connection to server" in error["exception"]


def test_a_client_error_is_logged_with_its_request_id(client, db, log_lines):
    response = client.get("/api/v1/regions/", {"no_such_filter": "1"})

    [warning] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert (warning["level"], warning["status_code"]) == ("WARNING", 400)
    assert warning["request_id"] == response["X-Request-ID"]


def test_the_portal_answers_again_once_the_database_is_back(visitor, db):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=OperationalError("server closed")
    ):
        assert visitor.get("/").status_code == 503

    assert visitor.get("/").status_code == 200


def test_another_server_error_under_the_api_is_a_500_in_json_and_logged(visitor, db, log_lines):
    with mock.patch("cooperation.api.root.APIRootView.get", side_effect=ZeroDivisionError("a bug")):
        response = visitor.get(reverse("api:root"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 500
    assert response.json() == {"detail": "A server error occurred."}
    [error] = [line for line in log_lines() if line["logger"] == "django.request"]
    assert error["request_id"] == response["X-Request-ID"]
    assert "ZeroDivisionError: a bug" in error["exception"]


def test_another_server_error_elsewhere_is_the_500_page(visitor, db):
    with mock.patch.object(
        connections["default"], "cursor", side_effect=ZeroDivisionError("a bug")
    ):
        response = visitor.get("/")

    assert response.status_code == 500
    assert "Server error" in response.content.decode()


def test_a_record_outside_a_request_is_a_json_line_without_an_id(log_lines):
    logging.getLogger("cooperation").warning("imported %d rows", 3)

    [line] = [line for line in log_lines() if line["logger"] == "cooperation"]
    assert (line["message"], line["request_id"], line["level"]) == (
        "imported 3 rows",
        "-",
        "WARNING",
    )
    assert "time" in line
