"""No stored date, however far off, takes a public page or an API answer down.

Dates are validated on the way in, but rows may arrive by other paths (a database restore,
a bulk update); the pages must still render every year and month they find.
"""

import datetime

import pytest
from django.apps import apps
from django.urls import reverse

from cooperation.core.models import Indicator
from cooperation.stats.registry import record_sets
from tests.constraint_checks import date_fields, project_models
from tests.dashboard.test_pages import LIST_PAGES, page, public_urls

pytestmark = pytest.mark.django_db

FIRST, LAST = datetime.date.min, datetime.date.max
API_STATS = ["summary", "outcomes", *record_sets()]


def store_everywhere(start: datetime.date, end: datetime.date) -> None:
    """Put ``start`` in every start-like date and ``end`` in every end date, past validation."""
    for model in project_models():
        dates = {
            name: end if name.startswith("end") or name == "period_end" else start
            for name in date_fields(model)
        }
        if dates:
            model._default_manager.update(**dates)


@pytest.mark.parametrize(
    ("start", "end"), [(FIRST, FIRST), (LAST, LAST), (FIRST, LAST)], ids=["first", "last", "span"]
)
def test_every_public_page_and_api_answer_renders_extreme_dates(
    client, settings, reference_record, start, end
):
    settings.API_ANON_RATE = None  # hundreds of answers; the throttle is tested elsewhere
    store_everywhere(start, end)
    pairing = reference_record
    years = [start.year, end.year]

    urls = public_urls(pairing)
    urls += [f"{reverse('dashboard:pairing', args=[pairing.pk])}?year={year}" for year in years]
    urls += [f"{reverse('dashboard:home')}?year={year}" for year in years]
    urls += [reverse(f"api:{name}-list") for name in LIST_PAGES]
    urls += [reverse(f"api:stats-{name}") for name in API_STATS]
    urls += [
        f"{reverse('api:stats-timeseries')}?indicator={code}&interval={interval}"
        for code in Indicator.objects.values_list("code", flat=True)
        for interval in ("year", "quarter", "month")
    ]
    for language in ("zh-hans", "en"):
        for url in urls:
            page(client, url, language)
    assert apps.get_model("programs.Event").objects.filter(start_date=start).exists()
