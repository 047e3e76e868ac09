from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Core domain: regions, pairings, organizations, agreements, indicators and outcomes."""

    name = "cooperation.core"
    # The label the tables, permissions and migrations have always had.
    label = "cooperation"
    verbose_name = _("Cooperation")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.core import checks
        from django.db.models.signals import m2m_changed, post_migrate, post_save

        from cooperation.core.models import Official, Unit
        from cooperation.core.roles import ensure_roles, groups_changed, official_saved
        from cooperation.stats.cache import watch_published_data
        from cooperation.stats.checks import record_sets_have_lists
        from cooperation.stats.measures import count_rows
        from cooperation.stats.registry import Measure, RecordSet, register_record_set

        register_record_set(
            RecordSet(
                key="agreements",
                label=_("Agreements"),
                model_label="cooperation.Agreement",
                date_field="signed_on",
                group_field="kind",
                lasting=True,
                measures=(Measure("count", _("agreements"), Unit.ITEMS, count_rows),),
            )
        )
        post_migrate.connect(ensure_roles, sender=self)
        watch_published_data()
        post_save.connect(official_saved, sender=Official)
        m2m_changed.connect(groups_changed, sender=get_user_model().groups.through)
        checks.register(record_sets_have_lists, checks.Tags.urls)
