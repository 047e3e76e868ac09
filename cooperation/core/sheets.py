"""Spreadsheet files as offices write and open them: how they are read, written and named.

Offices save CSV from Chinese Excel or WPS in GBK or GB18030, as UTF-8 with or without a
byte-order mark, or as UTF-16 ("Unicode text"), and workbooks from Excel, WPS and
LibreOffice; every one of them reads here. What the portal writes opens in Excel with
Chinese intact and never runs a cell as a formula, in the admin's sheets and the API's CSV
alike.
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime
import io
import itertools
import zipfile
from collections.abc import Iterable, Iterator
from typing import Any

import tablib
from charset_normalizer import from_bytes
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from import_export import results
from import_export.formats import base_formats

# Excel reads a CSV file as the local code page unless it starts with a byte-order mark.
BOM = "\ufeff"

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# What spreadsheet programs take as "text, not a formula" before a cell's value.
FORMULA_ESCAPE = "'"

# The encodings Chinese offices save text in, for the detector to choose among: guessing
# among every code page reads a short GBK file as Korean or Big5.
TEXT_ENCODINGS = ("utf_8", "gb18030", "utf_16_le", "utf_16_be")
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF8, "utf_8_sig"),
    (codecs.BOM_UTF16_LE, "utf_16"),
    (codecs.BOM_UTF16_BE, "utf_16"),
)


class UnreadableSheet(ValueError):
    """A file that is not a spreadsheet the portal reads."""


class SheetTooLarge(UnreadableSheet):
    """A file larger, or a sheet longer, than the portal imports at a time."""


def accepted_files() -> str:
    """Say, in the user's language, which files the portal reads."""
    return _(
        "The portal reads Excel workbooks (.xlsx) saved by Excel, WPS or LibreOffice, "
        "OpenDocument spreadsheets (.ods), and CSV files in UTF-8, GBK, GB18030 or UTF-16."
    )


def unreadable_message() -> str:
    """Refuse a file that cannot be read, naming what can."""
    return " ".join(
        (
            _("This file could not be read as the format chosen."),
            accepted_files(),
        )
    )


def too_large_message(size: int) -> str:
    """Refuse a file above the size the portal imports, saying the limit and what to do."""
    return _(
        "This file is %(size)s; the portal imports files of up to %(limit)s. Split it into "
        "smaller files and import each."
    ) % {
        "size": filesizeformat(size),
        "limit": filesizeformat(settings.IMPORT_MAX_MEGABYTES * 1024 * 1024),
    }


def too_many_rows_message() -> str:
    """Refuse a sheet of more rows than the portal imports, saying the limit and what to do."""
    return _(
        "This sheet has more than %(limit)s rows; the portal imports at most %(limit)s rows "
        "at a time. Split it into sheets of at most %(limit)s rows and import each."
    ) % {"limit": number_format(settings.IMPORT_MAX_ROWS, force_grouping=True)}


def rows_below_header(filled: Iterable[bool], most: int) -> int:
    """Count the filled rows after the header (the first), stopping once past ``most``."""
    count = -1
    for is_filled in filled:
        if is_filled:
            count += 1
            if count > most:
                break
    return max(count, 0)


def safe_cell(value: Any) -> Any:
    """Return a cell's value escaped so that no spreadsheet program runs it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"{FORMULA_ESCAPE}{value}"
    return value


def unescaped_cell(value: Any) -> Any:
    """Read back a cell that ``safe_cell`` escaped, so that an exported sheet imports as is."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_ESCAPE)
        and value[1:].startswith(FORMULA_STARTS)
    ):
        return value[1:]
    return value


def decode_text(data: bytes) -> str:
    """Decode a text file in whichever encoding an office saved it, or refuse it."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableSheet(unreadable_message()) from error
    try:
        return data.decode("utf_8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data, cp_isolation=list(TEXT_ENCODINGS)).best()
    if best is None:
        raise UnreadableSheet(unreadable_message())
    return str(best)


def csv_delimiter(text: str) -> str:
    """Return the delimiter of a CSV file: a comma, or a tab as Excel's "Unicode text" has."""
    header = text.split("\n", 1)[0]
    return "\t" if "\t" in header and "," not in header else ","


def tidy(dataset: tablib.Dataset) -> tablib.Dataset:
    """Drop the empty columns and rows spreadsheet programs leave, and unescape formulas.

    LibreOffice and WPS write formatted but empty cells after the table; they are not rows
    to import.
    """
    headers = list(dataset.headers or [])
    while headers and (headers[-1] is None or str(headers[-1]).strip() == ""):
        headers.pop()
    tidied = tablib.Dataset(headers=headers)
    width = len(headers)
    for row in dataset:
        cells = [unescaped_cell(cell) for cell in list(row)[:width]]
        cells += [None] * (width - len(cells))
        if any(cell is not None and str(cell).strip() != "" for cell in cells):
            tidied.append(cells)
    return tidied


