"""What a figure counts, how it is measured and how it relates to the truth.

Apart from the models so that the statistics registry, which the models consult, can name
them without importing the models.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Unit(models.TextChoices):
    """What a figure counts; person-times (人次) and persons (人) are never mixed.

    Labels carry the context "unit": "events" is 场 as a unit but 活动 as a model name.
    """

    ITEMS = "items", pgettext_lazy("unit", "items")
    UNITS = "units", pgettext_lazy("unit", "units")
    PERSON_TIMES = "person_times", pgettext_lazy("unit", "person-times")
    PERSONS = "persons", pgettext_lazy("unit", "persons")
    CASES = "cases", pgettext_lazy("unit", "cases")
    EVENTS = "events", pgettext_lazy("unit", "events")
    SESSIONS = "sessions", pgettext_lazy("unit", "sessions")
    PERSON_MONTHS = "person_months", pgettext_lazy("unit", "person-months")
    YUAN = "yuan", pgettext_lazy("unit", "yuan")
    TEN_THOUSAND_YUAN = "ten_thousand_yuan", pgettext_lazy("unit", "10,000 yuan")
    PERCENT = "percent", pgettext_lazy("unit", "percent")


class Measurement(models.TextChoices):
    REPORTED = "reported", _("Reported (a figure typed in)")
    COMPUTED = "computed", _("Computed from records")


class Qualifier(models.TextChoices):
    """How a reported figure relates to the truth: "600余人次" is 600, more than."""

    EXACT = "exact", _("exact")
    MORE_THAN = "more_than", _("more than (余)")
    ABOUT = "about", _("about (约)")
