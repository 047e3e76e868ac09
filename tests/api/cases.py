"""What the generated API tests need to know of each endpoint, and nothing more.

Each case names its endpoint and model, how to make a record, a valid create payload, a
valid change, a bad value, and for its FilterSet two records ``a`` and ``b`` that differ
on every filter, with the value of each filter that selects ``a`` — or ``b`` for the
filters named ``*_after`` and ``*_min``, since ``b`` is the later and larger of the two.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from cooperation.core.models import (
    AgreementKind,
    DatePrecision,
    Measurement,
    OrganizationKind,
    PairingRecord,
    ProgramCategory,
    Qualifier,
    RecordStatus,
    RegionLevel,
    Unit,
)
from programs.models import BaseKind, EventKind
from talent.models import ExpertRole, Gender
from tests import factories

PUBLISHED = RecordStatus.PUBLISHED
DRAFT = RecordStatus.DRAFT
Y2021 = datetime.date(2021, 3, 1)
Y2023 = datetime.date(2023, 3, 1)


@dataclass(frozen=True)
class Case:
    basename: str
    model: type[models.Model]
    make: Callable[..., models.Model]
    payload: Callable[[Any], dict[str, Any]]
    change: dict[str, Any]
    bad: dict[str, Any]
    pair: Callable[[], tuple[models.Model, models.Model]]
    filters: dict[str, Callable[[Any, Any], Any]] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.basename

    @property
    def scoped(self) -> bool:
        return issubclass(self.model, PairingRecord)

    def codename(self, action: str) -> str:
        return f"{self.model._meta.app_label}.{action}_{self.model._meta.model_name}"

    @property
    def hidden(self) -> dict[str, Any] | None:
        """Return the fields that hide a record from the public, if the public sees all."""
        if self.scoped:
            return {"status": DRAFT}
        if self.basename == "people":
            return {"is_public": False}
        return None

    def record(self, pairing, **fields) -> models.Model:
        """Make a record, in ``pairing`` and published when the model belongs to pairings."""
        if self.scoped:
            fields = {"pairing": pairing, "status": PUBLISHED, **fields}
        return self.make(**fields)


def district_in_city():
    return factories.RegionFactory(parent=factories.RegionFactory(level=RegionLevel.CITY))


def two_pairings():
    """Return two pairings; the first's western district lies in a city, for region filters."""
    return (
        factories.PairingFactory(western_region=district_in_city()),
        factories.PairingFactory(),
    )


def town_in_district():
    return factories.RegionFactory(level=RegionLevel.TOWN, parent=factories.RegionFactory())


def id_of(attribute: str) -> Callable[[Any, Any], Any]:
    return lambda a, b: getattr(a, attribute)


PAIRING_FILTERS: dict[str, Callable[[Any, Any], Any]] = {
    "pairing_id": id_of("pairing_id"),
    "pairing_region_id": lambda a, b: a.pairing.western_region.parent_id,
    "status": lambda a, b: PUBLISHED,
}


def dates(start: str = "start_date", end: str | None = "end_date", year: bool = True):
    """Filters of a record's dates: ``a`` lies in 2021, ``b`` in 2023."""
    filters = {
        "start_after": lambda a, b: getattr(b, start),
        "start_before": lambda a, b: getattr(a, start),
    }
    if end:
        filters |= {
            "end_after": lambda a, b: getattr(b, end),
            "end_before": lambda a, b: getattr(a, end),
        }
    if year:
        filters["year"] = lambda a, b: 2021
    return filters


def region_pair():
    a = factories.RegionFactory(
        name="甲镇", level=RegionLevel.TOWN, code="110101", parent=factories.RegionFactory()
    )
    b = factories.RegionFactory(
        level=RegionLevel.DISTRICT,
        code="220202",
        parent=factories.RegionFactory(level=RegionLevel.CITY),
    )
    return a, b


def pairing_pair():
    a = factories.PairingFactory(
        western_region=district_in_city(), since_year=2021, is_active=True, note="甲注"
    )
    b = factories.PairingFactory(since_year=2023, is_active=False)
    return a, b


