"""One FilterSet per model, shared by the API, the admin and the dashboard.

Conventions: a foreign key filters as ``<field>_id`` (repeat the parameter for several),
region filters reach every region below the chosen one, ``q`` searches the text fields,
``year`` counts a record in the years the statistics count it in, and a value that does not
parse is a form error (the API answers 400), never a silently ignored filter.
"""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import EMPTY_VALUES
from django.db import models
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField, ModelMultipleChoiceField

from cooperation.core.access import REGION_ANCESTOR_LOOKUPS, named_people
from cooperation.core.models import (
    Agreement,
    AgreementKind,
    Indicator,
    Measurement,
    Organization,
    OrganizationKind,
    Outcome,
    Pairing,
    Qualifier,
    RecordStatus,
    Region,
    RegionLevel,
    Target,
    Unit,
)
from cooperation.stats.registry import Period, RecordSet, computations, record_sets
from cooperation.stats.selectors import period_filter


def renamed_parameter(name: str, known: set[str] | frozenset[str]) -> str | None:
    """Return the one name of a parameter given by a related record's old name.

    A related record is filtered as ``<field>_id`` everywhere (``pairing_id``); a client
    still writing ``pairing`` is told the right name instead of being ignored.
    """
    renamed = f"{name}_id"
    return renamed if renamed in known and name not in known else None


def renamed_parameter_message(name: str, known: set[str] | frozenset[str]) -> str | None:
    """Tell a client giving a parameter's old name the right one; ``None`` if not renamed."""
    renamed = renamed_parameter(name, known)
    if renamed is None:
        return None
    return _("Unknown parameter; use %(name)s.") % {"name": renamed}


class StrictBooleanField(forms.Field):
    """Read true/false, 1/0 or yes/no, and refuse anything else instead of ignoring it."""

    TRUE = frozenset({"true", "1", "yes", "on"})
    FALSE = frozenset({"false", "0", "no", "off"})
    default_error_messages = {"invalid": _("Enter true or false.")}

    def to_python(self, value):
        if value in EMPTY_VALUES:
            return None
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class UtcIsoDateTimeField(IsoDateTimeField):
    """Read an ISO 8601 moment and hand it to the database in UTC.

    ISO 8601 allows offsets up to ±23:59 but PostgreSQL only up to ±15:59, and a moment near
    year 1 can leave the calendar once its offset is applied: both are the client's error.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class MomentFilter(filters.IsoDateTimeFilter):
    """Filter by an ISO 8601 moment, compared in UTC."""

    field_class = UtcIsoDateTimeField


class BooleanFilter(filters.BooleanFilter):
    """Filter by a yes/no field; a value that is neither is an error, not "no filter"."""

    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # REST framework's boolean widget reads an unknown word as "not given".
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class IntegerFilter(filters.NumberFilter):
    """Filter by a whole number, bounded so that no database can overflow on it."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class DecimalFilter(filters.NumberFilter):
    """Filter by a value of the portal's decimal figures (16 digits, 2 after the point)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 16)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(*args, **kwargs)


class IdInFilter(filters.BaseInFilter, filters.NumberFilter):
    """Filter by primary keys given comma-separated: ``id=3,5``."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**63 - 1)
        super().__init__(*args, **kwargs)


class PeriodYearFilter(IntegerFilter):
    """Match the records that count in a calendar year, exactly as the statistics count them.

    ``span`` is a record set key, or a ``RecordSet`` that only places a model in time.
    """

    def __init__(self, *args, span: str | RecordSet, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        kwargs.setdefault("label", _("Year"))
        super().__init__(*args, **kwargs)
        self.span = span

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        span = record_sets()[self.span] if isinstance(self.span, str) else self.span
        return qs.filter(period_filter(span, Period.year(value)))


class BoundedModelChoicesField(ModelMultipleChoiceField):
    """Check the chosen keys; a number too large for any database's keys is not a key."""

    def clean(self, value):
        """Give no choice as an empty list, not as ``queryset.none()``.

        The filter asks whether anything was chosen, and asking that of an empty queryset
        compiles its whole SQL, ordering and joins included, for every filter of a list.
        """
        if not value and not self.required:
            return []
        return super().clean(value)

    def _check_values(self, value):
        if self.to_field_name is None:
            for key in value:
                try:
                    number = int(key)
                except (TypeError, ValueError):
                    continue
                if not -(2**63) <= number < 2**63:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": key},
                    )
        return super()._check_values(value)


