"""The national dataset: real regions, every kind and status, the same for the same seed."""

from collections import Counter

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.urls import reverse
from rest_framework.test import APIClient

from cooperation.core.models import (
    Agreement,
    AgreementParty,
    Outcome,
    Pairing,
    PairingRecord,
    Program,
    RecordStatus,
    Region,
    Target,
)
from cooperation.core.resources import PairingWidget, RegionWidget
from cooperation.reference import divisions
from cooperation.reference.loader import reference_record_load
from cooperation.reference.national import SAMPLE_USER_PREFIX, national_data_delete
from cooperation.stats.cache import data_version
from programs.models import Base, Event, EventKind, EventSpeaker
from talent.models import ExpertEngagement, MentorPairing, Person, Secondment

RECORD_MODELS = [
    Program,
    Agreement,
    Event,
    Base,
    ExpertEngagement,
    Secondment,
    MentorPairing,
    Outcome,
    Target,
]
PUBLISHED = RecordStatus.PUBLISHED


def generate(pairings=3, years=2, seed=1, **options):
    call_command("generate_data", pairings=pairings, years=years, seed=seed, verbosity=0, **options)


def fingerprint() -> dict:
    """What a dataset says, without the row numbers the database hands out."""
    return {
        "pairings": sorted(
            Pairing.objects.values_list("eastern_region__code", "western_region__code")
        ),
        "events": sorted(
            Event.objects.values_list(
                "pairing__western_region__code",
                "title",
                "start_date",
                "kind",
                "status",
                "participants",
                "created_at",
            )
        ),
        "people": sorted(Person.objects.values_list("organization__name", "name", "title")),
        "outcomes": sorted(
            Outcome.objects.values_list(
                "pairing__western_region__code", "indicator__code", "year", "value", "status"
            )
        ),
        "history": sorted(
            Event.history.values_list("title", "history_type", "status", "history_date")
        ),
    }


def row_counts() -> dict:
    return {
        model._meta.label: model._default_manager.count()
        for model in [*RECORD_MODELS, EventSpeaker, AgreementParty, Person, Pairing, Region]
    } | {f"history of {model._meta.label}": model.history.count() for model in RECORD_MODELS}


@pytest.mark.django_db
def test_a_seed_gives_the_same_dataset_and_another_seed_another():
    generate(seed=1)
    first = fingerprint()
    generate(seed=1, replace=True)
    assert fingerprint() == first

    generate(seed=2, replace=True)
    assert fingerprint() != first


@pytest.mark.django_db
def test_replace_leaves_the_same_rows_and_without_it_the_command_refuses():
    generate()
    counts = row_counts()

    with pytest.raises(CommandError, match="--replace"):
        generate()
    generate(replace=True)

    assert row_counts() == counts
    assert counts["programs.Event"] == 3 * 2 * 150


@pytest.mark.django_db
def test_every_record_kind_and_every_status_is_there():
    generate(pairings=4)

    statuses = Counter()
    for model in RECORD_MODELS:
        assert model.objects.exists(), model
        statuses.update(model.objects.values_list("status", flat=True))
    assert set(statuses) == set(RecordStatus.values)
    assert set(Event.objects.values_list("status", flat=True)) == set(RecordStatus.values)
    assert set(Event.objects.values_list("kind", flat=True)) == set(EventKind.values)
    assert EventSpeaker.objects.count() > Event.objects.count() * 0.8
    assert AgreementParty.objects.filter(side="eastern").exists()
    assert AgreementParty.objects.filter(side="western").exists()
    assert Event.objects.filter(participants__isnull=False).exists()
    # Returned records say why; nothing else carries a reviewer's comment.
    for model in RECORD_MODELS:
        assert not model.objects.filter(status=RecordStatus.RETURNED, review_comment="").exists()
        assert (
            not model.objects.exclude(status=RecordStatus.RETURNED)
            .exclude(review_comment="")
            .exists()
        )


@pytest.mark.django_db
def test_each_save_left_its_history_row_by_its_author():
    generate(pairings=2)

    for model in RECORD_MODELS:
        for record in model.objects.all()[:30]:
            saves = list(record.history.order_by("history_date"))
            assert saves[0].history_type == "+"
            assert saves[0].status == RecordStatus.DRAFT
            assert saves[-1].status == record.status
            assert saves[-1].history_date == record.updated_at
            assert saves[-1].history_user_id == record.updated_by_id
            expected = {"draft": 1, "submitted": 2}.get(record.status, 3)
            assert len(saves) == expected, (model, record.status)
    for model in (Person, Pairing):
        assert model.history.count() == model.objects.count()


