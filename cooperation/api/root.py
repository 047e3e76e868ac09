"""The entry point of the API: a link to every list and statistics endpoint."""

from django.urls import get_resolver, reverse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from cooperation.api.base import StrictQueryMixin


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
