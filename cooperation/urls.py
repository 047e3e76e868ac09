from django.contrib import admin
from django.urls import include, path

from cooperation import health
from cooperation.dashboard import views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("cooperation.api.urls")),
    path("media/<path:name>", views.agreement_document, name="agreement_document"),
    path("", include("cooperation.dashboard.urls")),
]

handler500 = "cooperation.errors.server_error"