def escaped(dataset: tablib.Dataset) -> tablib.Dataset:
    """Return a copy of ``dataset`` with every cell that would run as a formula escaped."""
    copy = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        copy.append([safe_cell(cell) for cell in row])
    return copy


class CSVSheet(base_formats.CSV):
    """CSV in any encoding an office saves; written as UTF-8 with a byte-order mark.

    Read as bytes, so that the file's own encoding, not the server's guess, decodes it.
    """

    native_types = False  # every cell is text

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode_text(in_stream) if isinstance(in_stream, bytes) else in_stream
        text = text.removeprefix(BOM)
        try:
            dataset = tablib.import_set(text, format="csv", delimiter=csv_delimiter(text))
        except Exception as error:
            raise UnreadableSheet(unreadable_message()) from error
        return tidy(dataset)

    def export_data(self, dataset, **kwargs):
        text = escaped(dataset).export("csv", **kwargs)
        return f"{BOM}{text}".encode()

    def count_rows(self, data: bytes, most: int) -> int:
        """Count the rows below the header while decoding, reading no more than ``most`` + 1."""
        text = decode_text(data).removeprefix(BOM)
        rows = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
        try:
            return rows_below_header((any(cell.strip() for cell in row) for row in rows), most)
        except csv.Error as error:
            raise UnreadableSheet(unreadable_message()) from error


class XLSXSheet(base_formats.XLSX):
    """Excel workbooks from Excel, WPS or LibreOffice: their first sheet, the table in it."""

    native_types = True  # numbers and dates are written as such

    def create_dataset(self, in_stream):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            # Some programs record the used range wrongly ("A1:A1"); read the rows as stored.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(values_only=True)
            dataset = tablib.Dataset(headers=list(next(rows, ())))
            for row in rows:
                # Rows are as long as the cells each has; ``tidy`` evens them out.
                dataset.append(padded(row, len(dataset.headers)))
            book.close()
        except Exception as error:
            raise UnreadableSheet(unreadable_message()) from error
        return tidy(dataset)

    def export_data(self, dataset, **kwargs):
        return super().export_data(escaped(dataset), **kwargs)

    def count_rows(self, data: bytes, most: int) -> int:
        """Count the first sheet's rows below the header, reading no more than ``most`` + 1.

        openpyxl reads a whole sheet to learn its size when the file does not state it (its
        own write-only mode does not), before the first row: stream the sheet's XML instead.
        """
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.worksheet._reader import INLINE_STRING, ROW_TAG, VALUE_TAG

        def filled_rows(source) -> Iterator[bool]:
            for _event, element in iterparse(source):
                if element.tag == ROW_TAG:
                    yield any(
                        (cell.findtext(VALUE_TAG) or "").strip()
                        or cell.find(INLINE_STRING) is not None
                        for cell in element
                    )
                    element.clear()

        try:
            reader = ExcelReader(io.BytesIO(data), read_only=True)
            reader.read_manifest()
            reader.read_workbook()
            _sheet, relation = next(reader.parser.find_sheets())
            with reader.archive.open(relation.target) as source:
                return rows_below_header(filled_rows(source), most)
        except Exception as error:
            raise UnreadableSheet(unreadable_message()) from error


class ODSSheet(base_formats.ODS):
    """OpenDocument spreadsheets, as LibreOffice and WPS save them: the first sheet."""

    native_types = True

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        from odf import opendocument

        try:
            book = opendocument.load(io.BytesIO(in_stream))
            tables = book.spreadsheet.childNodes
            sheet = next(node for node in tables if local_name(node) == "table")
            rows = ods_rows(sheet)
            dataset = tablib.Dataset(headers=next(rows, []))
            for row in rows:
                dataset.append(padded(row, len(dataset.headers)))
        except Exception as error:
            raise UnreadableSheet(unreadable_message()) from error
        return tidy(dataset)

    def export_data(self, dataset, **kwargs):
        return escaped(dataset).export("ods", **kwargs)

    def count_rows(self, data: bytes, most: int) -> int:
        """Count the first table's rows below the header, reading no more than ``most`` + 1."""
        row_tag, table_tag = f"{{{ODS_TABLE_NS}}}table-row", f"{{{ODS_TABLE_NS}}}table"
        repeated = f"{{{ODS_TABLE_NS}}}number-rows-repeated"

        def filled_rows(source) -> Iterator[bool]:
            for _event, element in iterparse(source):
                if element.tag == row_tag:
                    # A filled row repeated is that many rows; an empty one is none.
                    filled = bool("".join(element.itertext()).strip())
                    times = int(element.get(repeated, 1)) if filled else 1
                    yield from itertools.repeat(filled, times)
                    element.clear()
                elif element.tag == table_tag:
                    return

        try:
            with zipfile.ZipFile(io.BytesIO(data)) as book, book.open("content.xml") as source:
                return rows_below_header(filled_rows(source), most)
        except Exception as error:
            raise UnreadableSheet(unreadable_message()) from error


