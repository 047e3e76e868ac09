"""The admin keeps officials to their pairings, saves through services and runs the review."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from cooperation.core.models import Agreement, Organization, RecordStatus, Target
from cooperation.core.roles import OFFICIALS_GROUP, REVIEWERS_GROUP
from tests import factories
from tests.cooperation.test_roles import country, member_of

TARGET_PERMISSIONS = (
    "cooperation.view_target",
    "cooperation.add_target",
    "cooperation.change_target",
    "cooperation.view_pairing",
    "cooperation.view_indicator",
)
REVIEWER_PERMISSIONS = (*TARGET_PERMISSIONS, "cooperation.review_records")

CHANGELIST = reverse("admin:cooperation_target_changelist")
ADD = reverse("admin:cooperation_target_add")


def change_url(record) -> str:
    return reverse("admin:cooperation_target_change", args=[record.pk])


@pytest.fixture
def pairings(db):
    """Return two pairings of different districts: ours and theirs."""
    return factories.PairingFactory(), factories.PairingFactory()


@pytest.fixture
def official(pairings, official_of):
    return official_of(pairings[0].western_region, *TARGET_PERMISSIONS)


@pytest.fixture
def reviewer(pairings, official_of):
    return official_of(pairings[0].eastern_region, *REVIEWER_PERMISSIONS)


def target_form(pairing, indicator, **fields) -> dict:
    return {"pairing": pairing.pk, "indicator": indicator.pk, "year": 2021, "value": 500, **fields}


def act(client, action: str, *records, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in records], "index": 0, **extra}
    return client.post(CHANGELIST, data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_site_header_names_the_portal(login, superuser):
    response = login(superuser).get(reverse("admin:index"))

    assert "East–West Cooperation Portal" in response.content.decode()


def test_official_lists_only_the_records_of_their_pairing(login, official, pairings):
    ours = factories.TargetFactory(pairing=pairings[0])
    factories.TargetFactory(pairing=pairings[1])

    response = login(official).get(CHANGELIST)

    assert list(response.context["cl"].result_list) == [ours]


def test_official_cannot_open_another_pairings_record(login, official, pairings):
    theirs = factories.TargetFactory(pairing=pairings[1])
    client = login(official)

    assert client.get(change_url(theirs)).status_code in (302, 404)
    history = reverse("admin:cooperation_target_history", args=[theirs.pk])
    assert client.get(history).status_code in (403, 404)


def test_official_sees_only_their_pairings(login, official, pairings):
    response = login(official).get(reverse("admin:cooperation_pairing_changelist"))

    assert list(response.context["cl"].result_list) == [pairings[0]]


def test_add_form_offers_and_preselects_only_the_officials_pairing(login, official, pairings):
    response = login(official).get(ADD)

    form = response.context["adminform"].form
    assert list(form.fields["pairing"].queryset) == [pairings[0]]
    assert form.initial["pairing"] == pairings[0].pk


def test_official_cannot_save_a_record_into_another_pairing(login, official, pairings):
    indicator = factories.IndicatorFactory()

    response = login(official).post(ADD, target_form(pairings[1], indicator))

    assert response.status_code == 200
    assert "pairing" in response.context["adminform"].form.errors
    assert not Target.objects.exists()


def test_saving_through_the_admin_stamps_the_actor_and_writes_history(
    login, official, reviewer, pairings
):
    indicator = factories.IndicatorFactory()

    response = login(official).post(ADD, target_form(pairings[0], indicator))
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.created_by, target.updated_by) == (official, official)
    assert target.history.get().history_user == official

    login(reviewer).post(change_url(target), target_form(pairings[0], indicator, value=600))
    target.refresh_from_db()
    assert (target.created_by, target.updated_by, target.value) == (official, reviewer, 600)
    assert target.history.latest().history_user == reviewer


def test_status_and_review_comment_cannot_be_typed_by_an_official(login, official, pairings):
    target = factories.TargetFactory(pairing=pairings[0])
    data = target_form(
        pairings[0], target.indicator, status=RecordStatus.PUBLISHED, review_comment="fine"
    )

    response = login(official).post(change_url(target), data)

    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.review_comment) == (RecordStatus.DRAFT, "")


def test_reviewer_writes_the_review_comment_but_moves_status_only_by_actions(
    login, reviewer, pairings
):
    target = factories.TargetFactory(pairing=pairings[0])

    form = login(reviewer).get(change_url(target)).context["adminform"].form

    assert "review_comment" in form.fields
    assert "status" not in form.fields


def test_official_submits_and_reviewer_publishes(login, official, reviewer, pairings):
    target = factories.TargetFactory(pairing=pairings[0])

    act(login(official), "submit_for_review", target)
    target.refresh_from_db()
    assert target.status == RecordStatus.SUBMITTED

    response = act(login(reviewer), "publish", target)
    target.refresh_from_db()
    assert target.status == RecordStatus.PUBLISHED
    assert target.updated_by == reviewer
    assert messages_of(response) == ["1 record is now “Published”."]


@pytest.mark.parametrize("action", ["publish", "return_for_revision"])
def test_non_reviewer_can_neither_publish_nor_return(login, official, pairings, action):
    target = factories.TargetFactory(pairing=pairings[0], status=RecordStatus.SUBMITTED)

    client = login(official)
    offered = client.get(CHANGELIST).context["action_form"].fields["action"].choices

    act(client, action, target)

    target.refresh_from_db()
    assert target.status == RecordStatus.SUBMITTED
    assert action not in {name for name, _label in offered}
    assert "submit_for_review" in {name for name, _label in offered}


def test_a_reviewer_is_offered_publish_and_return(login, reviewer):
    offered = login(reviewer).get(CHANGELIST).context["action_form"].fields["action"].choices

    assert {"publish", "return_for_revision"} <= {name for name, _label in offered}


def test_an_action_changes_all_selected_records_or_none(login, reviewer, pairings):
    submitted = factories.TargetFactory(pairing=pairings[0], status=RecordStatus.SUBMITTED)
    draft = factories.TargetFactory(pairing=pairings[0], year=2022)

    response = act(login(reviewer), "publish", submitted, draft)

    submitted.refresh_from_db()
    assert submitted.status == RecordStatus.SUBMITTED
    assert submitted.history.count() == 1
    [message] = messages_of(response)
    draft.refresh_from_db()
    assert message.startswith(f"Nothing was changed: “{draft}”:")


def test_return_asks_for_a_comment_and_requires_one(login, reviewer, pairings):
    target = factories.TargetFactory(pairing=pairings[0], status=RecordStatus.SUBMITTED)
    client = login(reviewer)

    page = act(client, "return_for_revision", target)
    assert page.templates[0].name == "admin/return_records.html"

    confirm = {"action": "return_for_revision", "_selected_action": [target.pk]}
    empty = client.post(CHANGELIST, {**confirm, "comment": "  "})
    assert empty.context["form"].errors
    target.refresh_from_db()
    assert target.status == RecordStatus.SUBMITTED

    client.post(CHANGELIST, {**confirm, "comment": "Give the source of the figure."})
    target.refresh_from_db()
    assert target.status == RecordStatus.RETURNED
    assert target.review_comment == "Give the source of the figure."


def test_reverting_to_a_published_version_does_not_republish(official, pairings):
    """Regression: the history's revert saved the old status and so republished a record."""
    target = factories.TargetFactory(pairing=pairings[0], status=RecordStatus.PUBLISHED)
    Target.objects.filter(pk=target.pk).update(status=RecordStatus.RETURNED)
    published_version = target.history.get().instance
    published_version._state.adding = False  # as the history's revert page loads it
    request = RequestFactory().post("/")
    request.user = official

    admin.site.get_model_admin(Target).save_model(request, published_version, None, True)

    target.refresh_from_db()
    assert target.status == RecordStatus.RETURNED