def organization_pair():
    a = factories.OrganizationFactory(
        name="甲医院", kind=OrganizationKind.HOSPITAL, region=town_in_district()
    )
    b = factories.OrganizationFactory(kind=OrganizationKind.SCHOOL)
    return a, b


def indicator_pair():
    a = factories.IndicatorFactory(
        code="a-code",
        name="甲指标",
        unit=Unit.PERSONS,
        measurement=Measurement.COMPUTED,
        computation="mentor_pairings",
    )
    b = factories.IndicatorFactory(unit=Unit.ITEMS)
    return a, b


def agreement_pair():
    p1, p2 = two_pairings()
    a = factories.AgreementFactory(
        pairing=p1,
        status=PUBLISHED,
        kind=AgreementKind.HEALTH,
        title="甲协议",
        signed_on=datetime.date(2021, 5, 1),
        document="agreements/2021/a.pdf",
    )
    factories.AgreementPartyFactory(agreement=a)
    b = factories.AgreementFactory(
        pairing=p2, status=DRAFT, kind=AgreementKind.EDUCATION, signed_on=datetime.date(2023, 5, 1)
    )
    factories.AgreementPartyFactory(agreement=b)
    return a, b


def outcome_pair():
    p1, p2 = two_pairings()
    a = factories.OutcomeFactory(
        pairing=p1,
        status=PUBLISHED,
        indicator=factories.IndicatorFactory(unit=Unit.PERSONS),
        year=2021,
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2021, 6, 30),
        value=10,
        qualifier=Qualifier.EXACT,
        is_cumulative=True,
        program=factories.ProgramFactory(pairing=p1),
        agreement=factories.AgreementFactory(pairing=p1),
        note="甲成效",
    )
    b = factories.OutcomeFactory(
        pairing=p2,
        status=DRAFT,
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
        value=99,
        qualifier=Qualifier.MORE_THAN,
        program=factories.ProgramFactory(pairing=p2),
        agreement=factories.AgreementFactory(pairing=p2),
    )
    return a, b


def target_pair():
    p1, p2 = two_pairings()
    a = factories.TargetFactory(pairing=p1, status=PUBLISHED, year=2021, value=10, note="甲目标")
    b = factories.TargetFactory(pairing=p2, status=DRAFT, year=2023, value=99)
    return a, b


def program_pair():
    p1, p2 = two_pairings()
    a = factories.ProgramFactory(
        pairing=p1,
        status=PUBLISHED,
        parent=factories.ProgramFactory(pairing=p1),
        name="甲举措",
        category=ProgramCategory.HEALTH,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 12, 31),
    )
    a.agreements.set([factories.AgreementFactory(pairing=p1)])
    b = factories.ProgramFactory(
        pairing=p2,
        status=DRAFT,
        category=ProgramCategory.TALENT,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
    )
    return a, b


def event_pair():
    p1, p2 = two_pairings()
    a = factories.EventFactory(
        pairing=p1,
        status=PUBLISHED,
        program=factories.ProgramFactory(pairing=p1),
        kind=EventKind.FREE_CLINIC,
        title="甲活动",
        start_date=Y2021,
        end_date=Y2021 + datetime.timedelta(days=1),
        date_precision=DatePrecision.DAY,
        region=town_in_district(),
        venue=factories.OrganizationFactory(),
        host_organization=factories.OrganizationFactory(),
        participants=10,
    )
    factories.EventSpeakerFactory(event=a, person=factories.PersonFactory(is_public=True))
    b = factories.EventFactory(
        pairing=p2,
        status=DRAFT,
        kind=EventKind.LECTURE,
        start_date=Y2023,
        end_date=Y2023 + datetime.timedelta(days=4),
        date_precision=DatePrecision.MONTH,
        participants=99,
    )
    factories.EventSpeakerFactory(event=b)
    return a, b


