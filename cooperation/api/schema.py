"""The OpenAPI schema: built once per process and language, with the errors it can answer."""

from __future__ import annotations

from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    """Serve the schema built once per process, language, version and format, not per request.

    It is derived from the code alone, which changes only with a new process, and building
    and rendering it (YAML, by default) take seconds.
    """

    built: ClassVar[dict[tuple[str | None, str | None, str], tuple[bytes, str]]] = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        media_type = request.accepted_media_type
        key = (get_language(), version, media_type)
        if key not in self.built:
            response = super()._get_schema_response(request)
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = media_type
            response.renderer_context = self.get_renderer_context()
            response.render()
            self.built[key] = (response.content, response["Content-Type"])
        content, content_type = self.built[key]
        return HttpResponse(
            content,
            content_type=content_type,
            headers={
                "Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'
            },
        )


VALIDATION_ERROR = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
UNSAFE_METHODS = {"post", "put", "patch", "delete"}


def error_response(description: str, name: str) -> dict[str, Any]:
    """Errors are JSON whatever format was asked for."""
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}},
    }


def add_error_responses(result, generator, request, public):
    """Add the 400, 401, 403, 404, 409 and 429 answers to the operations that give them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["ValidationError"] = {
        **VALIDATION_ERROR,
        "description": _("Each refused field or parameter, with what is wrong with it."),
    }
    schemas["ErrorDetail"] = DETAIL
    errors = {
        "400": error_response(_("A parameter or field is refused."), "ValidationError"),
        "401": error_response(_("The token is unknown, or a write needs one."), "ErrorDetail"),
        "404": error_response(_("No such record, or not one the client may see."), "ErrorDetail"),
        "429": error_response(_("Too many requests from an anonymous client."), "ErrorDetail"),
    }
    for operations in result["paths"].values():
        for method, operation in operations.items():
            responses = operation["responses"]
            for status, response in errors.items():
                responses.setdefault(status, response)
            if method in UNSAFE_METHODS:
                responses.setdefault(
                    "403",
                    error_response(_("The user lacks the permission to write."), "ErrorDetail"),
                )
            if method == "delete":
                responses.setdefault(
                    "409", error_response(_("Other records refer to this one."), "ErrorDetail")
                )
    return result
