"""A change of a published record waits beside it as a revision until another reviewer acts.

The public keeps seeing the published values (the row itself), from the admin's, the API's
and an import's edits alike; publishing needs a second pair of eyes and a reason is kept.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cooperation.core.models import (
    AgreementParty,
    Outcome,
    RecordStatus,
    Revision,
    RevisionKind,
    RevisionStatus,
)
from cooperation.core.resources import OutcomeResource
from cooperation.core.selectors import open_revision, revision_changes
from cooperation.core.services import StaleRecord, record_delete, record_save, record_transition
from tests import factories
from tests.sheets import row_errors, run_import

REVIEW = "cooperation.review_records"
OUTCOME_PERMISSIONS = (
    "cooperation.view_outcome",
    "cooperation.add_outcome",
    "cooperation.change_outcome",
    "cooperation.delete_outcome",
)


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *OUTCOME_PERMISSIONS)


@pytest.fixture
def reviewer(pairing, official_of):
    return official_of(pairing.eastern_region, *OUTCOME_PERMISSIONS, REVIEW)


@pytest.fixture
def second_reviewer(pairing, official_of):
    return official_of(pairing.western_region, *OUTCOME_PERMISSIONS, REVIEW)


@pytest.fixture
def published(pairing):
    return factories.OutcomeFactory(pairing=pairing, status=RecordStatus.PUBLISHED, value=600)


def stored_value(outcome) -> Decimal:
    return Outcome.objects.get(pk=outcome.pk).value


# Services


@pytest.mark.django_db
def test_a_change_of_a_published_record_waits_as_a_revision(published, official, reviewer):
    """Regression: an official's correction took the published figure off the public site."""
    published.value = 650
    record_save(record=published, actor=official, reason="The report says 650.")

    published.refresh_from_db()
    assert (published.value, published.status) == (600, RecordStatus.PUBLISHED)
    assert Outcome.objects.published().filter(pk=published.pk).exists()
    revision = open_revision(published)
    assert (revision.kind, revision.status, revision.created_by) == (
        RevisionKind.CHANGE,
        RevisionStatus.PENDING,
        official,
    )
    assert [(c.label, c.published, c.revised) for c in revision_changes(revision)] == [
        ("Value", "600.00", "650.00")
    ]

    record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)

    published.refresh_from_db()
    assert (published.value, published.status) == (650, RecordStatus.PUBLISHED)
    revision.refresh_from_db()
    assert (revision.status, revision.reviewed_by) == (RevisionStatus.PUBLISHED, reviewer)
    latest = published.history.latest()
    assert latest.history_user == official
    assert latest.history_change_reason.startswith("The report says 650.")


@pytest.mark.django_db
def test_a_reviewers_own_change_waits_too(published, reviewer):
    """Regression: a reviewer's edit of a published figure (700 → 750) went live at once."""
    published.value = 750
    record_save(record=published, actor=reviewer, reason="Typo.")

    assert stored_value(published) == 600
    assert open_revision(published).created_by == reviewer


@pytest.mark.django_db
@pytest.mark.parametrize("reason", ["", "  "])
def test_a_change_of_a_published_record_needs_a_reason(published, official, reason):
    published.value = 650

    with pytest.raises(ValidationError) as refused:
        record_save(record=published, actor=official, reason=reason)

    assert "change_reason" in refused.value.message_dict
    assert open_revision(published) is None


@pytest.mark.django_db
def test_later_edits_fold_into_the_pending_revision(published, official, second_reviewer):
    published.value = 650
    record_save(record=published, actor=official, reason="Corrected.")
    published.note = "per the county report"
    record_save(record=published, actor=second_reviewer)

    [revision] = Revision.objects.all()
    assert (revision.created_by, revision.updated_by, revision.reason) == (
        official,
        second_reviewer,
        "Corrected.",
    )
    assert {change.label for change in revision_changes(revision)} == {"Value", "Note"}


@pytest.mark.django_db
def test_an_invalid_change_makes_no_revision(published, official):
    published.value = -1

    with pytest.raises(ValidationError):
        record_save(record=published, actor=official, reason="Corrected.")

    assert not Revision.objects.exists()


