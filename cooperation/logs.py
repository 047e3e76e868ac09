"""Structured logs: one JSON object a line on standard error, each naming its request.

``RequestIdMiddleware`` gives every request an id (the client's or proxy's ``X-Request-ID``
when it is a plausible one, else a new one), answers it in the same header and keeps it in
a context variable until the response is finished, so that every log record of the
request, Django's own error reports included, carries it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

from django.core.signals import request_finished
from django.dispatch import receiver

NO_REQUEST = "-"
request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default=NO_REQUEST)

# An id from outside is believed only when it cannot garble a log line or a header.
PLAUSIBLE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Tag the request, its log records and its response with one request id."""

    header = "X-Request-ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(self.header, "")
        request.id = given if PLAUSIBLE_ID.fullmatch(given) else uuid.uuid4().hex
        # Not reset on the way out: Django logs a 4xx or 5xx answer after every middleware
        # has returned, so the id stays until the response is finished.
        request_id.set(request.id)
        response = self.get_response(request)
        response[self.header] = request.id
        return response


@receiver(request_finished, dispatch_uid="cooperation.logs.forget_request_id")
def forget_request_id(**kwargs) -> None:
    """Stop naming the finished request in what the worker logs next."""
    request_id.set(NO_REQUEST)


class RequestIdFilter(logging.Filter):
    """Give each record the id of the request being served, or ``-`` outside one."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        return True


class JSONFormatter(logging.Formatter):
    """Write a record as one line of JSON: time, level, logger, message, request id, and
    the status code and the traceback where the record has them."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NO_REQUEST),
        }
        if isinstance(getattr(record, "status_code", None), int):
            entry["status_code"] = record.status_code
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """Write a record as one line for a developer's console, with its request id."""

    def __init__(self):
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            defaults={"request_id": NO_REQUEST},
        )
