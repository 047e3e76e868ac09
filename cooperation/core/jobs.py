"""Large exports and imports as background jobs: asked for in the admin, run by the task queue.

The admin records a ``Job`` for the user and enqueues the task ``run_job``; the
worker (``python manage.py db_worker``) rebuilds the admin's own query as that user, so the
access policy decides at run time what the file holds, and writes the sheet row by row: the
rows are read in chunks and an xlsx is written in openpyxl's write-only mode, so memory stays
flat whatever the size. An import reads the uploaded sheet and saves it all or nothing; its
report names every error by row and column.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator

import openpyxl
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.http import QueryDict
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import task
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cooperation.core.models import Job, JobKind, JobStatus
from cooperation.core.sheets import (
    SheetTooLarge,
    UnreadableSheet,
    safe_cell,
    too_many_rows_message,
)

logger = logging.getLogger(__name__)

# Rows read from the database at a time, and how often the job's progress is written.
CHUNK_SIZE = 2000
STREAMED_FORMATS = ("xlsx", "csv")
# Written on PostgreSQL only, through a connection of its own (see ``job_progress``).
PROGRESS_SQL = 'UPDATE "cooperation_job" SET "done" = %s WHERE "id" = %s'


def job_create(
    *, owner, kind: str, model: type[models.Model], file_name: str, parameters: dict, upload=None
) -> Job:
    """Record a job for ``owner`` and hand it to the task queue."""
    job = Job(
        owner=owner,
        kind=kind,
        model=model._meta.label_lower,
        file_name=file_name,
        parameters={"language": translation.get_language(), **parameters},
    )
    if upload is not None:
        job.file.save(file_name, upload, save=False)
    job.save()
    result = run_job.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


def job_progress(job: Job, done: int) -> None:
    """Note how many rows a job has done, so that its page shows it while the job runs."""
    job.done = done
    if not (connection.in_atomic_block and connection.vendor == "postgresql"):
        Job.objects.filter(pk=job.pk).update(done=done)
        return
    # An import runs in one transaction, which hides what it writes until it ends: tell the
    # progress through a connection of its own. (SQLite has one writer: there it shows at
    # the end.)
    if getattr(job, "progress_connection", None) is None:
        job.progress_connection = connections.create_connection(DEFAULT_DB_ALIAS)
    with job.progress_connection.cursor() as cursor:
        cursor.execute(PROGRESS_SQL, [done, job.pk])


@task()
def run_job(job_id: int) -> None:
    """Run an export or import an official asked for in the admin (the task queue's task)."""
    job_run(job_id)


def job_run(job_id: int) -> None:
    """Run a job, keeping its status, progress and times, and its error if it fails."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    job.progress_connection = None
    job.status, job.started_at = JobStatus.RUNNING, timezone.now()
    job.save(update_fields=["status", "started_at"])
    try:
        with translation.override(job.parameters.get("language")):
            if job.kind == JobKind.EXPORT:
                export_run(job)
            else:
                import_run(job)
    except UnreadableSheet as error:  # the official's file, not a fault of the portal
        job.status = JobStatus.FAILED
        job.report = {**job.report, "failure": str(error)}
    except Exception as error:
        logger.exception("Job %s failed", job.pk)
        job.status = JobStatus.FAILED
        job.report = {**job.report, "failure": str(error) or type(error).__name__}
    else:
        if job.status == JobStatus.RUNNING:
            job.status = JobStatus.SUCCEEDED
    finally:
        if job.progress_connection is not None:
            job.progress_connection.close()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "report", "file", "done", "total"])


def admin_request(job: Job):
    """Return the model's admin and a request as its owner made it, to ask the admin again."""
    model = job.model_class()
    model_admin = admin.site.get_model_admin(model)
    opts = model._meta
    query = QueryDict(mutable=True)
    for key, values in job.parameters.get("query", {}).items():
        query.setlist(key, values)
    request = RequestFactory().get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), query
    )
    request.user = job.owner
    return model_admin, request


