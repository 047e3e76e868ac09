"""Writes shared by the admin, the API and imports: validate, stamp the actor, save."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cooperation.core.access import may_review
from cooperation.core.models import (
    AuditedModel,
    PairingRecord,
    RecordStatus,
    Revision,
    RevisionKind,
    RevisionStatus,
)
from cooperation.core.selectors import (
    apply_revision,
    companion_relations,
    open_revision,
    revision_fields,
)

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
def record_save(*, record: Record, actor: models.Model | None, reason: str = "") -> Record:
    """Validate ``record`` in full and save it, noting ``actor`` as its author or editor.

    A published record changed by anyone, a reviewer included, is not saved: the change is
    kept as its pending revision (``record._revision``), and the public sees the published
    values until another reviewer publishes it.
    """
    if keeps_as_revision(record, actor):
        revision_save(record=record, actor=actor, reason=reason)
        return record
    return write_record(record=record, actor=actor, reason=reason)


def write_record(*, record: Record, actor: models.Model | None, reason: str = "") -> Record:
    """Validate and save ``record`` itself, whatever its status, with ``reason`` in its history."""
    if reason:
        record._change_reason = reason
    if record._state.adding:
        record.created_by = actor
    record.updated_by = actor
    record._history_user = actor
    record.full_clean()
    record.save()
    return record


def keeps_as_revision(record: models.Model, actor: models.Model | None) -> bool:
    """Tell whether a save of ``record`` changes a published record, so needs a revision.

    The loader of the reference record saves with no actor and keeps what it publishes.
    """
    if actor is None or record._state.adding or not isinstance(record, PairingRecord):
        return False
    stored = type(record)._default_manager.filter(pk=record.pk).values_list("status", flat=True)
    return stored.first() == RecordStatus.PUBLISHED


@transaction.atomic
def record_transition(
    *, record: PairingRecord, to_status: str, actor: models.Model, comment: str = ""
) -> PairingRecord:
    """Move ``record`` along the review workflow, refusing moves the actor may not make.

    ``comment`` is the reviewer's word to the official: kept on a reviewer's move only.
    """
    if record.status == RecordStatus.PUBLISHED:
        revision = open_revision(record, for_update=True)
        if revision is not None:
            return revision_transition(
                record=record, revision=revision, to_status=to_status, actor=actor, comment=comment
            )
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
    if to_status == RecordStatus.PUBLISHED:
        refuse_own_work(actor, record.created_by_id, record.updated_by_id)
    record.status = to_status
    if comment and needs_reviewer:
        record.review_comment = comment
    return write_record(record=record, actor=actor, reason=comment if needs_reviewer else "")


def refuse_own_work(actor: models.Model, *author_ids: int | None) -> None:
    """Refuse a reviewer's publishing what they entered or last changed: four eyes."""
    if actor.pk in author_ids:
        raise PermissionDenied(
            _(
                "You entered or last changed this, so another reviewer must publish it: "
                "nobody publishes their own work."
            )
        )


def record_values(record: models.Model) -> dict[str, Any]:
    """Return the record's own editable values by attribute name, as a revision keeps them.

    An uploaded file is stored now, so that the revision can name it.
    """
    values = {}
    for field in revision_fields(type(record)):
        value = field.value_from_object(record)
        if isinstance(field, models.FileField):
            if value and not value._committed:
                value.save(value.name, value.file, save=False)
            value = value.name if value else ""
        elif isinstance(field, models.DecimalField) and value is not None:
            # Kept as the database keeps it, so that a comparison finds no false change.
            value = field.to_python(value).quantize(Decimal(1).scaleb(-field.decimal_places))
        values[field.attname] = value
    return values


def reason_needed(revision: Revision | None, reason: str) -> None:
    """Refuse a change of a published record that says no reason, and none was given before."""
    if not reason.strip() and not (revision is not None and revision.reason.strip()):
        raise ValidationError(
            {"change_reason": _("Say why the published record changes; reviewers read it.")}
        )


@transaction.atomic
def revision_save(*, record: PairingRecord, actor: models.Model, reason: str = "") -> Revision:
    """Keep the changed values of a published record as its pending revision.

    The record's row keeps its published values; a later edit folds into the same revision,
    which then waits for review again.
    """
    record.full_clean()
    revision = open_revision(record, for_update=True)
    reason_needed(revision, reason)
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=record.pk,
            created_by=actor,
        )
    revision.pairing_id = record.pairing_id
    revision.record_name = str(record)[:300]
    revision.kind = RevisionKind.CHANGE
    revision.status = RevisionStatus.PENDING
    revision.values = {**revision.values, **record_values(record)}
    revision.updated_by = actor
    if reason.strip():
        revision.reason = reason.strip()
    revision.save()
    record._revision = revision
    return revision


