"""Writes shared by the admin, the API and imports: validate, stamp the actor, save."""

from __future__ import annotations

from typing import TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from cooperation.models import AuditedModel, PairingRecord, RecordStatus

Record = TypeVar("Record", bound=AuditedModel)

REVIEW_PERMISSION = "cooperation.review_records"

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
    """Validate ``record`` in full and save it, noting ``actor`` as its author or editor."""
    if record._state.adding:
        record.created_by = actor
    record.updated_by = actor
    record._history_user = actor
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def record_transition(
    *, record: PairingRecord, to_status: str, actor, comment: str = ""
) -> PairingRecord:
    """Move ``record`` along the review workflow, refusing moves the actor may not make."""
    needs_reviewer = TRANSITIONS.get((record.status, to_status))
    if needs_reviewer is None:
        raise ValidationError(
            _("A record cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": record.get_status_display(),
                "to": dict(RecordStatus.choices).get(to_status, to_status),
            }
        )
    if needs_reviewer and not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(_("Only a reviewer may publish or return records."))
    if to_status == RecordStatus.RETURNED and not comment.strip():
        raise ValidationError(_("Say why the record is returned."))
    record.status = to_status
    if comment:
        record.review_comment = comment
    return record_save(record=record, actor=actor)