def export_run(job: Job) -> None:
    """Write the records the owner may export, as their changelist filtered them, to a file."""
    model_admin, request = admin_request(job)
    if not model_admin.has_export_permission(request):
        raise PermissionDenied
    queryset = model_admin.get_export_queryset(request)
    if "ids" in job.parameters:
        queryset = queryset.filter(pk__in=job.parameters["ids"])
    resource_class = model_admin.get_export_resource_classes(request)[
        job.parameters.get("resource", 0)
    ]
    resource = resource_class(**model_admin.get_export_resource_kwargs(request))
    job.total = queryset.count()
    Job.objects.filter(pk=job.pk).update(total=job.total)
    with tempfile.TemporaryFile() as out:
        write_sheet(
            out,
            job.parameters["format"],
            resource.get_export_headers(),
            sheet_rows(resource, queryset, on_progress=lambda done: job_progress(job, done)),
        )
        out.seek(0)
        job.file.save(job.file_name, File(out), save=False)


def sheet_rows(
    resource, queryset: models.QuerySet, on_progress: Callable[[int], None] | None = None
) -> Iterator[list]:
    """Yield each record's cells as the resource writes them, reading the rows in chunks."""
    queryset = resource.filter_export(queryset)
    if not queryset.query.order_by:
        queryset = queryset.order_by("pk")
    fields = resource.get_export_fields()
    done = 0
    for record in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [resource.export_field(field, record, force_native_type=True) for field in fields]
        done += 1
        if on_progress is not None and done % CHUNK_SIZE == 0:
            on_progress(done)
    if on_progress is not None:
        on_progress(done)


def cell_value(value):
    """Return a value as a sheet may hold it: local wall time for a moment, text for others."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None or isinstance(value, str | int | float | datetime.date):
        return value
    return value if hasattr(value, "as_tuple") else str(value)  # a Decimal stays a number


def write_sheet(out, file_format: str, headers: list[str], rows: Iterable[list]) -> None:
    """Write a header row and ``rows`` to the binary file ``out``, one row at a time."""
    if file_format == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(headers)
        writer.writerows([safe_cell(value) for value in row] for row in rows)
        text.flush()
        text.detach()
        return
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([safe_cell(cell_value(value)) for value in row])
    workbook.save(out)


def import_run(job: Job) -> None:
    """Import the uploaded sheet all or nothing, and report what it did or every error."""
    model_admin, request = admin_request(job)
    if not model_admin.has_import_permission(request):
        raise PermissionDenied
    input_format = model_admin.get_import_formats()[job.parameters["format"]]()
    if not input_format.is_binary():
        input_format.encoding = model_admin.from_encoding
    with job.file.open("rb") as upload:
        data = upload.read()
    # Counted before the sheet is read into memory, and without reading past the limit.
    if input_format.count_rows(data, most=settings.IMPORT_MAX_ROWS) > settings.IMPORT_MAX_ROWS:
        raise SheetTooLarge(too_many_rows_message())
    dataset = input_format.create_dataset(
        data if input_format.is_binary() else data.decode(model_admin.from_encoding)
    )
    job.total = len(dataset)
    Job.objects.filter(pk=job.pk).update(total=job.total)
    resource_class = model_admin.get_import_resource_classes(request)[
        job.parameters.get("resource", 0)
    ]
    resource = resource_class(
        **{
            **model_admin.get_import_resource_kwargs(request),
            "change_reason": job.parameters.get("change_reason", ""),
        }
    )
    if hasattr(resource, "without_preview"):
        resource.without_preview()
    resource.on_progress = lambda done: job_progress(job, done)
    result = resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        file_name=job.file_name,
        user=job.owner,
        **model_admin.get_import_data_kwargs(request=request),
    )
    # Each saved row has its history row, by the owner: the admin's log of recent actions is
    # not written a line per row as well.
    job.report = import_report(result)
    if job.report["errors"]:
        job.status = JobStatus.FAILED
    else:
        job.done = job.total


def import_report(result) -> dict:
    """Return what an import did, or every error by its cell as the preview lists them."""
    errors = [
        {"row": None, "column": "", "value": "", "reason": str(error.error)}
        for error in result.base_errors
    ]
    errors += [dataclasses.asdict(error) for error in result.cell_errors]
    return {"totals": dict(result.totals), "errors": errors}