def revision_save_related(
    *,
    revision: Revision,
    choices: dict[str, list[int]] | None = None,
    companions: dict[str, list[dict[str, Any]]] | None = None,
) -> Revision:
    """Fold many-to-many choices (ids) and rows entered with the record into the revision.

    ``companions`` maps a relation's accessor (``speaker_links``) to its rows' values by
    attribute name (``person_id``).
    """
    values = dict(revision.values)
    for name, ids in (choices or {}).items():
        values[name] = sorted(ids)
    for name, rows in (companions or {}).items():
        values[name] = rows
    revision.values = values
    revision.save(update_fields=["values", "updated_at"])
    return revision


def companion_row_values(model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """Turn a row's validated values (related records as objects) into attribute values."""
    values = {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            values[field.attname] = None if value is None else value.pk
        else:
            values[field.attname] = value
    return values


@transaction.atomic
def record_delete(
    *, record: PairingRecord, actor: models.Model | None, reason: str = ""
) -> Revision | None:
    """Delete ``record``, or ask for its withdrawal when it is published.

    A published record stays public until a reviewer accepts the withdrawal.
    """
    if not keeps_as_revision(record, actor):
        record._history_user = actor
        record.delete()
        return None
    revision = open_revision(record, for_update=True)
    if revision is None:
        revision = Revision(
            content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
            object_id=record.pk,
            created_by=actor,
            pairing_id=record.pairing_id,
        )
    revision.record_name = str(record)[:300]
    revision.kind = RevisionKind.WITHDRAWAL
    revision.status = RevisionStatus.PENDING
    revision.updated_by = actor
    if reason.strip():
        revision.reason = reason.strip()
    revision.save()
    return revision


def revision_transition(
    *,
    record: PairingRecord,
    revision: Revision,
    to_status: str,
    actor: models.Model,
    comment: str = "",
) -> PairingRecord:
    """Publish, return or resubmit the open revision of a published record.

    Publishing a withdrawal deletes the record; returning one keeps it as it is.
    """
    moves = {
        (RevisionStatus.PENDING, RecordStatus.PUBLISHED),
        (RevisionStatus.PENDING, RecordStatus.RETURNED),
        (RevisionStatus.RETURNED, RecordStatus.SUBMITTED),
    }
    if (revision.status, to_status) not in moves:
        raise ValidationError(
            _("The pending %(kind)s of this record is “%(status)s”: it cannot go to “%(to)s”.")
            % {
                "kind": revision.get_kind_display().lower(),
                "status": revision.get_status_display(),
                "to": dict(RecordStatus.choices).get(to_status, to_status),
            }
        )
    if to_status == RecordStatus.SUBMITTED:
        revision.status = RevisionStatus.PENDING
        revision.updated_by = actor
        revision.save()
        return record
    if not may_review(actor):
        raise PermissionDenied(_("Only a reviewer may publish or return records."))
    if to_status == RecordStatus.RETURNED:
        if not comment.strip():
            raise ValidationError(_("Say why the record is returned."))
        revision.status = RevisionStatus.RETURNED
        revision.review_comment = comment
    else:
        refuse_own_work(actor, revision.created_by_id, revision.updated_by_id)
        publish_revision(record=record, revision=revision, actor=actor)
        revision.status = RevisionStatus.PUBLISHED
    revision.reviewed_by = actor
    revision.reviewed_at = timezone.now()
    revision.save()
    return record


def publish_revision(*, record: PairingRecord, revision: Revision, actor: models.Model) -> None:
    """Carry out a revision: write its values to the record, or delete the record."""
    reviewer = str(actor)
    reason = revision.reason or revision.get_kind_display()
    reason = _("%(reason)s (published by %(reviewer)s)") % {
        "reason": reason,
        "reviewer": reviewer,
    }
    author = revision.updated_by
    if revision.kind == RevisionKind.WITHDRAWAL:
        record._history_user = author
        record._change_reason = reason
        record.delete()
        return
    apply_revision(record, revision)
    write_record(record=record, actor=author, reason=reason)
    for field in record._meta.many_to_many:
        if field.name in revision.values and field.remote_field.through._meta.auto_created:
            getattr(record, field.name).set(revision.values[field.name])
    for relation in companion_relations(type(record)):
        name = relation.get_accessor_name()
        if name not in revision.values:
            continue
        getattr(record, name).all().delete()
        for row in revision.values[name]:
            companion = relation.related_model(**{relation.field.name: record, **row})
            companion.full_clean()
            companion.save()
