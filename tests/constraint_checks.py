"""Check each model constraint in forms, in ``full_clean()`` and in the database.

Every app's ``test_constraints.py`` maps each constraint name to a case, a function building
a record that breaks exactly that constraint, and subclasses ``ConstraintTests`` to run them.
"""

from collections.abc import Callable
from pathlib import Path

import factory
import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.forms.models import model_to_dict, modelform_factory
from django.utils import translation
from django.utils.functional import Promise
from simple_history.models import HistoricalChanges

from cooperation.core.models.base import checked_field
from tests import factories

Case = Callable[[], models.Model]

FACTORIES = {
    candidate._meta.model: candidate
    for candidate in vars(factories).values()
    if isinstance(candidate, type) and issubclass(candidate, factory.django.DjangoModelFactory)
}


def project_models() -> list[type[models.Model]]:
    """Return the models of the project's own apps: those in the repository, not installed.

    History models are left out: django-simple-history writes them, nobody validates them.
    """
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(settings.BASE_DIR)
        and "site-packages" not in Path(config.path).parts
        for model in config.get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def date_fields(model: type[models.Model]) -> list[str]:
    """Name the fields of ``model`` that hold a day (not a moment)."""
    return [
        field.name
        for field in model._meta.local_fields
        if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)
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


def refusals(record: models.Model) -> dict[str, list[str]]:
    """Return the messages ``full_clean()`` refuses ``record`` with, read in English."""
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        return refused.value.message_dict


def filed_under(constraint: models.BaseConstraint) -> str:
    """Return where a refusal by ``constraint`` is filed: its checked field, else the record."""
    return checked_field(constraint) or NON_FIELD_ERRORS


def assert_validation_refuses(record: models.Model, constraint: models.BaseConstraint) -> None:
    """Assert ``full_clean()`` refuses ``record`` with the constraint's own message.

    The message is a lazy translation, rendered in the active language when raised.
    """
    assert isinstance(constraint.violation_error_message, Promise)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                record.full_clean()
            messages = refused.value.message_dict.get(filed_under(constraint), [])
            assert str(constraint.violation_error_message) in messages, refused.value


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
        field_name = filed_under(constraint)
        messages = (
            form.non_field_errors() if field_name == NON_FIELD_ERRORS else form.errors[field_name]
        )
        assert str(constraint.violation_error_message) in messages, form.errors


class ConstraintTests:
    """Run each constraint of ``app_label`` through its case in ``cases``, on every layer."""

    app_label: str
    cases: dict[str, Case]

    def pytest_generate_tests(self, metafunc: pytest.Metafunc) -> None:
        constraints = project_constraints(self.app_label)
        if "constraint" in metafunc.fixturenames:
            names = sorted(constraints)
            metafunc.parametrize("constraint", [constraints[n] for n in names], ids=names)
        if "model" in metafunc.fixturenames:
            models_ = [m for m in project_models() if m._meta.app_label == self.app_label]
            metafunc.parametrize("model", models_, ids=[m._meta.label for m in models_])

    @pytest.mark.django_db
    def test_validation_refuses_with_the_constraint_message(self, constraint):
        assert_validation_refuses(build_case(self.cases, constraint.name), constraint)

    @pytest.mark.django_db
    def test_form_refuses_with_the_constraint_message(self, constraint):
        assert_form_refuses(build_case(self.cases, constraint.name), constraint)

    @pytest.mark.django_db
    def test_database_refuses(self, constraint):
        assert_database_refuses(build_case(self.cases, constraint.name), constraint)

    @pytest.mark.django_db
    def test_a_saved_valid_record_passes_full_clean(self, model):
        """Editing a record must not collide with itself in a unique constraint or a rule."""
        if model not in FACTORIES:
            pytest.fail(f"{model._meta.label} has no factory in tests/factories.py")
        FACTORIES[model]().full_clean()
