"""Describe in the OpenAPI schema the errors every endpoint can answer, and their shape."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

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