def base_pair():
    p1, p2 = two_pairings()
    a = factories.BaseFactory(
        pairing=p1,
        status=PUBLISHED,
        program=factories.ProgramFactory(pairing=p1),
        kind=BaseKind.TEACHING,
        organization=factories.OrganizationFactory(name="甲大学"),
        established_on=datetime.date(2021, 1, 1),
    )
    b = factories.BaseFactory(
        pairing=p2, status=DRAFT, kind=BaseKind.PRACTICE, established_on=datetime.date(2023, 1, 1)
    )
    return a, b


def person_pair():
    a = factories.PersonFactory(name="甲某", gender=Gender.FEMALE, is_public=True)
    b = factories.PersonFactory(gender=Gender.MALE, is_public=False)
    return a, b


def engagement_pair():
    p1, p2 = two_pairings()
    a = factories.ExpertEngagementFactory(
        pairing=p1,
        status=PUBLISHED,
        person=factories.PersonFactory(name="甲专家", is_public=True),
        program=factories.ProgramFactory(pairing=p1),
        role=ExpertRole.CHIEF_EXPERT,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 12, 31),
        contract_signed=True,
    )
    b = factories.ExpertEngagementFactory(
        pairing=p2,
        status=DRAFT,
        role=ExpertRole.RESIDENT_LECTURER,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 12, 31),
        contract_signed=False,
    )
    return a, b


def secondment_pair():
    p1, p2 = two_pairings()
    a = factories.SecondmentFactory(
        pairing=p1,
        status=PUBLISHED,
        start_date=datetime.date(2021, 1, 1),
        end_date=datetime.date(2021, 3, 31),
        date_precision=DatePrecision.DAY,
        field="甲领域",
        is_long_term=True,
    )
    b = factories.SecondmentFactory(
        pairing=p2,
        status=DRAFT,
        start_date=datetime.date(2023, 1, 1),
        end_date=datetime.date(2023, 3, 31),
        date_precision=DatePrecision.MONTH,
        is_long_term=False,
    )
    return a, b


def mentor_pairing_pair():
    p1, p2 = two_pairings()
    a = factories.MentorPairingFactory(
        pairing=p1,
        status=PUBLISHED,
        program=factories.ProgramFactory(pairing=p1),
        mentor_school=factories.OrganizationFactory(),
        mentee_school=factories.OrganizationFactory(name="甲学校"),
        start_date=datetime.date(2021, 9, 1),
    )
    b = factories.MentorPairingFactory(
        pairing=p2,
        status=DRAFT,
        mentor_school=factories.OrganizationFactory(),
        mentee_school=factories.OrganizationFactory(),
        start_date=datetime.date(2023, 9, 1),
    )
    return a, b


