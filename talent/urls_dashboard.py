"""Public pages of people, engagements, secondments and mentor pairings."""

from django.urls import path

from talent import views

urlpatterns = [
    path("people/", views.PersonList.as_view(), name="people"),
    path("people/<int:pk>/", views.PersonDetail.as_view(), name="person"),
    path("engagements/", views.EngagementList.as_view(), name="engagements"),
    path("engagements/<int:pk>/", views.EngagementDetail.as_view(), name="engagement"),
    path("secondments/", views.SecondmentList.as_view(), name="secondments"),
    path("secondments/<int:pk>/", views.SecondmentDetail.as_view(), name="secondment"),
    path("mentor-pairings/", views.MentorPairingList.as_view(), name="mentor_pairings"),
    path("mentor-pairings/<int:pk>/", views.MentorPairingDetail.as_view(), name="mentor_pairing"),
]
