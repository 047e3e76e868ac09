"""Every constraint of the cooperation app refuses bad data in forms and in the database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.text import capfirst

from cooperation.core.models import (
    Agreement,
    Measurement,
    Organization,
    Outcome,
    Pairing,
    PairingRecord,
    Program,
    Region,
    RegionLevel,
    Target,
)
from cooperation.core.models.base import checked_field
from tests import factories
from tests.constraint_checks import (
    FACTORIES,
    ConstraintTests,
    build_case,
    project_constraints,
    project_models,
    refusals,
)


def region_unique_name_in_parent() -> Region:
    city = factories.RegionFactory(name="杭州市", level=RegionLevel.CITY)
    factories.RegionFactory(name="滨江区", parent=city)
    return Region(name="滨江区", level=RegionLevel.DISTRICT, parent=city)


def region_unique_top_level_name() -> Region:
    factories.RegionFactory(name="浙江省", level=RegionLevel.PROVINCE)
    return Region(name="浙江省", level=RegionLevel.PROVINCE)


def region_unique_code() -> Region:
    factories.RegionFactory(name="滨江区", code="330108")
    return Region(name="朝天区", level=RegionLevel.DISTRICT, code="330108")


def region_not_own_parent() -> Region:
    region = factories.RegionFactory()
    region.parent = region
    return region


def pairing_unique_regions() -> Pairing:
    existing = factories.PairingFactory()
    return Pairing(
        eastern_region=existing.eastern_region,
        western_region=existing.western_region,
        since_year=2022,
    )


def pairing_two_different_regions() -> Pairing:
    region = factories.RegionFactory()
    return Pairing(eastern_region=region, western_region=region, since_year=2021)


def pairing_since_year_plausible() -> Pairing:
    pairing = factories.PairingFactory()
    pairing.since_year = 1995
    return pairing


def organization_unique_name_in_region() -> Organization:
    existing = factories.OrganizationFactory(name="滨江区教育局")
    return Organization(name="滨江区教育局", kind=existing.kind, region=existing.region)


def agreement_unique_title_in_pairing() -> Agreement:
    existing = factories.AgreementFactory(title="卫生健康合作协议")
    return Agreement(pairing=existing.pairing, kind=existing.kind, title=existing.title)


def agreement_party_unique():
    existing = factories.AgreementPartyFactory()
    return factories.AgreementPartyFactory.build(
        agreement=existing.agreement, organization=existing.organization
    )


def indicator_computed_names_computation():
    return factories.IndicatorFactory.build(measurement=Measurement.COMPUTED, computation="")


def outcome_value_not_negative() -> Outcome:
    outcome = factories.OutcomeFactory()
    outcome.value = Decimal("-1")
    return outcome


def outcome_period_ends_after_start() -> Outcome:
    outcome = factories.OutcomeFactory()
    outcome.period_start = datetime.date(2021, 12, 31)
    outcome.period_end = datetime.date(2021, 1, 1)
    return outcome


def outcome_year_plausible() -> Outcome:
    outcome = factories.OutcomeFactory()
    outcome.year = 2101
    return outcome


def outcome_unique_per_program_year() -> Outcome:
    program = factories.ProgramFactory()
    existing = factories.OutcomeFactory(pairing=program.pairing, program=program)
    return factories.OutcomeFactory.build(
        pairing=program.pairing, indicator=existing.indicator, program=program, value=7
    )


def outcome_unique_per_pairing_year() -> Outcome:
    existing = factories.OutcomeFactory()
    return factories.OutcomeFactory.build(
        pairing=existing.pairing, indicator=existing.indicator, value=7
    )


def target_value_not_negative() -> Target:
    target = factories.TargetFactory()
    target.value = Decimal("-0.01")
    return target


def target_year_plausible() -> Target:
    target = factories.TargetFactory()
    target.year = 1995
    return target


def target_unique_per_pairing_year() -> Target:
    existing = factories.TargetFactory()
    return factories.TargetFactory.build(pairing=existing.pairing, indicator=existing.indicator)


def program_unique_name_in_pairing() -> Program:
    existing = factories.ProgramFactory(name="首席专家制度")
    return factories.ProgramFactory.build(pairing=existing.pairing, name=existing.name)


def program_ends_after_start() -> Program:
    program = factories.ProgramFactory(start_date=datetime.date(2021, 3, 1))
    program.end_date = datetime.date(2021, 2, 28)
    return program


CASES = {
    case.__name__: case
    for case in (
        region_unique_name_in_parent,
        region_unique_top_level_name,
        region_unique_code,
        region_not_own_parent,
        pairing_unique_regions,
        pairing_two_different_regions,
        pairing_since_year_plausible,
        organization_unique_name_in_region,
        agreement_unique_title_in_pairing,
        agreement_party_unique,
        indicator_computed_names_computation,
        outcome_value_not_negative,
        outcome_period_ends_after_start,
        outcome_year_plausible,
        outcome_unique_per_program_year,
        outcome_unique_per_pairing_year,
        target_value_not_negative,
        target_year_plausible,
        target_unique_per_pairing_year,
        program_unique_name_in_pairing,
        program_ends_after_start,
    )
}


class TestCooperationConstraints(ConstraintTests):
    app_label = "cooperation"
    cases = CASES


def test_every_constraint_of_the_project_has_a_case():
    """Fail when a constraint is declared anywhere without a case proving it refuses."""
    from tests.programs.test_constraints import CASES as PROGRAMS_CASES
    from tests.talent.test_constraints import CASES as TALENT_CASES

    covered = CASES.keys() | PROGRAMS_CASES.keys() | TALENT_CASES.keys()
    assert set(project_constraints()) == covered


@pytest.mark.django_db
def test_region_below_a_parent_passes_on_create():
    """Pin that ``~Q(parent=F("pk"))`` lets a new region (pk still unknown) have a parent."""
    province = factories.RegionFactory(name="浙江省", level=RegionLevel.PROVINCE)
    city = Region(name="杭州市", level=RegionLevel.CITY, parent=province)
    city.full_clean()
    city.save()
    assert city.parent == province


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("parent_level", "level", "allowed"),
    [
        (RegionLevel.PROVINCE, RegionLevel.CITY, True),
        (RegionLevel.PROVINCE, RegionLevel.DISTRICT, True),
        (RegionLevel.CITY, RegionLevel.TOWN, True),
        (RegionLevel.CITY, RegionLevel.CITY, False),
        (RegionLevel.TOWN, RegionLevel.DISTRICT, False),
    ],
)
def test_a_parent_region_is_at_a_higher_level(parent_level, level, allowed):
    """Regression: nothing kept regions nested by level, which permission scoping relies on.

    A province-level municipality may hold districts directly, so levels may be skipped.
    """
    region = Region(name="子区域", level=level, parent=factories.RegionFactory(level=parent_level))
    if allowed:
        region.full_clean()
        return
    assert refusals(region) == {
        "parent": ["The parent region must be at a higher level than this one."]
    }


@pytest.mark.django_db
def test_regions_cannot_form_a_cycle():
    province = factories.RegionFactory(level=RegionLevel.PROVINCE)
    city = factories.RegionFactory(level=RegionLevel.CITY, parent=province)
    province.parent = city

    with pytest.raises(ValidationError) as refused:
        province.full_clean()
    assert list(refused.value.message_dict) == ["parent"]


@pytest.mark.django_db
def test_same_name_is_allowed_under_different_parents():
    hangzhou = factories.RegionFactory(name="杭州市", level=RegionLevel.CITY)
    guangyuan = factories.RegionFactory(name="广元市", level=RegionLevel.CITY)
    factories.RegionFactory(name="新区", parent=hangzhou)
    Region(name="新区", level=RegionLevel.DISTRICT, parent=guangyuan).full_clean()


@pytest.mark.django_db
def test_regions_without_a_code_do_not_collide():
    factories.RegionFactory(code="")
    factories.RegionFactory.build(code="").full_clean()


@pytest.mark.django_db
def test_one_indicator_may_have_a_pairing_figure_and_program_figures_in_one_year():
    """The two partial unique constraints on Outcome must not refuse each other's rows."""
    pairing_figure = factories.OutcomeFactory()
    indicator, pairing = pairing_figure.indicator, pairing_figure.pairing
    for program in factories.ProgramFactory.create_batch(2, pairing=pairing):
        outcome = factories.OutcomeFactory.build(
            pairing=pairing, indicator=indicator, program=program
        )
        outcome.full_clean()
        outcome.save()
    assert Outcome.objects.filter(pairing=pairing, indicator=indicator, year=2021).count() == 3


