from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    """Core domain: regions, pairings, organizations, agreements, indicators and outcomes."""

    name = "cooperation"
    verbose_name = _("Cooperation")
