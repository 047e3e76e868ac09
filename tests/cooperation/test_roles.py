"""The officials' and reviewers' groups are ready after migrate, and enough to work with."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from cooperation.models import PairingRecord, RecordStatus
from cooperation.roles import OFFICIALS_GROUP, REVIEWERS_GROUP, ensure_roles
from cooperation.services import record_transition
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
