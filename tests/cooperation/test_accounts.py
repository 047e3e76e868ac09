"""Accounts set up as the README says sign in to the admin; one without access is told so."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse

from cooperation.core.roles import OFFICIALS_GROUP
from tests import factories

LOGIN = reverse("admin:login")


def sign_in(client, username, password):
    return client.post(
        f"{LOGIN}?next={reverse('admin:index')}",
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="en",
    )


@pytest.mark.django_db
def test_an_account_set_up_as_the_readme_says_signs_in(client, superuser):
    """Regression: an official record and a group were not enough; the staff flag was needed."""
    region = factories.RegionFactory(name="朝天区")
    group = Group.objects.get(name=OFFICIALS_GROUP)
    client.force_login(superuser)
    added = client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "wang",
            "usable_password": "true",
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
            "official-TOTAL_FORMS": "0",
            "official-INITIAL_FORMS": "0",
            "official-MIN_NUM_FORMS": "0",
            "official-MAX_NUM_FORMS": "1",
        },
    )
    assert added.status_code == 302, added.context["adminform"].form.errors
    user = get_user_model().objects.get(username="wang")
    change = reverse("admin:auth_user_change", args=[user.pk])
    joined = client.get(change).context["adminform"].form.initial["date_joined"]
    changed = client.post(
        change,
        {
            "username": "wang",
            "is_active": "on",
            "groups": [group.pk],
            "date_joined_0": joined.date().isoformat(),
            "date_joined_1": joined.time().strftime("%H:%M:%S"),
            "official-TOTAL_FORMS": "1",
            "official-INITIAL_FORMS": "0",
            "official-MIN_NUM_FORMS": "0",
            "official-MAX_NUM_FORMS": "1",
            "official-0-region": region.pk,
        },
    )
    assert changed.status_code == 302, changed.context["adminform"].form.errors
    client.logout()

    response = sign_in(client, "wang", "a long pass phrase")

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
def test_joining_a_group_after_the_official_record_also_grants_access(client):
    official = factories.OfficialFactory()
    user = official.user
    user.is_staff = False
    user.save()

    Group.objects.get(name=OFFICIALS_GROUP).user_set.add(user)

    user.refresh_from_db()
    assert user.is_staff


@pytest.mark.django_db
def test_an_account_with_no_admin_access_is_told_so_not_wrong_password(client):
    get_user_model().objects.create_user("li", password="a long pass phrase")

    response = sign_in(client, "li", "a long pass phrase")

    page = response.content.decode()
    assert "this account has no access to the admin" in page
    assert "correct username and password" not in page


@pytest.mark.django_db
def test_a_wrong_password_still_reads_as_one(client):
    get_user_model().objects.create_user("li", password="a long pass phrase", is_staff=True)

    response = sign_in(client, "li", "wrong")

    assert "correct username and password" in response.content.decode()
