"""Import a sheet of records as a user, with the admin's rules: drafts, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cooperation.core.access import has_model_permission
from cooperation.core.management.commands._sheets import sheet_of
from cooperation.core.sheets import UnreadableSheet, sheet_format


class Command(BaseCommand):
    help = _(
        "Import an xlsx, ODS or CSV file of records of a kind as a user, as the admin's "
        "Import does: only what that user may change, as drafts, and nothing if one row "
        "is refused."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=_("the kind of record, e.g. event or outcome"))
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", required=True, help=_("the user who imports"))
        parser.add_argument(
            "--dry-run", action="store_true", help=_("check the file and save nothing")
        )
        parser.add_argument(
            "--reason",
            default="",
            help=_("why the file changes published records; each change waits for a reviewer"),
        )

    def handle(self, *args, kind, file, user, dry_run, reason, **options):
        resource_class = sheet_of(kind)
        model = resource_class._meta.model
        account = get_user_model().objects.filter(username=user, is_active=True).first()
        if account is None:
            raise CommandError(_("There is no active user “%(user)s”.") % {"user": user})
        if not has_model_permission(account, model, "add"):
            raise CommandError(
                _("%(user)s may not add %(models)s.")
                % {"user": user, "models": model._meta.verbose_name_plural}
            )
        try:
            sheet = sheet_format(file.suffix.lstrip(".").lower())
            dataset = sheet.create_dataset(file.read_bytes())
        except (OSError, UnreadableSheet) as error:
            raise CommandError(str(error)) from error
        if not dataset:
            raise CommandError(_("The file has no rows to import."))

        # Only errors and totals are printed: no row's before-and-after is worked out.
        resource = resource_class(user=account, change_reason=reason).without_preview()
        result = resource.import_data(
            dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=account,
        )
        if result.has_errors() or result.has_validation_errors():
            for error in result.cell_errors:
                place = _("row %(row)d") % {"row": error.row}
                if error.column:
                    place = _("row %(row)d, column “%(column)s”") % {
                        "row": error.row,
                        "column": error.column,
                    }
                value = f" ({error.value})" if error.value else ""
                self.stderr.write(f"{place}{value}: {error.reason}")
            raise CommandError(
                _("Nothing was imported: %(count)d errors.") % {"count": len(result.cell_errors)}
            )
        changes = result.published_changes
        if changes and not reason.strip():  # a dry run: saving would refuse these rows
            raise CommandError(
                ngettext(
                    "The file changes %(count)d published record: say why with --reason.",
                    "The file changes %(count)d published records: say why with --reason.",
                    changes,
                )
                % {"count": changes}
            )
        totals = result.totals
        message = _("%(new)d new, %(update)d changed, %(skip)d unchanged.") % {
            "new": totals["new"],
            "update": totals["update"],
            "skip": totals["skip"],
        }
        if changes:
            pending = ngettext(
                "%(count)d published record changes: the public sees it as published until "
                "a reviewer publishes the change.",
                "%(count)d published records change: the public sees them as published until "
                "a reviewer publishes each change.",
                changes,
            )
            message = " ".join((message, pending % {"count": changes}))
        if dry_run:
            message = " ".join((message, _("Nothing was saved (--dry-run).")))
        self.stdout.write(message)
