"""What a visitor or a client gets when the portal fails: 503 while the database is down.

Django calls ``server_error`` for every uncaught exception, wherever it was raised (a view,
a template, a middleware), after logging it with its traceback. A database that cannot be
reached is the portal's most likely outage and passes by itself: the connection is dropped
at the end of the failed request, and the next one connects afresh.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework.exceptions import APIException

# Seconds a client may wait before it tries again.
RETRY_AFTER = 30


def database_unavailable(error: BaseException | None) -> bool:
    """Tell whether ``error`` says the database could not be reached or was lost."""
    return isinstance(error, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """Answer 503 while the database is down, else 500: in JSON under /api/, else a page."""
    unavailable = database_unavailable(sys.exc_info()[1])
    if request.path_info.startswith("/api/"):
        detail = (
            _("The portal's database cannot be reached just now. Please try again shortly.")
            if unavailable
            else str(APIException.default_detail)
        )
        response = JsonResponse({"detail": detail}, status=503 if unavailable else 500)
    elif unavailable:
        # Rendered without the request: no context processor may touch the database.
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    else:
        return defaults.server_error(request)
    if unavailable:
        response["Retry-After"] = str(RETRY_AFTER)
    return response
