"""What the other apps add to the dashboard's pages, declared from their ``AppConfig.ready()``.

``cooperation`` imports neither ``programs`` nor ``talent``: an app declares the timelines
a pairing's report draws of its records and what the search page finds among them. The
views run the declared selectors and ``charts.py`` draws what they return, so no template
tag ever queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class Timeline:
    """A chart of records that run from a start to an end: who was seconded where.

    ``rows(scope)`` selects the records of a ``StatsScope`` in the order drawn; ``point``
    describes one as the timeline chart draws it (``who``, ``host``, ``start``, ``end``,
    their printed labels and the record's ``url``).
    """

    key: str
    title: str | Promise
    series_name: str | Promise
    category_title: str | Promise
    rows: Callable[[Any], models.QuerySet]
    point: Callable[[models.Model], dict[str, Any]]


@dataclass(frozen=True)
class Search:
    """Records the search page finds, listed under ``key`` (``programs``, ``people``)."""

    key: str
    find: Callable[[str], models.QuerySet]


_timelines: dict[str, Timeline] = {}
_searches: dict[str, Search] = {}


def register_timeline(timeline: Timeline) -> None:
    """Declare a timeline; declaring another under a taken key is a programming error."""
    if _timelines.setdefault(timeline.key, timeline) != timeline:
        raise ValueError(f"timeline {timeline.key!r} is already registered")


def register_search(search: Search) -> None:
    """Declare what the search page finds; another under a taken key is a programming error."""
    if _searches.setdefault(search.key, search) != search:
        raise ValueError(f"search {search.key!r} is already registered")


def timelines() -> dict[str, Timeline]:
    """Return every registered timeline by key, in registration order."""
    return dict(_timelines)


def searches() -> dict[str, Search]:
    """Return every registered search by key, in registration order."""
    return dict(_searches)
