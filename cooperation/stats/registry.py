"""Computations over records that other apps offer to the statistics module.

``cooperation`` never imports ``programs`` or ``talent``; those apps register here, from
their ``AppConfig.ready()``, the queries that compute an indicator from their records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Computation:
    """A named query over records that yields one figure for an indicator."""

    key: str
    label: str | Promise
    compute: Callable[..., Any]


_computations: dict[str, Computation] = {}


def register(key: str, label: str | Promise, compute: Callable[..., Any]) -> None:
    """Offer ``compute`` under ``key``; registering one key twice is a programming error."""
    if key in _computations and _computations[key].compute is not compute:
        raise ValueError(f"computation {key!r} is already registered")
    _computations[key] = Computation(key=key, label=label, compute=compute)


def computations() -> dict[str, Computation]:
    """Return every registered computation by key."""
    return dict(_computations)
