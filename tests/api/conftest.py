import pytest
from django.core.cache import cache
from knox.models import AuthToken
from rest_framework.test import APIClient

# Any 32 letters make a valid CSRF secret; the session client sends it as cookie and header.
CSRF_SECRET = "apitestsapitestsapitestsapitests"


@pytest.fixture(autouse=True)
def unthrottled(settings):
    """Run the API tests without throttles; their own tests turn them back on."""
    settings.API_ANON_RATE = None
    settings.API_FAILED_TOKEN_RATE = None
    cache.clear()


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def token_client(db):
    """Return a factory of clients that authenticate as a user with a token."""

    def make(user) -> APIClient:
        _instance, token = AuthToken.objects.create(user=user)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        return client

    return make


@pytest.fixture
def session_client(db):
    """Return a factory of browser-like clients: a session, and CSRF checked on writes."""

    def make(user) -> APIClient:
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(user)
        client.cookies["csrftoken"] = CSRF_SECRET
        client.credentials(HTTP_X_CSRFTOKEN=CSRF_SECRET)
        return client

    return make


@pytest.fixture(params=["token", "session"])
def signed_in(request, token_client, session_client):
    """Return a factory of clients of each kind a signed-in user has: token and session."""
    return token_client if request.param == "token" else session_client


@pytest.fixture
def root_client(superuser, token_client):
    return token_client(superuser)
