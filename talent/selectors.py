"""Reads of people, engagements, secondments and mentor pairings for the public pages.

A person's name reaches the public only where the person agreed (``is_public``); contacts
never do.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from cooperation.core.access import named_people
from cooperation.core.selectors import published_references
from cooperation.stats.registry import record_sets
from cooperation.stats.selectors import StatsScope
from talent.models import Person, Secondment


def public_people() -> models.QuerySet[Person]:
    """Return the people who agreed to be named and whom some published record names.

    A person named only by drafts stays hidden even when they agreed.
    """
    return Person.objects.filter(published_references(Person), named_people(None)).select_related(
        "organization"
    )


def search_people(query: str) -> models.QuerySet[Person]:
    """Return the public people named like ``query``, in Chinese or English."""
    return public_people().filter(Q(name__icontains=query) | Q(name_en__icontains=query))


def person_records(person: Person) -> dict[str, models.QuerySet]:
    """Return the published records a person takes part in, by the part they play."""
    pairing = ("pairing__eastern_region", "pairing__western_region")
    return {
        "engagements": person.engagements.published().select_related(*pairing, "program"),
        "events": person.events_spoken_at.published().select_related(*pairing, "program"),
        "secondments": person.secondments.published().select_related(
            *pairing, "home_organization", "host_organization"
        ),
        "mentees": person.mentees_links.published().select_related("mentee", "program"),
        "mentors": person.mentor_links.published().select_related("mentor", "program"),
    }


def secondment_timeline(scope: StatsScope) -> models.QuerySet[Secondment]:
    """Return the secondments a scope counts, in order of start, for a timeline of who was where."""
    return (
        scope.records(record_sets()["secondments"])
        .select_related("person", "home_organization", "host_organization")
        .order_by("start_date", "pk")
    )