class ModelChoicesFilter(filters.ModelMultipleChoiceFilter):
    """Filter by related objects (repeat the parameter for several); an unknown one is an error."""

    field_class = BoundedModelChoicesField


class RelatedAnyFilter(ModelChoicesFilter):
    """Match rows related to any chosen object through any of ``field_names``.

    With ``lookups`` set to region ancestor lookups, a region also matches what lies below it.
    """

    def __init__(self, *args, field_names: tuple[str, ...], lookups=("",), **kwargs):
        kwargs.setdefault("field_name", field_names[0])
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)
        self.field_names = field_names
        self.lookups = lookups

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q()
        for field_name in self.field_names:
            for lookup in self.lookups:
                condition |= Q(**{f"{field_name}{lookup}__in": value})
        qs = qs.filter(condition)
        return qs.distinct() if self.distinct else qs


class PersonRelatedFilter(ModelChoicesFilter):
    """Match rows through a person's relation, only of public people unless the user may see
    private ones, so that the filter cannot reveal, say, a private person's employer.
    """

    def __init__(self, *args, person_field: str, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)
        self.person_field = person_field

    def filter(self, qs, value):
        if not value:
            return qs
        condition = Q(**{f"{self.field_name}__in": value})
        named = named_people(getattr(self.parent.request, "user", None), f"{self.person_field}__")
        return qs.filter(condition if named is None else condition & named)


def region_filter(*field_names: str, label) -> RelatedAnyFilter:
    """Build a filter matching rows whose region (through any of the fields) lies in a region."""
    return RelatedAnyFilter(
        field_names=field_names,
        lookups=REGION_ANCESTOR_LOOKUPS,
        queryset=Region.objects.all(),
        label=label,
    )


def related_filter(field_name: str, queryset, label, **kwargs) -> ModelChoicesFilter:
    """Build the ``<field>_id`` filter of a foreign key: repeat the parameter for several."""
    kwargs.setdefault("distinct", False)
    return ModelChoicesFilter(field_name=field_name, queryset=queryset, label=label, **kwargs)


def related_queryset(model: type[models.Model], field_name: str):
    """Return the choices of a relation to another app's model, looked up when filtering.

    ``cooperation`` does not import ``programs`` or ``talent``; the relation names the model.
    """
    return lambda request: model._meta.get_field(field_name).related_model.objects.all()


def person_queryset(model: type[models.Model], field_name: str):
    """Return the people of a relation whose ids a request may filter by.

    Only public people, unless the user may see private names: a filter by a private
    person's id would tie that person to records. A private id is refused like an unknown one.
    """

    def people(request):
        related_people = related_queryset(model, field_name)(request)
        named = named_people(getattr(request, "user", None))
        return related_people if named is None else related_people.filter(named)

    return people


