"""What talent adds to the dashboard: people named as far as public, the secondment timeline."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.core.access import may_see_name
from cooperation.dashboard.registry import Search, Timeline, register_search, register_timeline
from cooperation.dashboard.templatetags.figures import localized, written_date
from talent.models import Secondment
from talent.selectors import search_people, secondment_timeline


def public_name(person, placeholder: str = "") -> str:
    """Name a person only where they agreed to it; otherwise say what they were, unnamed."""
    if person is None:
        return ""
    if may_see_name(person):
        return localized(person)
    return placeholder or _("a person not named publicly")


def secondment_point(secondment: Secondment) -> dict[str, Any]:
    """Describe a secondment as the timeline draws it: who, where, from when to when."""
    return {
        "who": public_name(secondment.person, _("a secondee")),
        "host": localized(secondment.host_organization),
        "start": secondment.start_date.isoformat(),
        "end": secondment.end_date.isoformat() if secondment.end_date else None,
        "start_label": written_date(secondment.start_date, secondment.date_precision),
        "end_label": written_date(secondment.end_date, secondment.date_precision) or _("ongoing"),
        "url": reverse("dashboard:secondment", args=[secondment.pk]),
    }


def register_dashboard() -> None:
    """Declare the secondment timeline and the people the search page finds."""
    register_timeline(
        Timeline(
            key="secondments",
            title=gettext_lazy("Secondments: who was where"),
            series_name=gettext_lazy("Secondments"),
            category_title=gettext_lazy("Secondee and host"),
            rows=secondment_timeline,
            point=secondment_point,
        )
    )
    register_search(Search("people", search_people))