@pytest.mark.django_db
def test_nobody_publishes_a_revision_they_made(published, reviewer, second_reviewer):
    published.value = 650
    record_save(record=published, actor=reviewer, reason="Corrected.")

    with pytest.raises(PermissionDenied, match="another reviewer must publish it"):
        record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)
    assert stored_value(published) == 600

    record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=second_reviewer)
    assert stored_value(published) == 650


@pytest.mark.django_db
def test_nobody_publishes_a_record_they_entered_or_submitted(pairing, reviewer, second_reviewer):
    """Regression: a reviewer created, submitted and published their own event."""
    outcome = record_save(
        record=factories.OutcomeFactory.build(
            pairing=pairing, indicator=factories.IndicatorFactory()
        ),
        actor=second_reviewer,
    )
    record_transition(record=outcome, to_status=RecordStatus.SUBMITTED, actor=reviewer)

    for author in (reviewer, second_reviewer):
        with pytest.raises(PermissionDenied, match="nobody publishes their own work"):
            record_transition(record=outcome, to_status=RecordStatus.PUBLISHED, actor=author)
    outcome.refresh_from_db()
    assert outcome.status == RecordStatus.SUBMITTED


@pytest.mark.django_db
def test_a_returned_revision_is_fixed_and_submitted_again(published, official, reviewer):
    published.value = 6500
    record_save(record=published, actor=official, reason="Corrected.")

    with pytest.raises(ValidationError, match="Say why"):
        record_transition(record=published, to_status=RecordStatus.RETURNED, actor=reviewer)
    record_transition(
        record=published, to_status=RecordStatus.RETURNED, actor=reviewer, comment="6500?"
    )
    revision = open_revision(published)
    assert (revision.status, revision.review_comment) == (RevisionStatus.RETURNED, "6500?")
    with pytest.raises(ValidationError):
        record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)

    published.value = 650
    record_save(record=published, actor=official)
    assert open_revision(published).status == RevisionStatus.PENDING
    record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)
    assert stored_value(published) == 650


@pytest.mark.django_db
def test_a_withdrawal_keeps_the_record_public_until_accepted(published, official, reviewer):
    """Regression: an official deleted a published event and it vanished at once."""
    revision = record_delete(record=published, actor=official)

    assert revision.kind == RevisionKind.WITHDRAWAL
    assert Outcome.objects.published().filter(pk=published.pk).exists()

    record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)

    assert not Outcome.objects.filter(pk=published.pk).exists()
    revision.refresh_from_db()
    assert revision.status == RevisionStatus.PUBLISHED


@pytest.mark.django_db
def test_a_returned_withdrawal_keeps_the_record(published, official, reviewer):
    record_delete(record=published, actor=official)

    record_transition(
        record=published, to_status=RecordStatus.RETURNED, actor=reviewer, comment="Still true."
    )

    assert Outcome.objects.published().filter(pk=published.pk).exists()


@pytest.mark.django_db
def test_a_withdrawal_is_not_accepted_by_who_asked_for_it(published, reviewer):
    record_delete(record=published, actor=reviewer)

    with pytest.raises(PermissionDenied):
        record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)
    assert Outcome.objects.filter(pk=published.pk).exists()


@pytest.mark.django_db
def test_a_draft_is_deleted_at_once(pairing, official):
    draft = factories.OutcomeFactory(pairing=pairing)

    assert record_delete(record=draft, actor=official) is None
    assert not Outcome.objects.filter(pk=draft.pk).exists()


# Admin


def outcome_form(outcome, **fields) -> dict:
    return {
        "pairing": outcome.pairing_id,
        "indicator": outcome.indicator_id,
        "year": outcome.year,
        "value": outcome.value,
        "qualifier": outcome.qualifier,
        **fields,
    }


def admin_change_url(record) -> str:
    return reverse("admin:cooperation_outcome_change", args=[record.pk])


