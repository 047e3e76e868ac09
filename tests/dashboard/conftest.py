import pytest

from cooperation.stats.selectors import StatsScope, summary


@pytest.fixture
def reference_summary(reference_record):
    """Return what the statistics module says of the reference record's 2021."""
    return summary(StatsScope.for_year(pairing_id=reference_record.pk, year=2021))
