"""Sheets as offices write them are read, and what the portal writes opens safely and by name."""

import csv
import io
import shutil
import subprocess
import zipfile
import zoneinfo
from urllib.parse import quote

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from cooperation.core.sheets import (
    CSVSheet,
    ODSSheet,
    UnreadableSheet,
    XLSXSheet,
    safe_cell,
)
from programs.models import Event
from tests import factories

EVENT_PERMISSIONS = ("programs.view_event", "programs.add_event", "programs.change_event")
HEADERS = ["结对关系", "类型", "标题", "开始日期", "参加人数（人次）"]
FORMATS = {"xlsx": "0", "csv": "1", "ods": "2"}  # as the admin's forms offer them
FORMULAS = ['=HYPERLINK("http://example.invalid","点我")', "@SUM(1)", "+1+1", "-2+3", "\tTab"]


@pytest.fixture
def pairing(binjiang_chaotian):
    return binjiang_chaotian


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *EVENT_PERMISSIONS)


@pytest.fixture
def official_client(client, official):
    client.force_login(official)
    return client


def rows_of(pairing):
    return [
        [str(pairing), "讲座", "乡村振兴战略背景下的美丽乡村建设", "2021-10-12", "120"],
        [str(pairing), "培训班", "教师培训班（第一期）", "2021/11/03", "45"],
    ]


