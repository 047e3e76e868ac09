"""A start-up check that the records behind every figure can be listed, in the API and in public.

A figure links to the records it counts, so a record set registered without its lists would
give the dashboard and API clients figures whose records nobody can see.
"""

from django.core import checks
from django.urls import NoReverseMatch, reverse

from cooperation.stats.registry import record_sets

# The URL name of each list a record set needs, by where it is listed.
LIST_URL_NAMES = {"API": "api:{key}-list", "dashboard": "dashboard:{key}"}


def record_sets_have_lists(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Report each registered record set that lacks its API or dashboard list."""
    errors = []
    for key in record_sets():
        for where, pattern in LIST_URL_NAMES.items():
            name = pattern.format(key=key)
            try:
                reverse(name)
            except NoReverseMatch:
                errors.append(
                    checks.Error(
                        f"Record set {key!r} has no {where} list.",
                        hint=f"Route its {where} list under the URL name {name!r}.",
                        obj=key,
                        id="cooperation.E001",
                    )
                )
    return errors
