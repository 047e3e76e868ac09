"""Admin building blocks every app shares: audited saves, pairing scope, the review workflow.

Officials enter records here; what a user sees and may change is the access policy's
(``cooperation.core.access``), how a record is saved and moves through review the
services' (``record_save``, ``record_transition``).
"""

from __future__ import annotations

import copy
import tempfile

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from cooperation.core.access import (
    choosable,
    has_model_permission,
    may_review,
    restrict_entered,
)
from cooperation.core.jobs import STREAMED_FORMATS, job_create, sheet_rows, write_sheet
from cooperation.core.models import (
    OTHER_PAIRING_CHOICE,
    PAIRING_NAMES,
    REVIEW_FIELDS,
    JobKind,
    Pairing,
    RecordStatus,
    Revision,
    RevisionKind,
    RevisionStatus,
    fields_linking_other_pairings,
)
from cooperation.core.paginators import LargeTablePaginator
from cooperation.core.selectors import (
    apply_revision,
    companion_values,
    open_revision,
    revision_changes,
)
from cooperation.core.services import (
    StaleRecord,
    reason_needed,
    record_delete,
    record_save,
    record_transition,
    revision_save_related,
)
from cooperation.core.sheets import (
    SHEET_FORMATS,
    UnreadableSheet,
    sheet_filename,
    too_large_message,
    unreadable_message,
)

AUDIT_FIELDS = ("created_by", "created_at", "updated_by", "updated_at")
# What a published record's form shows about its pending revision, above everything else.
PENDING = ("pending_revision", "change_reason")


def revision_rows(record, model) -> list[dict] | None:
    """Return the rows of ``model`` entered with ``record`` that its pending revision holds."""
    revision = getattr(record, "_revision", None)
    if revision is None:
        return None
    for relation in type(record)._meta.related_objects:
        if relation.related_model is model:
            return revision.values.get(relation.get_accessor_name())
    return None


class ScopedChoicesMixin:
    """Offer in foreign-key and many-to-many fields only the records the user may pick."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choosable(db_field.related_model, request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("queryset", choosable(db_field.related_model, request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Show a change in the history as the admin's form shows the field, in the reader's language.

    A status reads "Submitted → Published" (已提交 → 已发布), never its codes.
    """

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.choices and not field.is_relation:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return str(_("Yes") if value else _("No"))
        return super().prepare_delta_change_value(change, value)


class AuditedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """Admin of an audited record: saved through ``record_save``, with its change history.

    Subclasses that scope rows to the user override ``scope``; the object-level
    permissions then follow it, so a record outside the scope can be neither seen nor
    changed, even through the history and revert pages.
    """

    # Records of the whole country: count no list in full, estimate long ones.
    paginator = LargeTablePaginator
    show_full_result_count = False

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

    object_history_list_template = "admin/record_history_list.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        """List the record's changes with their reasons, and below them its revisions."""
        record_id = unquote(object_id)
        revisions = (
            Revision.objects.filter(
                content_type=ContentType.objects.get_for_model(self.model), object_id=record_id
            ).select_related("updated_by", "reviewed_by")
            if record_id.isdigit()
            else Revision.objects.none()
        )
        return super().history_view(
            request, object_id, {"revisions": revisions, **(extra_context or {})}
        )

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

    def get_extra(self, request, obj=None, **kwargs):
        """Leave room for the rows of the parent's pending revision, shown as new rows."""
        extra = super().get_extra(request, obj, **kwargs)
        rows = revision_rows(obj, self.model)
        return extra if rows is None else len(rows) + extra

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


