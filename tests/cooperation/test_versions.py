"""No lost update: a save from a stale version of a record is refused, naming what changed."""

import pytest
from django.urls import reverse
from django.utils import translation

from cooperation.core.models import Target
from cooperation.core.services import StaleRecord, record_save
from tests import factories

TARGET_PERMISSIONS = (
    "cooperation.view_target",
    "cooperation.change_target",
    "cooperation.view_pairing",
    "cooperation.view_indicator",
)


@pytest.fixture
def official(pairing, official_of):
    return official_of(pairing.western_region, *TARGET_PERMISSIONS)


@pytest.fixture
def target(pairing, official):
    return record_save(
        record=factories.TargetFactory.build(
            pairing=pairing, indicator=factories.IndicatorFactory()
        ),
        actor=official,
    )


def test_each_save_counts_in_the_version(target, official):
    assert target.version == 1
    target.value = 600

    record_save(record=target, actor=official)

    target.refresh_from_db()
    assert (target.version, target.history.latest().version) == (2, 2)


def test_a_save_from_a_stale_copy_is_refused_naming_the_other_change(target, official):
    mine = Target.objects.get(pk=target.pk)
    theirs = Target.objects.get(pk=target.pk)
    theirs.value = 650
    record_save(record=theirs, actor=official)
    mine.note = "my note"

    with translation.override("en"), pytest.raises(StaleRecord) as refused:
        record_save(record=mine, actor=official)

    assert (refused.value.seen_version, refused.value.current_version) == (1, 2)
    assert [(change.name, change.value) for change in refused.value.changes] == [
        ("value", "650.00")
    ]
    target.refresh_from_db()
    assert (target.value, target.note, target.version) == (650, "", 2)


def change_form(target, **fields) -> dict:
    return {
        "pairing": target.pairing_id,
        "indicator": target.indicator_id,
        "year": target.year,
        "value": target.value,
        "note": target.note,
        "version": target.version,
        **fields,
    }


def test_the_admin_refuses_a_stale_form_showing_their_change_and_keeping_mine(
    login, official, target
):
    url = reverse("admin:cooperation_target_change", args=[target.pk])
    client = login(official)
    opened = client.get(url).context["adminform"].form
    assert opened["version"].value() == 1
    first = change_form(target, value=650)
    assert client.post(url, first).status_code == 302

    response = client.post(url, change_form(target, note="my note"))

    assert response.status_code == 200
    form = response.context["adminform"].form
    [error] = form.non_field_errors()
    assert "Someone else saved this record" in error
    assert "value: 650.00" in error
    assert form["note"].value() == "my note"
    assert form["version"].value() == 2
    target.refresh_from_db()
    assert (target.value, target.note) == (650, "")


def test_the_admin_saves_again_knowingly_after_a_refusal(login, official, target):
    url = reverse("admin:cooperation_target_change", args=[target.pk])
    client = login(official)
    client.post(url, change_form(target, value=650))
    refused = client.post(url, change_form(target, note="my note"))
    resubmitted = {**refused.context["adminform"].form.data.dict()}

    assert client.post(url, resubmitted).status_code == 302

    target.refresh_from_db()
    assert (target.note, target.version) == ("my note", 3)
