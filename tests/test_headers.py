"""Security headers on every page: a Content-Security-Policy with no inline script, and a
Permissions-Policy turning off the browser features no page uses."""

import pytest
from django.urls import reverse


def directives(header: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy into its directives and their sources."""
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize(
    "url",
    [
        reverse("dashboard:home"),
        reverse("dashboard:events"),
        reverse("admin:login"),
        reverse("api:root"),
        reverse("api:docs"),
        "/no-such-page/",
    ],
)
def test_every_page_refuses_inline_scripts_and_styles(client, db, url):
    response = client.get(url)

    policy = directives(response["Content-Security-Policy"])
    assert "'self'" in policy["script-src"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]


def test_the_home_page_allows_no_inline_script_at_all(client, db):
    """Issue 11: ``/`` must carry a CSP whose script-src has no 'unsafe-inline'."""
    policy = directives(client.get("/")["Content-Security-Policy"])

    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_the_docs_page_allows_its_one_style_element_by_nonce(client, db):
    response = client.get(reverse("api:docs"))

    [nonce] = [
        source
        for source in directives(response["Content-Security-Policy"])["style-src"]
        if source.startswith("'nonce-")
    ]
    assert f'<style nonce="{nonce[7:-1]}">' in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_the_docs_page_fetches_its_start_up_script_from_the_portal(client, db):
    script = client.get(reverse("api:docs"), {"script": ""})

    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_every_page_turns_off_unused_browser_features(client, db):
    features = dict(
        item.strip().split("=") for item in client.get("/")["Permissions-Policy"].split(",")
    )

    for feature in ("camera", "geolocation", "microphone", "payment"):
        assert features[feature] == "()"