# LibreOffice writes the empty rest of a row, and of a sheet, as one cell or row repeated a
# thousand or a million times: no table is wider than this, and empty rows are not read.
ODS_MAX_COLUMNS = 1024
ODS_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def local_name(node) -> str:
    return node.qname[1] if getattr(node, "qname", None) else ""


def ods_rows(sheet):
    """Yield a sheet's rows as lists of values, the repeated cells and rows spelt out."""
    for node in sheet.childNodes:
        name = local_name(node)
        if name in ("table-header-rows", "table-rows", "table-row-group"):
            yield from ods_rows(node)
        elif name == "table-row":
            cells = ods_cells(node)
            if not any(cell not in (None, "") for cell in cells):
                continue
            # Equal rows one after another are written once, with their number.
            for _repeat in range(int(node.getAttribute("numberrowsrepeated") or 1)):
                yield list(cells)


def ods_cells(row) -> list:
    cells: list = []
    for cell in row.childNodes:
        if local_name(cell) not in ("table-cell", "covered-table-cell"):
            continue
        repeated = int(cell.getAttribute("numbercolumnsrepeated") or 1)
        value = ods_value(cell)
        cells.extend([value] * min(repeated, ODS_MAX_COLUMNS - len(cells)))
        if len(cells) >= ODS_MAX_COLUMNS:
            break
    while cells and cells[-1] in (None, ""):
        cells.pop()
    return cells


def ods_value(cell):
    """Read a cell as the value it holds: a number by its value, not as formatted ("1,154")."""
    from odf import teletype
    from tablib.formats._ods import ODSFormat

    value_type = cell.getAttribute("valuetype")
    if value_type in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if value_type in ("date", "time", "boolean"):
        return ODSFormat.read_cell(cell)
    paragraphs = [teletype.extractText(node) for node in cell.childNodes if local_name(node) == "p"]
    return "\n".join(paragraphs) or None


def padded(row, width: int) -> list:
    cells = list(row)
    return cells[:width] + [None] * (width - len(cells))


# Excel first: it is what the forms preselect.
SHEET_FORMATS = (XLSXSheet, CSVSheet, ODSSheet)


def sheet_format(name: str) -> base_formats.Format:
    """Return the format called ``name`` ("xlsx", "csv", "ods"), to read or write a file."""
    for format_class in SHEET_FORMATS:
        sheet = format_class()
        if sheet.get_extension() == name:
            return sheet
    raise UnreadableSheet(accepted_files())


def sheet_filename(model, extension: str) -> str:
    """Name an exported sheet in the user's language with the day in China: 活动-2026-12-02."""
    day = timezone.localdate(timezone=timezone.get_default_timezone())
    return f"{capfirst(model._meta.verbose_name_plural)}-{day.isoformat()}.{extension}"


@dataclasses.dataclass(frozen=True)
class CellError:
    """One refusal of an imported sheet: where it is, as the sheet's reader sees it, and why."""

    row: int  # the spreadsheet's own row number: the header is row 1
    column: str  # the column's header; empty for a rule of the whole row
    value: str
    reason: str


def cell_text(value: Any) -> str:
    """Show a cell as its reader wrote it: empty as blank, a day without its midnight."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    return str(value)


class SheetResult(results.Result):
    """An import's result that also lists every refusal by the cell it concerns."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.cell_errors: list[CellError] = []
        # Rows changing a published record: each becomes its pending revision.
        self.published_changes = 0

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number, row, validation_error)
        if hasattr(validation_error, "error_dict"):
            by_column = validation_error.message_dict
        else:
            by_column = {NON_FIELD_ERRORS: validation_error.messages}
        for column, reasons in by_column.items():
            whole_row = column == NON_FIELD_ERRORS
            value = "" if whole_row else cell_text(row.get(column))
            for reason in reasons:
                self.cell_errors.append(
                    CellError(number + 1, "" if whole_row else str(column), value, str(reason))
                )

    def append_error_row(self, number, row, errors):
        super().append_error_row(number, row, errors)
        for error in errors:
            self.cell_errors.append(CellError(number + 1, "", "", str(error.error)))
