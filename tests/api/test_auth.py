"""Tokens for API clients, issued and revoked by an admin; throttling of anonymous clients."""

from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cooperation.core.models import RecordStatus
from tests import factories


def test_an_admin_issues_and_revokes_a_token_in_the_admin(client, superuser, pairing, official_of):
    official = official_of(pairing.western_region, "programs.view_event")
    draft = factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT)
    client.force_login(superuser)

    assert client.get(reverse("admin:authtoken_tokenproxy_add")).status_code == 200
    added = client.post(reverse("admin:authtoken_tokenproxy_add"), {"user": official.pk})
    assert added.status_code == 302
    token = Token.objects.get(user=official)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get(reverse("api:events-detail", args=[draft.pk])).status_code == 200

    assert client.get(reverse("admin:authtoken_tokenproxy_changelist")).status_code == 200
    revoked = client.post(
        reverse("admin:authtoken_tokenproxy_delete", args=[official.pk]), {"post": "yes"}
    )
    assert revoked.status_code == 302
    assert api.get(reverse("api:events-detail", args=[draft.pk])).status_code == 401


def test_the_drf_create_token_command_issues_a_token(pairing, official_of):
    official = official_of(pairing.western_region)

    call_command("drf_create_token", official.username, verbosity=0)

    assert Token.objects.filter(user=official).exists()


def test_an_unknown_token_is_refused(db):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert api.get(reverse("api:regions-list")).status_code == 401


def test_anonymous_clients_are_throttled_and_token_clients_are_not(
    settings, anonymous, root_client
):
    settings.API_ANON_RATE = "3/minute"
    url = reverse("api:stats-summary")

    statuses = [anonymous.get(url).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    assert all(root_client.get(url).status_code == 200 for _ in range(4))


def test_a_forged_forwarded_address_does_not_escape_the_throttle(settings, anonymous, db):
    """Issue 11: a random X-Forwarded-For made every request a new anonymous client."""
    settings.API_ANON_RATE = "3/minute"
    url = reverse("api:stats-summary")

    statuses = [
        anonymous.get(url, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}").status_code
        for number in range(4)
    ]

    assert statuses == [200, 200, 200, 429]


def test_behind_a_trusted_proxy_clients_are_told_apart_by_the_address_it_saw(
    settings, anonymous, db
):
    """The proxy appends the address it saw; what the client wrote before it is not believed."""
    settings.API_ANON_RATE = "3/minute"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    url = reverse("api:stats-summary")

    forged = [
        anonymous.get(url, HTTP_X_FORWARDED_FOR=f"198.51.100.{number}, 203.0.113.7").status_code
        for number in range(4)
    ]
    other_client = anonymous.get(url, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code

    assert forged == [200, 200, 200, 429]
    assert other_client == 200
