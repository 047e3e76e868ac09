"""The reference record, loaded once per test process into a transaction that is never committed.

Loading the record takes about a second (every row is validated and gets a history row), so
the tests that read it share one load: ``ReferenceRecord.load()`` opens an outer transaction
on every database, loads the record into it, and leaves it open. Each test that uses it
then runs in a savepoint (pytest-django's ``db``), so whatever a test changes rolls back and
the next one sees the record as loaded. ``discard()`` rolls the whole load back before a
test that must not see the record; tests/conftest.py calls the two around each test and
runs the tests that use the record one after another, so a process loads it about once.

A test whose data must be committed (the browser tests' live portal reads it from another
connection) cannot share that transaction; ``CommittedReferenceRecord`` gives it a copy of
its own, restored from the rows the first load wrote rather than loaded again.
"""

from io import StringIO

from django.apps import apps
from django.core import serializers
from django.db import connection, connections, transaction

from cooperation.reference.loader import reference_record_load

# The apps whose rows the reference record writes; Django's own (content types,
# permissions, groups) are put back by every flush and so are not part of a copy.
RECORD_APPS = ("cooperation", "programs", "talent")


def transactional_aliases() -> list[str]:
    """Return the databases a test's transaction covers; a test mirror shares its primary's."""
    return [
        alias for alias in connections if not connections[alias].settings_dict["TEST"].get("MIRROR")
    ]


class ReferenceRecord:
    """The reference record in an open outer transaction, loaded and rolled back on demand."""

    def __init__(self, django_db_blocker) -> None:
        self.django_db_blocker = django_db_blocker
        self.atomics: dict[str, transaction.Atomic] = {}
        self.loads = 0

    @property
    def loaded(self) -> bool:
        return bool(self.atomics)

    def load(self) -> None:
        """Open the outer transactions and load the record into them, unless already done."""
        if self.loaded:
            return
        with self.django_db_blocker.unblock():
            for alias in transactional_aliases():
                atomic = transaction.atomic(using=alias)
                atomic.__enter__()
                self.atomics[alias] = atomic
            reference_record_load()
        self.loads += 1

    def discard(self) -> None:
        """Roll the load back, leaving the databases as empty as the test setup made them."""
        if not self.loaded:
            return
        with self.django_db_blocker.unblock():
            for alias, atomic in reversed(self.atomics.items()):
                transaction.set_rollback(True, using=alias)
                atomic.__exit__(None, None, None)
        self.atomics = {}


class CommittedReferenceRecord:
    """The reference record written for good, for tests that commit; a flush removes it."""

    def __init__(self) -> None:
        self.rows: str | None = None

    def load(self) -> None:
        """Load the record the first time, and restore the rows that load wrote after that.

        Restoring writes each row once, as it was, without the loader's lookups, checks and
        history, so it takes a fraction of the time; the rows are the same.
        """
        if self.rows is not None:
            connection.creation.deserialize_db_from_string(self.rows)
            return
        reference_record_load()
        out = StringIO()
        serializers.serialize("json", _record_rows(), stream=out)
        self.rows = out.getvalue()


def _record_rows():
    for label in RECORD_APPS:
        for model in apps.get_app_config(label).get_models():
            yield from model._base_manager.order_by(model._meta.pk.name).iterator()
