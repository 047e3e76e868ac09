"""Abstract bases every record of the portal shares: audit fields, history, review status."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, router
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.core.access import PairingRecordQuerySet

# What shows a record's pairing by name: its two regions, loaded with the record.
PAIRING_NAMES = ("pairing__eastern_region", "pairing__western_region")


# What the public's lists show of a record kind, and what its index is named after.
PUBLISHED_ONLY = ("published", Q(status="published"))


def list_indexes(name: str, *fields: str, public=PUBLISHED_ONLY) -> list[models.Index]:
    """Index a list's order, and in the same order what the public's list shows of it.

    A page of a national table is then read from an index instead of sorting every row.
    ``fields`` are the list's own columns up to its first related one (whose key ends them),
    then ``id``: the database then sorts only within runs of equal leading values.
    """
    shown, condition = public
    return [
        models.Index(fields=list(fields), name=f"{name}_listed"),
        models.Index(fields=list(fields), condition=condition, name=f"{name}_{shown}_listed"),
    ]


# East–West cooperation began in 1996; a date further ahead than this is a typing error.
FIRST_COOPERATION_YEAR = 1996
YEARS_AHEAD = 5


def cooperation_dates() -> tuple[datetime.date, datetime.date]:
    """Return the first and last date a record may carry, as of today."""
    last_year = timezone.localdate().year + YEARS_AHEAD
    return datetime.date(FIRST_COOPERATION_YEAR, 1, 1), datetime.date(last_year, 12, 31)


def validate_cooperation_date(value: datetime.date | None) -> None:
    """Refuse a date before East–West cooperation began or years ahead of today."""
    first, last = cooperation_dates()
    if value is not None and not first <= value <= last:
        raise ValidationError(
            _("Enter a date from %(first)s to %(last)s: East–West cooperation began in 1996."),
            code="out_of_range",
            params={"first": formats.date_format(first), "last": formats.date_format(last)},
        )


class RecordStatus(models.TextChoices):
    """Where a record stands in review; only published records reach the public."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned")


class AuditedModel(models.Model):
    """Record who created and last changed a row and when, and keep its change history."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def validate_constraints(self, exclude=None):
        """Validate as Django does, but file a check constraint's message under its field.

        Django files it under no field; an official then reads it above the form and an API
        client under ``non_field_errors``, neither told which field is wrong.
        """
        using = router.db_for_write(type(self), instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field_name = checked_field(constraint)
                    if (
                        field_name is None
                        and error.code == "unique"
                        and len(constraint.fields) == 1
                    ):
                        field_name = constraint.fields[0]
                    if field_name is None:
                        errors = error.update_error_dict(errors)
                    else:
                        errors.setdefault(field_name, []).append(error)
        if errors:
            raise ValidationError(errors)


def checked_field(constraint: models.BaseConstraint) -> str | None:
    """Name the field a check constraint is about: the one its condition's last term tests.

    "end_date is empty, or end_date >= start_date" is about ``end_date``; "0 <= value" about
    ``value``. Other constraints are about no one field.
    """
    if not isinstance(constraint, models.CheckConstraint):
        return None
    term = constraint.condition
    while isinstance(term, Q):
        term = term.children[-1]
    return term[0].split(LOOKUP_SEP)[0]


# What reviewers decide about a record, never set by an official's edit, an import or a reload.
REVIEW_FIELDS = ("status", "review_comment")


class PairingRecord(AuditedModel):
    """A record that belongs to one pairing, the unit of permission, filtering and reporting."""

    pairing = models.ForeignKey(
        "cooperation.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        help_text=_("Why a reviewer returned the record, or what to check."),
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_("Counts the saves of the record, so a save from a stale form is refused."),
    )

    objects = PairingRecordQuerySet.as_manager()

    class Meta:
        abstract = True

    def clean(self) -> None:
        """Refuse links to another pairing's records, which would cross scopes and figures."""
        errors = {}
        for field in self._meta.concrete_fields:
            if not (field.many_to_one and issubclass(field.related_model, PairingRecord)):
                continue
            if self.pairing_id is None or getattr(self, field.attname) is None:
                continue
            try:
                linked = getattr(self, field.name)
            except field.related_model.DoesNotExist:
                continue
            if linked.pairing_id != self.pairing_id:
                errors[field.name] = _("This belongs to another pairing.")
        if "pairing" not in errors and self.moves_away_from_its_links():
            errors["pairing"] = _(
                "Records of the current pairing are linked to this one: unlink them before "
                "moving it to another pairing."
            )
        if errors:
            raise ValidationError(errors)

    def moves_away_from_its_links(self) -> bool:
        """Tell whether a change of pairing would leave records linked across pairings.

        Checked against the stored pairing, so an edit that keeps it costs one query.
        """
        if self._state.adding or self.pairing_id is None:
            return False
        stored = type(self)._default_manager.filter(pk=self.pk).values_list("pairing_id")
        if stored.first() in (None, (self.pairing_id,)):
            return False
        linked = [
            relation.related_model._default_manager.filter(**{relation.field.name: self.pk})
            for relation in self._meta.related_objects
            if issubclass(relation.related_model, PairingRecord)
        ]
        linked += [
            getattr(self, field.name).all()
            for field in self._meta.many_to_many
            if issubclass(field.related_model, PairingRecord)
        ]
        return any(records.exclude(pairing_id=self.pairing_id).exists() for records in linked)


OTHER_PAIRING_CHOICE = _("Choose a record of the same pairing.")


def fields_linking_other_pairings(pairing_id: int | None, values: dict) -> list[str]:
    """Name the fields of ``values`` that hold a record, or records, of another pairing.

    Forms and serializers check many-to-many choices with it: the model's ``clean`` cannot
    see them before they are saved.
    """
    names = []
    for name, value in values.items():
        records = value if isinstance(value, list | tuple | models.QuerySet) else [value]
        if any(
            isinstance(record, PairingRecord) and record.pairing_id != pairing_id
            for record in records
        ):
            names.append(name)
    return names
