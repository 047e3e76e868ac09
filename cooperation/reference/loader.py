"""Writes of the talent app, and the loading of the reference record, which spans every app."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction

from cooperation.core.models import (
    REVIEW_FIELDS,
    Agreement,
    AgreementParty,
    AuditedModel,
    Indicator,
    Measurement,
    Organization,
    Outcome,
    Pairing,
    PairingRecord,
    Program,
    RecordStatus,
    Region,
)
from cooperation.core.services import record_save
from cooperation.reference import divisions
from cooperation.reference import record as data
from programs.models import Base, Event, EventSpeaker
from talent.models import ExpertEngagement, Person, Secondment

Row = TypeVar("Row", bound=models.Model)


@dataclass
class LoadReport:
    """How many rows of each model a load created and corrected; both empty on a reload."""

    created: Counter[type[models.Model]] = field(default_factory=Counter)
    updated: Counter[type[models.Model]] = field(default_factory=Counter)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _differs(row: models.Model, name: str, value: Any) -> bool:
    """Tell whether ``row.name`` differs from ``value``, comparing relations by key."""
    model_field = row._meta.get_field(name)
    if model_field.is_relation:
        return getattr(row, model_field.attname) != (None if value is None else value.pk)
    return getattr(row, name) != value


class _ReferenceRecordLoader:
    """Put each record of ``cooperation.reference.record`` in place, found by its natural key."""

    def __init__(self, *, actor: models.Model | None) -> None:
        self.actor = actor
        self.report = LoadReport()

    def put(self, model: type[Row], *, key: dict[str, Any], values: dict[str, Any]) -> Row:
        """Create the row of ``model`` with natural ``key``, or bring it in line with ``values``.

        A row already as given is left untouched, so a reload writes nothing: no history
        row, no new ``updated_at``. Pairing records are created published, as the report
        is; a reload leaves their review (status and comment) to the reviewers.
        """
        row = model.objects.filter(**key).first()
        if row is None:
            if issubclass(model, PairingRecord):
                values = {**values, "status": RecordStatus.PUBLISHED}
            row = model(**key, **values)
            self.report.created[model] += 1
        else:
            changes = {
                name: value
                for name, value in values.items()
                if name not in REVIEW_FIELDS and _differs(row, name, value)
            }
            if not changes:
                return row
            for name, value in changes.items():
                setattr(row, name, value)
            self.report.updated[model] += 1
        if issubclass(model, AuditedModel):
            record_save(record=row, actor=self.actor)
        else:
            # Link rows (agreement parties, event speakers) have no audit fields or history.
            row.full_clean()
            row.save()
        return row

    def load(self) -> LoadReport:
        self.load_places()
        self.load_agreements()
        self.load_programs()
        self.load_people()
        self.load_activities()
        self.load_outcomes()
        return self.report

    def load_places(self) -> None:
        self.regions: dict[str, Region] = {}
        paths: dict[str, tuple[str, ...]] = {}
        for item in data.REGIONS:
            parent = self.regions[item["parent"]] if item["parent"] else None
            paths[item["name"]] = (*paths.get(item["parent"], ()), item["name"])
            self.regions[item["name"]] = self.put(
                Region,
                key={"parent": parent, "name": item["name"]},
                values={
                    "name_en": item["name_en"],
                    "level": item["level"],
                    "code": divisions.code_of(*paths[item["name"]]),
                },
            )
        self.pairing = self.put(
            Pairing,
            key={
                "eastern_region": self.regions[data.PAIRING["eastern_region"]],
                "western_region": self.regions[data.PAIRING["western_region"]],
            },
            values={"since_year": data.PAIRING["since_year"], "note": data.PAIRING["note"]},
        )
        self.organizations = {
            item["name"]: self.put(
                Organization,
                key={"region": self.regions[item["region"]], "name": item["name"]},
                values={"name_en": item["name_en"], "kind": item["kind"]},
            )
            for item in data.ORGANIZATIONS
        }

    def load_agreements(self) -> None:
        self.agreements: dict[str, Agreement] = {}
        for item in data.AGREEMENTS:
            agreement = self.put(
                Agreement,
                key={"pairing": self.pairing, "title": item["title"]},
                values={"kind": item["kind"], "description": item["description"]},
            )
            for organization, side in item["parties"]:
                self.put(
                    AgreementParty,
                    key={"agreement": agreement, "organization": self.organizations[organization]},
                    values={"side": side},
                )
            self.agreements[item["title"]] = agreement

    def load_programs(self) -> None:
        self.programs: dict[str, Program] = {}
        for item in data.PROGRAMS:
            program = self.put(
                Program,
                key={"pairing": self.pairing, "name": item["name"]},
                values={
                    "parent": self.programs[item["parent"]] if item["parent"] else None,
                    "name_en": item["name_en"],
                    "category": item["category"],
                    "description": item["description"],
                },
            )
            linked = set(program.agreements.values_list("pk", flat=True))
            missing = [
                self.agreements[title]
                for title in item["agreements"]
                if self.agreements[title].pk not in linked
            ]
            if missing:
                program.agreements.add(*missing)
                self.report.created[Program.agreements.through] += len(missing)
            self.programs[item["name"]] = program

    def load_people(self) -> None:
        self.people = {
            item["name"]: self.put(
                Person,
                key={
                    "organization": self.organizations[item["organization"]],
                    "name": item["name"],
                },
                values={
                    "name_en": item["name_en"],
                    "title": item["title"],
                    "is_public": item["is_public"],
                },
            )
            for item in data.PEOPLE
        }
        for item in data.ENGAGEMENTS:
            self.put(
                ExpertEngagement,
                key={
                    "pairing": self.pairing,
                    "person": self.people[item["person"]],
                    "role": item["role"],
                },
                values={
                    "program": self.programs[item["program"]],
                    "contract_signed": item["contract_signed"],
                },
            )
        for item in data.SECONDMENTS:
            self.put(
                Secondment,
                key={
                    "pairing": self.pairing,
                    "person": self.people[item["person"]],
                    "start_date": item["start_date"],
                },
                values={
                    "home_organization": self.organizations[item["home_organization"]],
                    "host_organization": self.organizations[item["host_organization"]],
                    "end_date": item["end_date"],
                    "date_precision": item["date_precision"],
                    "field": item["field"],
                    "purpose": item["purpose"],
                    "is_long_term": item["is_long_term"],
                },
            )

    def load_activities(self) -> None:
        for item in data.EVENTS:
            host = item["host_organization"]
            event = self.put(
                Event,
                key={
                    "pairing": self.pairing,
                    "title": item["title"],
                    "start_date": item["start_date"],
                },
                values={
                    "kind": item["kind"],
                    "program": self.programs[item["program"]],
                    "date_precision": item["date_precision"],
                    "region": self.regions[item["region"]],
                    "host_organization": self.organizations[host] if host else None,
                    "audience": item["audience"],
                    "description": item["description"],
                },
            )
            for person, topic in item["speakers"]:
                self.put(
                    EventSpeaker,
                    key={"event": event, "person": self.people[person]},
                    values={"topic": topic},
                )
        for item in data.BASES:
            self.put(
                Base,
                key={
                    "pairing": self.pairing,
                    "kind": item["kind"],
                    "organization": self.organizations[item["organization"]],
                },
                values={"program": self.programs[item["program"]]},
            )

    def load_outcomes(self) -> None:
        indicators = {
            item["code"]: self.put(
                Indicator,
                key={"code": item["code"]},
                values={
                    "name": item["name"],
                    "name_en": item["name_en"],
                    "unit": item["unit"],
                    "measurement": (
                        Measurement.COMPUTED if item["computation"] else Measurement.REPORTED
                    ),
                    "computation": item["computation"],
                },
            )
            for item in data.INDICATORS
        }
        for item in data.OUTCOMES:
            agreement = item["agreement"]
            self.put(
                Outcome,
                key={
                    "pairing": self.pairing,
                    "indicator": indicators[item["indicator"]],
                    "year": data.YEAR,
                    "program": self.programs[item["program"]],
                },
                values={
                    "value": item["value"],
                    "qualifier": item["qualifier"],
                    "is_cumulative": item["is_cumulative"],
                    "agreement": self.agreements[agreement] if agreement else None,
                    "source": data.SOURCE,
                    "note": item["note"],
                },
            )


@transaction.atomic
def reference_record_load(*, actor: models.Model | None = None) -> LoadReport:
    """Load the Chaotian ← Binjiang 2021 reference record, published, into the database.

    Every row is found by its natural key and created or corrected, never deleted, so what
    officials entered beside the record stays, and loading twice changes nothing.
    """
    return _ReferenceRecordLoader(actor=actor).load()
