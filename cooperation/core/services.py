"""Writes shared by the admin, the API and imports: validate, stamp the actor, save."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cooperation.core.access import may_review
from cooperation.core.models import AuditedModel, PairingRecord, RecordStatus

Record = TypeVar("Record", bound=AuditedModel)

# Which status a record may move to from which, and whether that takes a reviewer.
TRANSITIONS: dict[tuple[str, str], bool] = {
    (RecordStatus.DRAFT, RecordStatus.SUBMITTED): False,
    (RecordStatus.RETURNED, RecordStatus.SUBMITTED): False,
    (RecordStatus.SUBMITTED, RecordStatus.PUBLISHED): True,
    (RecordStatus.SUBMITTED, RecordStatus.RETURNED): True,
    (RecordStatus.PUBLISHED, RecordStatus.RETURNED): True,
}


@transaction.atomic
def record_save(*, record: Record, actor: models.Model | None) -> Record:
    """Validate ``record`` in full and save it, noting ``actor`` as its author or editor.

    A published record changed by anyone but a reviewer goes back to review: the public
    sees a change only once a reviewer has published it.
    """
    if isinstance(record, PairingRecord) and returns_to_review(record, actor):
        record.status = RecordStatus.SUBMITTED
    if record._state.adding:
        record.created_by = actor
    record.updated_by = actor
    record._history_user = actor
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def records_create(*, records: list[Record], actor: models.Model | None) -> list[Record]:
    """Save new, already validated records in bulk, with their history rows, as ``actor``.

    An import writes thousands of rows in a few statements this way; the database's own
    constraints still refuse a bad one, and then none is saved.
    """
    if not records:
        return []
    for record in records:
        record.created_by = record.updated_by = actor
    return bulk_create_with_history(records, type(records[0]), default_user=actor)


def returns_to_review(record: PairingRecord, actor: models.Model | None) -> bool:
    """Tell whether saving ``record`` now would change a published record without review.

    The loader of the reference record saves with no actor and keeps what it publishes.
    """
    if actor is None or record._state.adding or may_review(actor):
        return False
    stored = type(record)._default_manager.filter(pk=record.pk).values_list("status", flat=True)
    return record.status == RecordStatus.PUBLISHED and stored.first() == RecordStatus.PUBLISHED


@transaction.atomic
def record_transition(
    *, record: PairingRecord, to_status: str, actor: models.Model, comment: str = ""
) -> PairingRecord:
    """Move ``record`` along the review workflow, refusing moves the actor may not make.

    ``comment`` is the reviewer's word to the official: kept on a reviewer's move only.
    """
    needs_reviewer = TRANSITIONS.get((record.status, to_status))
    if needs_reviewer is None:
        raise ValidationError(
            _("A record cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": record.get_status_display(),
                "to": dict(RecordStatus.choices).get(to_status, to_status),
            }
        )
    if needs_reviewer and not may_review(actor):
        raise PermissionDenied(_("Only a reviewer may publish or return records."))
    if to_status == RecordStatus.RETURNED and not comment.strip():
        raise ValidationError(_("Say why the record is returned."))
    record.status = to_status
    if comment and needs_reviewer:
        record.review_comment = comment
    return record_save(record=record, actor=actor)
