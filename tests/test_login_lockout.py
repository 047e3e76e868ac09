"""Repeated wrong passwords lock an account out from that address, until it cools off or an
administrator unlocks it."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def official():
    user = factories.UserFactory(username="zhang", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, password, address="10.0.0.1", language="zh-hans", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": "zhang", "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
        **headers,
    )


def test_the_right_password_after_five_wrong_ones_is_refused_with_a_chinese_page(
    client, official, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "wrong").status_code == 200
    assert sign_in(client, "wrong").status_code == 429

    response = sign_in(client, PASSWORD)

    assert response.status_code == 429
    content = response.content.decode()
    assert "登录已锁定" in content
    assert "30 分钟" in content
    assert "_auth_user_id" not in client.session


def test_the_page_speaks_english_to_an_english_browser(client, official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", language="en")

    content = sign_in(client, PASSWORD, language="en").content.decode()

    assert "A wrong password was given 5 times for this account from this address" in content
    assert "Try again in 30 minutes" in content


def test_another_address_may_still_sign_in(client, official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")

    response = sign_in(client, PASSWORD, address="10.0.0.2")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(official.pk)


def test_a_success_before_the_limit_starts_the_count_again(client, official, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")

    assert sign_in(client, PASSWORD).status_code == 302


def test_an_administrator_unlocks_by_deleting_the_attempt_in_the_admin(
    client, official, superuser, settings
):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong")
    attempt = AccessAttempt.objects.get(username="zhang")
    admin_client = type(client)()
    admin_client.force_login(superuser)

    listed = admin_client.get(reverse("admin:axes_accessattempt_changelist"))
    deleted = admin_client.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert listed.status_code == 200 and "zhang" in listed.content.decode()
    assert deleted.status_code == 302
    assert sign_in(client, PASSWORD).status_code == 302


def test_a_forged_forwarded_address_does_not_escape_the_lockout(client, official, settings):
    for number in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")

    response = sign_in(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429