def csv_text(pairing, delimiter=",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADERS)
    writer.writerows(rows_of(pairing))
    return buffer.getvalue()


# What Chinese Excel and WPS save: "CSV" in the local code page (GBK, or GB18030), "CSV UTF-8"
# with a byte-order mark, and "Unicode text", UTF-16 with a BOM and tabs between the cells.
ENCODED = {
    "utf-8": lambda pairing: csv_text(pairing).encode("utf-8"),
    "utf-8 with BOM": lambda pairing: csv_text(pairing).encode("utf-8-sig"),
    "gbk": lambda pairing: csv_text(pairing).encode("gbk"),
    "gb18030": lambda pairing: csv_text(pairing).encode("gb18030"),
    "utf-16": lambda pairing: csv_text(pairing, delimiter="\t").encode("utf-16"),
    "utf-16 without BOM": lambda pairing: csv_text(pairing).encode("utf-16-le"),
}


def upload(client, content: bytes, format_name: str, language="zh-hans"):
    sheet = SimpleUploadedFile(f"活动.{format_name}", content)
    return client.post(
        reverse("admin:programs_event_import"),
        {"format": FORMATS[format_name], "resource": "0", "import_file": sheet},
        HTTP_ACCEPT_LANGUAGE=language,
    )


def confirm(client, preview):
    return client.post(
        reverse("admin:programs_event_process_import"), preview.context["confirm_form"].initial
    )


def assert_imports_both_events(client, preview):
    assert preview.status_code == 200
    assert "confirm_form" in preview.context, preview.context["form"].errors
    assert confirm(client, preview).status_code == 302
    assert sorted(Event.objects.values_list("title", "participants")) == [
        ("乡村振兴战略背景下的美丽乡村建设", 120),
        ("教师培训班（第一期）", 45),
    ]


@pytest.mark.parametrize("encoding", ENCODED)
def test_a_csv_file_imports_in_every_encoding_offices_save(official_client, pairing, encoding):
    """Regression: GBK, GB18030 and UTF-16 files were refused with a UnicodeDecodeError."""
    preview = upload(official_client, ENCODED[encoding](pairing), "csv")

    assert_imports_both_events(official_client, preview)


def test_an_xlsx_file_with_a_wrong_used_range_and_empty_rows_imports(official_client, pairing):
    """Some programs record the used range as A1:A1 and leave formatted empty rows behind."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append([*HEADERS, None, None])
    for row in rows_of(pairing):
        sheet.append(row)
    sheet.append([None] * 7)
    sheet["C10"].number_format = "@"  # an empty but formatted cell, as LibreOffice keeps
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue().replace(b'<dimension ref="A1:G10"/>', b'<dimension ref="A1"/>')

    assert_imports_both_events(official_client, upload(official_client, content, "xlsx"))


def libreoffice_converts(csv_bytes: bytes, target: str, tmp_path) -> bytes:
    """Have LibreOffice open a UTF-8 CSV file and save it as ``target`` (xlsx or ods)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    source = tmp_path / "活动.csv"
    source.write_bytes(csv_bytes)
    filters = {"xlsx": "xlsx:Calc Office Open XML", "ods": "ods"}
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--infilter=CSV:44,34,76,1",
            "--convert-to",
            filters[target],
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return (tmp_path / f"活动.{target}").read_bytes()


@pytest.mark.parametrize("target", ["xlsx", "ods"])
def test_a_workbook_saved_by_libreoffice_imports(official_client, pairing, target, tmp_path):
    content = libreoffice_converts(csv_text(pairing).encode("utf-8"), target, tmp_path)

    assert_imports_both_events(official_client, upload(official_client, content, target))


def test_ods_cells_repeated_or_left_empty_keep_their_columns(pairing):
    """LibreOffice writes equal neighbouring cells once, with their number; so are rows."""
    dataset = tablib.Dataset(headers=["标题", "类型", "备注", "参与人次"])
    dataset.append(["讲座", "讲座", "", 1154])
    dataset.append(["讲座", "讲座", "", 1154])
    content = dataset.export("ods")

    read = ODSSheet().create_dataset(content)

    assert read.headers == ["标题", "类型", "备注", "参与人次"]
    assert [list(row) for row in read] == [["讲座", "讲座", None, 1154]] * 2


@pytest.mark.parametrize(
    ("format_name", "content"),
    [
        ("csv", bytes(range(256)) * 8),
        ("xlsx", "标题\n讲座\n".encode("gbk")),
        ("ods", b"PK\x03\x04 not really a zip"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_naming_what_is_accepted(
    official_client, format_name, content
):
    response = upload(official_client, content, format_name)

    [message] = response.context["form"].errors["import_file"]
    assert "无法" in message and "GBK" in message and ".xlsx" in message and ".ods" in message
    assert "UnicodeDecodeError" not in message and "Error" not in message
    with translation.override("en"):
        response = upload(official_client, content, format_name, language="en")
        [message] = response.context["form"].errors["import_file"]
        assert message.startswith("This file could not be read")
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "reader", [CSVSheet().create_dataset, XLSXSheet().create_dataset, ODSSheet().create_dataset]
)
def test_every_reader_refuses_with_its_own_error(reader):
    with pytest.raises(UnreadableSheet):
        reader(b"\x00\xff\xfe garbage \x81")


# Counting a sheet's rows


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ENCODED)
def test_a_csv_files_rows_are_counted_in_every_encoding(pairing, encoding):
    content = ENCODED[encoding](pairing)

    assert CSVSheet().count_rows(content, most=10) == 2


def test_empty_lines_of_a_csv_file_are_not_counted(pairing):
    content = f"{csv_text(pairing)},,,,\r\n\r\n".encode()

    assert CSVSheet().count_rows(content, most=10) == 2


def test_an_xlsx_files_rows_are_counted_whatever_its_used_range_says(pairing):
    workbook = openpyxl.Workbook()
    workbook.active.append(HEADERS)
    for row in rows_of(pairing):
        workbook.active.append(row)
    workbook.active["C10"].number_format = "@"  # an empty but formatted cell
    content = workbook_bytes(workbook).replace(
        b'<dimension ref="A1:E10"/>', b'<dimension ref="A1"/>'
    )

    assert XLSXSheet().count_rows(content, most=10) == 2


@pytest.mark.parametrize("target", ["xlsx", "ods"])
def test_rows_of_a_workbook_saved_by_libreoffice_are_counted(pairing, target, tmp_path):
    content = libreoffice_converts(csv_text(pairing).encode("utf-8"), target, tmp_path)

    assert {"xlsx": XLSXSheet, "ods": ODSSheet}[target]().count_rows(content, most=10) == 2


def test_ods_rows_repeated_are_counted_each(pairing):
    """LibreOffice writes equal rows one after another once, with their number."""
    dataset = tablib.Dataset(headers=HEADERS)
    dataset.append(rows_of(pairing)[0])
    row = b'<table:table-row table:style-name="None">'
    content = rewritten(
        dataset.export("ods"),
        "content.xml",
        lambda xml: xml.replace(row, row[:-1] + b' table:number-rows-repeated="3">'),
    )

    assert ODSSheet().count_rows(content, most=10) == 3
    assert len(ODSSheet().create_dataset(content)) == 3


def rewritten(book: bytes, member: str, change) -> bytes:
    """Return a copy of the zip ``book`` with ``member`` passed through ``change``."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as source, zipfile.ZipFile(out, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            copy.writestr(item, change(data) if item.filename == member else data)
    return out.getvalue()


def cut_after(data: bytes, end_tag: bytes, count: int) -> bytes:
    """Cut ``data`` after the ``count``-th ``end_tag``, leaving the rest of it broken."""
    position = 0
    for _ in range(count):
        position = data.index(end_tag, position) + len(end_tag)
    return data[:position] + b"<broken"


@pytest.mark.parametrize(
    ("sheet", "member", "end_tag"),
    [
        (XLSXSheet(), "xl/worksheets/sheet1.xml", b"</row>"),
        (ODSSheet(), "content.xml", b"</table:table-row>"),
    ],
)
def test_counting_reads_no_row_past_the_one_it_stops_at(sheet, member, end_tag):
    """A sheet of any length is counted up to a limit at the cost of that many rows."""
    dataset = tablib.Dataset(headers=["标题"])
    for number in range(10):
        dataset.append([f"讲座{number}"])
    content = rewritten(
        dataset.export(sheet.get_extension()), member, lambda xml: cut_after(xml, end_tag, 4)
    )

    assert sheet.count_rows(content, most=2) == 3
    with pytest.raises(UnreadableSheet):  # reading on finds the broken rest
        sheet.count_rows(content, most=10)


@pytest.mark.parametrize("value", FORMULAS)
def test_a_formula_cell_is_escaped(value):
    assert safe_cell(value) == f"'{value}"


@pytest.mark.parametrize("value", ["讲座", "1154", 1154, None, "a=b", ""])
def test_other_cells_are_left_as_they_are(value):
    assert safe_cell(value) == value


def export(client, format_name: str):
    response = client.post(
        reverse("admin:programs_event_export"),
        {"format": FORMATS[format_name], "resource": "0"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200
    return response


def exported_titles(response, format_name: str) -> list:
    if format_name == "csv":
        rows = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
        return [row["标题"] for row in rows]
    if format_name == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in sheet[1]]
        column = header.index("标题")
        return [row[column].value for row in sheet.iter_rows(min_row=2)]
    dataset = ODSSheet().create_dataset(response.content)
    return list(dataset["标题"])


@pytest.mark.parametrize("format_name", FORMATS)
def test_an_exported_formula_is_written_as_text(official_client, pairing, format_name):
    """Regression: an event titled =HYPERLINK(…) was written as a live formula."""
    for title in FORMULAS:
        factories.EventFactory(pairing=pairing, title=title)

    response = export(official_client, format_name)

    titles = exported_titles(response, format_name)
    if format_name == "ods":  # the reader takes the escape off again, as for an import
        assert sorted(titles) == sorted(FORMULAS)
    else:
        assert sorted(titles) == sorted(f"'{title}" for title in FORMULAS)
    if format_name == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_exported_formula_imports_back_unchanged(official_client, pairing):
    for title in FORMULAS:
        factories.EventFactory(pairing=pairing, title=title)

    for format_name in FORMATS:
        preview = upload(official_client, export(official_client, format_name).content, format_name)
        result = preview.context["result"]
        assert not result.has_errors() and not result.has_validation_errors(), format_name
        assert [row.import_type for row in result.rows] == ["skip"] * len(FORMULAS), format_name


def test_a_csv_export_starts_with_a_byte_order_mark(official_client, pairing):
    """Regression: without it, Chinese Excel read the admin's CSV as GBK and garbled it."""
    factories.EventFactory(pairing=pairing, title="讲座")

    assert export(official_client, "csv").content.startswith("\ufeff".encode())


def test_the_api_csv_escapes_formulas_as_the_admin_does(client, pairing):
    factories.EventFactory(pairing=pairing, title="=1+1", status="published")

    response = client.get(reverse("api:events-list"), {"format": "csv"})

    [row] = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert row["title"] == safe_cell("=1+1") == "'=1+1"


@pytest.mark.parametrize(("language", "name"), [("zh-hans", "活动"), ("en", "Events")])
@pytest.mark.parametrize("format_name", FORMATS)
def test_an_export_is_named_in_the_users_language_with_the_day_in_china(
    official_client, pairing, language, name, format_name
):
    """Regression: files were called Event-<UTC date>.xlsx, a day behind before 08:00."""
    factories.EventFactory(pairing=pairing)

    with timezone.override("UTC"):  # whoever's clock is active, the day is China's
        response = official_client.post(
            reverse("admin:programs_event_export"),
            {"format": FORMATS[format_name], "resource": "0"},
            HTTP_ACCEPT_LANGUAGE=language,
        )
    disposition = response["Content-Disposition"]

    today = timezone.localdate(timezone=zoneinfo.ZoneInfo("Asia/Shanghai"))
    expected = f"{name}-{today.isoformat()}.{format_name}"
    assert disposition.startswith("attachment;")
    if name.isascii():
        assert f'filename="{expected}"' in disposition
    else:
        assert f"filename*=utf-8''{quote(expected)}" in disposition


@pytest.mark.parametrize(
    ("model", "make", "column", "text"),
    [
        ("region", lambda: factories.RegionFactory(name="朝天区"), "名称", "朝天区"),
        (
            "pairing",
            lambda: factories.PairingFactory(
                eastern_region=factories.RegionFactory(name="滨江区"),
                western_region=factories.RegionFactory(name="朝天区"),
            ),
            "东部地区（帮扶方）",
            "滨江区",
        ),
        (
            "indicator",
            lambda: factories.IndicatorFactory(code="cadres-trained", name="培训干部"),
            "名称",
            "培训干部",
        ),
    ],
)
def test_regions_pairings_and_indicators_are_exported(superuser, client, model, make, column, text):
    make()
    client.force_login(superuser)

    response = client.post(
        reverse(f"admin:cooperation_{model}_export"),
        {"format": FORMATS["csv"], "resource": "0"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert text in [row[column] for row in rows]


def test_every_error_of_every_row_is_shown_by_its_row_and_column(official_client, pairing):
    """Regression: text in a number column read "行号: 2 - [<class 'decimal.ConversionSyntax'>]",
    named no column, hid the row's other errors and the next rows', and "行 2" was row 3."""
    content = "\n".join(
        [
            ",".join(HEADERS),
            f"{pairing},讲座,讲座甲,2021-10-12,80",
            f"{pairing},座谈,讲座乙,2021-13-45,很多",
            f"{pairing},讲座,,2021-10-12,",
        ]
    ).encode("gbk")

    response = upload(official_client, content, "csv")

    errors = {
        (error.row, error.column, error.value): error.reason
        for error in response.context["result"].cell_errors
    }
    assert errors == {
        (3, "类型", "座谈"): errors[(3, "类型", "座谈")],
        (3, "开始日期", "2021-13-45"): "日期请按 2021-10-12 的格式填写。",
        (3, "参加人数（人次）", "很多"): "“很多”不是数字；请写成 600 或 12.5 的形式。",
        (4, "标题", ""): "此字段不能为空。",
    }
    assert errors[(3, "类型", "座谈")].startswith("“座谈”不是可选值之一")
    page = response.content.decode()
    assert "某些行的数据验证失败" in page and "某些行验数据证失败" not in page
    assert 'id="cell-errors"' in page and "None" not in page
    assert not Event.objects.exists()
