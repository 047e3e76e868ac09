"""The endpoints whose query counts are pinned, and the baseline file that pins them.

Every page of the dashboard, every read of the API and every admin changelist is an
``Endpoint``, found by walking the URL configuration, so a new URL is measured without
being listed here. ``tests/query_counts.json`` maps each endpoint's key (its URL name, and
the query string it is asked with) to the number of queries it costs with the reference
record loaded: a number, or ``{"postgresql": n, "sqlite": m}`` where the two databases
genuinely differ. ``bin/test --update-query-counts tests/test_query_counts.py`` writes the
counts measured on the database at hand into it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

BASELINE = Path(__file__).with_name("query_counts.json")
UPDATE_OPTION = "--update-query-counts"
HOW_TO_UPDATE = (
    f"run `bin/test {UPDATE_OPTION} tests/test_query_counts.py` on PostgreSQL and on SQLite "
    f"and commit tests/{BASELINE.name}"
)
# Where a run with UPDATE_OPTION collects the counts it measured, by endpoint key.
MEASURED = pytest.StashKey[dict[str, int]]()

# URLs left unmeasured, and why.
NOT_MEASURED = {
    "set_language": "a form's target (POST), not a page",
    "agreement_document": "serves a stored file; tests/cooperation/test_documents.py covers it",
    "api:schema": "generated from the code, reading no records; tests/api/test_schema.py",
    "api:docs": "a static page around the schema",
}

# The query strings an endpoint is asked with, where it is asked with other than none at
# all; ``{pairing}`` stands for the reference record's pairing.
QUERIES = {
    "api:stats-summary": ["", "pairing_id={pairing}&year=2021"],
    "api:stats-timeseries": [
        "indicator=cadres-trained&pairing_id={pairing}",
        "indicator=demonstration-classes&pairing_id={pairing}&interval=quarter",
    ],
    "api:stats-events": ["", "group_by=year,kind"],
    "dashboard:home": ["", "pairing_id={pairing}&year=2021"],
    "dashboard:search": ["q=滨江"],
}


@dataclass(frozen=True)
class Endpoint:
    """A URL asked for with GET by an anonymous client, or by a superuser in the admin."""

    name: str
    query: str = ""
    takes_pk: bool = False
    model_label: str | None = None

    @property
    def key(self) -> str:
        return f"{self.name}?{self.query}" if self.query else self.name

    @property
    def as_superuser(self) -> bool:
        return self.name.startswith("admin:")

    def __str__(self) -> str:
        return self.key


def _named_patterns(patterns, namespaces=()):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern


def _model_of(view) -> str | None:
    view_class = getattr(view, "cls", None) or getattr(view, "view_class", None)
    queryset = getattr(view_class, "queryset", None)
    model = getattr(view_class, "model", None) or getattr(queryset, "model", None)
    return model._meta.label if model is not None else None


def _is_read(name: str, pattern: URLPattern) -> bool:
    if name.startswith("admin:"):
        return name == "admin:index" or name.endswith("_changelist")
    actions = getattr(pattern.callback, "actions", None)
    return actions is None or "get" in actions


def endpoints() -> list[Endpoint]:
    """Return every endpoint whose query count the baseline pins, in URL order."""
    found = []
    for name, pattern in _named_patterns(get_resolver().url_patterns):
        if name in NOT_MEASURED or not _is_read(name, pattern):
            continue
        takes_pk = "pk" in pattern.pattern.regex.groupindex
        model_label = _model_of(pattern.callback) if takes_pk else None
        for query in QUERIES.get(name, [""]):
            found.append(Endpoint(name, query, takes_pk, model_label))
    return found


def read_baseline() -> dict[str, int | dict[str, int]]:
    return json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}


def pinned_count(baseline: dict, key: str, vendor: str) -> int | None:
    """Return the count ``baseline`` pins for ``key`` on ``vendor``, or None if it pins none."""
    pinned = baseline.get(key)
    return pinned.get(vendor) if isinstance(pinned, dict) else pinned


def write_baseline(measured: dict[str, int], vendor: str) -> None:
    """Pin the ``measured`` counts, keep the others, and drop those of vanished endpoints.

    An entry kept per database stays so, and only this database's count changes in it.
    """
    baseline = read_baseline()
    for key, count in measured.items():
        pinned = baseline.get(key)
        if isinstance(pinned, dict):
            pinned[vendor] = count
        else:
            baseline[key] = count
    known = {endpoint.key for endpoint in endpoints()}
    baseline = {key: baseline[key] for key in sorted(baseline) if key in known}
    text = json.dumps(baseline, ensure_ascii=False, indent=2, sort_keys=True)
    BASELINE.write_text(text + "\n", encoding="utf-8")
