"""Writes go through record_save and record_transition: validated, stamped, recorded, whole."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cooperation.core.models import RecordStatus, Region, RegionLevel
from cooperation.core.services import record_save, record_transition
from programs.models import Event
from tests import factories

REVIEW = "cooperation.review_records"

# The review workflow as the domain states it: which moves exist, and which need a reviewer.
ALLOWED_MOVES = {
    (RecordStatus.DRAFT, RecordStatus.SUBMITTED): False,
    (RecordStatus.RETURNED, RecordStatus.SUBMITTED): False,
    (RecordStatus.SUBMITTED, RecordStatus.PUBLISHED): True,
    (RecordStatus.SUBMITTED, RecordStatus.RETURNED): True,
    (RecordStatus.PUBLISHED, RecordStatus.RETURNED): True,
}
REFUSED_MOVES = sorted(set(itertools.product(RecordStatus, repeat=2)) - ALLOWED_MOVES.keys())


@pytest.fixture(autouse=True)
def in_english():
    """Match messages by their English source; the default language is Chinese."""
    with translation.override("en"):
        yield


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, "programs.change_event")


@pytest.fixture
def reviewer(pairing, official_of):
    return official_of(pairing.western_region.parent or pairing.western_region, REVIEW)


@pytest.mark.django_db
def test_record_save_stamps_the_creator_and_records_history(pairing, official):
    event = record_save(record=factories.EventFactory.build(pairing=pairing), actor=official)

    event.refresh_from_db()
    assert (event.created_by, event.updated_by) == (official, official)
    [created] = event.history.all()
    assert (created.history_type, created.history_user) == ("+", official)


@pytest.mark.django_db
def test_record_save_stamps_the_editor_and_keeps_the_creator(pairing, official, reviewer):
    event = record_save(record=factories.EventFactory.build(pairing=pairing), actor=official)
    event.participants = 120

    record_save(record=event, actor=reviewer)

    event.refresh_from_db()
    assert (event.created_by, event.updated_by, event.participants) == (official, reviewer, 120)
    latest = event.history.latest()
    assert (latest.history_type, latest.history_user, latest.participants) == ("~", reviewer, 120)
    assert event.history.count() == 2


@pytest.mark.django_db
def test_record_save_works_for_records_outside_a_pairing(superuser):
    region = record_save(record=Region(name="长河街道", level=RegionLevel.TOWN), actor=superuser)
    assert region.history.get().history_user == superuser


@pytest.mark.django_db
def test_record_save_refuses_bad_data_and_saves_nothing(pairing, official):
    bad = factories.EventFactory.build(pairing=pairing, participants=-5)

    with pytest.raises(ValidationError, match="cannot be negative"):
        record_save(record=bad, actor=official)

    assert not Event.objects.exists()
    assert not Event.history.exists()


@pytest.mark.django_db
def test_record_save_refuses_a_bad_edit_and_keeps_the_saved_row(pairing, official):
    event = record_save(record=factories.EventFactory.build(pairing=pairing), actor=official)
    event.end_date = event.start_date.replace(year=event.start_date.year - 1)

    with pytest.raises(ValidationError, match="end date cannot be before"):
        record_save(record=event, actor=official)

    event.refresh_from_db()
    assert event.end_date is None
    assert event.history.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), ALLOWED_MOVES)
def test_record_transition_makes_each_allowed_move(
    pairing, official, reviewer, from_status, to_status
):
    actor = reviewer if ALLOWED_MOVES[from_status, to_status] else official
    event = factories.EventFactory(pairing=pairing, status=from_status)

    record_transition(record=event, to_status=to_status, actor=actor, comment="Check the date.")

    event.refresh_from_db()
    assert (event.status, event.updated_by) == (to_status, actor)
    assert event.history.latest().history_user == actor


@pytest.mark.django_db
@pytest.mark.parametrize(("from_status", "to_status"), REFUSED_MOVES)
def test_record_transition_refuses_every_other_move(pairing, superuser, from_status, to_status):
    event = factories.EventFactory(pairing=pairing, status=from_status)

    with pytest.raises(ValidationError, match="A record cannot go from"):
        record_transition(record=event, to_status=to_status, actor=superuser, comment="No.")

    event.refresh_from_db()
    assert event.status == from_status


@pytest.mark.django_db
def test_record_transition_refuses_an_unknown_status(pairing, superuser):
    """Regression: an unknown target status raised ValueError instead of ValidationError."""
    event = factories.EventFactory(pairing=pairing)

    with pytest.raises(ValidationError, match="A record cannot go from"):
        record_transition(record=event, to_status="archived", actor=superuser)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("from_status", "to_status"),
    [move for move, needs_reviewer in ALLOWED_MOVES.items() if needs_reviewer],
)
def test_only_a_reviewer_publishes_or_returns(pairing, official, from_status, to_status):
    event = factories.EventFactory(pairing=pairing, status=from_status)

    with pytest.raises(PermissionDenied):
        record_transition(record=event, to_status=to_status, actor=official, comment="No.")

    event.refresh_from_db()
    assert event.status == from_status


@pytest.mark.django_db
@pytest.mark.parametrize("comment", ["", "   "])
def test_returning_needs_a_comment(pairing, reviewer, comment):
    event = factories.EventFactory(pairing=pairing, status=RecordStatus.SUBMITTED)

    with pytest.raises(ValidationError, match="Say why the record is returned"):
        record_transition(
            record=event, to_status=RecordStatus.RETURNED, actor=reviewer, comment=comment
        )

    event.refresh_from_db()
    assert (event.status, event.review_comment) == (RecordStatus.SUBMITTED, "")


@pytest.mark.django_db
def test_returning_keeps_the_comment_for_the_official(pairing, reviewer):
    event = factories.EventFactory(pairing=pairing, status=RecordStatus.SUBMITTED)

    record_transition(
        record=event, to_status=RecordStatus.RETURNED, actor=reviewer, comment="Wrong date."
    )

    event.refresh_from_db()
    assert (event.status, event.review_comment) == (RecordStatus.RETURNED, "Wrong date.")


@pytest.mark.django_db
def test_a_transition_of_an_invalid_record_saves_nothing(pairing, official):
    """A record that fails full_clean() keeps its status and comment in the database."""
    event = factories.EventFactory(pairing=pairing)
    Event.objects.filter(pk=event.pk).update(kind="not-a-kind")
    event.refresh_from_db()
    history_rows = event.history.count()

    with pytest.raises(ValidationError, match="not a valid choice"):
        record_transition(
            record=event, to_status=RecordStatus.SUBMITTED, actor=official, comment="Ready."
        )

    event.refresh_from_db()
    assert (event.status, event.review_comment) == (RecordStatus.DRAFT, "")
    assert event.history.count() == history_rows


@pytest.mark.django_db
def test_an_official_does_not_overwrite_the_reviewers_comment(pairing, official):
    """Regression: submitting with a comment replaced what the reviewer had written."""
    event = factories.EventFactory(
        pairing=pairing, status=RecordStatus.RETURNED, review_comment="Wrong date."
    )

    record_transition(record=event, to_status=RecordStatus.SUBMITTED, actor=official, comment="Ok")

    event.refresh_from_db()
    assert (event.status, event.review_comment) == (RecordStatus.SUBMITTED, "Wrong date.")


@pytest.mark.django_db
@pytest.mark.parametrize("to_status", [RecordStatus.PUBLISHED, RecordStatus.RETURNED])
def test_the_author_is_mailed_when_a_reviewer_publishes_or_returns(
    pairing, official, reviewer, mailoutbox, django_capture_on_commit_callbacks, to_status
):
    official.email = "wang@example.gov.cn"
    official.save()
    event = record_save(record=factories.EventFactory.build(pairing=pairing), actor=official)
    record_transition(record=event, to_status=RecordStatus.SUBMITTED, actor=official)

    with django_capture_on_commit_callbacks(execute=True):
        record_transition(
            record=event, to_status=to_status, actor=reviewer, comment="Give the source."
        )

    [mail] = mailoutbox
    assert mail.to == ["wang@example.gov.cn"]
    assert str(event) in mail.subject
    if to_status == RecordStatus.RETURNED:
        assert "Give the source." in mail.body
