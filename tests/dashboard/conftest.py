from io import StringIO

import pytest
from django.core.management import call_command

from cooperation.core.models import Pairing
from cooperation.stats.selectors import StatsScope, summary


@pytest.fixture
def reference_record(db):
    """Load the Chaotian ← Binjiang 2021 reference record and return its pairing."""
    call_command("load_demo", stdout=StringIO())
    return Pairing.objects.get(western_region__name="朝天区")


@pytest.fixture
def reference_summary(reference_record):
    """Return what the statistics module says of the reference record's 2021."""
    return summary(StatsScope.for_year(pairing_id=reference_record.pk, year=2021))