CASES = [
    Case(
        basename="regions",
        model=factories.RegionFactory._meta.model,
        make=factories.RegionFactory,
        payload=lambda pairing: {"name": "新区", "level": RegionLevel.DISTRICT},
        change={"name_en": "New District"},
        bad={"level": "galaxy"},
        pair=region_pair,
        filters={
            "parent_id": id_of("parent_id"),
            "within_id": id_of("parent_id"),
            "level": lambda a, b: a.level,
            "code": lambda a, b: a.code,
            "q": lambda a, b: "甲镇",
        },
    ),
    Case(
        basename="pairings",
        model=factories.PairingFactory._meta.model,
        make=factories.PairingFactory,
        payload=lambda pairing: {
            "eastern_region": factories.RegionFactory().pk,
            "western_region": factories.RegionFactory().pk,
            "since_year": 2022,
        },
        change={"note": "改"},
        bad={"since_year": "soon"},
        pair=pairing_pair,
        filters={
            "eastern_region_id": id_of("eastern_region_id"),
            "western_region_id": id_of("western_region_id"),
            "region_id": lambda a, b: a.western_region.parent_id,
            "since_year": lambda a, b: a.since_year,
            "is_active": lambda a, b: "true",
            "q": lambda a, b: "甲注",
        },
    ),
    Case(
        basename="organizations",
        model=factories.OrganizationFactory._meta.model,
        make=factories.OrganizationFactory,
        payload=lambda pairing: {
            "name": "新单位",
            "kind": OrganizationKind.SCHOOL,
            "region": pairing.western_region_id,
        },
        change={"name_en": "New School"},
        bad={"kind": "castle"},
        pair=organization_pair,
        filters={
            "kind": lambda a, b: a.kind,
            "region_id": lambda a, b: a.region.parent_id,
            "q": lambda a, b: "甲医院",
        },
    ),
    Case(
        basename="indicators",
        model=factories.IndicatorFactory._meta.model,
        make=factories.IndicatorFactory,
        payload=lambda pairing: {"code": "new-code", "name": "新指标", "unit": Unit.CASES},
        change={"description": "说明"},
        bad={"unit": "bushels"},
        pair=indicator_pair,
        filters={
            "code": lambda a, b: a.code,
            "unit": lambda a, b: a.unit,
            "measurement": lambda a, b: a.measurement,
            "computation": lambda a, b: a.computation,
            "q": lambda a, b: "甲指标",
        },
    ),
    Case(
        basename="agreements",
        model=factories.AgreementFactory._meta.model,
        make=factories.AgreementFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "kind": AgreementKind.EDUCATION,
            "title": "新协议",
        },
        change={"description": "改"},
        bad={"kind": "secret"},
        pair=agreement_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(start="signed_on", end=None),
            "kind": lambda a, b: a.kind,
            "has_document": lambda a, b: "true",
            "organization_id": lambda a, b: a.parties.get().organization_id,
            "q": lambda a, b: "甲协议",
        },
    ),
    Case(
        basename="outcomes",
        model=factories.OutcomeFactory._meta.model,
        make=factories.OutcomeFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "indicator": factories.IndicatorFactory().pk,
            "year": 2022,
            "value": "600",
            "qualifier": Qualifier.MORE_THAN,
        },
        change={"note": "改"},
        bad={"value": "lots"},
        pair=outcome_pair,
        filters={
            **PAIRING_FILTERS,
            "indicator_id": id_of("indicator_id"),
            "indicator": lambda a, b: a.indicator.code,
            "unit": lambda a, b: a.indicator.unit,
            "year": lambda a, b: a.year,
            "period_start_after": lambda a, b: b.period_start,
            "period_end_before": lambda a, b: a.period_end,
            "value_min": lambda a, b: b.value,
            "value_max": lambda a, b: a.value,
            "qualifier": lambda a, b: a.qualifier,
            "is_cumulative": lambda a, b: "true",
            "program_id": id_of("program_id"),
            "agreement_id": id_of("agreement_id"),
            "q": lambda a, b: "甲成效",
        },
    ),
    Case(
        basename="targets",
        model=factories.TargetFactory._meta.model,
        make=factories.TargetFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "indicator": factories.IndicatorFactory().pk,
            "year": 2022,
            "value": "20",
        },
        change={"note": "改"},
        bad={"year": "next"},
        pair=target_pair,
        filters={
            **PAIRING_FILTERS,
            "indicator_id": id_of("indicator_id"),
            "indicator": lambda a, b: a.indicator.code,
            "year": lambda a, b: a.year,
            "value_min": lambda a, b: b.value,
            "value_max": lambda a, b: a.value,
            "q": lambda a, b: "甲目标",
        },
    ),
    Case(
        basename="programs",
        model=factories.ProgramFactory._meta.model,
        make=factories.ProgramFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "name": "新举措",
            "category": ProgramCategory.EDUCATION,
            "agreements": [factories.AgreementFactory(pairing=pairing).pk],
        },
        change={"description": "改"},
        bad={"category": "magic"},
        pair=program_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(),
            "parent_id": id_of("parent_id"),
            "category": lambda a, b: a.category,
            "agreement_id": lambda a, b: a.agreements.get().pk,
            "q": lambda a, b: "甲举措",
        },
    ),
    Case(
        basename="events",
        model=factories.EventFactory._meta.model,
        make=factories.EventFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "program": factories.ProgramFactory(pairing=pairing).pk,
            "kind": EventKind.LECTURE,
            "title": "新讲座",
            "start_date": "2022-04-01",
            "participants": 30,
        },
        change={"participants": 45},
        bad={"start_date": "yesterday"},
        pair=event_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(),
            "program_id": id_of("program_id"),
            "kind": lambda a, b: a.kind,
            "date_precision": lambda a, b: a.date_precision,
            "region_id": lambda a, b: a.region.parent_id,
            "venue_id": id_of("venue_id"),
            "host_organization_id": id_of("host_organization_id"),
            "organization_id": id_of("venue_id"),
            "person_id": lambda a, b: a.speakers.get().pk,
            "participants_min": lambda a, b: b.participants,
            "participants_max": lambda a, b: a.participants,
            "q": lambda a, b: "甲活动",
        },
    ),
    Case(
        basename="bases",
        model=factories.BaseFactory._meta.model,
        make=factories.BaseFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "kind": BaseKind.INSPECTION,
            "organization": factories.OrganizationFactory().pk,
        },
        change={"established_on": "2022-01-01"},
        bad={"kind": "moon"},
        pair=base_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(start="established_on", end=None),
            "program_id": id_of("program_id"),
            "kind": lambda a, b: a.kind,
            "organization_id": id_of("organization_id"),
            "q": lambda a, b: "甲大学",
        },
    ),
    Case(
        basename="people",
        model=factories.PersonFactory._meta.model,
        make=lambda **fields: factories.PersonFactory(**{"is_public": True, **fields}),
        payload=lambda pairing: {"name": "新人", "is_public": True},
        change={"title": "教授"},
        bad={"gender": "unknown"},
        pair=person_pair,
        filters={
            "gender": lambda a, b: a.gender,
            "organization_id": id_of("organization_id"),
            "is_public": lambda a, b: "true",
            "q": lambda a, b: "甲某",
        },
    ),
    Case(
        basename="engagements",
        model=factories.ExpertEngagementFactory._meta.model,
        make=factories.ExpertEngagementFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "person": factories.PersonFactory().pk,
            "role": ExpertRole.RESIDENT_LECTURER,
        },
        change={"contract_signed": False},
        bad={"role": "wizard"},
        pair=engagement_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(),
            "person_id": id_of("person_id"),
            "organization_id": lambda a, b: a.person.organization_id,
            "program_id": id_of("program_id"),
            "role": lambda a, b: a.role,
            "contract_signed": lambda a, b: "true",
            "q": lambda a, b: "甲专家",
        },
    ),
    Case(
        basename="secondments",
        model=factories.SecondmentFactory._meta.model,
        make=factories.SecondmentFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "person": factories.PersonFactory().pk,
            "home_organization": factories.OrganizationFactory().pk,
            "host_organization": factories.OrganizationFactory().pk,
            "start_date": "2022-03-01",
            "end_date": "2022-05-31",
        },
        change={"purpose": "学习"},
        bad={"end_date": "soon"},
        pair=secondment_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(),
            "person_id": id_of("person_id"),
            "home_organization_id": id_of("home_organization_id"),
            "host_organization_id": id_of("host_organization_id"),
            "organization_id": id_of("host_organization_id"),
            "date_precision": lambda a, b: a.date_precision,
            "is_long_term": lambda a, b: "true",
            "q": lambda a, b: "甲领域",
        },
    ),
    Case(
        basename="mentor_pairings",
        model=factories.MentorPairingFactory._meta.model,
        make=factories.MentorPairingFactory,
        payload=lambda pairing: {
            "pairing": pairing.pk,
            "mentor": factories.PersonFactory().pk,
            "mentee": factories.PersonFactory().pk,
            "start_date": "2022-09-01",
        },
        change={"start_date": "2022-09-15"},
        bad={"mentee": "her"},
        pair=mentor_pairing_pair,
        filters={
            **PAIRING_FILTERS,
            **dates(end=None),
            "mentor_id": id_of("mentor_id"),
            "mentee_id": id_of("mentee_id"),
            "person_id": id_of("mentee_id"),
            "program_id": id_of("program_id"),
            "mentor_school_id": id_of("mentor_school_id"),
            "mentee_school_id": id_of("mentee_school_id"),
            "organization_id": id_of("mentor_school_id"),
            "q": lambda a, b: "甲学校",
        },
    ),
]
