"""Admin building blocks every app shares: audited saves, pairing scope, the review workflow.

Officials enter records here; what a user sees and may change is the access policy's
(``cooperation.core.access``), how a record is saved and moves through review the
services' (``record_save``, ``record_transition``).
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ExportForm
from simple_history.admin import SimpleHistoryAdmin

from cooperation.core.access import (
    choosable,
    has_model_permission,
    may_review,
    restrict_entered,
)
from cooperation.core.models import (
    OTHER_PAIRING_CHOICE,
    PAIRING_NAMES,
    REVIEW_FIELDS,
    Pairing,
    RecordStatus,
    fields_linking_other_pairings,
)
from cooperation.core.services import StaleRecord, record_save, record_transition

AUDIT_FIELDS = ("created_by", "created_at", "updated_by", "updated_at")


class ScopedChoicesMixin:
    """Offer in foreign-key and many-to-many fields only the records the user may pick."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choosable(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choosable(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class AuditedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """Admin of an audited record: saved through ``record_save``, with its change history.

    Subclasses that scope rows to the user override ``scope``; the object-level
    permissions then follow it, so a record outside the scope can be neither seen nor
    changed, even through the history and revert pages.
    """

    def scope(self, request, queryset: models.QuerySet, action: str) -> models.QuerySet:
        """Return the part of ``queryset`` that the user may ``action``; all by default."""
        return queryset

    def is_scoped(self) -> bool:
        return type(self).scope is not AuditedAdmin.scope

    def view_action(self, request) -> str:
        """Name the permission that lets the user see rows: view, or change which implies it."""
        return "view" if has_model_permission(request.user, self.model, "view") else "change"

    def in_scope(self, request, obj, action: str) -> bool:
        """Ask the access policy, through ``scope``, whether ``obj`` is the user's to ``action``."""
        if not self.is_scoped() or obj.pk is None:
            return True
        rows = self.scope(request, self.model._default_manager.all(), action)
        return rows.filter(pk=obj.pk).exists()

    def get_queryset(self, request):
        return self.scope(request, super().get_queryset(request), self.view_action(request))

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self.in_scope(request, obj, self.view_action(request))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self.in_scope(request, obj, "change")

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        if not allowed or obj is None:
            return allowed
        return self.in_scope(request, obj, "delete")

    def delete_queryset(self, request, queryset):
        self.scope(request, queryset, "delete").delete()

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """Refuse reverting a record the user may only view; the history app checks viewing."""
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *AUDIT_FIELDS)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # Officials paste addresses without a scheme; government sites are served over https.
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_fieldsets(self, request, obj=None):
        """Put what an official types first, then the review state, then the audit trail."""
        if self.fieldsets:
            return super().get_fieldsets(request, obj)
        fields = self.get_fields(request, obj)
        review = [name for name in REVIEW_FIELDS if name in fields]
        audit = [name for name in AUDIT_FIELDS if name in fields]
        fieldsets = [(None, {"fields": [f for f in fields if f not in review + audit]})]
        if review:
            fieldsets.append((_("Review"), {"fields": review}))
        if obj is not None:
            fieldsets.append((_("Record"), {"fields": audit, "classes": ["collapse"]}))
        return fieldsets

    def save_model(self, request, obj, form, change):
        record_save(record=obj, actor=request.user)


class EnteredReferenceAdmin(AuditedAdmin):
    """Admin of organizations or people: everyone views and adds, but changes only some.

    ``restrict_entered`` leaves a user the rows of their region and those they entered.
    """

    def scope(self, request, queryset, action):
        return restrict_entered(queryset, request.user, action)


class ParentPermissionInline(ScopedChoicesMixin):
    """Let whoever may add or change the parent record also edit its inline rows.

    Agreement parties and event speakers are parts of their record, not records of their
    own, so they need no permissions of their own.
    """

    def parent_admin(self):
        return self.admin_site.get_model_admin(self.parent_model)

    def parent_editable(self, request, obj) -> bool:
        parent = self.parent_admin()
        if obj is None:
            return parent.has_add_permission(request)
        return parent.has_change_permission(request, obj)

    def has_view_permission(self, request, obj=None):
        return self.parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return self.parent_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return self.parent_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.parent_editable(request, obj)


