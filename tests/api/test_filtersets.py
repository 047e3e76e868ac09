"""Every FilterSet: complete over its model, every filter selecting, every bad value a 400."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models.sql.compiler import SQLCompiler
from django.urls import resolve, reverse
from django.utils import translation
from django_filters import filters as django_filters

from cooperation.core import filtersets as cooperation_filtersets
from cooperation.core.filtersets import BooleanFilter, DecimalFilter, IdInFilter, IntegerFilter
from programs import filtersets as programs_filtersets
from programs.filtersets import EventFilterSet
from programs.models import Event
from talent import filtersets as talent_filtersets
from talent.filtersets import PersonFilterSet
from tests import factories
from tests.api.cases import CASES

# Fields left without a filter on purpose, and why.
NOT_FILTERED = {
    "created_by": "user accounts are not part of the API",
    "updated_by": "user accounts are not part of the API",
    "review_comment": "a note between an official and a reviewer",
    "version": "a count of the record's saves, sent back to write, not a property",
    "phone": "contact fields never leave the admin",
    "email": "contact fields never leave the admin",
}
COMMON = {
    "id": lambda a, b: a.pk,
    "created_after": lambda a, b: b.created_at.isoformat(),
    "created_before": lambda a, b: a.created_at.isoformat(),
    "updated_after": lambda a, b: b.updated_at.isoformat(),
    "updated_before": lambda a, b: a.updated_at.isoformat(),
}
FILTERSETS = [
    filterset
    for module in (cooperation_filtersets, programs_filtersets, talent_filtersets)
    for filterset in vars(module).values()
    if isinstance(filterset, type)
    and issubclass(filterset, cooperation_filtersets.ModelFilterSet)
    and filterset._meta.model is not None
]


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda filterset: filterset.__name__)
def test_filters_left_empty_compile_no_sql(filterset, rf, db, monkeypatch):
    """Regression: each choice filter left empty compiled the list's SQL to see it chose nothing."""
    compiled = []
    as_sql = SQLCompiler.as_sql

    def counted(compiler, *args, **kwargs):
        compiled.append(compiler.query.model)
        return as_sql(compiler, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    request = rf.get("/")
    request.user = AnonymousUser()

    listed = filterset(data={}, queryset=filterset._meta.model.objects.all(), request=request).qs

    assert listed.model is filterset._meta.model
    assert compiled == []


def filterset_of(case):
    return resolve(reverse(f"api:{case.basename}-list")).func.cls.filterset_class


def filter_cases():
    for case in CASES:
        for param in [*case.filters, *COMMON]:
            yield pytest.param(case, param, id=f"{case}-{param}")


@pytest.mark.parametrize("filterset", FILTERSETS, ids=lambda filterset: filterset.__name__)
def test_every_model_field_has_a_filter(filterset):
    covered = set(filterset.search_fields) | set(filterset.person_fields)
    for declared in filterset.base_filters.values():
        covered |= {
            name.split("__")[0] for name in getattr(declared, "field_names", [declared.field_name])
        }
    fields = [
        field.name
        for field in filterset._meta.model._meta.get_fields()
        if field.concrete or (field.many_to_many and not field.auto_created)
    ]

    missing = [name for name in fields if name not in covered and name not in NOT_FILTERED]

    assert not missing, f"{filterset.__name__} has no filter for {missing}"


def test_every_model_has_a_filterset():
    modelled = {filterset._meta.model for filterset in FILTERSETS}

    assert {case.model for case in CASES} <= modelled


@pytest.mark.parametrize("case", CASES, ids=str)
def test_each_case_exercises_every_filter(case):
    assert set(filterset_of(case).base_filters) == {*case.filters, *COMMON, "ordering"}


@pytest.mark.parametrize(("case", "param"), list(filter_cases()))
def test_filter_selects_its_records(case, param, root_client):
    a, b = case.pair()
    value = {**COMMON, **case.filters}[param](a, b)
    selected, other = (b, a) if param.endswith(("_after", "_min")) else (a, b)

    response = root_client.get(reverse(f"api:{case.basename}-list"), {param: value})

    assert response.status_code == 200, response.json()
    found = {row["id"] for row in response.json()["results"]}
    assert selected.pk in found
    assert other.pk not in found


def bad_value(declared) -> str | None:
    """Return a value the filter must refuse, or None for free text, which takes anything."""
    kinds = [
        (IdInFilter, "1,two"),
        (django_filters.ModelMultipleChoiceFilter, "987654321"),
        (django_filters.OrderingFilter, "shoe_size"),
        (django_filters.MultipleChoiceFilter, "no-such-choice"),
        (BooleanFilter, "maybe"),
        (IntegerFilter, "1.5"),
        (DecimalFilter, "NaN"),
        (django_filters.IsoDateTimeFilter, "tomorrow"),
        (django_filters.DateFilter, "2021-02-30"),
    ]
    return next((value for kind, value in kinds if isinstance(declared, kind)), None)


def bad_filter_cases():
    for case in CASES:
        for param, declared in filterset_of(case).base_filters.items():
            if bad_value(declared) is not None:
                yield pytest.param(case, param, bad_value(declared), id=f"{case}-{param}")


@pytest.mark.parametrize(("case", "param", "value"), list(bad_filter_cases()))
def test_a_bad_filter_value_is_a_400_naming_the_filter(case, param, value, anonymous, db):
    response = anonymous.get(reverse(f"api:{case.basename}-list"), {param: value})

    assert response.status_code == 400
    assert list(response.json()) == [param]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_every_ordering_lists_every_record(case, root_client):
    a, b = case.pair()
    choices = [
        choice for choice, _label in filterset_of(case).base_filters["ordering"].extra["choices"]
    ]

    for choice in choices:
        response = root_client.get(reverse(f"api:{case.basename}-list"), {"ordering": choice})
        assert {a.pk, b.pk} <= {row["id"] for row in response.json()["results"]}, choice


def test_an_unknown_parameter_is_a_400_not_ignored(anonymous, db):
    response = anonymous.get(reverse("api:events-list"), {"kindd": "lecture"})

    assert response.status_code == 400
    assert list(response.json()) == ["kindd"]


@pytest.mark.parametrize(
    ("url_name", "params", "repeated"),
    [
        ("api:events-list", {"year": ["2021", "2022"]}, "year"),
        ("api:events-list", {"page": ["1", "2"]}, "page"),
        ("api:stats-events", {"group_by": ["pairing", "kind"]}, "group_by"),
        ("api:stats-summary", {"year": ["2021", "2022"]}, "year"),
    ],
)
def test_a_parameter_given_twice_that_takes_one_value_is_a_400(
    anonymous, db, url_name, params, repeated
):
    """Regression: ``group_by=pairing&group_by=kind`` silently grouped by kind alone."""
    response = anonymous.get(reverse(url_name), params)

    assert response.status_code == 400
    assert list(response.json()) == [repeated]


def test_a_filter_of_several_values_may_be_repeated(anonymous, db):
    response = anonymous.get(reverse("api:events-list"), {"kind": ["lecture", "free_clinic"]})

    assert response.status_code == 200


def test_a_bad_page_or_page_size_is_a_400(anonymous, db):
    assert list(anonymous.get(reverse("api:events-list"), {"page": "two"}).json()) == ["page"]
    assert anonymous.get(reverse("api:events-list"), {"page_size": "0"}).status_code == 400


def test_page_size_is_capped(anonymous, pairing):
    factories.EventFactory.create_batch(3, pairing=pairing, status="published")

    response = anonymous.get(reverse("api:events-list"), {"page_size": 10_000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 3


def test_a_filterset_works_without_the_api(pairing):
    """The admin and the dashboard use the FilterSets with no request and no REST framework."""
    lecture = factories.EventFactory(pairing=pairing, kind="lecture")
    factories.EventFactory(pairing=pairing, kind="free_clinic")

    good = EventFilterSet({"kind": ["lecture"]}, queryset=Event.objects.all())
    bad = EventFilterSet({"year": "last"}, queryset=Event.objects.all())

    assert list(good.qs) == [lecture]
    assert not bad.is_valid()
    assert list(bad.errors) == ["year"]


def test_search_finds_a_private_speaker_only_for_those_who_may_see_the_name(
    pairing, anonymous, token_client, superuser
):
    event = factories.EventFactory(pairing=pairing, status="published")
    factories.EventSpeakerFactory(event=event, person=factories.PersonFactory(name="隐名"))
    url = reverse("api:events-list")

    assert anonymous.get(url, {"q": "隐名"}).json()["count"] == 0
    assert token_client(superuser).get(url, {"q": "隐名"}).json()["count"] == 1


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        ("1479-09-29T09:33:40.700504-23:09", 200),
        ("2021-06-01T08:00:00+08:00", 200),
        ("0001-01-01T00:00:00+01:00", 400),
        ("9999-12-31T23:59:59-05:00", 400),
    ],
)
def test_a_moment_filter_compares_in_utc_and_refuses_moments_off_the_calendar(
    moment, status, anonymous, db
):
    """Regression: PostgreSQL answered 500 to offsets past ±15:59, which ISO 8601 allows."""
    response = anonymous.get(reverse("api:events-list"), {"created_after": moment})

    assert response.status_code == status, response.content
    if status == 400:
        assert "created_after" in response.json()


@pytest.mark.parametrize("probe", ["q=主任医师", "q=心血管介入", "organization_id"])
def test_a_private_persons_title_expertise_and_employer_cannot_be_probed(
    probe, pairing, anonymous, token_client, superuser, client
):
    """Privacy leak: engagements searched person__title/expertise and filtered by the
    person's organization for everyone, revealing what a private person does and where."""
    hospital = factories.OrganizationFactory()
    person = factories.PersonFactory(
        name="隐名", title="主任医师", expertise="心血管介入", organization=hospital
    )
    engagement = factories.ExpertEngagementFactory(
        pairing=pairing, status="published", person=person
    )
    name, _sep, value = probe.partition("=")
    params = {name: value or hospital.pk}
    api_url = reverse("api:engagements-list")
    row_link = reverse("dashboard:engagement", args=[engagement.pk])

    def found_on_the_dashboard() -> bool:
        listed = client.get(reverse("dashboard:engagements"), params)
        return row_link in listed.content.decode()

    assert anonymous.get(api_url, params).json()["count"] == 0
    assert token_client(superuser).get(api_url, params).json()["count"] == 1
    if name == "q":
        assert not found_on_the_dashboard()
    person.is_public = True
    person.save(update_fields=["is_public"])
    assert anonymous.get(api_url, params).json()["count"] == 1
    if name == "q":
        assert found_on_the_dashboard()


def test_orderings_are_named_by_their_fields_in_the_active_language():
    """Regression: Chinese documentation offered event ordering "title" as 职务 (job title)."""
    with translation.override("zh-hans"):
        choices = dict(EventFilterSet().form.fields["ordering"].choices)

    assert (choices["title"], choices["-start_date"]) == ("标题", "开始日期（降序）")
    with translation.override("zh-hans"):
        people = dict(PersonFilterSet().form.fields["ordering"].choices)
    with translation.override("en"):
        english = dict(PersonFilterSet().form.fields["ordering"].choices)
    assert (people["organization__name"], english["organization__name"]) == (
        "单位名称",
        "Organization name",
    )
