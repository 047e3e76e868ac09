"""The officials' and reviewers' groups are ready after migrate, and enough to work with."""

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from cooperation.core.access import changeable, restrict_entered
from cooperation.core.models import Organization, PairingRecord, RecordStatus, RegionLevel
from cooperation.core.roles import OFFICIALS_GROUP, REVIEWERS_GROUP, ensure_roles
from cooperation.core.services import record_transition
from talent.models import Person
from tests import factories
from tests.test_admin_pages import admin_url

PAIRING_RECORDS = [
    model
    for model in apps.get_models()
    if issubclass(model, PairingRecord) and not model._meta.abstract
]


def member_of(group_name: str, region):
    official = factories.OfficialFactory(region=region)
    official.user.groups.add(Group.objects.get(name=group_name))
    return official.user


@pytest.mark.django_db
@pytest.mark.parametrize("group_name", [OFFICIALS_GROUP, REVIEWERS_GROUP])
def test_groups_cover_every_pairing_record(group_name):
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=group_name))

    for model in PAIRING_RECORDS:
        for action in ("add", "change", "delete", "view"):
            assert user.has_perm(f"{model._meta.app_label}.{action}_{model._meta.model_name}")
    assert user.has_perm("talent.add_person")
    assert not user.has_perm("cooperation.change_pairing")
    assert user.has_perm("cooperation.review_records") == (group_name == REVIEWERS_GROUP)


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAIRING_RECORDS, ids=lambda model: model._meta.label)
def test_an_official_in_the_group_can_list_and_add_records(client, pairing, model):
    client.force_login(member_of(OFFICIALS_GROUP, pairing.western_region))

    assert client.get(admin_url(model, "changelist")).status_code == 200
    assert client.get(admin_url(model, "add")).status_code == 200


@pytest.mark.django_db
def test_only_the_reviewers_group_publishes(pairing):
    event = factories.EventFactory(pairing=pairing, status=RecordStatus.SUBMITTED)
    official = member_of(OFFICIALS_GROUP, pairing.western_region)
    reviewer = member_of(REVIEWERS_GROUP, pairing.western_region)

    with pytest.raises(PermissionDenied):
        record_transition(record=event, to_status=RecordStatus.PUBLISHED, actor=official)
    record_transition(record=event, to_status=RecordStatus.PUBLISHED, actor=reviewer)

    event.refresh_from_db()
    assert event.status == RecordStatus.PUBLISHED


@pytest.mark.django_db
def test_ensure_roles_is_idempotent():
    before = {group.name: group.permissions.count() for group in Group.objects.all()}

    ensure_roles()

    assert {group.name: group.permissions.count() for group in Group.objects.all()} == before


def country():
    """Return 旺苍县 (with a town) and 朝天区 of 广元市, Sichuan, and 滨江区 of 杭州市."""
    sichuan = factories.RegionFactory(name="四川省", level=RegionLevel.PROVINCE)
    guangyuan = factories.RegionFactory(name="广元市", level=RegionLevel.CITY, parent=sichuan)
    zhejiang = factories.RegionFactory(name="浙江省", level=RegionLevel.PROVINCE)
    hangzhou = factories.RegionFactory(name="杭州市", level=RegionLevel.CITY, parent=zhejiang)
    wangcang = factories.RegionFactory(name="旺苍县", parent=guangyuan)
    return SimpleNamespace(
        guangyuan=guangyuan,
        wangcang=wangcang,
        wangcang_town=factories.RegionFactory(
            name="东河镇", level=RegionLevel.TOWN, parent=wangcang
        ),
        chaotian=factories.RegionFactory(name="朝天区", parent=guangyuan),
        binjiang=factories.RegionFactory(name="滨江区", parent=hangzhou),
    )


@pytest.fixture
def regions(db):
    return country()


def test_officials_may_delete_people_and_organizations_but_not_regions(db):
    user = member_of(OFFICIALS_GROUP, factories.RegionFactory())

    assert user.has_perm("cooperation.delete_organization")
    assert user.has_perm("talent.delete_person")
    assert not user.has_perm("cooperation.change_region")


@pytest.mark.parametrize("action", ["change", "delete"])
def test_an_official_changes_only_the_organizations_and_people_of_their_region(regions, action):
    """Bug: an official of 旺苍县 could change every organization and person in the country."""
    official = member_of(OFFICIALS_GROUP, regions.wangcang)
    own = factories.OrganizationFactory(region=regions.wangcang)
    below = factories.OrganizationFactory(region=regions.wangcang_town)
    zju = factories.OrganizationFactory(name="浙江大学", region=regions.binjiang)
    factories.OrganizationFactory(region=regions.chaotian)
    entered = factories.OrganizationFactory(region=regions.binjiang, created_by=official)
    lou = factories.PersonFactory(name="娄火明", organization=zju)
    teacher = factories.PersonFactory(organization=below)
    entered_expert = factories.PersonFactory(organization=zju, created_by=official)
    factories.PersonFactory(organization=None)

    organizations = restrict_entered(Organization.objects.all(), official, action)
    people = restrict_entered(Person.objects.all(), official, action)

    assert set(organizations) == {own, below, entered}
    assert set(people) == {teacher, entered_expert}
    assert lou not in changeable(Person, official)
    assert set(restrict_entered(Person.objects.all(), official, "view")) == set(
        Person.objects.all()
    )


def test_a_reviewer_above_changes_what_lies_below_and_a_superuser_all(regions, superuser):
    reviewer = member_of(REVIEWERS_GROUP, regions.guangyuan)
    chaotian = factories.OrganizationFactory(region=regions.chaotian)
    town = factories.OrganizationFactory(region=regions.wangcang_town)
    binjiang = factories.OrganizationFactory(region=regions.binjiang)

    assert set(changeable(Organization, reviewer)) == {chaotian, town}
    assert set(changeable(Organization, superuser)) == {chaotian, town, binjiang}


def test_without_the_permission_nothing_is_changeable(regions):
    factories.OrganizationFactory(region=regions.wangcang)
    viewer = factories.OfficialFactory(region=regions.wangcang).user

    assert not changeable(Organization, viewer).exists()
    assert not restrict_entered(Organization.objects.all(), viewer, "change").exists()