def admin_act(client, action: str, *records, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in records], "index": 0, **extra}
    return client.post(reverse("admin:cooperation_outcome_changelist"), data, follow=True)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_an_admin_edit_of_a_published_record_waits_for_another_reviewer(
    login, published, official, reviewer, second_reviewer, client
):
    response = login(official).post(
        admin_change_url(published),
        outcome_form(published, value=650, change_reason="The county report says 650."),
        follow=True,
    )

    assert stored_value(published) == 600
    assert any("kept as a pending revision" in message for message in messages_of(response))
    page = client.get(admin_change_url(published))
    assert page.context["adminform"].form.initial["value"] == Decimal("650.00")
    assert "The county report says 650." in page.content.decode()

    client.force_login(reviewer)
    page = client.get(admin_change_url(published))
    html = page.content.decode()
    assert "600.00" in html and "650.00" in html
    admin_act(client, "publish", published)
    assert stored_value(published) == 650
    assert published.history.latest().history_change_reason.startswith(
        "The county report says 650."
    )


def test_an_admin_edit_of_a_published_record_asks_for_a_reason(login, published, official):
    response = login(official).post(admin_change_url(published), outcome_form(published, value=650))

    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    assert not Revision.objects.exists()


def test_the_admin_refuses_publishing_ones_own_change_and_says_why(
    login, published, reviewer, client
):
    login(reviewer).post(
        admin_change_url(published), outcome_form(published, value=650, change_reason="Typo.")
    )

    response = admin_act(client, "publish", published)

    assert stored_value(published) == 600
    assert any("another reviewer must publish it" in message for message in messages_of(response))


def test_an_admin_delete_of_a_published_record_asks_for_withdrawal(
    login, published, official, reviewer, client
):
    url = reverse("admin:cooperation_outcome_delete", args=[published.pk])
    response = login(official).post(url, {"post": "yes"}, follow=True)

    assert Outcome.objects.published().filter(pk=published.pk).exists()
    assert any("until a reviewer accepts" in message for message in messages_of(response))
    listed = client.get(reverse("admin:cooperation_outcome_changelist"), {"revision": "withdrawal"})
    assert list(listed.context["cl"].result_list) == [published]

    client.force_login(reviewer)
    admin_act(client, "publish", published)
    assert not Outcome.objects.filter(pk=published.pk).exists()


# Import


def import_change(user, outcome, value, reason=""):
    return run_import(
        OutcomeResource(user=user, change_reason=reason),
        ["ID", "Pairing", "Indicator", "Year", "Value", "Qualifier"],
        [outcome.pk, str(outcome.pairing), outcome.indicator.code, 2021, value, "more than"],
    )


def test_an_imported_change_of_a_published_record_waits_for_a_reviewer(
    published, official, reviewer
):
    result = import_change(official, published, 650, reason="The county's sheet says 650.")

    assert not result.has_errors() and not result.has_validation_errors(), row_errors(result)
    assert stored_value(published) == 600
    assert open_revision(published).reason == "The county's sheet says 650."
    record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)
    assert stored_value(published) == 650


def test_an_imported_change_of_a_published_record_needs_the_files_reason(published, official):
    result = import_change(official, published, 650)

    assert row_errors(result) == [
        {"change_reason": ["Say why the published record changes; reviewers read it."]}
    ]
    assert not Revision.objects.exists()


def test_the_admin_import_asks_once_for_the_files_reason(login, published, official, client):
    sheet = OutcomeResource(user=official).export()
    sheet.dict = [{**row, "Value": 650} for row in sheet.dict]
    upload = SimpleUploadedFile("outcomes.csv", sheet.export("csv").encode())
    url = reverse("admin:cooperation_outcome_import")
    with translation.override("en"):
        preview = login(official).post(
            url,
            {"import_file": upload, "format": "1", "change_reason": "Recounted.", "resource": ""},
        )
    confirm = preview.context["confirm_form"]
    assert confirm.initial["change_reason"] == "Recounted."

    client.post(reverse("admin:cooperation_outcome_process_import"), confirm.initial)

    assert stored_value(published) == 600
    assert open_revision(published).reason == "Recounted."


