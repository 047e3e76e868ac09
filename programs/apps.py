from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    """Programs (initiatives), events and bases."""

    name = "programs"
    verbose_name = _("Programs and events")

    def ready(self) -> None:
        from cooperation.dashboard.registry import Search, register_search
        from programs.selectors import search_programs
        from programs.stats import register_statistics

        register_statistics()
        register_search(Search("programs", search_programs))