class CodeFilter(ModelChoicesFilter):
    """Filter by the code of a related object (repeat for several); an unknown code is an error."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "code")
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


def path_name(model: type[models.Model], path: str) -> str:
    """Name a field path as people say it: "organization name", 单位名称 (no space)."""
    names = []
    for part in path.split("__"):
        field = model._meta.get_field(part)
        names.append(str(field.verbose_name))
        model = field.related_model or model
    name = names[0]
    for inner in names[1:]:
        name = _("%(outer)s %(inner)s") % {"outer": name, "inner": inner}
    return name


class StableOrderingFilter(filters.OrderingFilter):
    """Order as asked, then by primary key, so that pages never repeat or skip a row."""

    # django-filter translates this for zh_CN only, which zh-hans does not fall back to.
    descending_fmt = _("%s (descending)")

    @property
    def field(self):
        """Offer each ordering under its model field's name, in the request's language.

        django-filter would title "title" by the English word, whichever field it is, and
        keep the first language it built its choices in.
        """
        language = get_language()
        if getattr(self, "_field_language", None) != language:
            self.__dict__.pop("_field", None)
            self._field_language = language
            fields = {field_name: param for param, field_name in self.param_map.items()}
            labels = {name: capfirst(path_name(self.model, name)) for name in fields}
            self.extra["choices"] = self.build_choices(fields, labels)
        return super().field

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value in EMPTY_VALUES:
            return qs
        return qs.order_by(*qs.query.order_by, "pk")


class ModelFilterSet(filters.FilterSet):
    """Filters every model has: ids, ``q`` over ``search_fields``, creation and change times.

    ``person_fields`` name the relations to people whose names, titles and expertise ``q``
    also searches, but only of public people unless the user may see private ones.
    """

    PERSON_SEARCH_FIELDS = ("name", "name_en", "title", "expertise")

    search_fields: tuple[str, ...] = ()
    person_fields: tuple[str, ...] = ()

    id = IdInFilter(field_name="id", label=_("IDs (comma-separated)"))
    q = filters.CharFilter(method="search", label=_("Search"))
    created_after = MomentFilter(
        field_name="created_at", lookup_expr="gte", label=_("Created at or after")
    )
    created_before = MomentFilter(
        field_name="created_at", lookup_expr="lte", label=_("Created at or before")
    )
    updated_after = MomentFilter(
        field_name="updated_at", lookup_expr="gte", label=_("Changed at or after")
    )
    updated_before = MomentFilter(
        field_name="updated_at", lookup_expr="lte", label=_("Changed at or before")
    )

    @classmethod
    def get_filters(cls):
        """Tell the class's own filters their model, which the schema reads them without."""
        declared = super().get_filters()
        for filter_ in declared.values():
            filter_.model = cls._meta.model
        return declared

    def search(self, queryset: models.QuerySet, name: str, value: str) -> models.QuerySet:
        """Match ``value`` anywhere in the search fields; match rows, never repeat them."""
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field_name in self.search_fields:
            condition |= Q(**{f"{field_name}__icontains": value})
        user = getattr(self.request, "user", None)
        for person in self.person_fields:
            described = Q()
            for field_name in self.PERSON_SEARCH_FIELDS:
                described |= Q(**{f"{person}__{field_name}__icontains": value})
            named = named_people(user, f"{person}__")
            condition |= described if named is None else described & named
        # A subquery, not a join, so a row matching through several related rows counts once.
        return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


class PairingRecordFilterSet(ModelFilterSet):
    """Filters every record of a pairing has: the pairing, its regions, the review status."""

    pairing_id = related_filter(
        "pairing",
        Pairing.objects.all(),
        _("Pairing"),
    )
    pairing_region_id = region_filter(
        "pairing__eastern_region",
        "pairing__western_region",
        label=_("Region of either side of the pairing, or above it"),
    )
    status = filters.MultipleChoiceFilter(choices=RecordStatus.choices, label=_("Status"))


class StartFilterSet(PairingRecordFilterSet):
    """Filters of a record that starts on ``start_date``."""

    start_after = filters.DateFilter(
        field_name="start_date", lookup_expr="gte", label=_("Starts on or after")
    )
    start_before = filters.DateFilter(
        field_name="start_date", lookup_expr="lte", label=_("Starts on or before")
    )


class SpanFilterSet(StartFilterSet):
    """Filters of a record that runs from ``start_date`` to ``end_date``."""

    end_after = filters.DateFilter(
        field_name="end_date", lookup_expr="gte", label=_("Ends on or after")
    )
    end_before = filters.DateFilter(
        field_name="end_date", lookup_expr="lte", label=_("Ends on or before")
    )


class IndicatorFigureFilterSet(PairingRecordFilterSet):
    """Filters of a figure set against an indicator for a year: an outcome or a target."""

    indicator_id = related_filter("indicator", Indicator.objects.all(), _("Indicator"))
    indicator = CodeFilter(
        field_name="indicator__code", queryset=Indicator.objects.all(), label=_("Indicator code")
    )
    year = IntegerFilter(label=_("Year"), min_value=1, max_value=9999)
    value_min = DecimalFilter(field_name="value", lookup_expr="gte", label=_("Value at least"))
    value_max = DecimalFilter(field_name="value", lookup_expr="lte", label=_("Value at most"))
    ordering = StableOrderingFilter(fields=("year", "indicator__code", "value"))


