"""The classes the API's settings name: paging, throttling, tokens and write permissions.

They live apart from ``cooperation.api.base`` because REST framework imports them while it
loads its own views, so this module must not import any view.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions, pagination, permissions
from rest_framework.authentication import get_authorization_header
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, BaseThrottle, SimpleRateThrottle

from cooperation.core.access import has_model_permission, is_entered_reference, restrict_entered
from cooperation.core.paginators import LargeTablePaginator

# The permission each action needs, by its Django codename prefix. A write action missing
# here is refused to everyone, so a new action must be listed before anyone can use it.
ACTION_PERMISSIONS = {
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
    "transition": "change",
}


class Pagination(pagination.PageNumberPagination):
    """Number pages; ``page_size`` may be chosen up to a cap, and a bad value is a 400.

    The total and the neighbouring pages also go in the ``X-Total-Count`` and ``Link``
    headers, since a CSV page has no room for them. A total past
    ``settings.LIST_EXACT_COUNT_LIMIT`` is the database's estimate, and
    ``count_estimated`` (``X-Total-Count-Estimated``) says so.
    """

    django_paginator_class = LargeTablePaginator
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        estimated = paginator.count_estimated
        following, preceding = self.get_next_link(), self.get_previous_link()
        response = Response(
            {
                "count": paginator.count,
                "count_estimated": estimated,
                "next": following,
                "previous": preceding,
                "results": data,
            }
        )
        response["X-Total-Count"] = str(paginator.count)
        response["X-Total-Count-Estimated"] = "true" if estimated else "false"
        neighbours = (("next", following), ("prev", preceding))
        links = [f'<{url}>; rel="{rel}"' for rel, url in neighbours if url is not None]
        if links:
            response["Link"] = ", ".join(links)
        return response

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        described["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": _(
                "Whether count is the database's estimate: lists longer than %(limit)d rows "
                "are not counted row by row."
            )
            % {"limit": settings.LIST_EXACT_COUNT_LIMIT},
        }
        described["required"] = [*described.get("required", []), "count_estimated"]
        return described

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        return min(positive_int(raw, self.page_size_query_param), self.max_page_size)

    def get_page_number(self, request, paginator) -> int:
        raw = request.query_params.get(self.page_query_param)
        return 1 if raw is None else positive_int(raw, self.page_query_param)


def positive_int(raw: str, name: str) -> int:
    """Read a whole number of at least 1, or answer 400 naming the parameter."""
    if raw.isascii() and raw.isdigit() and int(raw) >= 1:
        return int(raw)
    raise exceptions.ValidationError({name: [_("Enter a whole number of at least 1.")]})


class AnonThrottle(AnonRateThrottle):
    """Throttle anonymous clients at ``settings.API_ANON_RATE``; ``None`` turns it off."""

    def get_rate(self) -> str | None:
        return settings.API_ANON_RATE


def client_address(request) -> str:
    """Return the client's address, believing ``X-Forwarded-For`` only past trusted proxies.

    The API's throttles read it so (REST framework's ``NUM_PROXIES``), and the admin's
    sign-in lockout asks this, so that neither can be escaped by a forged header.
    """
    return BaseThrottle().get_ident(request)


class FailedTokenThrottle(SimpleRateThrottle):
    """Count the wrong tokens an address presents, at ``settings.API_FAILED_TOKEN_RATE``."""

    scope = "failed_token"

    def get_rate(self) -> str | None:
        return settings.API_FAILED_TOKEN_RATE

    def get_cache_key(self, request, view=None) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def refuses(self, request) -> bool:
        """Tell whether the address has used up its wrong tokens for now.

        Reads the address's recent failures once; ``record_failure`` adds to them.
        """
        if self.rate is None:
            return False
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [
            moment for moment in self.cache.get(self.key, []) if moment > self.now - self.duration
        ]
        return len(self.history) >= self.num_requests

    def record_failure(self) -> None:
        """Count one more wrong token, after ``refuses`` has read the earlier ones."""
        if self.rate is not None:
            self.throttle_success()


class ThrottledTokenAuthentication(TokenAuthentication):
    """Authenticate by a hashed, expiring token; refuse a while an address sending wrong ones.

    Throttles run only after authentication has passed, so without this a client could try
    tokens as fast as the server answers.
    """

    def authenticate(self, request):
        scheme = get_authorization_header(request).split()[:1]
        prefix = self.authenticate_header(request).lower().encode()
        if [word.lower() for word in scheme] != [prefix]:
            return None
        throttle = FailedTokenThrottle()
        if throttle.refuses(request):
            raise exceptions.Throttled(wait=throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record_failure()
            raise


class ModelPermission(permissions.BasePermission):
    """Let anyone read; let a signed-in user write with the model permission of the action.

    A write whose action names no permission is refused: the check fails closed. Records of
    pairings are scoped by their viewsets' querysets; organizations and people, which
    everyone reads, are written only where ``restrict_entered`` lets the user.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not request.user.is_authenticated:
            return False
        codename = ACTION_PERMISSIONS.get(getattr(view, "action", None))
        if codename is None:
            return False
        return has_model_permission(request.user, view.queryset.model, codename)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if not is_entered_reference(type(obj)):
            return True
        codename = ACTION_PERMISSIONS.get(getattr(view, "action", None))
        rows = type(obj)._default_manager.filter(pk=obj.pk)
        if codename is not None and restrict_entered(rows, request.user, codename).exists():
            return True
        self.message = _(
            "You may change or delete only the organizations and people of your region "
            "and those you entered."
        )
        return False