@pytest.mark.django_db
def test_regions_are_the_real_divisions_with_unique_codes():
    generate()

    known = divisions.divisions()
    towns = {town.code: town for found in divisions.towns().values() for town in found}
    codes = list(Region.objects.exclude(code="").values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    for region in Region.objects.select_related("parent"):
        division = known.get(region.code) or towns[region.code]
        assert (region.name, region.level) == (division.name, division.level)
        assert (region.parent.code if region.parent else None) == division.parent
    for pairing in Pairing.objects.select_related("eastern_region", "western_region"):
        assert pairing.eastern_region.level == pairing.western_region.level == "district"
        assert pairing.eastern_region.code[:2] in {
            "11",
            "12",
            "21",
            "31",
            "32",
            "33",
            "35",
            "37",
            "44",
        }
        assert pairing.western_region.code[:2] in {
            "13",
            "15",
            "45",
            "50",
            "51",
            "52",
            "53",
            "61",
            "62",
            "63",
            "64",
        }


@pytest.mark.django_db
def test_generated_records_pass_every_check_of_a_save():
    generate(pairings=2)

    for model in [*RECORD_MODELS, Person, Pairing, Region, EventSpeaker, AgreementParty]:
        for row in model._default_manager.order_by("?")[:25]:
            row.full_clean()


@pytest.mark.django_db
def test_the_summary_gives_the_figures_counting_the_rows_gives():
    generate()
    pairing = Pairing.objects.order_by("pk").first()
    published = {"pairing": pairing, "status": PUBLISHED}

    response = APIClient().get(reverse("api:stats-summary"), {"pairing_id": pairing.pk})

    assert response.status_code == 200
    summary = response.json()
    events = next(item for item in summary["breakdowns"] if item["record_set"] == "events")
    totals = {value["measure"]: value["value"] for value in events["totals"]}
    assert totals["count"] == Event.objects.filter(**published).count()
    participants = Event.objects.filter(**published).aggregate(total=Sum("participants"))
    assert totals["participants"] in (participants["total"], None)
    by_kind = {
        row["group"]: {value["measure"]: value["value"] for value in row["values"]}["count"]
        for row in events["rows"]
    }
    assert by_kind == Counter(Event.objects.filter(**published).values_list("kind", flat=True))
    reported = [figure for figure in summary["figures"] if figure.get("reported")]
    assert len(reported) == Outcome.objects.filter(**published).count()


@pytest.mark.django_db
def test_the_reference_record_stays_as_it_was(reference_record):
    before = {
        model: model.objects.filter(pairing=reference_record).count() for model in RECORD_MODELS
    }

    generate()

    assert not reference_record_load().changed
    assert {
        model: model.objects.filter(pairing=reference_record).count() for model in RECORD_MODELS
    } == before
    national_data_delete()
    assert not reference_record_load().changed
    assert not get_user_model().objects.filter(username__startswith=SAMPLE_USER_PREFIX).exists()
    assert Pairing.objects.get() == reference_record


@pytest.mark.django_db
def test_the_reference_record_regions_carry_the_codes_of_the_division_package(reference_record):
    codes = dict(Region.objects.values_list("name", "code"))

    assert (codes["朝天区"], codes["滨江区"]) == ("510812", "330108")
    assert (codes["广元市"], codes["杭州市"]) == ("510800", "330100")
    assert (codes["四川省"], codes["浙江省"]) == ("510000", "330000")
    assert codes["长河街道"] == "330108002"
    assert Region.objects.get_by_natural_key("510812") == reference_record.western_region
    assert reference_record.western_region.natural_key() == ("510812",)


def test_imports_find_a_region_and_a_pairing_by_their_codes():
    assert RegionWidget().lookups("510812") == [{"code": "510812"}]
    assert RegionWidget().lookups("朝天区") == [{"name": "朝天区"}]
    assert PairingWidget().lookups("330108 → 510812") == [
        {"eastern_region__code": "330108", "western_region__code": "510812"}
    ]


def test_every_record_model_is_generated():
    pairing_records = {
        model
        for model in apps.get_models()
        if issubclass(model, PairingRecord) and not model._meta.abstract
    }
    assert pairing_records == set(RECORD_MODELS)


@pytest.mark.django_db
def test_generating_gives_the_published_data_a_new_cache_token(
    django_capture_on_commit_callbacks,
):
    """Bulk writes send no signals, so the command itself must refresh the statistics cache."""
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        generate(pairings=1, years=1)
    assert data_version() != before


@pytest.mark.django_db
def test_the_planner_knows_the_generated_tables():
    """Regression: with no statistics the planner took 2,250 of 374,000 events for published,
    sorted them all for each page and left the list's index unused."""
    if connection.vendor != "postgresql":
        pytest.skip("only PostgreSQL keeps planner statistics")
    generate(pairings=1, years=1)

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stats WHERE tablename = %s AND attname = 'status'",
            [Event._meta.db_table],
        )
        assert cursor.fetchone()[0] == 1