@pytest.mark.django_db
def test_the_same_figure_in_another_year_is_allowed():
    existing = factories.OutcomeFactory()
    factories.OutcomeFactory.build(
        pairing=existing.pairing, indicator=existing.indicator, year=2022
    ).full_clean()


# Every foreign key from a pairing's record to another pairing-scoped record.
LINKS = {
    f"{model._meta.label}.{field.name}": (model, field)
    for model in project_models()
    if issubclass(model, PairingRecord)
    for field in model._meta.concrete_fields
    if field.many_to_one
    and field.name != "pairing"
    and issubclass(field.related_model, PairingRecord)
}


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), LINKS.values(), ids=LINKS)
def test_a_record_links_only_to_records_of_its_own_pairing(model, field):
    """Regression: an event could name another pairing's program, crossing scopes and figures."""
    record = FACTORIES[model]()
    setattr(record, field.name, FACTORIES[field.related_model]())

    assert refusals(record) == {field.name: ["This belongs to another pairing."]}

    setattr(record, field.name, FACTORIES[field.related_model](pairing=record.pairing))
    record.full_clean()


MOVED_AWAY = (
    "Records of the current pairing are linked to this one: unlink them before moving it to "
    "another pairing."
)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "field"), LINKS.values(), ids=LINKS)
def test_a_linked_record_cannot_move_to_another_pairing(model, field):
    """Regression: moving a program left its events pointing into another pairing."""
    linked = FACTORIES[field.related_model]()
    FACTORIES[model](pairing=linked.pairing, **{field.name: linked})
    linked.pairing = factories.PairingFactory()

    assert refusals(linked) == {"pairing": [MOVED_AWAY]}


