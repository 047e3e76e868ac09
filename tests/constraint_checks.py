"""Check each model constraint in forms, in ``full_clean()`` and in the database.

Every app's ``test_constraints.py`` maps each constraint name to a case, a function building
a record that breaks exactly that constraint; the checks here run every case.
"""

from collections.abc import Callable
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.forms.models import model_to_dict, modelform_factory
from django.utils import translation
from django.utils.functional import Promise

Case = Callable[[], models.Model]


def project_models() -> list[type[models.Model]]:
    """Return the models of the project's own apps, which sit at the top of the repository."""
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
        for model in config.get_models()
    ]


def project_constraints(app_label: str | None = None) -> dict[str, models.BaseConstraint]:
    """Return every constraint declared by the project's own models, by name."""
    found = {}
    for model in project_models():
        if app_label and model._meta.app_label != app_label:
            continue
        for constraint in model._meta.constraints:
            assert constraint.name not in found, f"constraint name {constraint.name} twice"
            found[constraint.name] = constraint
    return found


def build_case(cases: dict[str, Case], name: str) -> models.Model:
    """Build the record breaking ``name``, failing clearly when no case exists for it."""
    if name not in cases:
        pytest.fail(f"constraint {name} has no case in its app's test_constraints.py")
    return cases[name]()


def assert_validation_refuses(record: models.Model, constraint: models.BaseConstraint) -> None:
    """Assert ``full_clean()`` refuses ``record`` with the constraint's own message.

    The message is a lazy translation, rendered in the active language when raised.
    """
    assert isinstance(constraint.violation_error_message, Promise)
    for language in ("en", "zh-hans"):
        with translation.override(language), pytest.raises(ValidationError) as refused:
            record.full_clean()
        with translation.override(language):
            expected = str(constraint.violation_error_message)
        assert expected in refused.value.message_dict.get(NON_FIELD_ERRORS, []), (
            refused.value.message_dict
        )


def assert_database_refuses(record: models.Model, constraint: models.BaseConstraint) -> None:
    """Assert the database itself refuses ``record``, written without any validation.

    The error names the constraint, except for SQLite's unique errors, which name the columns.
    """
    model = type(record)
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        if record._state.adding:
            model.objects.bulk_create([record])
        else:
            record.save()
    if connection.vendor == "postgresql" or isinstance(constraint, models.CheckConstraint):
        assert constraint.name in str(refused.value)


def assert_form_refuses(record: models.Model, constraint: models.BaseConstraint) -> None:
    """Assert a model form holding ``record``'s values refuses them with the message."""
    model = type(record)
    form_class = modelform_factory(model, fields="__all__")
    saved = None if record._state.adding else model.objects.get(pk=record.pk)
    form = form_class(data=model_to_dict(record), instance=saved)
    with translation.override("en"):
        assert not form.is_valid()
        assert str(constraint.violation_error_message) in form.non_field_errors(), form.errors
