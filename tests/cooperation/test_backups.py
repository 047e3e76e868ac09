"""A backup restored gives back the same figures and the same documents.

Backups are for PostgreSQL, the system of record; an SQLite demo database is one file to copy.
"""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from cooperation.core.models import Agreement, Outcome, Pairing

PDF = b"%PDF-1.4\n%signed text\n"


def quiet(*args):
    call_command(*args, "--noinput", stdout=StringIO(), stderr=StringIO())


def published_figures(client) -> dict:
    """Return the reference record's 2021 summary as the public API gives it."""
    pairing = Pairing.objects.get(western_region__name="朝天区")
    response = client.get(
        reverse("api:stats-summary"),
        {"pairing_id": pairing.pk, "year": 2021},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    return response.json()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="backups are of PostgreSQL, pg_dump and psql"
)
def test_a_restored_backup_gives_the_same_figures_and_documents(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=StringIO())
    agreement = Agreement.objects.order_by("pk").first()
    agreement.document = SimpleUploadedFile("协议.pdf", PDF)
    agreement.save()
    document = Path(agreement.document.path)
    before = published_figures(client)
    database_backup, media_backup = tmp_path / "portal.dump", tmp_path / "media.tar"
    quiet("dbbackup", "--output-path", str(database_backup))
    quiet("mediabackup", "--output-path", str(media_backup))

    Outcome.objects.filter(indicator__code="jobs-offered").update(value=1)
    Outcome.objects.filter(indicator__code="cadres-trained").delete()
    document.unlink()
    assert published_figures(client) != before

    quiet("dbrestore", "--input-path", str(database_backup))
    quiet("mediarestore", "--input-path", str(media_backup))

    assert published_figures(client) == before
    assert document.read_bytes() == PDF
