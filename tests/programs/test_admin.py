"""Events are entered in the admin and imported from the Excel sheets officials keep."""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from cooperation.core.models import Program, RecordStatus
from programs.models import Event, EventSpeaker
from tests import factories

EVENT_PERMISSIONS = (
    "programs.view_event",
    "programs.add_event",
    "programs.change_event",
    "cooperation.view_pairing",
    "talent.view_person",
)
XLSX = "0"  # the first format offered, so the one officials get by default

ADD = reverse("admin:programs_event_add")
IMPORT = reverse("admin:programs_event_import")


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *EVENT_PERMISSIONS)


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def event_form(pairing, **fields) -> dict:
    return {
        "pairing": pairing.pk,
        "kind": "lecture",
        "title": "乡村振兴战略背景下的美丽乡村建设",
        "start_date": "2021-10-12",
        "date_precision": "day",
        "speaker_links-TOTAL_FORMS": 0,
        "speaker_links-INITIAL_FORMS": 0,
        **fields,
    }


def test_end_before_start_shows_the_constraint_message(official_client, pairing):
    response = official_client.post(ADD, event_form(pairing, end_date="2021-10-01"))

    assert response.status_code == 200
    assert not Event.objects.exists()
    with translation.override("en"):
        assert "The end date cannot be before the start date." in response.content.decode()


def test_official_adds_an_event_with_its_speaker(official_client, official, pairing):
    speaker = factories.PersonFactory(name="娄火明")
    data = event_form(
        pairing,
        **{
            "speaker_links-TOTAL_FORMS": 1,
            "speaker_links-0-person": speaker.pk,
            "speaker_links-0-topic": "美丽乡村建设",
        },
    )

    response = official_client.post(ADD, data)

    assert response.status_code == 302
    event = Event.objects.get()
    assert event.created_by == official
    assert EventSpeaker.objects.get(event=event).person == speaker


def test_event_form_offers_the_programs_of_the_officials_pairing_only(official_client, pairing):
    """Regression: officials without view_program saw no program, so saving cleared it."""
    program = factories.ProgramFactory(pairing=pairing)
    factories.ProgramFactory()
    event = factories.EventFactory(pairing=pairing, program=program)

    response = official_client.get(reverse("admin:programs_event_change", args=[event.pk]))

    field = response.context["adminform"].form["program"]
    assert list(field.field.queryset) == [program]
    assert f'<option value="{program.pk}" selected>' in str(field)


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes):
    """Send a sheet to the import page; return the preview response."""
    sheet = SimpleUploadedFile("events.xlsx", content)
    return client.post(IMPORT, {"format": XLSX, "resource": "0", "import_file": sheet})


def confirm(client, preview):
    form = preview.context["confirm_form"]
    url = reverse("admin:programs_event_process_import")
    return client.post(url, form.initial)