class RevisionListFilter(admin.SimpleListFilter):
    """Filter published records by what their pending revision asks: a change or a withdrawal."""

    title = _("pending revision")
    parameter_name = "revision"

    def lookups(self, request, model_admin):
        return [
            ("change", _("Change waiting for review")),
            ("withdrawal", _("Withdrawal waiting for review")),
            ("returned", _("Returned revision")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value is None:
            return queryset
        revisions = Revision.objects.filter(
            content_type=ContentType.objects.get_for_model(queryset.model)
        )
        if value == "returned":
            revisions = revisions.filter(status=RevisionStatus.RETURNED)
        elif value in RevisionKind.values:
            revisions = revisions.filter(status=RevisionStatus.PENDING, kind=value)
        else:
            return queryset.none()
        return queryset.filter(pk__in=revisions.values("object_id"))


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

    A published record's form asks why it changes, and shows its pending revision.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    change_reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_("Needed to change a published record; the reviewer reads it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = shown_version(self.instance)
        revision = getattr(self.instance, "_revision", None)
        if revision is not None:
            for field in self._meta.model._meta.many_to_many:
                if field.name in revision.values and field.name in self.fields:
                    self.initial[field.name] = revision.values[field.name]

    def clean(self):
        cleaned_data = super().clean()
        self.refuse_stale(cleaned_data.get("version"))
        if self.instance.pk is not None and self.instance.status == RecordStatus.PUBLISHED:
            try:
                reason_needed(
                    getattr(self.instance, "_revision", None),
                    cleaned_data.get("change_reason", ""),
                )
            except ValidationError as error:
                self.add_error(None, error)
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


def revision_table(revision: Revision):
    """Render a revision's state, reason and changes beside the published values."""
    heading = format_html(
        "<p>{}: {} · {} {} · {}</p>",
        revision.get_kind_display(),
        revision.get_status_display(),
        revision.updated_by or "",
        date_format(timezone.localtime(revision.updated_at), "DATETIME_FORMAT"),
        revision.reason,
    )
    if revision.review_comment:
        heading += format_html("<p>{}: {}</p>", _("Review comment"), revision.review_comment)
    if revision.kind == RevisionKind.WITHDRAWAL:
        return heading
    rows = format_html_join(
        "",
        "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
        ((c.label, c.published, c.revised) for c in revision_changes(revision)),
    )
    return heading + format_html(
        "<table><thead><tr><th></th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
        _("Published"),
        _("Pending revision"),
        rows,
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
        if getattr(obj, "_revision", None) is not None:
            readonly.append("pending_revision")
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

        A change of a published record is kept as its pending revision. The record is
        saved as of the version its form showed, so a save that another overtook since is
        refused.
        """
        seen = form.cleaned_data.get("version") if form is not None else None
        if change and seen is not None:
            obj.version = seen
        if change:
            stored = self.model._default_manager.filter(pk=obj.pk).values(*REVIEW_FIELDS).first()
            obj.status = stored["status"] if stored else RecordStatus.DRAFT
            if not may_review(request.user):
                obj.review_comment = stored["review_comment"] if stored else ""
        reason = form.cleaned_data.get("change_reason", "") if form is not None else ""
        record_save(record=obj, actor=request.user, reason=reason)
        if getattr(obj, "_revision", None) is not None:
            self.message_user(
                request,
                _(
                    "The record is published: your change is kept as a pending revision, and "
                    "the public sees the published values until another reviewer publishes it."
                ),
                messages.WARNING,
            )

    def save_related(self, request, form, formsets, change):
        """Save the choices and inline rows, or fold them into the record's pending revision."""
        revision = getattr(form.instance, "_revision", None)
        if revision is None:
            return super().save_related(request, form, formsets, change)
        choices = {
            field.name: [chosen.pk for chosen in form.cleaned_data[field.name]]
            for field in self.model._meta.many_to_many
            if field.name in form.cleaned_data and field.remote_field.through._meta.auto_created
        }
        companions = {}
        for formset in formsets:
            # Nothing of the inline is saved now; the admin's change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if getattr(formset.model, "part_of", None) != formset.fk.name:
                continue
            companions[formset.fk.remote_field.get_accessor_name()] = [
                companion_values(row.instance)
                for row in formset.forms
                if (row.instance.pk is not None or row.has_changed())
                and not (formset.can_delete and formset._should_delete_form(row))
            ]
        revision_save_related(revision=revision, choices=choices, companions=companions)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        request.shows_revision = True
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_object(self, request, object_id, from_field=None):
        """Show whoever may change a published record its pending revision, to edit further."""
        record = super().get_object(request, object_id, from_field)
        if (
            record is not None
            and getattr(request, "shows_revision", False)
            and record.status == RecordStatus.PUBLISHED
            and self.has_change_permission(request, record)
        ):
            revision = open_revision(record)
            if revision is not None:
                apply_revision(record, revision)
        return record

    def get_formset_kwargs(self, request, obj, inline, prefix):
        """Fill an inline with the rows of the pending revision, when it changed them.

        Its rows are then new rows of a parent not yet saved, so that the stored rows they
        replace do not count against them as duplicates.
        """
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        rows = revision_rows(obj, inline.model)
        if rows is not None:
            kwargs["instance"] = copy.copy(obj)
            kwargs["instance"].pk = None
            if request.method != "POST":
                kwargs["initial"] = [
                    {inline.model._meta.get_field(key).name: value for key, value in row.items()}
                    for row in rows
                ]
        return kwargs

    def get_fieldsets(self, request, obj=None):
        """Put the pending revision and the reason for a change first, where they apply."""
        pending = ["pending_revision"] if getattr(obj, "_revision", None) is not None else []
        if obj is not None and obj.pk is not None and obj.status == RecordStatus.PUBLISHED:
            pending.append("change_reason")
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f not in PENDING]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        if pending:
            fieldsets.insert(0, (_("Pending revision"), {"fields": pending}))
        return fieldsets

    @admin.display(description=_("changes"))
    def pending_revision(self, obj):
        """Show the pending change field by field beside the published values."""
        return revision_table(obj._revision)

    def get_list_filter(self, request):
        return (*super().get_list_filter(request), RevisionListFilter)

    def delete_model(self, request, obj):
        """Delete a draft; ask for the withdrawal of a published record."""
        if record_delete(record=obj, actor=request.user) is not None:
            request.withdrawals = [*getattr(request, "withdrawals", []), obj]

    def delete_queryset(self, request, queryset):
        for record in self.scope(request, queryset, "delete"):
            self.delete_model(request, record)
        self.say_withdrawals(request)

    def say_withdrawals(self, request) -> bool:
        count = len(getattr(request, "withdrawals", []))
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d published record stays public until a reviewer accepts its "
                    "withdrawal.",
                    "%(count)d published records stay public until a reviewer accepts their "
                    "withdrawal.",
                    count,
                )
                % {"count": count},
                messages.WARNING,
            )
        return bool(count)

    def response_delete(self, request, obj_display, obj_id):
        if self.say_withdrawals(request):
            opts = self.opts
            changelist = f"admin:{opts.app_label}_{opts.model_name}_changelist"
            return HttpResponseRedirect(reverse(changelist))
        return super().response_delete(request, obj_display, obj_id)

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


