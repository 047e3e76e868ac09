from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    """The public dashboard: pages, charts and their template tags; no models of its own."""

    name = "cooperation.dashboard"
    label = "dashboard"
    verbose_name = _("Public dashboard")