def export_xlsx(client) -> openpyxl.Workbook:
    response = client.post(
        reverse("admin:programs_event_export"), {"format": XLSX, "resource": "0"}
    )
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def sheet_for(pairing, *rows) -> bytes:
    """Build the kind of sheet an official keeps: English headers, names, typed dates."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Pairing", "Kind", "Title", "Start date", "End date", "Participants"])
    for row in rows:
        sheet.append([str(pairing), *row])
    return workbook_bytes(workbook)


def test_xlsx_round_trip_updates_changed_rows_and_adds_new_ones(official_client, official, pairing):
    lecture = factories.EventFactory(pairing=pairing, participants=80)
    factories.EventFactory(pairing=pairing)

    workbook = export_xlsx(official_client)
    sheet = workbook.active
    column = {cell.value: index for index, cell in enumerate(sheet[1])}
    assert not {"Status", "Review comment", "Created by"} & set(column)
    rows = {row[column["ID"]].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows[lecture.pk][column["Pairing"]].value == "滨江区 → 朝天区"
    rows[lecture.pk][column["Participants (person-times)"]].value = 120
    sheet.append(
        {
            column["Pairing"] + 1: "滨江区 → 朝天区",
            column["Kind"] + 1: "training_class",
            column["Title"] + 1: "朝天区2021年中青年干部培训班",
            column["Start date"] + 1: datetime.datetime(2021, 10, 18),
            column["Dates known"] + 1: "month",
        }
    )

    preview = upload(official_client, workbook_bytes(workbook))
    assert preview.context["result"].totals == {
        "new": 1,
        "update": 1,
        "delete": 0,
        "skip": 1,
        "error": 0,
        "invalid": 0,
    }
    assert confirm(official_client, preview).status_code == 302

    lecture.refresh_from_db()
    assert (lecture.participants, lecture.updated_by) == (120, official)
    assert lecture.history.latest().history_user == official
    training = Event.objects.get(title="朝天区2021年中青年干部培训班")
    assert training.start_date == datetime.date(2021, 10, 18)
    assert (training.pairing, training.status, training.created_by) == (
        pairing,
        RecordStatus.DRAFT,
        official,
    )
    assert Event.objects.count() == 3


def test_a_bad_row_stops_the_whole_sheet(official_client, pairing):
    content = sheet_for(
        pairing,
        ["lecture", "讲座", "2021-10-12", None, 80],
        ["lecture", "另一讲座", "2021-10-12", "2021-10-01", 80],
    )

    preview = upload(official_client, content)

    assert "confirm_form" not in preview.context
    [invalid] = preview.context["result"].invalid_rows
    assert invalid.number == 2
    with translation.override("en"):
        assert "The end date cannot be before the start date." in str(invalid.error)
    assert not Event.objects.exists()


def test_a_row_that_turns_bad_before_confirmation_rolls_the_sheet_back(official_client, pairing):
    content = sheet_for(
        pairing,
        ["lecture", "讲座", "2021-10-12", None, 80],
        ["lecture", "另一讲座", "2021/10/13", None, 80],
    )
    preview = upload(official_client, content)
    factories.EventFactory(pairing=pairing, title="另一讲座", start_date="2021-10-13")

    confirm(official_client, preview)

    assert list(Event.objects.values_list("title", flat=True)) == ["另一讲座"]


def test_rows_of_another_pairing_are_refused(official_client, pairing):
    theirs = factories.PairingFactory()
    other_event = factories.EventFactory(pairing=theirs)
    workbook = openpyxl.Workbook()
    workbook.active.append(["ID", "Pairing", "Kind", "Title", "Start date"])
    workbook.active.append([None, str(theirs), "lecture", "讲座", "2021-10-12"])
    workbook.active.append([other_event.pk, str(pairing), "lecture", "讲座", "2021-10-12"])

    preview = upload(official_client, workbook_bytes(workbook))

    first, second = preview.context["result"].invalid_rows
    assert "Pairing" in first.field_specific_errors
    assert f"There is no record with ID {other_event.pk}" in str(second.error)
    assert Event.objects.get() == other_event


def test_export_holds_only_the_officials_records(official_client, pairing):
    ours = factories.EventFactory(pairing=pairing)
    factories.EventFactory()

    sheet = export_xlsx(official_client).active

    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [ours.pk]


def test_a_program_cannot_run_under_another_pairings_agreement(admin_client, pairing):
    own = factories.AgreementFactory(pairing=pairing)
    foreign = factories.AgreementFactory()
    data = {"pairing": pairing.pk, "name": "人才交流", "category": "talent"}

    refused = admin_client.post(
        reverse("admin:cooperation_program_add"), {**data, "agreements": [own.pk, foreign.pk]}
    )
    accepted = admin_client.post(
        reverse("admin:cooperation_program_add"), {**data, "agreements": [own.pk]}
    )

    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors == {
        "agreements": ["请选择同一结对关系下的记录。"]
    }
    assert accepted.status_code == 302
    [program] = Program.objects.all()
    assert list(program.agreements.all()) == [own]


def test_an_event_sheet_may_name_kinds_and_precisions_by_their_labels(official_client, pairing):
    """Regression: "讲座", the kind as the admin shows it, was refused; only "lecture" was read."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Pairing", "类型", "Title", "Start date", "日期精度"])
    workbook.active.append([str(pairing), "讲座", "美丽乡村建设", "2021-10-12", "精确到日"])
    workbook.active.append([str(pairing), "Training class", "培训班", "2021-10-18", "To the month"])

    preview = upload(official_client, workbook_bytes(workbook))
    confirm(official_client, preview)

    assert set(Event.objects.values_list("title", "kind", "date_precision")) == {
        ("美丽乡村建设", "lecture", "day"),
        ("培训班", "training_class", "month"),
    }


def test_an_unknown_kind_is_refused_under_its_column_naming_the_kinds(official_client, pairing):
    content = sheet_for(pairing, ["seminar", "讲座", "2021-10-12", None, 80])

    preview = upload(official_client, content)

    [invalid] = preview.context["result"].invalid_rows
    with translation.override("en"):
        assert invalid.field_specific_errors == {
            "Kind": [
                "“seminar” is not one of the choices: “Lecture”, “Training class”, "
                "“Demonstration class”, “Site teaching or visit”, “Free clinic”, "
                "“Donation drive” or “Other”."
            ]
        }
    assert not Event.objects.exists()


def test_a_chinese_xlsx_export_says_what_the_admin_says_and_imports_back_unchanged(
    client, official, pairing
):
    """Regression: an export wrote "lecture" where the admin, in Chinese, says 讲座."""
    factories.EventFactory(pairing=pairing, kind="free_clinic", date_precision="month")
    factories.EventFactory(pairing=pairing)
    client.force_login(official)

    workbook = export_xlsx(client)

    sheet = workbook.active
    column = {cell.value: index for index, cell in enumerate(sheet[1])}
    cells = [(row[column["类型"]], row[column["日期精度"]]) for row in sheet.values][1:]
    assert sorted(cells) == [("义诊", "精确到月"), ("讲座", "精确到日")]
    preview = upload(client, workbook_bytes(workbook))
    assert preview.context["result"].totals["skip"] == 2
    assert preview.context["result"].totals["update"] == 0
