"""The migrations describe the models exactly, so no deploy meets a missing schema change."""

import io

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", check=True, dry_run=True, stdout=out, stderr=out)
    except SystemExit:
        pytest.fail(f"makemigrations found changes without a migration:\n{out.getvalue()}")
    assert "No changes detected" in out.getvalue()