class ReasonImportForm(ImportForm):
    """Ask once per file why it changes published records."""

    change_reason = forms.CharField(
        label=_("Reason for the changes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=_(
            "Needed when the file changes published records; each change then waits for a "
            "reviewer, and the public sees the published values until it is published."
        ),
    )

    def clean_import_file(self):
        """Refuse a file above the size the portal imports before reading any of it."""
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_MEGABYTES * 1024 * 1024:
            raise ValidationError(too_large_message(upload.size))
        return upload


class ReasonConfirmImportForm(ConfirmImportForm):
    """Carry the file's reason to the import; require it if published records change."""

    change_reason = forms.CharField(
        label=_("Reason for the changes"), widget=forms.HiddenInput(), required=False
    )
    # How many published records the preview found changed: then the reason is required.
    published_changes = forms.IntegerField(widget=forms.HiddenInput(), required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        try:
            changes = int(self["published_changes"].value() or 0)
        except ValueError:
            changes = 0
        if changes:
            self.ask_reason(changes)

    def ask_reason(self, published_changes: int) -> None:
        """Show the reason for editing and require it: the file changes published records."""
        self.initial["published_changes"] = published_changes
        field = self.fields["change_reason"]
        field.required = True
        field.widget = forms.Textarea(attrs={"rows": 2, "cols": 80})
        field.error_messages["required"] = _(
            "Say why the published record changes; reviewers read it."
        )


class RecordImportExportMixin(ImportExportMixin):
    """Excel import and export: rows are checked and saved as the importing user.

    Import needs the add permission; a file with one bad row imports nothing. Files are
    read and written as ``cooperation.core.sheets`` says: CSV in any office encoding, xlsx
    from any program, ODS; exports escape formulas and are named in the user's language.
    """

    formats = SHEET_FORMATS
    export_form_class = ExcelFirstExportForm
    import_form_class = ReasonImportForm
    confirm_form_class = ReasonConfirmImportForm

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["change_reason"] = import_form.cleaned_data.get("change_reason", "")
        return initial

    def get_import_resource_kwargs(self, request, **kwargs):
        form = kwargs.get("form")
        reason = getattr(form, "cleaned_data", {}).get("change_reason", "")
        return {**super().get_import_resource_kwargs(request, **kwargs), "change_reason": reason}

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

    def add_data_read_fail_error_to_form(self, form, e):
        """Refuse a file that cannot be read in the user's language, naming what can."""
        form.add_error("import_file", unreadable_message())

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """Write numbers and dates as such in a workbook, and as text in CSV."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        kwargs.pop("encoding", None)  # the format writes its own: UTF-8 with a BOM for CSV
        data = self.get_data_for_export(
            request, queryset, force_native_type=file_format.native_types, **kwargs
        )
        return file_format.export_data(data)

    def get_export_filename(self, request, queryset, file_format):
        return sheet_filename(self.model, file_format.get_extension())

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        """Answer a small export at once, row by row; leave a large one to a background job.

        Either way the sheet is written a row at a time, never held whole in memory.
        """
        extension = file_format.get_extension()
        file_name = self.get_export_filename(request, queryset, file_format)
        if extension not in STREAMED_FORMATS:
            response = super()._do_file_export(file_format, request, queryset, export_form)
            # A Chinese file name needs the RFC 6266 form (filename*=utf-8'') to reach browsers.
            response["Content-Disposition"] = content_disposition_header(True, file_name)
            return response
        resource_index = int((export_form.cleaned_data.get("resource") if export_form else 0) or 0)
        limit = settings.JOBS_ROWS_IN_REQUEST
        if queryset.values("pk")[: limit + 1].count() > limit:
            parameters = {
                "format": extension,
                "resource": resource_index,
                "query": dict(request.GET.lists()),
            }
            if export_form is not None and "export_items" in export_form.changed_data:
                parameters["ids"] = [int(pk) for pk in export_form.cleaned_data["export_items"]]
            job = job_create(
                owner=request.user,
                kind=JobKind.EXPORT,
                model=self.model,
                file_name=file_name,
                parameters=parameters,
            )
            return self.job_started(request, job)
        resource_class = self.get_export_resource_classes(request)[resource_index]
        resource = resource_class(**self.get_export_resource_kwargs(request))
        # At most JOBS_ROWS_IN_REQUEST rows: the finished sheet is small enough to send whole.
        with tempfile.TemporaryFile() as out:
            write_sheet(
                out, extension, resource.get_export_headers(), sheet_rows(resource, queryset)
            )
            out.seek(0)
            response = HttpResponse(out.read(), content_type=file_format.get_content_type())
        response["Content-Disposition"] = content_disposition_header(True, file_name)
        return response

    def import_action(self, request, **kwargs):
        """Leave a sheet of many rows to a background job; preview a small one at once.

        A preview of changes to published records asks the reason on confirming them.
        """
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                job = self.import_in_background(request, form)
                if job is not None:
                    return self.job_started(request, job)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result, confirm_form = context.get("result"), context.get("confirm_form")
        if confirm_form is not None and getattr(result, "published_changes", 0):
            confirm_form.ask_reason(result.published_changes)
        return response

    def import_in_background(self, request, form):
        """Start an import job for a sheet of more rows than a request handles, else None.

        The request reads no further than the row past that threshold, so a sheet of any
        length is answered at once; the job refuses one of more than IMPORT_MAX_ROWS rows.
        """
        format_index = int(form.cleaned_data["format"])
        input_format = self.get_import_formats()[format_index]()
        upload = form.cleaned_data["import_file"]
        data = upload.read()
        upload.seek(0)
        limit = settings.JOBS_ROWS_IN_REQUEST
        try:
            rows = input_format.count_rows(data, most=limit)
        except UnreadableSheet:  # the preview names what is wrong with the file
            return None
        if rows <= limit:
            return None
        return job_create(
            owner=request.user,
            kind=JobKind.IMPORT,
            model=self.model,
            file_name=upload.name,
            parameters={
                "format": format_index,
                "resource": int(form.cleaned_data.get("resource") or 0),
                # Published records the sheet changes become revisions with the file's reason.
                "change_reason": form.cleaned_data.get("change_reason", ""),
            },
            upload=upload,
        )

    def job_started(self, request, job):
        self.message_user(
            request,
            _(
                "“%(file)s” is being prepared in the background: follow it here, and "
                "download the result when it is done."
            )
            % {"file": job.file_name},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:cooperation_job_change", args=[job.pk]))
