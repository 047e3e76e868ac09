"""Start-up refuses a record set whose records cannot be listed."""

from django.core.management import call_command

from cooperation.stats import registry
from cooperation.stats.checks import record_sets_have_lists
from cooperation.stats.registry import RecordSet


def test_every_registered_record_set_has_its_lists():
    assert record_sets_have_lists() == []
    call_command("check", fail_level="ERROR")


def test_a_record_set_without_lists_is_named_with_the_url_it_lacks(monkeypatch):
    visits = RecordSet(
        key="visits",
        label="Visits",
        model_label="cooperation.Agreement",
        date_field="signed_on",
        measures=(),
    )
    monkeypatch.setitem(registry._record_sets, "visits", visits)
    errors = record_sets_have_lists()
    assert [(error.id, error.obj, error.hint) for error in errors] == [
        ("cooperation.E001", "visits", "Route its API list under the URL name 'api:visits-list'."),
        (
            "cooperation.E001",
            "visits",
            "Route its dashboard list under the URL name 'dashboard:visits'.",
        ),
    ]
