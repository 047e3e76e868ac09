"""Generate a national dataset: pairings of the 2021 East–West structure over several years."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cooperation.reference.national import (
    SAMPLE_USER_PREFIX,
    NationalDataset,
    national_data_delete,
)
from cooperation.stats.cache import published_data_changed


class Command(BaseCommand):
    help = gettext_lazy(
        "Generate a national sample dataset: real regions, pairings of the 2021 East–West "
        "structure and every kind of record, the same for the same seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--pairings", type=int, default=30)
        parser.add_argument("--years", type=int, default=2)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace",
            action="store_true",
            help=gettext_lazy("Delete a dataset generated before, then generate this one."),
        )

    def handle(self, *args, pairings, years, seed, replace, **options) -> None:
        from django.contrib.auth import get_user_model

        started = time.monotonic()
        if get_user_model().objects.filter(username__startswith=SAMPLE_USER_PREFIX).exists():
            if not replace:
                raise CommandError(
                    _("The database already holds a generated dataset: add --replace.")
                )
            deleted = national_data_delete()
            self.stdout.write(_("Deleted %(rows)d generated rows.") % {"rows": deleted.total()})
        try:
            dataset = NationalDataset(pairings=pairings, years=years, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error

        def progress(done, total):
            if options["verbosity"] > 1 or done == total or done % 100 == 0:
                self.stdout.write(
                    _("%(done)d of %(total)d pairings, %(seconds).0f s")
                    % {"done": done, "total": total, "seconds": time.monotonic() - started}
                )

        try:
            counts = dataset.generate(progress=progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        # Bulk writes send no model signals: tell the statistics cache the published data changed.
        published_data_changed()
        if options["verbosity"] > 0:
            for label, count in sorted(counts.items()):
                self.stdout.write(f"{label}: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                _("Generated %(rows)d rows in %(seconds).0f s.")
                % {"rows": counts.total(), "seconds": time.monotonic() - started}
            )
        )
