"""Officials add people from anywhere, but change only those of their region or their own."""

import pytest
import tablib
from django.urls import reverse
from django.utils import translation

from cooperation.core.roles import OFFICIALS_GROUP, REVIEWERS_GROUP
from talent.models import Person
from talent.resources import PersonResource
from tests import factories
from tests.cooperation.test_roles import country, member_of


@pytest.fixture
def regions(db):
    return country()


@pytest.fixture
def official(regions):
    return member_of(OFFICIALS_GROUP, regions.wangcang)


@pytest.fixture
def lou(regions):
    """Return 娄火明, an expert of a Binjiang organization."""
    organization = factories.OrganizationFactory(name="浙江大学", region=regions.binjiang)
    return factories.PersonFactory(name="娄火明", organization=organization, title="教授")


def person_url(view: str, person) -> str:
    return reverse(f"admin:talent_person_{view}", args=[person.pk])


def person_form(person, **fields) -> dict:
    return {
        "name": person.name,
        "organization": person.organization_id or "",
        "title": person.title,
        **fields,
    }


def run_import(user, *rows):
    with translation.override("en"):
        return PersonResource(user=user).import_data(
            tablib.Dataset(*rows, headers=["ID", "Name", "Organization", "Job title"]),
            rollback_on_validation_errors=True,
        )


def test_an_official_may_not_change_or_delete_another_regions_person(login, official, lou):
    """Bug: an official of 旺苍县 changed the title of 娄火明, a Binjiang expert, in the admin."""
    client = login(official)

    page = client.get(person_url("change", lou))
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields
    changed = client.post(person_url("change", lou), person_form(lou, title="副教授", phone="1"))
    assert changed.status_code == 403
    assert client.post(person_url("delete", lou), {"post": "yes"}).status_code == 403

    lou.refresh_from_db()
    assert (lou.title, lou.phone) == ("教授", "")


def test_an_official_changes_their_regions_people_and_those_they_entered(
    login, official, regions, lou
):
    school = factories.OrganizationFactory(region=regions.wangcang_town)
    teacher = factories.PersonFactory(organization=school)
    client = login(official)
    added = client.post(reverse("admin:talent_person_add"), person_form(lou, name="杨岸林"))
    assert added.status_code == 302
    expert = Person.objects.get(name="杨岸林")

    for person in (teacher, expert):
        response = client.post(person_url("change", person), person_form(person, title="讲师"))
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.title == "讲师"
    assert client.post(person_url("delete", teacher), {"post": "yes"}).status_code == 302
    assert not Person.objects.filter(pk=teacher.pk).exists()


def test_a_city_reviewer_changes_the_people_of_its_districts(login, regions, lou):
    chaotian = factories.PersonFactory(
        organization=factories.OrganizationFactory(region=regions.chaotian)
    )
    client = login(member_of(REVIEWERS_GROUP, regions.guangyuan))

    assert client.post(person_url("change", chaotian), person_form(chaotian)).status_code == 302
    assert client.post(person_url("change", lou), person_form(lou)).status_code == 403


def test_an_import_row_changing_another_regions_person_is_refused(official, lou):
    """Bug: the Excel import rewrote people of every region for any official."""
    result = run_import(official, [lou.pk, lou.name, "浙江大学", "副教授"])

    [invalid] = result.invalid_rows
    with translation.override("en"):
        assert f"There is no record with ID {lou.pk} that you may change" in str(invalid.error)
    lou.refresh_from_db()
    assert lou.title == "教授"


def test_an_import_changes_the_officials_own_people(official, regions):
    school = factories.OrganizationFactory(name="东河小学", region=regions.wangcang_town)
    teacher = factories.PersonFactory(name="王芳", organization=school)

    result = run_import(official, [teacher.pk, "王芳", "东河小学", "校长"])

    assert not result.has_errors() and not result.has_validation_errors()
    teacher.refresh_from_db()
    assert teacher.title == "校长"
