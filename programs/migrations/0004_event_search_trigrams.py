"""Let PostgreSQL find events by any part of their text without reading every event.

The admin's and the API's search compare ``UPPER(field) LIKE UPPER('%term%')``; a trigram
GIN index of ``UPPER(field)`` (pg_trgm) serves that. SQLite has no trigram indexes: there
the search reads the table, which a demo's sizes allow.
"""

from django.db import migrations

SEARCHED = ("title", "audience", "description")


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in SEARCHED:
        schema_editor.execute(
            f"CREATE INDEX event_{field}_trigrams ON programs_event "
            f"USING gin (UPPER({field}) gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in SEARCHED:
        schema_editor.execute(f"DROP INDEX event_{field}_trigrams")


class Migration(migrations.Migration):
    dependencies = [("programs", "0003_event_list_indexes")]

    operations = [migrations.RunPython(add_trigram_indexes, drop_trigram_indexes)]
