"""Abstract bases every record of the portal shares: audit fields, history, review status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.querysets import PairingRecordQuerySet


class RecordStatus(models.TextChoices):
    """Where a record stands in review; only published records reach the public."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")
    RETURNED = "returned", _("Returned")


class AuditedModel(models.Model):
    """Record who created and last changed a row and when, and keep its change history."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True


class PairingRecord(AuditedModel):
    """A record that belongs to one pairing, the unit of permission, filtering and reporting."""

    pairing = models.ForeignKey(
        "cooperation.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.PROTECT,
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RecordStatus.choices,
        default=RecordStatus.DRAFT,
        db_index=True,
    )
    review_comment = models.TextField(
        _("review comment"),
        blank=True,
        help_text=_("Why a reviewer returned the record, or what to check."),
    )

    objects = PairingRecordQuerySet.as_manager()

    class Meta:
        abstract = True
