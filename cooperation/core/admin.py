"""Admin of regions, pairings, officials, organizations, agreements, indicators and outcomes."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks_db.models import DBTaskResult
from knox.admin import AuthTokenAdmin, AuthTokenCreateForm
from knox.models import AuthToken
from knox.settings import knox_settings

from cooperation.core.access import may_fetch_job_result, own_jobs, restrict_revisions
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
    Job,
    JobKind,
    JobStatus,
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
    IndicatorResource,
    OrganizationResource,
    OutcomeResource,
    PairingResource,
    RegionResource,
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
class RegionAdmin(RecordImportExportMixin, AuditedAdmin):
    resource_classes = (RegionResource,)
    list_display = ("name", "name_en", "level", "code", "parent")
    list_filter = ("level",)
    search_fields = ("name", "name_en", "code")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


@admin.register(Pairing)
class PairingAdmin(RecordImportExportMixin, AuditedAdmin):
    resource_classes = (PairingResource,)
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
    # No filter by region: its choices would be the thousands of regions with organizations,
    # read from every organization on each page. The search finds a region's by its name.
    list_filter = ("kind",)
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
    list_filter = (PairingListFilter, "kind", "status", ("signed_on", admin.DateFieldListFilter))
    search_fields = ("title", "description")
    autocomplete_fields = ("pairing",)
    list_select_related = PairingRecordAdmin.pairing_select_related


@admin.register(Indicator)
class IndicatorAdmin(RecordImportExportMixin, AuditedAdmin):
    resource_classes = (IndicatorResource,)
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


# My jobs shows each user their own exports and imports; the task queue's rows behind them
# (django-tasks-db's results) are the worker's bookkeeping, not an admin page.
admin.site.unregister(DBTaskResult)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """My jobs: each user's exports and imports, their progress, and the file or the report.

    Every signed-in staff user has this page, and sees on it only the jobs they asked for.
    """

    list_display = (
        "__str__",
        "records",
        "status",
        "progress",
        "created_at",
        "finished_at",
        "result",
    )
    list_filter = ("kind", "status")
    fields = (
        "kind",
        "records",
        "file_name",
        "status",
        "progress",
        "created_at",
        "started_at",
        "finished_at",
        "result",
        "errors",
    )
    readonly_fields = fields
    # A job page reloads itself until the job is done.
    change_form_template = "admin/cooperation/job/change_form.html"
    change_list_template = "admin/cooperation/job/change_list.html"

    def get_queryset(self, request):
        return own_jobs(super().get_queryset(request), request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        if not (request.user.is_active and request.user.is_staff):
            return False
        return obj is None or obj.owner_id == request.user.pk

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.has_view_permission(request, obj) and (
            obj is None or obj.status not in (JobStatus.QUEUED, JobStatus.RUNNING)
        )

    def get_urls(self):
        download = path(
            "<int:job_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="cooperation_job_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request, job_id: int):
        """Send the job's file to the user who asked for it, and to nobody else."""
        job = self.get_queryset(request).filter(pk=job_id).first()
        if job is None or not job.file:
            raise Http404
        if not may_fetch_job_result(job, request.user):
            raise PermissionDenied
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.file_name)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        job = self.get_queryset(request).filter(pk=object_id).first() if object_id else None
        running = job is not None and job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
        extra_context = {**(extra_context or {}), "refresh": running}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        running = (
            self.get_queryset(request)
            .filter(status__in=(JobStatus.QUEUED, JobStatus.RUNNING))
            .exists()
        )
        extra_context = {**(extra_context or {}), "refresh": running}
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("records"))
    def records(self, job):
        return job.model_class()._meta.verbose_name_plural

    @admin.display(description=_("progress"))
    def progress(self, job):
        percent = job.percent
        if job.total is None:
            return format_html("{}", job.done)
        return format_html(
            '<progress max="100" value="{}"></progress> {} / {} ({}%)',
            percent or 0,
            job.done,
            job.total,
            percent or 0,
        )

    @admin.display(description=_("result"))
    def result(self, job):
        if job.kind == JobKind.EXPORT and job.status == JobStatus.SUCCEEDED and job.file:
            url = reverse("admin:cooperation_job_download", args=[job.pk])
            return format_html('<a href="{}" download>{}</a>', url, _("Download"))
        if "failure" in job.report:
            return job.report["failure"]
        if job.kind == JobKind.IMPORT and "totals" in job.report:
            totals = job.report["totals"]
            if job.report.get("errors"):
                count = len(job.report["errors"])
                return ngettext(
                    "Nothing was imported: %(count)d error.",
                    "Nothing was imported: %(count)d errors.",
                    count,
                ) % {"count": count}
            return _("Imported: %(new)d new, %(update)d updated, %(skip)d unchanged.") % {
                "new": totals.get("new", 0),
                "update": totals.get("update", 0),
                "skip": totals.get("skip", 0),
            }
        return ""

    @admin.display(description=_("errors"))
    def errors(self, job):
        """List an import's errors by cell, in the preview's own table."""
        rows = job.report.get("errors") or []
        if not rows:
            return ""
        return render_to_string(
            "admin/import_export/cell_errors.html", {"result": {"cell_errors": rows}}
        )


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
