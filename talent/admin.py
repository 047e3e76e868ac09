"""Admin of people, expert engagements, secondments and mentor pairings."""

from django.contrib import admin

from cooperation.core.admin_base import (
    EnteredReferenceAdmin,
    PairingListFilter,
    PairingRecordAdmin,
    RecordImportExportMixin,
)
from talent.models import ExpertEngagement, MentorPairing, Person, Secondment
from talent.resources import (
    ExpertEngagementResource,
    MentorPairingResource,
    PersonResource,
    SecondmentResource,
)


@admin.register(Person)
class PersonAdmin(RecordImportExportMixin, EnteredReferenceAdmin):
    resource_classes = (PersonResource,)
    list_display = ("name", "organization", "title", "gender", "is_public")
    # No filter by organization: its choices would be the tens of thousands of organizations
    # with people, read from every person on each page. The search finds an organization's.
    list_filter = ("is_public", "gender")
    search_fields = ("name", "name_en", "title", "expertise", "organization__name")
    autocomplete_fields = ("organization",)
    list_select_related = ("organization",)


@admin.register(ExpertEngagement)
class ExpertEngagementAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (ExpertEngagementResource,)
    list_display = (
        "person",
        "role",
        "start_date",
        "end_date",
        "contract_signed",
        "pairing",
        "status",
    )
    list_filter = (
        PairingListFilter,
        "role",
        "contract_signed",
        "status",
        ("start_date", admin.DateFieldListFilter),
    )
    search_fields = ("person__name", "person__organization__name")
    autocomplete_fields = ("pairing", "person", "program")
    list_select_related = (*PairingRecordAdmin.pairing_select_related, "person")


@admin.register(Secondment)
class SecondmentAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (SecondmentResource,)
    list_display = (
        "person",
        "home_organization",
        "host_organization",
        "start_date",
        "end_date",
        "is_long_term",
        "pairing",
        "status",
    )
    list_filter = (
        PairingListFilter,
        "is_long_term",
        "date_precision",
        "status",
        ("start_date", admin.DateFieldListFilter),
    )
    search_fields = ("person__name", "home_organization__name", "host_organization__name", "field")
    autocomplete_fields = ("pairing", "person", "home_organization", "host_organization")
    list_select_related = (
        *PairingRecordAdmin.pairing_select_related,
        "person",
        "home_organization",
        "host_organization",
    )


@admin.register(MentorPairing)
class MentorPairingAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (MentorPairingResource,)
    list_display = (
        "mentor",
        "mentee",
        "mentor_school",
        "mentee_school",
        "start_date",
        "pairing",
        "status",
    )
    list_filter = (PairingListFilter, "status", ("start_date", admin.DateFieldListFilter))
    search_fields = ("mentor__name", "mentee__name", "mentor_school__name", "mentee_school__name")
    autocomplete_fields = (
        "pairing",
        "mentor",
        "mentee",
        "program",
        "mentor_school",
        "mentee_school",
    )
    list_select_related = (
        *PairingRecordAdmin.pairing_select_related,
        "mentor",
        "mentee",
        "mentor_school",
        "mentee_school",
    )
