"""Background jobs an official asked for: large exports and imports, with their results."""

from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.utils.translation import gettext_lazy as _


def job_files():
    """Return where job files are kept: apart from the media, served only to their owner."""
    return storages["jobs"]


class JobKind(models.TextChoices):
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class Job(models.Model):
    """One export or import run by the task queue for the user who asked for it.

    An export's result is its file; an import's is its report: what it added and updated,
    or each error by row and column (an import with errors saves nothing).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=JobKind.choices)
    model = models.CharField(_("records"), max_length=100, help_text=_("app_label.model_name"))
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("rows done"), default=0)
    total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    file = models.FileField(_("file"), storage=job_files, upload_to="%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    task_id = models.CharField(_("task"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("my jobs")
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name}"

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    @property
    def percent(self) -> int | None:
        """Return how far the job has come, in percent, once its size is known."""
        if not self.total:
            return 100 if self.status == JobStatus.SUCCEEDED else None
        return min(100, self.done * 100 // self.total)
