"""Public pages of programs, events and bases (included in the dashboard's namespace)."""

from django.urls import path

from programs import views

urlpatterns = [
    path("programs/", views.ProgramList.as_view(), name="programs"),
    path("programs/<int:pk>/", views.ProgramDetail.as_view(), name="program"),
    path("events/", views.EventList.as_view(), name="events"),
    path("events/<int:pk>/", views.EventDetail.as_view(), name="event"),
    path("bases/", views.BaseList.as_view(), name="bases"),
    path("bases/<int:pk>/", views.BaseDetail.as_view(), name="base"),
]
