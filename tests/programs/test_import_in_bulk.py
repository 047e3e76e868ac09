"""A sheet is imported in bulk: its names looked up once, its new rows saved in a few queries."""

import datetime

import pytest
import tablib
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from programs.models import Event
from programs.resources import EventResource
from tests import factories

HEADERS = ["Pairing", "Program", "Kind", "Title", "Start date", "Participants", "Venue"]


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(
        pairing.western_region, "programs.view_event", "programs.add_event", "programs.change_event"
    )


@pytest.fixture
def names(pairing):
    factories.ProgramFactory(pairing=pairing, name="三大体系")
    factories.OrganizationFactory(name="朝天区实验小学")


def sheet(pairing, count: int, tag: str = "讲座") -> tablib.Dataset:
    dataset = tablib.Dataset(headers=HEADERS)
    for number in range(count):
        dataset.append(
            [
                str(pairing),
                "三大体系",
                "lecture",
                f"{tag}{number}",
                datetime.date(2021, 10, 1 + number % 28),
                number,
                "朝天区实验小学",
            ]
        )
    return dataset


def import_sheet(official, dataset, *, background=False):
    resource = EventResource(user=official)
    if background:
        resource.without_preview()
    with translation.override("en"):
        return resource.import_data(
            dataset, use_transactions=True, rollback_on_validation_errors=True
        )


@pytest.mark.parametrize("background", [False, True], ids=["preview", "background"])
def test_an_import_costs_the_same_queries_at_any_number_of_rows(
    official, pairing, names, background
):
    def queries(count: int, tag: str) -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            result = import_sheet(official, sheet(pairing, count, tag), background=background)
        assert not result.has_errors() and not result.has_validation_errors()
        return [query["sql"] for query in captured.captured_queries]

    queries(1, "warm")  # the first import also reads the user's permissions, once
    few = queries(3, "few")
    # Few enough rows for one insert of their history rows within SQLite's 999 parameters.
    many = queries(20, "many")

    assert len(many) == len(few), "\n\n".join(many)
    assert Event.objects.count() == 24


def test_rows_saved_in_bulk_carry_their_author_and_history(official, pairing, names):
    result = import_sheet(official, sheet(pairing, 3), background=True)

    assert result.totals["new"] == 3
    events = Event.objects.select_related("program", "venue").order_by("title")
    assert [(event.title, event.program.name, event.venue.name) for event in events] == [
        (f"讲座{number}", "三大体系", "朝天区实验小学") for number in range(3)
    ]
    assert {(event.created_by, event.updated_by) for event in events} == {(official, official)}
    history = Event.history.order_by("title")
    assert [(row.title, row.history_type, row.history_user) for row in history] == [
        (f"讲座{number}", "+", official) for number in range(3)
    ]


def test_a_row_breaking_a_database_constraint_is_named_and_nothing_is_saved(
    official, pairing, names
):
    """The bulk save leaves uniqueness to the database; its refusal still names the row."""
    factories.EventFactory(pairing=pairing, title="讲座1", start_date=datetime.date(2021, 10, 2))

    result = import_sheet(official, sheet(pairing, 3), background=True)

    [invalid] = result.invalid_rows
    assert invalid.number == 2
    assert Event.objects.count() == 1


def test_an_unchanged_row_is_skipped_without_a_preview(official, pairing, names):
    """Regression guard: re-importing an exported sheet must not save (or re-review) a row."""
    import_sheet(official, sheet(pairing, 2))
    dataset = EventResource(user=official).export()

    result = import_sheet(official, dataset, background=True)

    assert (result.totals["skip"], result.totals["update"], result.totals["new"]) == (2, 0, 0)
    assert Event.history.count() == 2


def test_each_distinct_cell_of_a_column_is_read_once_per_file(official, pairing, names):
    resource = EventResource(user=official)
    venue = resource.fields["venue"].widget
    read = []
    clean = venue.clean
    venue.clean = lambda value, row=None, **kwargs: read.append(value) or clean(value, row)

    with translation.override("en"):
        result = resource.import_data(sheet(pairing, 5), rollback_on_validation_errors=True)

    assert result.totals["new"] == 5
    assert read == ["朝天区实验小学"]


def test_a_refused_cell_repeated_on_every_row_is_named_on_every_row(official, pairing, names):
    """Read once, refused once: the refusal is still each row's own error."""
    dataset = tablib.Dataset(headers=HEADERS)
    for row in sheet(pairing, 3):
        dataset.append([*row[:4], datetime.date(1990, 1, 1), row[5], "无此单位"])

    result = import_sheet(official, dataset, background=True)

    columns = [EventResource().fields[name].column_name for name in ("venue", "start_date")]
    errors = {(error.row, error.column) for error in result.cell_errors}
    assert errors == {(row, column) for row in (2, 3, 4) for column in columns}
    assert not Event.objects.exists()


def test_the_history_rows_of_rows_saved_in_bulk_hold_their_values(official, pairing, names):
    import_sheet(official, sheet(pairing, 3), background=True)

    fields = [field.attname for field in Event._meta.concrete_fields]
    rows = sorted(Event.objects.values_list(*fields))
    history = sorted(Event.history.values_list(*fields))
    assert history == rows
    stamps = set(Event.history.values_list("history_type", "history_user", "history_change_reason"))
    assert stamps == {("+", official.pk, "")}


def test_an_import_never_sets_the_ids_sequence_back(official, pairing, names):
    """New rows take their ids from the sequence; setting it back to the table's largest id
    would hand out again the ids an import running beside this one has taken."""
    with CaptureQueriesContext(connection) as captured:
        result = import_sheet(official, sheet(pairing, 2), background=True)

    assert result.totals["new"] == 2
    resets = [
        query["sql"]
        for query in captured.captured_queries
        if "setval" in query["sql"].lower() or "sqlite_sequence" in query["sql"].lower()
    ]
    assert resets == []
