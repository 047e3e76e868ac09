"""JSON bodies the API reads: no larger than the portal's request limit, and not too deep.

REST framework reads a body of any size and lets Python's parser recurse as deep as the
body nests, so a 10 MB body or one nested a thousand levels deep would tie a worker up or
end in a server error. Both are refused as the client's mistake, in JSON.
"""

from __future__ import annotations

import io

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers, status

# Deeper than any record or list of records the API takes.
MAX_JSON_DEPTH = 32


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = _("The request body is too large.")
    default_code = "payload_too_large"


class BoundedJSONParser(parsers.JSONParser):
    """Parse JSON of at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` bytes, ``MAX_JSON_DEPTH`` deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise PayloadTooLarge()
        try:
            data = super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError as error:
            raise too_deep() from error
        if depth_of(data) > MAX_JSON_DEPTH:
            raise too_deep()
        return data


def too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(
        _("The JSON is nested more than %(depth)d levels deep.") % {"depth": MAX_JSON_DEPTH}
    )


def depth_of(data) -> int:
    """Return how deep lists and objects nest in parsed JSON, without recursing."""
    deepest = 0
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, depth)
            children = value.values() if isinstance(value, dict) else value
            pending.extend((child, depth + 1) for child in children)
    return deepest
