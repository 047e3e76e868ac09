"""Who sees which records: the access policy by permission and pairing; the public, published."""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from cooperation.core.models import Outcome, Pairing, RecordStatus, RegionLevel
from programs.models import Event
from talent.models import Secondment
from tests import factories


@pytest.fixture
def regions(db):
    """Build two provinces, each with a city, districts and a town, by name."""

    def region(name, level, parent=None):
        return factories.RegionFactory(name=name, level=level, parent=parent)

    zhejiang = region("浙江省", RegionLevel.PROVINCE)
    hangzhou = region("杭州市", RegionLevel.CITY, zhejiang)
    ningbo = region("宁波市", RegionLevel.CITY, zhejiang)
    binjiang = region("滨江区", RegionLevel.DISTRICT, hangzhou)
    sichuan = region("四川省", RegionLevel.PROVINCE)
    guangyuan = region("广元市", RegionLevel.CITY, sichuan)
    return {
        "浙江省": zhejiang,
        "杭州市": hangzhou,
        "宁波市": ningbo,
        "滨江区": binjiang,
        "长河街道": region("长河街道", RegionLevel.TOWN, binjiang),
        "北仑区": region("北仑区", RegionLevel.DISTRICT, ningbo),
        "四川省": sichuan,
        "广元市": guangyuan,
        "朝天区": region("朝天区", RegionLevel.DISTRICT, guangyuan),
        "苍溪县": region("苍溪县", RegionLevel.DISTRICT, guangyuan),
    }


@pytest.fixture
def pairings(regions):
    """Pair 滨江区 → 朝天区 and 北仑区 → 苍溪县, and give each pairing one event."""
    found = {}
    for eastern, western in (("滨江区", "朝天区"), ("北仑区", "苍溪县")):
        pairing = factories.PairingFactory(
            eastern_region=regions[eastern], western_region=regions[western]
        )
        factories.EventFactory(pairing=pairing)
        found[eastern] = pairing
    return found


# Whose official sees which pairings, named by their eastern district.
SCOPES = {
    "滨江区": {"滨江区"},
    "朝天区": {"滨江区"},
    "苍溪县": {"北仑区"},
    "杭州市": {"滨江区"},
    "宁波市": {"北仑区"},
    "广元市": {"滨江区", "北仑区"},
    "浙江省": {"滨江区", "北仑区"},
    "四川省": {"滨江区", "北仑区"},
    "长河街道": set(),
}


@pytest.mark.parametrize(("region", "expected"), SCOPES.items(), ids=SCOPES)
def test_an_official_sees_the_records_of_pairings_at_or_below_their_region(
    regions, pairings, official_of, region, expected
):
    official = official_of(regions[region], "programs.view_event")

    seen = Event.objects.restrict(official, "view")

    assert set(seen.values_list("pairing", flat=True)) == {pairings[p].pk for p in expected}


@pytest.mark.parametrize(("region", "expected"), SCOPES.items(), ids=SCOPES)
def test_visible_to_returns_the_pairings_an_official_works_on(
    regions, pairings, official_of, region, expected
):
    official = official_of(regions[region])

    assert set(Pairing.objects.visible_to(official)) == {pairings[p] for p in expected}


def test_a_province_reviewer_reaches_a_town_three_levels_below(regions, official_of):
    pairing = factories.PairingFactory(
        eastern_region=regions["长河街道"], western_region=regions["朝天区"]
    )
    event = factories.EventFactory(pairing=pairing)
    reviewer = official_of(regions["浙江省"], "programs.view_event")

    assert list(Event.objects.restrict(reviewer, "view")) == [event]


def test_no_permission_means_no_records(regions, pairings, official_of):
    official = official_of(regions["滨江区"])

    assert not Event.objects.restrict(official, "view").exists()


def test_the_permission_is_for_one_action(regions, pairings, official_of):
    official = official_of(regions["滨江区"], "programs.view_event")

    assert Event.objects.restrict(official, "view").exists()
    for action in ("add", "change", "delete"):
        assert not Event.objects.restrict(official, action).exists()


def test_the_permission_is_for_one_model(regions, pairings, official_of):
    official = official_of(regions["滨江区"], "programs.view_event")
    factories.OutcomeFactory(pairing=pairings["滨江区"])

    assert not Outcome.objects.restrict(official, "view").exists()


@pytest.mark.parametrize(
    ("factory", "permission"),
    [
        (factories.OutcomeFactory, "cooperation.change_outcome"),
        (factories.EventFactory, "programs.change_event"),
        (factories.SecondmentFactory, "talent.change_secondment"),
    ],
)
def test_every_pairing_record_is_scoped_the_same_way(
    regions, pairings, official_of, factory, permission
):
    own, other = factory(pairing=pairings["滨江区"]), factory(pairing=pairings["北仑区"])
    official = official_of(regions["杭州市"], permission)

    seen = type(own).objects.restrict(official, "change")

    assert own in seen
    assert other not in seen


def test_a_superuser_sees_everything(pairings, superuser):
    assert Event.objects.restrict(superuser, "delete").count() == len(pairings)
    assert set(Pairing.objects.visible_to(superuser)) == set(pairings.values())


def test_a_user_with_permission_but_no_region_sees_nothing(pairings):
    user = factories.UserFactory()
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="programs", codename="view_event")
    )

    assert not Event.objects.restrict(user, "view").exists()
    assert not Pairing.objects.visible_to(user).exists()


def test_anonymous_users_see_nothing(pairings):
    anonymous = AnonymousUser()

    assert not Event.objects.restrict(anonymous, "view").exists()
    assert not Pairing.objects.visible_to(anonymous).exists()


def test_published_returns_only_published_records(pairing):
    by_status = {
        status: factories.EventFactory(pairing=pairing, status=status) for status in RecordStatus
    }

    assert list(Event.objects.published()) == [by_status[RecordStatus.PUBLISHED]]


def test_published_chains_after_restrict(regions, pairings, official_of):
    published = factories.SecondmentFactory(
        pairing=pairings["滨江区"], status=RecordStatus.PUBLISHED
    )
    factories.SecondmentFactory(pairing=pairings["滨江区"])
    factories.SecondmentFactory(pairing=pairings["北仑区"], status=RecordStatus.PUBLISHED)
    official = official_of(regions["朝天区"], "talent.view_secondment")

    assert list(Secondment.objects.restrict(official, "view").published()) == [published]


@pytest.mark.django_db
def test_a_signed_in_user_without_permissions_still_reads_what_is_published():
    """Regression: a statistics office's token without model permissions read nothing."""
    published = factories.EventFactory(status=RecordStatus.PUBLISHED)
    factories.EventFactory(status=RecordStatus.DRAFT)
    user = factories.UserFactory()

    assert list(Event.objects.readable_by(user)) == [published]
    assert list(Event.objects.readable_by(AnonymousUser())) == [published]


@pytest.mark.django_db
def test_an_official_reads_their_drafts_and_everyone_s_published_records(official_of):
    own_draft = factories.EventFactory(status=RecordStatus.DRAFT)
    others_published = factories.EventFactory(status=RecordStatus.PUBLISHED)
    factories.EventFactory(status=RecordStatus.DRAFT)
    user = official_of(own_draft.pairing.western_region, "programs.view_event")

    assert set(Event.objects.readable_by(user)) == {own_draft, others_published}
