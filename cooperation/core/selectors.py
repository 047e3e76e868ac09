"""Reads the public pages need beyond figures: which pairing and year to show, what to list."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from cooperation.core.access import published_or_none, within_region
from cooperation.core.models import (
    Agreement,
    Organization,
    Outcome,
    Pairing,
    PairingRecord,
    Program,
    Region,
    RegionLevel,
    Revision,
    RevisionStatus,
)
from cooperation.core.models.base import REVIEW_FIELDS
from cooperation.stats.registry import record_sets
from cooperation.stats.selectors import Figure


def public_pairings() -> models.QuerySet[Pairing]:
    """Return every pairing with its two regions, the way the public pages list them."""
    return Pairing.objects.select_related("eastern_region", "western_region").order_by(
        "-since_year", "western_region__name", "pk"
    )


def pairing_provinces() -> models.QuerySet[Region]:
    """Return the provinces with a pairing on either side, for the public to choose among."""
    paired = Pairing.objects.filter(
        within_region(OuterRef("pk"), "eastern_region")
        | within_region(OuterRef("pk"), "western_region")
    )
    return Region.objects.filter(level=RegionLevel.PROVINCE).filter(Exists(paired))


@dataclass(frozen=True)
class DashboardChoice:
    """The pairing and year a dashboard page shows, and the years it could show instead."""

    pairing: Pairing | None
    year: int | None
    years: list[int]
    # A year asked for that has nothing published, so that the page can say so.
    year_without_data: int | None = None


def dashboard_choice(
    pairings: Sequence[Pairing],
    years_by_pairing: dict[int, list[int]],
    *,
    pairing_id: int | None = None,
    year: int | None = None,
) -> DashboardChoice:
    """Choose what to show: the asked pairing and year, else the most recent with data.

    With no pairing asked for, the pairing whose data reach the latest year wins; with no
    year (or one without data), that pairing's latest year does.
    """
    by_id = {pairing.pk: pairing for pairing in pairings}
    pairing = by_id.get(pairing_id)
    if pairing is None and by_id:
        pairing = max(
            pairings,
            key=lambda candidate: (years_by_pairing.get(candidate.pk) or [0])[0],
        )
    years = years_by_pairing.get(pairing.pk, []) if pairing else []
    year_without_data = None
    if year not in years:
        year_without_data = year
        year = years[0] if years else None
    return DashboardChoice(
        pairing=pairing, year=year, years=years, year_without_data=year_without_data
    )


@dataclass
class FigureGroup:
    """Figures under one top-level program (the "three systems"), or under none."""

    program: models.Model | None
    figures: list[tuple[Figure, models.Model | None]] = dataclasses.field(default_factory=list)


def figure_groups(figures: Sequence[Figure]) -> list[FigureGroup]:
    """Group figures the way the programs nest: under each top-level program, in its order.

    Each figure comes with the part program it belongs to (the chief expert system within
    the three systems), or None when it belongs to the top-level program itself. Figures
    of no program come last. One query, through the outcomes the figures report.
    """
    outcome_ids = [
        figure.reported.outcome_id
        for figure in figures
        if figure.reported and figure.reported.outcome_id is not None
    ]
    programs = {
        outcome.pk: outcome.program
        for outcome in Outcome.objects.filter(
            pk__in=outcome_ids, program__in=Program.objects.published()
        )
        .select_related("program__parent")
        .only(
            "program__name",
            "program__name_en",
            "program__parent__name",
            "program__parent__name_en",
            # published_or_none reads the parent's status; deferred, it costs a query a figure.
            "program__parent__status",
        )
    }
    groups: dict[int | None, FigureGroup] = {}
    for figure in figures:
        program = programs.get(figure.reported.outcome_id) if figure.reported else None
        top = program
        if program is not None and program.parent_id:
            top = published_or_none(program.parent) or program
        group = groups.setdefault(top.pk if top else None, FigureGroup(program=top))
        group.figures.append((figure, program if program is not top else None))
    ordered = sorted(
        groups.values(),
        key=lambda group: (group.program is None, group.program and group.program.pk),
    )
    for group in ordered:
        group.figures.sort(
            key=lambda pair: (
                pair[0].reported is None,
                pair[0].reported and pair[0].reported.outcome_id,
            )
        )
    return ordered


def organization_records(organization: Organization) -> dict[str, models.QuerySet]:
    """Return the published records an organization takes part in, by what it does in them.

    Reached through the reverse relations the records declare, so ``cooperation`` needs
    none of the other apps' code.
    """
    return {
        "agreements": Agreement.objects.published()
        .filter(parties__organization=organization)
        .select_related("pairing__eastern_region", "pairing__western_region")
        .distinct(),
        "bases": organization.bases.published().select_related("program"),
        "events_hosted": organization.events_hosted.published().select_related("program"),
        "events_held_at": organization.events_held_at.published().select_related("program"),
        "secondments_in": organization.secondments_in.published().select_related(
            "person", "home_organization"
        ),
        "secondments_out": organization.secondments_out.published().select_related(
            "person", "host_organization"
        ),
    }


def reference_paths(record: type[models.Model], target: type[models.Model]) -> list[str]:
    """Return the lookups from a record to the ``target`` rows it names.

    A record names a row itself (a base's organization), through the parts it is made of
    (an agreement's parties, an event's speakers), or one foreign key further (the
    organization of a person the record names). The walk never steps into another record:
    that record is public on its own status, not on this one's.
    """
    starts = [("", record)] + [
        (f"{relation.name}__", relation.related_model)
        for relation in record._meta.related_objects
        if relation.one_to_many and not issubclass(relation.related_model, PairingRecord)
    ]
    paths = []
    for prefix, model in starts:
        for link in model._meta.concrete_fields:
            if not link.many_to_one or issubclass(link.related_model, PairingRecord):
                continue
            if link.related_model is target:
                paths.append(f"{prefix}{link.name}")
                continue
            paths += [
                f"{prefix}{link.name}__{further.name}"
                for further in link.related_model._meta.concrete_fields
                if further.many_to_one and further.related_model is target
            ]
    return paths


def published_references(target: type[models.Model]) -> Q:
    """Match the ``target`` rows some published record names, in one query with the list.

    The records are the statistics' record sets and the paths come from ``_meta``, so
    ``cooperation`` reaches the other apps' records without importing them.
    """
    references = [
        Exists(record_set.model.objects.published().filter(**{path: OuterRef("pk")}))
        for record_set in record_sets().values()
        for path in reference_paths(record_set.model, target)
    ]
    return Q(*references, _connector=Q.OR) if references else Q(pk__in=[])


def public_organizations() -> models.QuerySet[Organization]:
    """Return the organizations a published record names; one only a draft names stays hidden."""
    return Organization.objects.filter(published_references(Organization)).select_related("region")


def search_pairings(query: str) -> models.QuerySet[Pairing]:
    """Return the pairings one of whose regions is named like ``query``, in either language."""
    condition = Q()
    for side in ("eastern_region", "western_region"):
        condition |= Q(**{f"{side}__name__icontains": query}) | Q(
            **{f"{side}__name_en__icontains": query}
        )
    return public_pairings().filter(condition)


def search_organizations(query: str) -> models.QuerySet[Organization]:
    """Return the public organizations named like ``query``, in Chinese or English."""
    return public_organizations().filter(Q(name__icontains=query) | Q(name_en__icontains=query))


def revision_fields(model: type[models.Model]) -> list[models.Field]:
    """Return the fields of ``model`` a revision carries: what an official edits.

    The review state and the audit trail are the portal's to set, never an edit's.
    """
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in REVIEW_FIELDS
    ]


def open_revision(record: models.Model, *, for_update: bool = False) -> Revision | None:
    """Return the revision of ``record`` that waits for review or for a fix, if any."""
    if record.pk is None or not isinstance(record, PairingRecord):
        return None
    revisions = Revision.objects.filter(
        content_type=ContentType.objects.get_for_model(record, for_concrete_model=False),
        object_id=record.pk,
    ).exclude(status=RevisionStatus.PUBLISHED)
    if for_update:
        revisions = revisions.select_for_update()
    return revisions.order_by("-pk").first()


def apply_revision(record: models.Model, revision: Revision) -> models.Model:
    """Set the revision's own-field values on ``record`` (in memory, nothing is saved)."""
    for field in revision_fields(type(record)):
        if field.attname in revision.values:
            setattr(record, field.attname, field.to_python(revision.values[field.attname]))
    record._revision = revision
    return record


@dataclass(frozen=True)
class FieldChange:
    """One field of a revision beside its published value, both as people read them."""

    label: str
    published: str
    revised: str


def revision_changes(revision: Revision) -> list[FieldChange]:
    """Compare a revision field by field with the published record; list what differs.

    Choices read by their labels and related records by their names, in the active
    language; many-to-many choices and the rows entered with the record by their names.
    """
    model = revision.content_type.model_class()
    published = model._default_manager.filter(pk=revision.object_id).first()
    if published is None:
        return []
    revised = apply_revision(model._default_manager.get(pk=revision.object_id), revision)
    changes = []
    for field in revision_fields(model):
        if field.attname not in revision.values:
            continue
        before, after = field.value_from_object(published), field.value_from_object(revised)
        if before != after:
            changes.append(
                FieldChange(
                    capfirst(str(field.verbose_name)),
                    shown_value(published, field),
                    shown_value(revised, field),
                )
            )
    for field in model._meta.many_to_many:
        if field.name not in revision.values:
            continue
        before = sorted(getattr(published, field.name).values_list("pk", flat=True))
        after = sorted(revision.values[field.name])
        if before != after:
            names = field.related_model._default_manager.filter(pk__in=after)
            changes.append(
                FieldChange(
                    capfirst(str(field.verbose_name)),
                    "；".join(str(item) for item in getattr(published, field.name).all()),
                    "；".join(str(item) for item in names),
                )
            )
    for relation in companion_relations(model):
        name = relation.get_accessor_name()
        if name not in revision.values:
            continue
        rows = getattr(published, name).all()
        before = [companion_values(row) for row in rows]
        after = revision.values[name]
        if before != after:
            changes.append(
                FieldChange(
                    capfirst(str(relation.related_model._meta.verbose_name_plural)),
                    "；".join(companion_text(relation, values) for values in before),
                    "；".join(companion_text(relation, values) for values in after),
                )
            )
    return changes


def shown_value(record: models.Model, field: models.Field) -> str:
    """Return a field's value as the admin shows it: a choice's label, a record's name."""
    if field.is_relation:
        related = getattr(record, field.name)
        return "" if related is None else str(related)
    if field.choices:
        return str(getattr(record, f"get_{field.name}_display")())
    value = field.value_from_object(record)
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    return "" if value in (None, "") else str(value)


def companion_relations(model: type[models.Model]) -> list:
    """Return the relations to the rows entered with a record of ``model`` (speakers, parties)."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and getattr(relation.related_model, "part_of", None) == relation.field.name
    ]


def companion_values(row: models.Model) -> dict:
    """Return the values of a row entered with its record, by attribute name, as JSON keeps them."""
    return {
        field.attname: field.value_from_object(row)
        for field in type(row)._meta.concrete_fields
        if not field.primary_key and getattr(type(row), "part_of", None) != field.name
    }


def companion_text(relation, values: dict) -> str:
    """Name a row entered with its record from its stored values."""
    row = relation.related_model(**values)
    parts = []
    for field in revision_fields(relation.related_model):
        if field.name == relation.field.name or field.attname not in values:
            continue
        text = shown_value(row, field)
        if text:
            parts.append(text)
    return " · ".join(parts)
