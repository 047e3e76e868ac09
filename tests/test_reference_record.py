"""The reference record is loaded once and shared, yet every test sees it as loaded."""

import pytest

from cooperation.core.models import Outcome, Pairing

FIGURES = 20


def test_a_test_may_change_the_record(reference_record):
    Outcome.objects.all().delete()
    Pairing.objects.update(since_year=2017)

    assert not Outcome.objects.exists()


def test_another_test_sees_the_record_as_loaded(reference_record):
    assert Outcome.objects.filter(pairing=reference_record).count() == FIGURES
    assert Pairing.objects.get().since_year == 2021


@pytest.mark.django_db
def test_a_test_without_the_record_sees_an_empty_database():
    assert not Pairing.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_an_empty_database():
    assert not Pairing.objects.exists()
