"""Writes shared by the admin, the API and imports: validate, stamp the actor, save."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

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
def record_save(*, record: Record, actor: models.Model | None) -> Record:
    """Validate ``record`` in full and save it, noting ``actor`` as its author or editor.

    A published record changed by anyone but a reviewer goes back to review: the public
    sees a change only once a reviewer has published it. A pairing record carries the
    version it was read at; a save from an older one than stored raises ``StaleRecord``.
    """
    version = next_version(record) if isinstance(record, PairingRecord) else None
    if isinstance(record, PairingRecord) and returns_to_review(record, actor):
        record.status = RecordStatus.SUBMITTED
    if record._state.adding:
        record.created_by = actor
    record.updated_by = actor
    record._history_user = actor
    record.full_clean()
    if version is not None:
        record.version = version
    record.save()
    return record


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
    record_save(record=record, actor=actor)
    if to_status in (RecordStatus.RETURNED, RecordStatus.PUBLISHED):
        transaction.on_commit(lambda: notify_author(record))
    return record


def notify_author(record: PairingRecord) -> None:
    """Mail the record's author that a reviewer returned or published it."""
    author = record.created_by
    if author is None or not author.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        if record.status == RecordStatus.RETURNED:
            subject = _("Returned for revision: %(record)s") % {"record": record}
            body = _("A reviewer returned “%(record)s”: %(comment)s") % {
                "record": record,
                "comment": record.review_comment,
            }
        else:
            subject = _("Published: %(record)s") % {"record": record}
            body = _("A reviewer published “%(record)s”; the public now sees it.") % {
                "record": record
            }
    send_mail(subject, body, None, [author.email], fail_silently=True)
