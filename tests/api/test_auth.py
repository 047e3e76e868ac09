"""Tokens for API clients, hashed, expiring, issued and revoked by an admin; throttling."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from cooperation.core.models import RecordStatus
from tests import factories


def test_an_admin_issues_a_token_shown_once_and_revokes_it(client, superuser, pairing, official_of):
    official = official_of(pairing.western_region, "programs.view_event")
    draft = factories.EventFactory(pairing=pairing, status=RecordStatus.DRAFT)
    client.force_login(superuser)
    add = reverse("admin:knox_authtoken_add")

    form = client.get(add, HTTP_ACCEPT_LANGUAGE="en")
    added = client.post(
        add,
        {"user": official.pk, "expiry_0": "2030-01-01", "expiry_1": "00:00:00"},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert form.status_code == 200
    [message] = [str(m) for m in added.context["messages"] if "shown only this once" in str(m)]
    token = message.rsplit(": ", 1)[1]
    stored = AuthToken.objects.get(user=official)
    assert token not in {stored.digest, stored.token_key}
    assert stored.digest == hash_token(token)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:events-detail", args=[draft.pk])).status_code == 200

    revoked = client.post(reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"})
    assert revoked.status_code == 302
    assert api.get(reverse("api:events-detail", args=[draft.pk])).status_code == 401


def test_a_token_issued_without_an_expiry_is_refused(client, superuser, official_of, pairing):
    client.force_login(superuser)
    official = official_of(pairing.western_region)

    response = client.post(reverse("admin:knox_authtoken_add"), {"user": official.pk})

    assert response.status_code == 200
    assert not AuthToken.objects.exists()


def test_the_command_prints_a_token_that_works_until_it_expires(pairing, official_of):
    official = official_of(pairing.western_region)
    out = StringIO()

    call_command(
        "issue_api_token", official.username, "--days", "30", stdout=out, stderr=StringIO()
    )

    token = out.getvalue().strip()
    stored = AuthToken.objects.get(user=official)
    assert stored.digest == hash_token(token)
    assert 29 <= (stored.expiry - timezone.now()).days <= 30
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(reverse("api:regions-list")).status_code == 200
    AuthToken.objects.update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    assert api.get(reverse("api:regions-list")).status_code == 401


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


def test_an_address_sending_wrong_tokens_is_refused_for_a_while(settings, db, token_client):
    settings.API_FAILED_TOKEN_RATE = "3/minute"
    url = reverse("api:regions-list")
    guesser = APIClient()
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    right = token_client(factories.UserFactory())

    statuses = [guesser.get(url).status_code for _ in range(4)]

    assert statuses == [401, 401, 401, 429]
    assert "Retry-After" in guesser.get(url)
    # A right token from the same address waits too, or a guess would show by its answer.
    assert right.get(url).status_code == 429
    assert APIClient().get(url).status_code == 200


def test_wrong_tokens_from_another_address_do_not_count(settings, db):
    settings.API_FAILED_TOKEN_RATE = "3/minute"
    url = reverse("api:regions-list")
    guesser = APIClient(REMOTE_ADDR="10.0.0.9")
    guesser.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    for _ in range(3):
        guesser.get(url)
    other = APIClient(REMOTE_ADDR="10.0.0.10")
    other.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert other.get(url).status_code == 401


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
