"""Endpoints of programs, events and bases, and the statistics of events and bases."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from cooperation.api.stats import RecordSetStatsView
from programs.api import views
from programs.filtersets import BaseFilterSet, EventFilterSet

router = SimpleRouter()
router.register("programs", views.ProgramViewSet, basename="programs")
router.register("events", views.EventViewSet, basename="events")
router.register("bases", views.BaseViewSet, basename="bases")

urlpatterns = [
    *router.urls,
    path(
        "stats/events/",
        RecordSetStatsView.as_view(record_set="events", filterset_class=EventFilterSet),
        name="stats-events",
    ),
    path(
        "stats/bases/",
        RecordSetStatsView.as_view(record_set="bases", filterset_class=BaseFilterSet),
        name="stats-bases",
    ),
]