def test_agreement_parties_are_edited_with_the_agreement(login, official_of, pairings):
    official = official_of(
        pairings[0].western_region, "cooperation.view_agreement", "cooperation.change_agreement"
    )
    agreement = factories.AgreementFactory(pairing=pairings[0])
    organization = factories.OrganizationFactory()
    data = {
        "pairing": pairings[0].pk,
        "kind": agreement.kind,
        "title": agreement.title,
        "parties-TOTAL_FORMS": 1,
        "parties-INITIAL_FORMS": 0,
        "parties-0-organization": organization.pk,
        "parties-0-side": "eastern",
    }

    url = reverse("admin:cooperation_agreement_change", args=[agreement.pk])
    response = login(official).post(url, data)

    assert response.status_code == 302
    assert list(Agreement.objects.get().parties.values_list("organization", flat=True)) == [
        organization.pk
    ]


def organization_url(view: str, organization) -> str:
    return reverse(f"admin:cooperation_organization_{view}", args=[organization.pk])


def organization_form(organization, **fields) -> dict:
    return {
        "name": organization.name,
        "name_en": organization.name_en,
        "kind": organization.kind,
        "region": organization.region_id,
        **fields,
    }


@pytest.fixture
def regions(db):
    return country()


@pytest.fixture
def wangcang_official(regions):
    return member_of(OFFICIALS_GROUP, regions.wangcang)


