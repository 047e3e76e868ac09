"""Rows written in bulk: COPY on PostgreSQL, batched inserts elsewhere, history by SQL.

The national dataset and the imports of long sheets write thousands of rows at a time;
PostgreSQL's COPY takes them as one stream of text, with none of the SQL, parameters and
per-value conversions of an ``INSERT``. The history rows of rows just written are copied
from them by the database itself, in one ``INSERT … SELECT``.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import connection, models

COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

COPY_FORMATS = {
    type(None): lambda value: "\\N",
    bool: lambda value: "t" if value else "f",
    int: str,
    Decimal: str,
    datetime.date: datetime.date.isoformat,
    datetime.datetime: datetime.datetime.isoformat,
    str: lambda value: value.translate(COPY_ESCAPES),
}


def copy_text(value) -> str:
    """Write a value as PostgreSQL's COPY text format reads it."""
    write = COPY_FORMATS.get(type(value))
    return write(value) if write else str(value).translate(COPY_ESCAPES)


def copy_rows(
    model: type[models.Model], fields: Sequence[models.Field], rows: Iterable[Sequence]
) -> None:
    """Write ``rows`` (values in the order of ``fields``) to ``model``'s table with COPY."""
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    buffer = io.StringIO()
    buffer.writelines("\t".join(map(copy_text, row)) + "\n" for row in rows)
    buffer.seek(0)
    # The driver's own cursor streams the copy; its errors are raised as Django's, so that a
    # broken constraint is an ``IntegrityError`` as an insert's would be.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.cursor.copy_expert(
            f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN",
            buffer,
        )


def database_value(field: models.Field, record: models.Model):
    """Return ``field`` of ``record`` as COPY writes it: plain values as they are."""
    value = getattr(record, field.attname)
    if type(value) in COPY_FORMATS:
        return value
    return field.get_db_prep_save(value, connection)


def new_ids(model: type[models.Model], count: int) -> list[int]:
    """Take ``count`` ids from the table's sequence (PostgreSQL), as inserts would."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def rows_create(records: list[models.Model]) -> None:
    """Insert new records of one model, giving each its id: COPY on PostgreSQL.

    Every value is taken as the record holds it; fields set on saving (``auto_now``) are
    the caller's to set. Elsewhere ``bulk_create`` writes them in batches.
    """
    model = type(records[0])
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(records)
        return
    for record, pk in zip(records, new_ids(model, len(records)), strict=True):
        record.pk = pk
    fields = model._meta.concrete_fields
    copy_rows(model, fields, ([database_value(f, record) for f in fields] for record in records))
    for record in records:
        record._state.adding = False
        record._state.db = connection.alias


def history_copy(
    model: type[models.Model],
    ids: list[int],
    *,
    kind: str,
    user_id: int | None,
    at: datetime.datetime,
    reason: str = "",
) -> None:
    """Write the history rows of the rows ``ids`` of ``model`` as they stand, in SQL.

    One ``INSERT … SELECT`` copies the tracked columns (a batch of them at a time where
    the database limits a statement's parameters), stamped with ``kind`` (``+``, ``~``),
    the user, the moment and the reason.
    """
    historical = model.history.model
    quote = connection.ops.quote_name
    tracked = historical.tracked_fields
    targets = [quote(historical._meta.get_field(field.name).column) for field in tracked]
    targets += [quote(name) for name in ("history_type", "history_user_id", "history_date")]
    targets.append(quote("history_change_reason"))
    sources = ", ".join(quote(field.column) for field in tracked)
    statement = (
        f"INSERT INTO {quote(historical._meta.db_table)} ({', '.join(targets)}) "  # noqa: S608
        f"SELECT {sources}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
        f"WHERE {quote(model._meta.pk.column)}"
    )
    stamp = [
        kind,
        user_id,
        historical._meta.get_field("history_date").get_db_prep_save(at, connection),
        reason,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"{statement} = ANY(%s)", [*stamp, ids])
            return
        size = max(1, connection.ops.bulk_batch_size(["pk"], ids) - len(stamp))
        for start in range(0, len(ids), size):
            batch = ids[start : start + size]
            marks = ", ".join(["%s"] * len(batch))
            cursor.execute(f"{statement} IN ({marks})", [*stamp, *batch])
