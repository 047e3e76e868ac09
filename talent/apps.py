from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TalentConfig(AppConfig):
    """People, expert engagements, secondments and mentor pairings."""

    name = "talent"
    verbose_name = _("Talent exchange")

    def ready(self) -> None:
        from talent.dashboard import register_dashboard
        from talent.stats import register_statistics

        register_statistics()
        register_dashboard()