@pytest.mark.django_db
def test_programs_and_agreements_linked_many_to_many_stay_in_one_pairing():
    program = factories.ProgramFactory()
    agreement = factories.AgreementFactory(pairing=program.pairing)
    program.agreements.set([agreement])

    for record in (program, agreement):
        record.pairing = factories.PairingFactory()
        assert refusals(record) == {"pairing": [MOVED_AWAY]}


@pytest.mark.django_db
def test_an_unlinked_record_moves_and_an_unmoved_one_costs_one_query(
    django_assert_num_queries,
):
    program = factories.ProgramFactory()
    factories.EventFactory(pairing=program.pairing, program=program)

    with django_assert_num_queries(1):
        program.moves_away_from_its_links()
    lone = factories.ProgramFactory()
    lone.pairing = factories.PairingFactory()
    lone.full_clean()


# A single-field natural key declared with ``unique=True`` carries Django's own message.
DUPLICATES = {
    "cooperation.Indicator.code": lambda: factories.IndicatorFactory.build(
        code=factories.IndicatorFactory().code
    ),
    "cooperation.Official.user": lambda: factories.OfficialFactory.build(
        user=factories.OfficialFactory().user, region=factories.RegionFactory()
    ),
}
UNIQUE_FIELDS = {
    f"{model._meta.label}.{field.name}": field
    for model in project_models()
    for field in model._meta.local_fields
    if field.unique and not field.primary_key
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(UNIQUE_FIELDS))
def test_unique_fields_refuse_duplicates_in_forms_and_the_database(name):
    field = UNIQUE_FIELDS[name]
    duplicate = build_case(DUPLICATES, name)

    with translation.override("en"):
        expected = (
            f"{capfirst(field.model._meta.verbose_name)} with this "
            f"{capfirst(field.verbose_name)} already exists."
        )
    assert refusals(duplicate) == {field.name: [expected]}
    with pytest.raises(IntegrityError), transaction.atomic():
        type(duplicate).objects.bulk_create([duplicate])


@pytest.mark.parametrize(
    ("constraint_name", "field_name"),
    [
        ("event_ends_after_start", "end_date"),
        ("event_participants_not_negative", "participants"),
        ("outcome_period_ends_after_start", "period_end"),
        ("outcome_value_not_negative", "value"),
        ("indicator_computed_names_computation", "computation"),
        ("pairing_since_year_plausible", "since_year"),
    ],
)
def test_a_check_constraint_is_filed_under_the_field_it_checks(constraint_name, field_name):
    """Regression: every check constraint's message came under no field, above the form."""
    [constraint] = [
        constraint
        for model in project_models()
        for constraint in model._meta.constraints
        if constraint.name == constraint_name
    ]

    assert checked_field(constraint) == field_name


@pytest.mark.django_db
def test_two_regions_are_paired_once_whichever_helps():
    """Regression: 朝天区 → 滨江区 was accepted beside 滨江区 → 朝天区."""
    pairing = factories.PairingFactory()
    reversed_pairing = factories.PairingFactory.build(
        eastern_region=pairing.western_region, western_region=pairing.eastern_region
    )

    assert refusals(reversed_pairing) == {
        "eastern_region": ["These two regions are already paired, the other one helping this one."]
    }
    pairing.full_clean()


@pytest.mark.django_db
def test_a_pairing_joins_regions_of_one_level():
    """Regression: a province could be paired with a district."""
    province = factories.RegionFactory(level=RegionLevel.PROVINCE)
    pairing = factories.PairingFactory.build(
        eastern_region=province, western_region=factories.RegionFactory()
    )

    assert list(refusals(pairing)) == ["western_region"]
