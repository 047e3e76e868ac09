"""Reads of programs, events and bases for the public pages."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cooperation.core.models import Program
from cooperation.stats.selectors import Figure, StatsScope, figures


def program_figures(program: Program) -> list[Figure]:
    """Return the public figures reported for a program or its parts, over all years."""
    program_ids = {program.pk, *program.parts.published().values_list("pk", flat=True)}
    scope = StatsScope(pairing_ids=(program.pairing_id,))
    return [figure for figure in figures(scope) if figure.program_id in program_ids]


def search_programs(query: str) -> models.QuerySet[Program]:
    """Return the published programs named or described like ``query``, in either language."""
    return (
        Program.objects.published()
        .filter(Q(name__icontains=query) | Q(name_en__icontains=query))
        .select_related("pairing__eastern_region", "pairing__western_region", "parent")
    )
