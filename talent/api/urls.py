"""Endpoints of people, engagements, secondments, mentor pairings, and their statistics."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from cooperation.api.stats import RecordSetStatsView
from talent.api import views
from talent.filtersets import (
    ExpertEngagementFilterSet,
    MentorPairingFilterSet,
    SecondmentFilterSet,
)

router = SimpleRouter()
router.register("people", views.PersonViewSet, basename="people")
router.register("engagements", views.ExpertEngagementViewSet, basename="engagements")
router.register("secondments", views.SecondmentViewSet, basename="secondments")
router.register("mentor-pairings", views.MentorPairingViewSet, basename="mentor_pairings")

STATS = {
    "engagements": ExpertEngagementFilterSet,
    "secondments": SecondmentFilterSet,
    "mentor_pairings": MentorPairingFilterSet,
}

urlpatterns = [
    *router.urls,
    *(
        path(
            f"stats/{key.replace('_', '-')}/",
            RecordSetStatsView.as_view(record_set=key, filterset_class=filterset_class),
            name=f"stats-{key}",
        )
        for key, filterset_class in STATS.items()
    ),
]