class PairingListFilter(admin.SimpleListFilter):
    """Filter by pairing, offering only the pairings the user works on."""

    title = _("pairing")
    parameter_name = "pairing"

    def lookups(self, request, model_admin):
        # The pairing's name is its two regions: fetch them in the same query.
        pairings = Pairing.objects.visible_to(request.user).select_related(
            "eastern_region", "western_region"
        )
        return [(str(pairing.pk), str(pairing)) for pairing in pairings]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(pairing_id=value) if value.isdigit() else queryset.none()


class ReturnForm(forms.Form):
    """Ask the reviewer why records go back; the officials read this to fix them."""

    comment = forms.CharField(
        label=_("Why are the records returned?"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("The officials who entered the records see this comment."),
    )


class PairingRecordForm(forms.ModelForm):
    """Refuse many-to-many choices of another pairing's records, which ``clean`` cannot see.

    The form carries the version of the record it shows; saved after someone else's save,
    it is refused with their changes listed, the user's input kept, and the newer version
    taken in, so that saving again keeps the user's values knowingly.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = shown_version(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_stale(cleaned_data.get("version"))
        pairing = cleaned_data.get("pairing") or getattr(self.instance, "pairing", None)
        if pairing is not None:
            chosen = {
                field.name: cleaned_data[field.name]
                for field in self._meta.model._meta.many_to_many
                if field.name in cleaned_data
            }
            for name in fields_linking_other_pairings(pairing.pk, chosen):
                self.add_error(name, OTHER_PAIRING_CHOICE)
        return cleaned_data

    def refuse_stale(self, seen: int | None) -> None:
        """Refuse the form if the record was saved since version ``seen``, naming the changes.

        The stored row stays locked until the admin's save commits, so no save slips in
        between this check and that save.
        """
        if self.instance.pk is None or seen is None:
            return
        current = (
            type(self.instance)
            ._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("version", flat=True)
            .first()
        )
        if current in (None, seen):
            return
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = current
        stale = StaleRecord(self.instance, seen, current)
        self.add_error(None, ValidationError(stale_message(stale), code="stale"))


def shown_version(record) -> int | None:
    """Return the stored version of ``record``: the one a save from its form must match.

    A form of a version from the history shows an old copy of the record, whose version is
    not the stored one.
    """
    if record.pk is None:
        return None
    if getattr(record, "_history", None) is None:
        return record.version
    return (
        type(record)._default_manager.filter(pk=record.pk).values_list("version", flat=True).first()
    )


def stale_message(stale: StaleRecord) -> str:
    """Say that someone else saved the record meanwhile, and what they changed."""
    changes = "; ".join(
        _("%(field)s: %(value)s") % {"field": change.label, "value": change.value}
        for change in stale.changes
    )
    return " ".join(
        [
            str(stale),
            _("What they changed: %(changes)s.") % {"changes": changes}
            if changes
            else _("They changed no field of this form."),
            str(_("Your input is kept below: check it against theirs, then save again.")),
        ]
    )


class PairingRecordAdmin(AuditedAdmin):
    """Admin of a record that belongs to a pairing: scoped, reviewed, filtered by pairing.

    Status moves only through the review actions, never through the form, so nobody
    publishes by editing a field; only reviewers write the review comment.
    """

    form = PairingRecordForm
    actions = ("submit_for_review", "publish", "return_for_revision")
    pairing_select_related = PAIRING_NAMES

    def scope(self, request, queryset, action):
        return queryset.restrict(request.user, action)

    def get_exclude(self, request, obj=None):
        # The version is the form's own hidden field: the model's is never typed in.
        return [*(super().get_exclude(request, obj) or ()), "version"]

    def get_readonly_fields(self, request, obj=None):
        readonly = ["status"]
        if not may_review(request.user):
            readonly.append("review_comment")
        return (*super().get_readonly_fields(request, obj), *readonly)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        """Put a reviewer's reason for returning the record at the top of its form."""
        if obj is not None and obj.status == RecordStatus.RETURNED and obj.review_comment:
            self.message_user(
                request,
                _("A reviewer returned this record: %(comment)s") % {"comment": obj.review_comment},
                messages.WARNING,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_changeform_initial_data(self, request):
        """Preselect the pairing of an official who works on only one."""
        initial = super().get_changeform_initial_data(request)
        if "pairing" not in initial:
            pairings = list(
                Pairing.objects.visible_to(request.user).values_list("pk", flat=True)[:2]
            )
            if len(pairings) == 1:
                initial["pairing"] = pairings[0]
        return initial

    def save_model(self, request, obj, form, change):
        """Keep the stored review state: reverting to an old version must not republish.

        The record is saved as of the version its form showed, so a save that another
        overtook since is refused.
        """
        seen = form.cleaned_data.get("version") if form is not None else None
        if change and seen is not None:
            obj.version = seen
        if change:
            stored = self.model._default_manager.filter(pk=obj.pk).values(*REVIEW_FIELDS).first()
            obj.status = stored["status"] if stored else RecordStatus.DRAFT
            if not may_review(request.user):
                obj.review_comment = stored["review_comment"] if stored else ""
        was_published = obj.status == RecordStatus.PUBLISHED
        super().save_model(request, obj, form, change)
        if was_published and obj.status == RecordStatus.SUBMITTED:
            self.message_user(
                request,
                _(
                    "The record was published; it is hidden from the public until a "
                    "reviewer publishes your change."
                ),
                messages.WARNING,
            )

    def move(self, request, queryset, to_status: str, comment: str = "") -> None:
        """Move every selected record to ``to_status``, or none of them, and say which.

        The changelist's queryset is already scoped to the user's pairings, and the
        service refuses the moves the user may not make.
        """
        records = list(queryset)
        record = None
        try:
            with transaction.atomic():
                for record in records:
                    record_transition(
                        record=record, to_status=to_status, actor=request.user, comment=comment
                    )
        except PermissionDenied as error:
            self.message_user(
                request, _("Nothing was changed: %(error)s") % {"error": error}, messages.ERROR
            )
            return
        except ValidationError as error:
            self.message_user(
                request,
                _("Nothing was changed: “%(record)s”: %(error)s")
                % {"record": record, "error": " ".join(error.messages)},
                messages.ERROR,
            )
            return
        self.message_user(
            request,
            ngettext(
                "%(count)d record is now “%(status)s”.",
                "%(count)d records are now “%(status)s”.",
                len(records),
            )
            % {"count": len(records), "status": RecordStatus(to_status).label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self.move(request, queryset, RecordStatus.SUBMITTED)

    def has_review_permission(self, request) -> bool:
        """Offer the reviewers' actions (publish, return) only to reviewers."""
        return self.has_change_permission(request) and may_review(request.user)

    @admin.action(description=_("Publish"), permissions=["review"])
    def publish(self, request, queryset):
        self.move(request, queryset, RecordStatus.PUBLISHED)

    @admin.action(description=_("Return with a comment"), permissions=["review"])
    def return_for_revision(self, request, queryset):
        """Ask for the comment on a page of its own, then return the records with it."""
        if not may_review(request.user):
            return self.move(request, queryset, RecordStatus.RETURNED)
        form = ReturnForm(request.POST if "comment" in request.POST else None)
        if form.is_valid():
            return self.move(
                request, queryset, RecordStatus.RETURNED, comment=form.cleaned_data["comment"]
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Return records"),
            "opts": self.opts,
            "records": queryset,
            "form": form,
            "action": "return_for_revision",
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "media": self.media,
        }
        return TemplateResponse(request, "admin/return_records.html", context)


class ExcelFirstExportForm(ExportForm):
    """Export all columns, in Excel unless the user picks another format."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.fields["format"].initial = "0"


class RecordImportExportMixin(ImportExportMixin):
    """Excel import and export: rows are checked and saved as the importing user.

    Import needs the add permission; a file with one bad row imports nothing.
    """

    formats = (XLSX, CSV)  # Excel first: it is what the forms preselect
    export_form_class = ExcelFirstExportForm

    def get_import_form_initial(self, request):
        return {**super().get_import_form_initial(request), "format": "0"}

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {"user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_data_kwargs(self, **kwargs):
        # A row that fails validation rolls the whole file back, also after confirmation.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}
