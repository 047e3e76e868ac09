"""Admin of programs, events with their speakers, and bases."""

from django.contrib import admin

from cooperation.core.admin_base import (
    PairingListFilter,
    PairingRecordAdmin,
    ParentPermissionInline,
    RecordImportExportMixin,
)
from cooperation.core.models import Program
from programs.models import Base, Event, EventSpeaker
from programs.resources import BaseResource, EventResource, ProgramResource


@admin.register(Program)
class ProgramAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (ProgramResource,)
    list_display = ("name", "category", "parent", "pairing", "start_date", "end_date", "status")
    list_filter = (
        PairingListFilter,
        "category",
        "status",
        ("start_date", admin.DateFieldListFilter),
    )
    search_fields = ("name", "name_en", "description")
    autocomplete_fields = ("pairing", "parent", "agreements")
    list_select_related = (*PairingRecordAdmin.pairing_select_related, "parent")


class EventSpeakerInline(ParentPermissionInline, admin.TabularInline):
    model = EventSpeaker
    autocomplete_fields = ("person",)
    extra = 1


@admin.register(Event)
class EventAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (EventResource,)
    inlines = (EventSpeakerInline,)
    list_display = ("title", "kind", "start_date", "participants", "pairing", "program", "status")
    list_filter = (
        PairingListFilter,
        "kind",
        "date_precision",
        "status",
        ("start_date", admin.DateFieldListFilter),
    )
    search_fields = ("title", "audience", "description")
    autocomplete_fields = ("pairing", "program", "region", "venue", "host_organization")
    list_select_related = (*PairingRecordAdmin.pairing_select_related, "program")


@admin.register(Base)
class BaseAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (BaseResource,)
    list_display = ("organization", "kind", "established_on", "pairing", "program", "status")
    list_filter = (
        PairingListFilter,
        "kind",
        "status",
        ("established_on", admin.DateFieldListFilter),
    )
    search_fields = ("organization__name", "description")
    autocomplete_fields = ("pairing", "program", "organization")
    list_select_related = (*PairingRecordAdmin.pairing_select_related, "organization", "program")
