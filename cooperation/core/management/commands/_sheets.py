"""What ``export_records`` and ``import_records`` share: the kinds of record a sheet holds."""

from __future__ import annotations

from django.contrib import admin
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def sheet_kinds() -> dict[str, type]:
    """Map each kind of record the admin imports and exports, by model name, to its sheet."""
    return {
        model._meta.model_name: model_admin.resource_classes[0]
        for model, model_admin in admin.site._registry.items()
        if getattr(model_admin, "resource_classes", ())
    }


def sheet_of(kind: str) -> type:
    """Return the resource of ``kind`` ("event" or "programs.event"), or refuse naming them."""
    kinds = sheet_kinds()
    name = kind.strip().lower().rsplit(".", 1)[-1]
    if name not in kinds:
        raise CommandError(
            _("There is no kind of record “%(kind)s”; the kinds are: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(sorted(kinds))}
        )
    return kinds[name]
