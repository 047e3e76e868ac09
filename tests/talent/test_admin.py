"""People and secondments come in from sheets written the way officials write them."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import translation

from talent.models import ExpertEngagement, Person, Secondment
from talent.resources import ExpertEngagementResource, PersonResource, SecondmentResource
from tests import factories
from tests.sheets import run_import

PERMISSIONS = (
    "talent.view_person",
    "talent.add_person",
    "talent.change_person",
    "talent.view_secondment",
    "talent.add_secondment",
    "talent.change_secondment",
    "cooperation.view_pairing",
)


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *PERMISSIONS)


def test_sheet_titled_by_field_names_or_english_names_imports(official):
    school = factories.OrganizationFactory(name="朝天区实验小学")

    result = run_import(
        PersonResource(user=official),
        ["name", "Organization", "Name may be shown publicly"],
        ["王芳", "朝天区实验小学", "是"],
    )

    assert not result.has_errors() and not result.has_validation_errors()
    person = Person.objects.get()
    assert (person.name, person.organization, person.is_public) == ("王芳", school, True)
    assert (person.created_by, person.history.get().history_user) == (official, official)


def test_two_organizations_of_one_name_are_told_apart_by_region(official, pairing):
    factories.OrganizationFactory(name="实验小学", region=pairing.eastern_region)
    chaotian_school = factories.OrganizationFactory(name="实验小学", region=pairing.western_region)
    resource = PersonResource(user=official)

    ambiguous = run_import(resource, ["Name", "Organization"], ["王芳", "实验小学"])
    [invalid] = ambiguous.invalid_rows
    with translation.override("en"):
        assert "实验小学（region）" in str(invalid.error)
    assert not Person.objects.exists()

    qualified = run_import(resource, ["Name", "Organization"], ["王芳", "实验小学（朝天区）"])
    assert not qualified.has_validation_errors()
    assert Person.objects.get().organization == chaotian_school


def test_secondment_reads_qualified_people_and_written_dates(official, pairing):
    clinic = factories.OrganizationFactory(name="李家镇第一卫生院")
    host = factories.OrganizationFactory(name="长河街道社区卫生服务中心")
    yang = factories.PersonFactory(name="杨岸林", organization=clinic)
    factories.PersonFactory(name="杨岸林")

    result = run_import(
        SecondmentResource(user=official),
        ["Pairing", "Person", "Home organization", "Host organization", "Start date", "End date"],
        [
            str(pairing),
            "杨岸林（李家镇第一卫生院）",
            clinic.name,
            host.name,
            "2021年10月8日",
            "2021/11/10",
        ],
    )

    assert not result.has_errors() and not result.has_validation_errors()
    secondment = Secondment.objects.get()
    assert (secondment.person, secondment.start_date, secondment.end_date) == (
        yang,
        datetime.date(2021, 10, 8),
        datetime.date(2021, 11, 10),
    )


def test_overlapping_secondment_is_refused_with_the_models_message(official, pairing):
    secondment = factories.SecondmentFactory(pairing=pairing)

    result = run_import(
        SecondmentResource(user=official),
        ["Pairing", "Person", "Home organization", "Host organization", "Start date"],
        [
            str(pairing),
            secondment.person.name,
            secondment.home_organization.name,
            secondment.host_organization.name,
            "2021-10-15",
        ],
    )

    [invalid] = result.invalid_rows
    with translation.override("en"):
        assert "This person is already seconded during these dates." in str(invalid.error)
    assert Secondment.objects.count() == 1


def test_person_export_leaves_contacts_in_the_admin(client, official):
    person = factories.PersonFactory(phone="13800000000", email="expert@example.invalid")
    client.force_login(official)

    response = client.post(reverse("admin:talent_person_export"), {"format": "1", "resource": "0"})

    content = response.content.decode("utf-8-sig")
    assert response.status_code == 200
    assert person.name in content
    assert "13800000000" not in content
    assert "expert@example.invalid" not in content


def test_person_export_writes_gender_and_yes_no_as_the_admin_says_them(client, official):
    """Regression: a sheet said "female" and 1 where the admin, in Chinese, says 女 and 是."""
    factories.PersonFactory(gender="female", is_public=True)
    client.force_login(official)

    response = client.post(reverse("admin:talent_person_export"), {"format": "1", "resource": "0"})

    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert (row["性别"], row["可公开显示姓名"]) == ("女", "是")


@pytest.mark.parametrize(
    "role",
    ["首席专家（周末工程师）", "Chief expert (weekend engineer)", "首席专家", "chief_expert"],
)
def test_an_expert_role_is_read_by_its_label_in_either_language(official_of, pairing, role):
    official = official_of(pairing.western_region, "talent.add_expertengagement")
    expert = factories.PersonFactory(name="娄火明")

    result = run_import(
        ExpertEngagementResource(user=official),
        ["Pairing", "Person", "Role", "Contract signed"],
        [str(pairing), expert.name, role, "是"],
    )

    assert not result.has_errors() and not result.has_validation_errors()
    engagement = ExpertEngagement.objects.get()
    assert (engagement.role, engagement.contract_signed) == ("chief_expert", True)
