"""Admin of regions, pairings, officials, organizations, agreements, indicators and outcomes."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from knox.admin import AuthTokenAdmin, AuthTokenCreateForm
from knox.models import AuthToken
from knox.settings import knox_settings

from cooperation.core.access import restrict_revisions
from cooperation.core.admin_base import (
    AuditedAdmin,
    EnteredReferenceAdmin,
    PairingListFilter,
    PairingRecordAdmin,
    ParentPermissionInline,
    RecordImportExportMixin,
    revision_table,
)
from cooperation.core.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Official,
    Organization,
    Outcome,
    Pairing,
    Region,
    Revision,
    Target,
)
from cooperation.core.resources import (
    AgreementResource,
    OrganizationResource,
    OutcomeResource,
    TargetResource,
)
from cooperation.stats.registry import computations

admin.site.site_header = _("East–West Cooperation Portal")
admin.site.site_title = _("East–West Cooperation Portal")
admin.site.index_title = _("Records of the cooperation")


class PortalAuthenticationForm(AdminAuthenticationForm):
    """Sign in to the admin; a right password of an account without admin access says so."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "no_admin_access": _(
            "The password is right, but this account has no access to the admin: an "
            "administrator ties it to a region (Users › official) and puts it in one of the "
            "two groups."
        ),
    }

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not user.is_staff:
            raise ValidationError(self.error_messages["no_admin_access"], code="no_admin_access")


admin.site.login_form = PortalAuthenticationForm


def locked_out(request, response=None, credentials=None):
    """Answer a sign-in that django-axes locked out: say why and for how long, in admin dress."""
    return render(
        request,
        "registration/locked_out.html",
        {
            **admin.site.each_context(request),
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("name", "name_en", "level", "code", "parent")
    list_filter = ("level",)
    search_fields = ("name", "name_en", "code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Pairing)
class PairingAdmin(AuditedAdmin):
    list_display = ("__str__", "since_year", "is_active")
    list_filter = ("is_active", "since_year")
    search_fields = (
        "eastern_region__name",
        "eastern_region__name_en",
        "western_region__name",
        "western_region__name_en",
    )
    autocomplete_fields = ("eastern_region", "western_region")
    list_select_related = ("eastern_region", "western_region")

    def scope(self, request, queryset, action):
        return queryset.visible_to(request.user)


class OfficialInline(admin.StackedInline):
    model = Official
    autocomplete_fields = ("region",)
    can_delete = False
    max_num = 1


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class PortalUserAdmin(UserAdmin):
    """Add to each user account the region the official works for."""

    inlines = (OfficialInline,)


class APITokenForm(AuthTokenCreateForm):
    """Issue a token for a user; it expires, by default after ``REST_KNOX["TOKEN_TTL"]``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expiry"].required = True
        self.fields["expiry"].initial = timezone.now() + knox_settings.TOKEN_TTL


admin.site.unregister(AuthToken)


@admin.register(AuthToken)
class APITokenAdmin(AuthTokenAdmin):
    """API tokens, kept hashed: the token is shown once, when issued; delete one to revoke it."""

    add_form = APITokenForm
    list_display = ("user", "token_key", "created", "expiry")
    list_select_related = ("user",)

    def save_model(self, request, obj, form, change):
        admin.ModelAdmin.save_model(self, request, obj, form, change)
        if not change:
            self.message_user(
                request,
                _("The token of %(user)s, shown only this once: %(token)s")
                % {"user": obj.user, "token": form.token},
                messages.WARNING,
            )


@admin.register(Official)
class OfficialAdmin(admin.ModelAdmin):
    list_display = ("user", "region")
    list_filter = ("region__level",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "region__name")
    autocomplete_fields = ("user", "region")
    list_select_related = ("user", "region")


@admin.register(Organization)
class OrganizationAdmin(RecordImportExportMixin, EnteredReferenceAdmin):
    resource_classes = (OrganizationResource,)
    list_display = ("name", "kind", "region")
    list_filter = ("kind", ("region", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "name_en", "region__name")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)


class AgreementPartyInline(ParentPermissionInline, admin.TabularInline):
    model = AgreementParty
    autocomplete_fields = ("organization",)
    extra = 2


@admin.register(Agreement)
class AgreementAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (AgreementResource,)
    inlines = (AgreementPartyInline,)
    list_display = ("title", "kind", "pairing", "signed_on", "status")
    list_filter = (PairingListFilter, "kind", "status")
    search_fields = ("title", "description")
    date_hierarchy = "signed_on"
    autocomplete_fields = ("pairing",)
    list_select_related = PairingRecordAdmin.pairing_select_related


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ("code", "name", "unit", "measurement", "computation")
    list_filter = ("unit", "measurement")
    search_fields = ("code", "name", "name_en")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Offer the registered computations by name instead of a free text field."""
        if db_field.name == "computation":
            kwargs["widget"] = forms.Select(
                choices=[
                    ("", "---------"),
                    *((key, computation.label) for key, computation in computations().items()),
                ]
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(Outcome)
class OutcomeAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (OutcomeResource,)
    list_display = ("indicator", "year", "value", "qualifier", "pairing", "program", "status")
    list_filter = (PairingListFilter, "year", "qualifier", "is_cumulative", "status")
    search_fields = ("indicator__name", "indicator__code", "source", "note")
    autocomplete_fields = ("pairing", "indicator", "program", "agreement")
    list_select_related = (*PairingRecordAdmin.pairing_select_related, "indicator", "program")


@admin.register(Target)
class TargetAdmin(RecordImportExportMixin, PairingRecordAdmin):
    resource_classes = (TargetResource,)
    list_display = ("indicator", "year", "value", "pairing", "status")
    list_filter = (PairingListFilter, "year", "status")
    search_fields = ("indicator__name", "indicator__code", "note")
    autocomplete_fields = ("pairing", "indicator")
    list_select_related = (*PairingRecordAdmin.pairing_select_related, "indicator")


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    """Pending changes and withdrawals of published records, opened through their records.

    Revisions are written by editing or deleting a published record and settled by the
    record's review actions, never here.
    """

    list_display = ("record_link", "kind", "status", "pairing", "updated_by", "updated_at")
    list_filter = ("status", "kind", PairingListFilter)
    search_fields = ("record_name", "reason")
    list_select_related = (
        "content_type",
        "updated_by",
        "pairing__eastern_region",
        "pairing__western_region",
    )
    readonly_fields = (
        "record_link",
        "changes",
        "kind",
        "status",
        "pairing",
        "reason",
        "review_comment",
        "created_by",
        "created_at",
        "updated_by",
        "updated_at",
        "reviewed_by",
        "reviewed_at",
    )
    fields = readonly_fields

    def get_queryset(self, request):
        return restrict_revisions(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("changes"))
    def changes(self, revision):
        return revision_table(revision)

    @admin.display(description=_("record"), ordering="record_name")
    def record_link(self, revision):
        content_type = revision.content_type
        url = reverse(
            f"admin:{content_type.app_label}_{content_type.model}_change",
            args=[revision.object_id],
        )
        return format_html('<a href="{}">{}</a>', url, revision.record_name)
