"""Write every record of a kind to a sheet, as the admin's Export does."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cooperation.core.access import has_model_permission
from cooperation.core.management.commands._sheets import sheet_of
from cooperation.core.sheets import sheet_format


class Command(BaseCommand):
    help = _(
        "Write the records of a kind (event, outcome, region …) to an xlsx or CSV file, "
        "as the admin's Export writes them; with --user, only those that user may view."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", help=_("the kind of record, e.g. event or outcome"))
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=("xlsx", "csv", "ods"), default=None)
        parser.add_argument("--user", help=_("export only what this user may view"))

    def handle(self, *args, kind, file, format, user, **options):
        resource_class = sheet_of(kind)
        sheet = sheet_format(format or file.suffix.lstrip(".").lower() or "xlsx")
        model = resource_class._meta.model
        account = None
        if user is not None:
            account = get_user_model().objects.filter(username=user, is_active=True).first()
            if account is None:
                raise CommandError(_("There is no active user “%(user)s”.") % {"user": user})
            if not (
                has_model_permission(account, model, "view")
                or has_model_permission(account, model, "change")
            ):
                raise CommandError(
                    _("%(user)s may not view %(models)s.")
                    % {"user": user, "models": model._meta.verbose_name_plural}
                )
        queryset = model._default_manager.all()
        if account is not None and hasattr(queryset, "restrict"):
            queryset = queryset.restrict(account, "view")
        dataset = resource_class(user=account).export(
            queryset=queryset, force_native_type=sheet.native_types
        )
        file.write_bytes(sheet.export_data(dataset))
        self.stdout.write(
            _("%(count)d %(models)s written to %(file)s.")
            % {"count": len(dataset), "models": model._meta.verbose_name_plural, "file": file}
        )
