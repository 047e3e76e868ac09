"""The API: ``/api/v1/`` (records and statistics), ``/api/schema/`` and ``/api/docs/``.

The docs page is Swagger UI, served from the portal's own static files; Redoc is left out
because its page loads fonts from the internet.

Every URL is named in the ``api`` namespace; a record list is ``api:<key>-list``, where the
key of a list the statistics count is its record set key (``api:events-list``).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from cooperation.api import stats, views
from cooperation.api.root import APIRootView, UnknownAddressView
from cooperation.api.schema import SchemaView
from cooperation.core.filtersets import AgreementFilterSet

app_name = "api"

router = SimpleRouter()
router.register("regions", views.RegionViewSet, basename="regions")
router.register("pairings", views.PairingViewSet, basename="pairings")
router.register("organizations", views.OrganizationViewSet, basename="organizations")
router.register("indicators", views.IndicatorViewSet, basename="indicators")
router.register("agreements", views.AgreementViewSet, basename="agreements")
router.register("outcomes", views.OutcomeViewSet, basename="outcomes")
router.register("targets", views.TargetViewSet, basename="targets")

urlpatterns = [
    path("v1/", APIRootView.as_view(), name="root"),
    path("v1/", include(router.urls)),
    path("v1/", include("programs.api.urls")),
    path("v1/", include("talent.api.urls")),
    path("v1/stats/summary/", stats.SummaryView.as_view(), name="stats-summary"),
    path("v1/stats/timeseries/", stats.TimeseriesView.as_view(), name="stats-timeseries"),
    path("v1/stats/outcomes/", stats.OutcomeStatsView.as_view(), name="stats-outcomes"),
    path(
        "v1/stats/agreements/",
        stats.RecordSetStatsView.as_view(
            record_set="agreements", filterset_class=AgreementFilterSet
        ),
        name="stats-agreements",
    ),
    path("schema/", SchemaView.as_view(), name="schema"),
    # Swagger UI's start-up script is fetched from the page's own address, not written
    # inline, so that the Content-Security-Policy can refuse every inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"", UnknownAddressView.as_view()),
]
