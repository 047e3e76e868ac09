"""What talent adds to the dashboard's pages: names as far as public, the secondment timeline."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from cooperation.core.access import may_see_name
from cooperation.dashboard.charts import chart
from cooperation.dashboard.templatetags.figures import localized, written_date
from cooperation.stats.selectors import StatsScope
from talent.selectors import search_people, secondment_timeline

register = template.Library()


@register.filter
def public_name(person, placeholder: str = "") -> str:
    """Name a person only where they agreed to it; otherwise say what they were, unnamed."""
    if person is None:
        return ""
    if may_see_name(person):
        return localized(person)
    return placeholder or _("a person not named publicly")


# Whether the public may see a person's name, and so follow a link to their page.
register.filter("named_publicly", may_see_name)


@register.simple_tag
def secondment_timeline_chart(pairing_id: int, year: int | None) -> dict:
    """Return the timeline of who was seconded where in a pairing's year, as a chart spec."""
    rows = list(secondment_timeline(StatsScope.for_year(pairing_id=pairing_id, year=year)))
    points = [
        {
            "who": public_name(secondment.person, _("a secondee")),
            "host": localized(secondment.host_organization),
            "start": secondment.start_date.isoformat(),
            "end": secondment.end_date.isoformat() if secondment.end_date else None,
            "start_label": written_date(secondment.start_date, secondment.date_precision),
            "end_label": written_date(secondment.end_date, secondment.date_precision)
            or _("ongoing"),
            "url": reverse("dashboard:secondment", args=[secondment.pk]),
        }
        for secondment in rows
    ]
    return chart(
        "secondments-timeline",
        "timeline",
        _("Secondments: who was where"),
        [f"{point['who']} → {point['host']}" for point in points],
        [{"name": _("Secondments"), "data": points}],
        category_title=_("Secondee and host"),
    )


@register.simple_tag
def matching_people(query: str, limit: int = 20):
    """Return the public people a search finds."""
    return search_people(query)[:limit]
