"""The public dashboard's pages, under one namespace; each list is named by its record set."""

from django.urls import include, path

from cooperation.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("pairings/<int:pk>/", views.pairing_detail, name="pairing"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("agreements/", views.AgreementList.as_view(), name="agreements"),
    path("agreements/<int:pk>/", views.AgreementDetail.as_view(), name="agreement"),
    path("outcomes/", views.OutcomeList.as_view(), name="outcomes"),
    path("outcomes/<int:pk>/", views.OutcomeDetail.as_view(), name="outcome"),
    path("", include("programs.urls_dashboard")),
    path("", include("talent.urls_dashboard")),
]
