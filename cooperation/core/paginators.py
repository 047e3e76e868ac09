"""Pages of long lists that never count or sort every row of a national table to show 100.

The API's lists and the admin's changelists page through ``LargeTablePaginator``: its total
is exact up to ``settings.LIST_EXACT_COUNT_LIMIT`` rows and the database's estimate beyond
(``count_estimated`` says which), and a page reads its rows' keys first, in the list's
order, then only those rows with what they bring along.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connections
from django.db.models import QuerySet
from django.utils.functional import cached_property


def estimated_rows(queryset: QuerySet) -> int | None:
    """Return the number of rows the database's planner expects ``queryset`` to give.

    Only PostgreSQL tells (``EXPLAIN``); elsewhere the answer is ``None``.
    """
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    sql, params = queryset.values("pk").query.get_compiler(using=queryset.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan: Any = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class LargeTablePage(Page):
    """A page that knows whether another follows from the row it read beyond its end."""

    def __init__(self, object_list, number, paginator, following: bool):
        super().__init__(object_list, number, paginator)
        self.following = following

    def has_next(self) -> bool:
        return self.following

    def next_page_number(self) -> int:
        if not self.following:
            raise EmptyPage(self.paginator.error_messages["no_results"])
        return self.number + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self)


class LargeTablePaginator(Paginator):
    """Count up to a limit, estimate beyond it; read a page's keys first, then its rows.

    Counting every matching row of a national table costs more than the page itself, so the
    count stops at ``settings.LIST_EXACT_COUNT_LIMIT`` rows; past it the total is the
    planner's estimate (PostgreSQL; elsewhere one more than the limit) and
    ``count_estimated`` is true. A page's keys are read in the list's order with one more
    to tell whether another page follows, so a deep page skips narrow index entries rather
    than whole joined rows, and its rows are then read by key: the same queries for every
    page, whatever its size or depth.
    """

    @cached_property
    def _total(self) -> tuple[int, bool]:
        if not isinstance(self.object_list, QuerySet):
            return super().count, False
        limit = settings.LIST_EXACT_COUNT_LIMIT
        # Unordered, so that the database stops at the limit instead of sorting every row.
        rows = self.object_list.order_by()
        counted = rows.values("pk")[: limit + 1].count()
        if counted <= limit:
            return counted, False
        # Where the database gives no estimate (SQLite), what is known is "more than the limit".
        estimate = estimated_rows(rows) or 0
        return max(estimate, limit + 1), True

    @property
    def count(self) -> int:
        return self._total[0]

    @property
    def count_estimated(self) -> bool:
        """Tell whether ``count`` is the database's estimate rather than a count."""
        return self._total[1]

    def validate_number(self, number) -> int:
        """Refuse pages past an exact count; past an estimate, an empty page says it."""
        if not self.count_estimated:
            return super().validate_number(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number) -> Page:
        if not isinstance(self.object_list, QuerySet) or self.orphans:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(
            self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1]
        )
        following = len(keys) > self.per_page
        keys = keys[: self.per_page]
        if not keys and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        return LargeTablePage(self.rows_of(keys), number, self, following)

    def rows_of(self, keys: list) -> list:
        """Return the rows with ``keys``, in their order, with what the list brings along.

        The rows are read by key alone: the list's filters chose them already, and asking
        again could make the database evaluate a search over the whole table.
        """
        listed = self.object_list
        if listed.query.annotations or listed.query.extra:
            rows = listed.filter(pk__in=keys)
        else:
            rows = listed.model._default_manager.using(listed.db).filter(pk__in=keys)
            rows.query.select_related = copy.deepcopy(listed.query.select_related)
            rows.query.deferred_loading = listed.query.deferred_loading
            rows = rows.prefetch_related(*listed._prefetch_related_lookups)
        by_key = {row.pk: row for row in rows.order_by()}
        return [by_key[key] for key in keys if key in by_key]
