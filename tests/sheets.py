"""Run a sheet through a resource the way the admin's import does, and read its refusals."""

import tablib
from django.utils import translation


def run_import(resource, headers, *rows):
    """Import ``rows`` under ``headers`` with English headers; one bad row imports nothing."""
    with translation.override("en"):
        return resource.import_data(
            tablib.Dataset(*rows, headers=headers), rollback_on_validation_errors=True
        )


def row_errors(result) -> list[dict[str, list[str]]]:
    """Return each refused row's messages by column, read in English."""
    with translation.override("en"):
        return [
            {name: [str(message) for message in messages] for name, messages in errors.items()}
            for errors in (row.error.message_dict for row in result.invalid_rows)
        ]