def preview_of_changed_values(client, official, reason=""):
    sheet = OutcomeResource(user=official).export()
    sheet.dict = [{**row, "Value": 650} for row in sheet.dict]
    upload = SimpleUploadedFile("outcomes.csv", sheet.export("csv").encode())
    return client.post(
        reverse("admin:cooperation_outcome_import"),
        {"import_file": upload, "format": "1", "change_reason": reason, "resource": ""},
    )


def test_the_preview_says_published_records_change_and_confirming_asks_the_reason(
    login, published, official, client
):
    """Regression: a change of a published record showed as a plain "update" in the preview."""
    factories.OutcomeFactory(pairing=published.pairing, value=10)  # a draft changes too

    preview = preview_of_changed_values(login(official), official)

    assert preview.context["result"].published_changes == 1
    page = " ".join(preview.content.decode().split())
    assert (
        "This file changes 1 published record. The public keeps seeing it as published until "
        "a reviewer publishes the change: it is kept as a pending revision"
    ) in page
    confirm = preview.context["confirm_form"]
    assert confirm.fields["change_reason"].required
    assert 'name="change_reason"' in page and "<textarea" in page
    process = reverse("admin:cooperation_outcome_process_import")

    refused = client.post(process, {**confirm.initial, "change_reason": " "})

    assert refused.context["confirm_form"].errors["change_reason"] == [
        "Say why the published record changes; reviewers read it."
    ]
    assert not Revision.objects.exists()
    assert sorted(Outcome.objects.values_list("value", flat=True)) == [10, 600]

    client.post(process, {**confirm.initial, "change_reason": "Recounted."})

    assert stored_value(published) == 600
    assert open_revision(published).reason == "Recounted."
    assert sorted(Outcome.objects.values_list("value", flat=True)) == [600, 650]


def test_a_preview_changing_no_published_record_asks_no_reason(login, pairing, official):
    factories.OutcomeFactory(pairing=pairing, value=10)

    preview = preview_of_changed_values(login(official), official)

    assert preview.context["result"].published_changes == 0
    assert not preview.context["confirm_form"].fields["change_reason"].required
    assert 'id="published-changes"' not in preview.content.decode()


# History


def history_page(client, record, language: str) -> str:
    url = reverse("admin:cooperation_outcome_history", args=[record.pk])
    return " ".join(client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode().split())


def test_the_history_shows_who_changed_what_and_why_in_the_readers_language(
    login, published, official, reviewer, client
):
    """Regression: the reason column read None and statuses showed as `submitted → published`."""
    published.value = 650
    record_save(record=published, actor=official, reason="The county report says 650.")
    record_transition(record=published, to_status=RecordStatus.PUBLISHED, actor=reviewer)
    record_transition(
        record=published, to_status=RecordStatus.RETURNED, actor=reviewer, comment="Source?"
    )
    login(reviewer)

    english = history_page(client, published, "en")
    assert "The county report says 650." in english
    assert "600.00" in english and "650.00" in english
    assert "Published &nbsp;&rarr;&nbsp;&nbsp;Returned" in english and "Source?" in english
    chinese = history_page(client, published, "zh-hans")
    assert "已发布 &nbsp;&rarr;&nbsp;&nbsp;已退回" in chinese


