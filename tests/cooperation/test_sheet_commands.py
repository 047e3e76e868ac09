"""export_records and import_records do from a shell what the admin's Export and Import do."""

import csv
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from cooperation.core.models import RecordStatus
from cooperation.core.selectors import open_revision
from programs.models import Event
from tests import factories

HEADERS = "结对关系,类型,标题,开始日期,参加人数（人次）"


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, "programs.add_event", "programs.change_event")


def write_gbk(tmp_path, *rows) -> str:
    path = tmp_path / "活动.csv"
    path.write_bytes("\r\n".join([HEADERS, *rows]).encode("gbk"))
    return str(path)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_export_records_writes_a_safe_csv(tmp_path, pairing):
    factories.EventFactory(pairing=pairing, title="=HYPERLINK(1)")
    path = tmp_path / "events.csv"

    run("export_records", "event", str(path), "--format", "csv")

    content = path.read_bytes()
    assert content.startswith("\ufeff".encode())
    [row] = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    assert row["标题"] == "'=HYPERLINK(1)"


def test_export_records_with_a_user_writes_only_what_they_may_view(tmp_path, pairing, official_of):
    viewer = official_of(pairing.western_region, "programs.view_event")
    factories.EventFactory(pairing=pairing, title="本区讲座")
    factories.EventFactory(title="他区讲座")
    path = tmp_path / "events.xlsx"

    run("export_records", "programs.event", str(path), "--user", viewer.username)

    workbook = openpyxl.load_workbook(path)
    header, *rows = workbook.active.iter_rows(values_only=True)
    titles = [row[header.index("标题")] for row in rows]
    assert titles == ["本区讲座"]


def test_import_records_saves_drafts_as_the_user(tmp_path, pairing, official):
    path = write_gbk(tmp_path, f"{pairing},讲座,讲座甲,2021-10-12,80")

    out, _err = run("import_records", "event", path, "--user", official.username)

    event = Event.objects.get()
    assert (event.title, event.status, event.created_by) == ("讲座甲", RecordStatus.DRAFT, official)
    assert "1" in out


def test_a_dry_run_saves_nothing(tmp_path, pairing, official):
    path = write_gbk(tmp_path, f"{pairing},讲座,讲座甲,2021-10-12,80")

    run("import_records", "event", path, "--user", official.username, "--dry-run")

    assert not Event.objects.exists()


def test_one_bad_row_imports_nothing_and_says_where(tmp_path, pairing, official):
    path = write_gbk(
        tmp_path,
        f"{pairing},讲座,讲座甲,2021-10-12,80",
        f"{pairing},讲座,讲座乙,2021-10-12,很多",
    )
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_records", "event", path, "--user", official.username, stderr=err)

    assert "参加人数（人次）" in err.getvalue() and "很多" in err.getvalue()
    assert "3" in err.getvalue()
    assert not Event.objects.exists()


def test_another_pairings_rows_are_refused(tmp_path, official):
    other = factories.PairingFactory()
    path = write_gbk(tmp_path, f"{other},讲座,讲座甲,2021-10-12,80")

    with pytest.raises(CommandError):
        run("import_records", "event", path, "--user", official.username)

    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"), [("活动.csv", bytes(range(256)) * 8), ("活动.xlsx", b"not a workbook")]
)
def test_an_unreadable_file_exits_non_zero_naming_what_is_read(tmp_path, official, name, content):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(CommandError, match="GBK"):
        run("import_records", "event", str(path), "--user", official.username)


def test_a_user_who_may_not_add_is_refused(tmp_path, pairing, official_of):
    viewer = official_of(pairing.western_region, "programs.view_event")
    path = write_gbk(tmp_path, f"{pairing},讲座,讲座甲,2021-10-12,80")

    with pytest.raises(CommandError):
        run("import_records", "event", path, "--user", viewer.username)

    assert not Event.objects.exists()


def test_an_unknown_kind_names_the_kinds(tmp_path, official):
    with pytest.raises(CommandError, match="event"):
        run("import_records", "visit", str(tmp_path / "x.csv"), "--user", official.username)


def test_a_change_of_a_published_record_needs_the_reason_and_waits_for_a_reviewer(
    tmp_path, pairing, official
):
    event = factories.EventFactory(pairing=pairing, title="讲座甲", status=RecordStatus.PUBLISHED)
    path = tmp_path / "活动.csv"
    path.write_text(f"ID,标题\r\n{event.pk},讲座乙\r\n", encoding="gbk")
    command = ("import_records", "event", str(path), "--user", official.username)

    with translation.override("en"):
        with pytest.raises(CommandError, match="changes 1 published record: say why with --reason"):
            run(*command, "--dry-run")
        out, _err = run(*command, "--reason", "标题写错了。")

    assert "1 published record changes: the public sees it as published until" in out
    event.refresh_from_db()
    assert (event.title, event.status) == ("讲座甲", RecordStatus.PUBLISHED)
    revision = open_revision(event)
    assert (revision.reason, revision.values["title"]) == ("标题写错了。", "讲座乙")
