"""The entry point of the API, listing every endpoint, and its answer to unknown addresses."""

from django.urls import get_resolver, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from cooperation.api.base import JSONErrorsMixin, StrictQueryMixin


class APIRootView(StrictQueryMixin, APIView):
    """List the endpoints of the API by name, with their URLs."""

    @extend_schema(responses={200: {"type": "object", "additionalProperties": {"type": "string"}}})
    def get(self, request, *args, **kwargs):
        _prefix, resolver = get_resolver().namespace_dict["api"]
        names = sorted(
            name
            for name in resolver.reverse_dict
            if isinstance(name, str) and (name.endswith("-list") or name.startswith("stats-"))
        )
        return Response(
            {
                name.removesuffix("-list"): request.build_absolute_uri(reverse(f"api:{name}"))
                for name in names
            }
        )


class UnknownAddressView(JSONErrorsMixin, APIView):
    """Answer any other address under ``/api/`` with the API's JSON 404, not an HTML page."""

    schema = None
    permission_classes = ()

    def http_method_not_allowed(self, request, *args, **kwargs):
        raise NotFound
