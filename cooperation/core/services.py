"""Writes shared by the admin, the API and imports: validate, stamp the actor, save."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from cooperation.core.access import may_review
from cooperation.core.copying import history_copy, rows_create
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
from cooperation.stats.cache import published_data_changed, shown_once_created

Record = TypeVar("Record", bound=AuditedModel)

# Which status a record may move to from which, and whether that takes a reviewer.
TRANSITIONS: dict[tuple[str, str], bool] = {
    (RecordStatus.DRAFT, RecordStatus.SUBMITTED): False,
    (RecordStatus.RETURNED, RecordStatus.SUBMITTED): False,
    (RecordStatus.SUBMITTED, RecordStatus.PUBLISHED): True,
    (RecordStatus.SUBMITTED, RecordStatus.RETURNED): True,
    (RecordStatus.PUBLISHED, RecordStatus.RETURNED): True,
}


# Fields a save stamps by itself: no person changes them, so a stale save does not list them.
STAMPED_FIELDS = ("id", "created_at", "updated_at", "created_by", "updated_by", "version")


@dataclass(frozen=True)
class Change:
    """A field another person changed: its name, its label and its stored value as shown."""

    name: str
    label: str
    value: str


class StaleRecord(Exception):
    """A save from a version of a record that another save has replaced since.

    ``changes`` names what the other person changed, with the values stored now.
    """

    def __init__(self, record: PairingRecord, seen_version: int, current_version: int):
        self.record = record
        self.seen_version = seen_version
        self.current_version = current_version
        self.changes = changes_since(record, seen_version)
        super().__init__(
            _(
                "Someone else saved this record after you opened it (version %(seen)s; it is "
                "now at version %(current)s)."
            )
            % {"seen": seen_version, "current": current_version}
        )


@transaction.atomic
def record_save(*, record: Record, actor: models.Model | None, reason: str = "") -> Record:
    """Validate ``record`` in full and save it, noting ``actor`` as its author or editor.

    A published record changed by anyone, a reviewer included, is not saved: the change is
    kept as its pending revision (``record._revision``), and the public sees the published
    values until another reviewer publishes it. A pairing record carries the version it
    was read at; a save from an older one than stored raises ``StaleRecord``, and a kept
    revision counts in the record's version too, so that a form read before it is refused.
    """
    if keeps_as_revision(record, actor):
        version = next_version(record)
        revision_save(record=record, actor=actor, reason=reason)
        # Only the version moves: the row keeps the published values.
        type(record)._default_manager.filter(pk=record.pk).update(version=version)
        record.version = version
        return record
    return write_record(record=record, actor=actor, reason=reason)


def write_record(*, record: Record, actor: models.Model | None, reason: str = "") -> Record:
    """Validate and save ``record`` itself, whatever its status, with ``reason`` in its history."""
    if reason:
        record._change_reason = reason
    version = next_version(record) if isinstance(record, PairingRecord) else None
    if record._state.adding:
        record.created_by = actor
    record.updated_by = actor
    record._history_user = actor
    record.full_clean()
    if version is not None:
        record.version = version
    record.save()
    return record


@transaction.atomic
def records_create(*, records: list[Record], actor: models.Model | None) -> list[Record]:
    """Save new, already validated records in bulk, with their history rows, as ``actor``.

    An import writes thousands of rows in a few statements this way (COPY on PostgreSQL,
    then their history rows copied from them in one statement); the database's own
    constraints still refuse a bad one, and then none is saved. No signal is sent, so the
    published data's version moves here when the public may see the new rows.
    """
    if not records:
        return []
    now = timezone.now()
    for record in records:
        record.created_by = record.updated_by = actor
        record.created_at = record.updated_at = now
    rows_create(records)
    history_copy(
        type(records[0]),
        [record.pk for record in records],
        kind="+",
        user_id=None if actor is None else actor.pk,
        at=now,
    )
    if shown_once_created(records):
        published_data_changed()
    return records


def next_version(record: PairingRecord) -> int:
    """Refuse a save from a stale version of ``record``, else return the version it saves.

    The stored row is locked until the save commits, so of two saves read at the same
    version, the second waits and is then refused.
    """
    if record._state.adding:
        return 1
    stored = (
        type(record)
        ._default_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("version", flat=True)
        .first()
    )
    if stored is None:
        return record.version
    if record.version != stored:
        raise StaleRecord(record, record.version, stored)
    return stored + 1


def changes_since(record: PairingRecord, version: int) -> list[Change]:
    """Return each field of ``record`` changed since its ``version``, with its stored value.

    The record's history keeps each version as it was saved; with no trace of ``version``
    there, every field whose stored value differs from ``record``'s is named.
    """
    model = type(record)
    current = model._default_manager.filter(pk=record.pk).first()
    if current is None:
        return []
    seen = record.history.filter(version=version).order_by("-history_date").first() or record
    return [
        Change(field.name, str(field.verbose_name), displayed_value(current, field))
        for field in model._meta.concrete_fields
        if field.name not in STAMPED_FIELDS
        and getattr(seen, field.attname) != getattr(current, field.attname)
    ]


def displayed_value(record: models.Model, field: models.Field) -> str:
    """Return the value of ``field`` in ``record`` as the admin shows it."""
    value = getattr(record, field.attname)
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    if field.is_relation:
        return str(getattr(record, field.name))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    return str(formats.localize(value))


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
    write_record(record=record, actor=actor, reason=comment if needs_reviewer else "")
    if to_status in (RecordStatus.RETURNED, RecordStatus.PUBLISHED):
        transaction.on_commit(
            lambda: notify_author(
                record,
                author=record.created_by,
                returned=to_status == RecordStatus.RETURNED,
                comment=record.review_comment,
            )
        )
    return record


def notify_author(
    record: PairingRecord, *, author: models.Model | None, returned: bool, comment: str = ""
) -> None:
    """Mail ``author`` that a reviewer returned (with ``comment``) or published ``record``."""
    if author is None or not author.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if returned:
            subject = _("Returned for revision: %(record)s") % {"record": record}
            body = _("A reviewer returned “%(record)s”: %(comment)s") % {
                "record": record,
                "comment": comment,
            }
        else:
            subject = _("Published: %(record)s") % {"record": record}
            body = _("A reviewer published “%(record)s”; the public now sees it.") % {
                "record": record
            }
    send_mail(subject, body, None, [author.email], fail_silently=True)


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
    if to_status == RecordStatus.RETURNED or revision.kind == RevisionKind.CHANGE:
        # The revision's author hears of it, as a record's author does.
        transaction.on_commit(
            lambda: notify_author(
                record,
                author=revision.created_by,
                returned=to_status == RecordStatus.RETURNED,
                comment=revision.review_comment,
            )
        )
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
    # The revision's values are written, not the caller's copy: it is as new as the row.
    record.version = (
        type(record)._default_manager.filter(pk=record.pk).values_list("version", flat=True).get()
    )
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
