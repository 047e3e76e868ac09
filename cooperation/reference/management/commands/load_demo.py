"""Load the Chaotian ← Binjiang 2021 reference record, so a fresh portal has something to show."""

from django.core.management.base import BaseCommand
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.reference.loader import reference_record_load


def rows_name(model) -> str:
    """Name a model's rows; Django's own table of a many-to-many by the relation it holds."""
    opts = model._meta
    if not opts.auto_created:
        return capfirst(opts.verbose_name_plural)
    source, target = (field for field in opts.fields if field.many_to_one)
    return _("Links of %(source)s to %(target)s") % {
        "source": source.related_model._meta.verbose_name_plural,
        "target": target.related_model._meta.verbose_name_plural,
    }


class Command(BaseCommand):
    help = gettext_lazy(
        "Load the Chaotian ← Binjiang 2021 reference record, published. "
        "Running it again changes nothing."
    )

    def handle(self, *args, **options) -> None:
        report = reference_record_load()
        for model in dict.fromkeys([*report.created, *report.updated]):
            self.stdout.write(
                _("%(records)s: %(created)d created, %(updated)d updated")
                % {
                    "records": rows_name(model),
                    "created": report.created[model],
                    "updated": report.updated[model],
                }
            )
        if report.changed:
            self.stdout.write(self.style.SUCCESS(_("The reference record is loaded.")))
        else:
            self.stdout.write(
                self.style.SUCCESS(_("The reference record was already loaded; nothing changed."))
            )