def test_a_published_agreements_parties_change_in_its_revision(login, pairing, official_of, client):
    permissions = ("cooperation.view_agreement", "cooperation.change_agreement")
    official = official_of(pairing.western_region, *permissions)
    reviewer = official_of(pairing.eastern_region, *permissions, REVIEW)
    agreement = factories.AgreementFactory(pairing=pairing, status=RecordStatus.PUBLISHED)
    first, second = factories.OrganizationFactory(), factories.OrganizationFactory()
    party = AgreementParty.objects.create(agreement=agreement, organization=first, side="eastern")
    url = reverse("admin:cooperation_agreement_change", args=[agreement.pk])
    form = {"pairing": pairing.pk, "kind": agreement.kind, "title": agreement.title}

    saved = login(official).post(
        url,
        {
            **form,
            "change_reason": "The school signed too.",
            "parties-TOTAL_FORMS": 2,
            "parties-INITIAL_FORMS": 1,
            "parties-0-id": party.pk,
            "parties-0-agreement": agreement.pk,
            "parties-0-organization": first.pk,
            "parties-0-side": "eastern",
            "parties-1-organization": second.pk,
            "parties-1-side": "western",
        },
    )
    assert saved.status_code == 302
    assert list(agreement.parties.values_list("organization", flat=True)) == [first.pk]

    page = client.get(url)
    [formset] = page.context["inline_admin_formsets"]
    shown = [row.initial for row in formset.formset.forms if row.initial]
    assert [(row["organization"], row["side"]) for row in shown] == [
        (first.pk, "eastern"),
        (second.pk, "western"),
    ]
    # Saved again as the page shows it: its rows are new rows, not duplicates of the stored.
    again = client.post(
        url,
        {
            **form,
            "title": "Revised title",
            "parties-TOTAL_FORMS": 2,
            "parties-INITIAL_FORMS": 0,
            "parties-0-organization": first.pk,
            "parties-0-side": "eastern",
            "parties-1-organization": second.pk,
            "parties-1-side": "western",
        },
    )
    assert again.status_code == 302, again.context["errors"]

    client.force_login(reviewer)
    changelist = reverse("admin:cooperation_agreement_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [agreement.pk], "index": 0})
    agreement.refresh_from_db()
    assert agreement.title == "Revised title"
    assert sorted(agreement.parties.values_list("organization", "side")) == sorted(
        [(first.pk, "eastern"), (second.pk, "western")]
    )


def test_the_revisions_page_lists_the_pairings_revisions_field_by_field(
    login, published, official, official_of, client
):
    published.value = 650
    record_save(record=published, actor=official, reason="Recounted.")
    [revision] = Revision.objects.all()
    stranger = official_of(factories.PairingFactory().western_region, "cooperation.view_revision")

    login(official_of(published.pairing.eastern_region, "cooperation.view_revision"))
    listed = client.get(reverse("admin:cooperation_revision_changelist"))
    assert list(listed.context["cl"].result_list) == [revision]
    page = client.get(reverse("admin:cooperation_revision_change", args=[revision.pk]))
    html = " ".join(page.content.decode().split())
    assert "<td>600.00</td><td>650.00</td>" in html and "Recounted." in html

    client.force_login(stranger)
    listed = client.get(reverse("admin:cooperation_revision_changelist"))
    assert list(listed.context["cl"].result_list) == []


@pytest.mark.django_db
def test_a_revision_counts_in_the_version_so_a_stale_save_is_refused(
    published, official, second_reviewer
):
    """Regression: a save read before someone's pending revision folded over it unseen."""
    stale = Outcome.objects.get(pk=published.pk)
    published.value = 650
    record_save(record=published, actor=official, reason="The report says 650.")

    stored = Outcome.objects.get(pk=published.pk)
    assert (stored.version, stored.value) == (2, 600)
    stale.value = 700
    with pytest.raises(StaleRecord):
        record_save(record=stale, actor=second_reviewer, reason="Recounted.")
    assert open_revision(published).values["value"] == "650.00"


@pytest.mark.django_db
@pytest.mark.parametrize("to_status", [RecordStatus.PUBLISHED, RecordStatus.RETURNED])
def test_the_revisions_author_is_mailed_when_a_reviewer_acts(
    published, official, reviewer, mailoutbox, django_capture_on_commit_callbacks, to_status
):
    official.email = "wang@example.gov.cn"
    official.save()
    published.value = 650
    record_save(record=published, actor=official, reason="The report says 650.")

    with django_capture_on_commit_callbacks(execute=True):
        record_transition(
            record=published, to_status=to_status, actor=reviewer, comment="Give the source."
        )

    [mail] = mailoutbox
    assert mail.to == ["wang@example.gov.cn"]
    if to_status == RecordStatus.RETURNED:
        assert "Give the source." in mail.body