class RegionFilterSet(ModelFilterSet):
    search_fields = ("name", "name_en", "code")

    parent_id = related_filter("parent", Region.objects.all(), _("Parent region"))
    within_id = region_filter("parent", label=_("Below the region (at any depth)"))
    level = filters.MultipleChoiceFilter(choices=RegionLevel.choices, label=_("Level"))
    code = filters.CharFilter(label=_("Division code"))
    ordering = StableOrderingFilter(fields=("name", "code", "level"))

    class Meta:
        model = Region
        fields = ()


class PairingFilterSet(ModelFilterSet):
    search_fields = ("eastern_region__name", "western_region__name", "note")

    eastern_region_id = related_filter(
        "eastern_region", Region.objects.all(), _("Eastern region (helping)")
    )
    western_region_id = related_filter(
        "western_region", Region.objects.all(), _("Western region (helped)")
    )
    region_id = region_filter(
        "eastern_region", "western_region", label=_("Region of either side, or above it")
    )
    since_year = IntegerFilter(label=_("Paired since (year)"))
    is_active = BooleanFilter(label=_("Active"))
    ordering = StableOrderingFilter(fields=("since_year", ("western_region__name", "western")))

    class Meta:
        model = Pairing
        fields = ()


class OrganizationFilterSet(ModelFilterSet):
    search_fields = ("name", "name_en")

    kind = filters.MultipleChoiceFilter(choices=OrganizationKind.choices, label=_("Kind"))
    region_id = region_filter("region", label=_("Region, or a region above it"))
    ordering = StableOrderingFilter(fields=("name", "kind"))

    class Meta:
        model = Organization
        fields = ()


class IndicatorFilterSet(ModelFilterSet):
    search_fields = ("code", "name", "name_en", "description")

    code = filters.CharFilter(label=_("Code"))
    unit = filters.MultipleChoiceFilter(choices=Unit.choices, label=_("Unit"))
    measurement = filters.MultipleChoiceFilter(choices=Measurement.choices, label=_("Measured by"))
    computation = filters.MultipleChoiceFilter(
        choices=lambda: [(key, c.label) for key, c in computations().items()],
        label=_("Computation"),
    )
    ordering = StableOrderingFilter(fields=("code", "name"))

    class Meta:
        model = Indicator
        fields = ()


class AgreementFilterSet(PairingRecordFilterSet):
    search_fields = ("title", "description")

    kind = filters.MultipleChoiceFilter(choices=AgreementKind.choices, label=_("Kind"))
    year = PeriodYearFilter(field_name="signed_on", span="agreements")
    start_after = filters.DateFilter(
        field_name="signed_on", lookup_expr="gte", label=_("Signed on or after")
    )
    start_before = filters.DateFilter(
        field_name="signed_on", lookup_expr="lte", label=_("Signed on or before")
    )
    has_document = BooleanFilter(
        field_name="document", method="filter_has_document", label=_("Has a document")
    )
    organization_id = related_filter(
        "parties__organization",
        Organization.objects.all(),
        _("Party (organization)"),
        distinct=True,
    )
    ordering = StableOrderingFilter(fields=("signed_on", "title", "kind"))

    class Meta:
        model = Agreement
        fields = ()

    def filter_has_document(self, queryset, name, value):
        return queryset.exclude(document="") if value else queryset.filter(document="")


class OutcomeFilterSet(IndicatorFigureFilterSet):
    search_fields = ("indicator__name", "source", "source_url", "note")

    unit = filters.MultipleChoiceFilter(
        field_name="indicator__unit", choices=Unit.choices, label=_("Unit")
    )
    period_start_after = filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label=_("Period starts on or after")
    )
    period_end_before = filters.DateFilter(
        field_name="period_end", lookup_expr="lte", label=_("Period ends on or before")
    )
    qualifier = filters.MultipleChoiceFilter(choices=Qualifier.choices, label=_("Qualifier"))
    is_cumulative = BooleanFilter(label=_("Cumulative"))
    program_id = related_filter("program", related_queryset(Outcome, "program"), _("Program"))
    agreement_id = related_filter("agreement", Agreement.objects.all(), _("Agreement"))

    class Meta:
        model = Outcome
        fields = ()


class TargetFilterSet(IndicatorFigureFilterSet):
    search_fields = ("indicator__name", "note")

    class Meta:
        model = Target
        fields = ()