def test_an_official_may_not_change_another_regions_organization(login, wangcang_official, regions):
    """Bug: an official of 旺苍县 changed 浙江大学's English name, public at once."""
    zju = factories.OrganizationFactory(name="浙江大学", region=regions.binjiang)
    client = login(wangcang_official)

    page = client.get(organization_url("change", zju))
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields
    changed = client.post(organization_url("change", zju), organization_form(zju, name_en="ZJU"))
    assert changed.status_code == 403
    assert client.post(organization_url("delete", zju), {"post": "yes"}).status_code == 403
    [version] = zju.history.all()
    revert = reverse(
        "admin:cooperation_organization_simple_history", args=[zju.pk, version.history_id]
    )
    assert client.post(revert, organization_form(zju, name_en="ZJU")).status_code == 403
    selected = {"action": "delete_selected", "_selected_action": [zju.pk], "post": "yes"}
    bulk = client.post(reverse("admin:cooperation_organization_changelist"), selected)
    assert bulk.status_code == 403

    zju.refresh_from_db()
    assert zju.name_en == ""


def test_an_official_changes_and_deletes_their_regions_and_their_own_organizations(
    login, wangcang_official, regions
):
    ours = factories.OrganizationFactory(region=regions.wangcang_town)
    entered = factories.OrganizationFactory(region=regions.binjiang, created_by=wangcang_official)
    client = login(wangcang_official)

    for organization in (ours, entered):
        url = organization_url("change", organization)
        response = client.post(url, organization_form(organization, name_en="Changed"))
        assert response.status_code == 302
        organization.refresh_from_db()
        assert organization.name_en == "Changed"
    assert client.post(organization_url("delete", ours), {"post": "yes"}).status_code == 302
    assert not Organization.objects.filter(pk=ours.pk).exists()


def test_a_city_reviewer_changes_the_organizations_of_its_districts(login, regions):
    reviewer = member_of(REVIEWERS_GROUP, regions.guangyuan)
    chaotian = factories.OrganizationFactory(region=regions.chaotian)
    binjiang = factories.OrganizationFactory(region=regions.binjiang)
    client = login(reviewer)

    url = organization_url("change", chaotian)
    assert client.post(url, organization_form(chaotian, name_en="Chaotian")).status_code == 302
    url = organization_url("change", binjiang)
    assert client.post(url, organization_form(binjiang, name_en="Binjiang")).status_code == 403


def test_a_returned_record_shows_the_reviewers_comment_at_the_top(login, official, pairings):
    target = factories.TargetFactory(
        pairing=pairings[0], status=RecordStatus.RETURNED, review_comment="Give the source."
    )

    response = login(official).get(change_url(target))

    assert messages_of(response) == ["A reviewer returned this record: Give the source."]
