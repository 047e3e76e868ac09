"""Pending changes and withdrawals of published records, kept beside the published values.

A published record's row holds what the public sees; an edit of it is kept here until a
reviewer publishes it (as Wagtail keeps a live page apart from its draft revisions), and so
is a request to delete it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class RevisionKind(models.TextChoices):
    """What a revision asks for: new values, or taking the record off the portal."""

    CHANGE = "change", _("Change")
    WITHDRAWAL = "withdrawal", _("Withdrawal")


class RevisionStatus(models.TextChoices):
    """Where a revision stands: waiting for a reviewer, sent back, or carried out."""

    PENDING = "pending", _("Pending review")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")


class Revision(models.Model):
    """A change to a published record, or its withdrawal, waiting for a second pair of eyes.

    ``values`` holds the record's own fields by attribute name (``pairing_id``), and, where
    the change names them, its many-to-many choices (lists of ids) and the rows entered with
    it (an event's speakers, an agreement's parties: lists of field values).
    """

    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of record"), on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("record ID"))
    record = GenericForeignKey("content_type", "object_id")
    record_name = models.CharField(_("record"), max_length=300)
    pairing = models.ForeignKey(
        "cooperation.Pairing",
        verbose_name=_("pairing"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=RevisionKind.choices, default=RevisionKind.CHANGE
    )
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
        db_index=True,
    )
    values = models.JSONField(_("values"), encoder=DjangoJSONEncoder, default=dict, blank=True)
    reason = models.TextField(_("reason for the change"), blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ("-updated_at", "-pk")
        indexes = [models.Index(fields=["content_type", "object_id"], name="revision_record")]

    def __str__(self) -> str:
        return f"{self.record_name} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        """Tell whether the revision still waits: for a reviewer, or for the official's fix."""
        return self.status != RevisionStatus.PUBLISHED
