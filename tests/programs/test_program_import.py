"""Programs, agreements and targets come from the officials' Excel sheets too."""

import decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from cooperation.core.models import Agreement, Program, RecordStatus, Target
from cooperation.core.resources import AgreementResource, TargetResource
from programs.resources import ProgramResource
from tests import factories
from tests.sheets import row_errors, run_import

PROGRAM_HEADERS = ["Pairing", "Name", "Category", "Part of", "Agreements"]


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(
        pairing.western_region, "cooperation.add_program", "cooperation.change_program"
    )


def test_a_program_names_its_parent_and_agreements(official, pairing):
    health = factories.AgreementFactory(pairing=pairing, title="医疗卫生合作协议")
    education = factories.AgreementFactory(pairing=pairing, title="教育合作协议")
    parent = factories.ProgramFactory(pairing=pairing, name="人才交流")

    result = run_import(
        ProgramResource(user=official),
        PROGRAM_HEADERS,
        [str(pairing), "三大体系", "talent", "人才交流", "医疗卫生合作协议；教育合作协议"],
    )

    assert not result.has_errors() and not result.has_validation_errors()
    program = Program.objects.get(name="三大体系")
    assert (program.parent, program.status, program.created_by) == (
        parent,
        RecordStatus.DRAFT,
        official,
    )
    assert set(program.agreements.all()) == {health, education}


@pytest.mark.parametrize(
    ("importer", "refusal"),
    [
        # An official does not even see another pairing's agreements.
        ("official", "There is no agreement “他区协议” that you may use."),
        ("superuser", "Choose a record of the same pairing."),
    ],
)
def test_another_pairings_agreement_stops_the_sheet(request, pairing, importer, refusal):
    factories.AgreementFactory(title="他区协议")
    with translation.override("en"):
        resource = ProgramResource(user=request.getfixturevalue(importer))

    result = run_import(
        resource, PROGRAM_HEADERS, [str(pairing), "三大体系", "talent", None, "他区协议"]
    )

    assert row_errors(result) == [{"Agreements": [refusal]}]
    assert not Program.objects.exists()


def test_an_exported_program_sheet_imports_back_unchanged(official, pairing):
    program = factories.ProgramFactory(pairing=pairing)
    program.agreements.set(
        [
            factories.AgreementFactory(pairing=pairing, title="协议甲"),
            factories.AgreementFactory(pairing=pairing, title="协议乙"),
        ]
    )
    with translation.override("en"):
        sheet = ProgramResource(user=official).export()

    assert set(sheet.dict[0]["Agreements"].split("；")) == {"协议甲", "协议乙"}
    result = ProgramResource(user=official).import_data(sheet)
    assert [row.import_type for row in result.rows] == ["skip"]


def test_agreements_import_without_their_document(official_of, pairing):
    official = official_of(pairing.western_region, "cooperation.add_agreement")

    result = run_import(
        AgreementResource(user=official),
        ["Pairing", "Kind", "Title", "Signed on"],
        [str(pairing), "health", "医疗卫生合作协议", "2021年5月1日"],
    )

    assert not result.has_errors() and not result.has_validation_errors()
    agreement = Agreement.objects.get()
    assert (agreement.title, str(agreement.signed_on), agreement.document.name) == (
        "医疗卫生合作协议",
        "2021-05-01",
        "",
    )
    assert "document" not in AgreementResource().fields


def test_targets_import_by_indicator_code(official_of, pairing):
    official = official_of(pairing.western_region, "cooperation.add_target")
    indicator = factories.IndicatorFactory(code="cadre-trainings")
    with translation.override("zh-hans"):
        resource = TargetResource(user=official)

    result = run_import(
        resource,
        ["Pairing", "Indicator", "Year", "Target value"],
        [str(pairing), "cadre-trainings", 2021, "600"],
        [str(pairing), "cadre-trainings", 2022, "-1"],
    )

    [errors] = row_errors(result)
    assert errors == {"目标值": ["A value cannot be negative."]}
    assert not Target.objects.exists()
    result = run_import(
        TargetResource(user=official),
        ["Pairing", "Indicator", "Year", "Target value"],
        [str(pairing), "cadre-trainings", 2021, "600"],
    )
    assert not result.has_validation_errors()
    target = Target.objects.get()
    assert (target.indicator, target.year, target.value) == (indicator, 2021, decimal.Decimal(600))


def test_exporting_programs_costs_the_same_queries_at_any_count(official, pairing):
    def add_program():
        program = factories.ProgramFactory(pairing=pairing)
        program.agreements.set(factories.AgreementFactory.create_batch(2, pairing=pairing))

    def export_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            ProgramResource(user=official).export()
        return len(queries)

    add_program()
    export_queries()  # the first export also reads the user's permissions, once
    one_program = export_queries()
    add_program()
    add_program()

    assert export_queries() == one_program
