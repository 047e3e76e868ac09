"""CSV for every list and statistics endpoint, in a form Excel opens with Chinese intact."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from typing import Any

from rest_framework.renderers import BaseRenderer

from cooperation.core.sheets import BOM, safe_cell


def flatten(row: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """Turn nested objects into dotted columns: ``{"pairing": {"name": …}}`` → ``pairing.name``."""
    flat: dict[str, Any] = {}
    for key, value in row.items():
        column = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat.update(flatten(value, f"{column}."))
        elif isinstance(value, list):
            flat[column] = "; ".join(cell_text(item) for item in value)
        else:
            flat[column] = value
    return flat


def cell_text(value: Any) -> str:
    """Write one item of a list cell; an object shows its non-empty values but its ids."""
    if isinstance(value, Mapping):
        return " ".join(
            cell_text(item)
            for column, item in flatten(value).items()
            if item not in ("", None) and not column.split(".")[-1].endswith("id")
        )
    return str(cell_value(value))


def cell_value(value: Any) -> Any:
    """Write a scalar as a spreadsheet should read it, never as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(value)


def columns_of(rows: list[dict[str, Any]]) -> list[str]:
    """Order the columns as first seen, so that a row's columns keep the API's order.

    An object that is null in one row and not in another gets its dotted columns, in the
    place where it first appears; the null row leaves them empty.
    """
    seen = list(dict.fromkeys(column for row in rows for column in row))
    columns: list[str] = []
    for column in seen:
        parts = [part for part in seen if part.startswith(f"{column}.")] or [column]
        columns.extend(part for part in parts if part not in columns)
    return columns


class CSVRenderer(BaseRenderer):
    """Render the rows of a response as CSV, UTF-8 with a byte order mark.

    The rows are a page's ``results``, a plain list, or what the view's ``csv_rows(data)``
    returns; nested objects become dotted columns. An empty table keeps its header. A page
    says how many rows the list holds and where its other pages are in the ``X-Total-Count``
    and ``Link`` headers, which ``Pagination`` sets.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        context = renderer_context or {}
        view = context.get("view")
        request = context.get("request")
        # A view's own table is that of its GET answer; OPTIONS describes the endpoint.
        if request is not None and request.method != "GET":
            view = None
        rows = [flatten(row) for row in self.rows(data, view)]
        columns = columns_of(rows)
        if not columns:
            columns = self.empty_columns(view)
        buffer = io.StringIO()
        buffer.write(BOM)
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([cell_value(row.get(column)) for column in columns])
        return buffer.getvalue().encode(self.charset)

    def empty_columns(self, view) -> list[str]:
        """Name the columns of an empty table: the view's ``csv_header`` or its serializer's."""
        if hasattr(view, "csv_header"):
            return list(view.csv_header)
        return list(view.get_serializer().fields) if hasattr(view, "get_serializer") else []

    def rows(self, data, view) -> Iterable[Mapping[str, Any]]:
        if data is None:
            return []
        if hasattr(view, "csv_rows"):
            return view.csv_rows(data)
        if isinstance(data, Mapping):
            return data.get("results", [data])
        return data
