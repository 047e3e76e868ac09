"""The public dashboard: figures and charts per pairing and year, and the records behind them.

Only published records and public fields reach these pages. Figures come from the
statistics module; these views choose what to show and hand it to the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_filters import MultipleChoiceFilter

from cooperation.core.filtersets import (
    AgreementFilterSet,
    OutcomeFilterSet,
    PairingFilterSet,
    renamed_parameter,
    renamed_parameter_message,
)
from cooperation.core.models import Agreement, Outcome, Pairing
from cooperation.core.selectors import (
    dashboard_choice,
    figure_groups,
    organization_records,
    pairing_provinces,
    public_organizations,
    public_pairings,
    search_organizations,
    search_pairings,
)
from cooperation.dashboard.charts import (
    breakdown_chart,
    figures_chart,
    headline,
    monthly_chart,
    timeline_chart,
)
from cooperation.dashboard.registry import searches, timelines
from cooperation.dashboard.templatetags.figures import localized
from cooperation.stats.cache import PublicCache
from cooperation.stats.registry import record_sets
from cooperation.stats.selectors import (
    StatsScope,
    pairing_totals,
    record_timeseries,
    summary,
    years_with_data,
)

PAGE_SIZE = 20
# Pairings listed on the home page at a time, each with its headline figures.
HOME_PAGE_SIZE = 20


def whole_number(text: str | None) -> int | None:
    """Read a page parameter as a whole number, or None when it is not one."""
    try:
        return int(text) if text else None
    except ValueError:
        return None


def refused_renamed_parameters(request: HttpRequest, known: set[str]) -> HttpResponse | None:
    """Answer 400 to a parameter given by its old name, with the address it should have.

    A bookmark written with ``pairing=`` would otherwise show every pairing's records as if
    they were the one asked for.
    """
    errors = {
        name: message
        for name in request.GET
        if (message := renamed_parameter_message(name, known)) is not None
    }
    if not errors:
        return None
    corrected = request.GET.copy()
    for name in errors:
        corrected.setlist(renamed_parameter(name, known), corrected.pop(name))
    return render(
        request,
        "dashboard/refused_parameters.html",
        {"errors": errors, "corrected_url": f"{request.path}?{corrected.urlencode()}"},
        status=400,
    )


def report_context(pairing: Pairing, year: int | None) -> dict[str, Any]:
    """Return one pairing's figures and charts for a year: what home and pairing pages show.

    Every chart is drawn here from what the statistics return; ``timelines`` are the charts
    of who was where that the other apps declare, drawn after the monthly one.
    """
    scope = StatsScope.for_year(pairing_id=pairing.pk, year=year)
    result = summary(scope)
    groups = figure_groups(result.figures)
    breakdowns = {item.record_set.key: item for item in result.breakdowns}
    events = record_sets()["events"]
    return {
        "pairing": pairing,
        "year": year,
        "summary": result,
        "figure_groups": groups,
        "breakdowns": result.breakdowns,
        "charts": [
            figures_chart(groups),
            monthly_chart(record_timeseries(scope, events, "month"), events, pairing.pk),
            breakdown_chart(breakdowns["agreements"], "pie"),
            breakdown_chart(breakdowns["bases"], "pie"),
        ],
        "timelines": [
            timeline_chart(timeline, timeline.rows(scope)) for timeline in timelines().values()
        ],
    }


def cached_report(cache: PublicCache, pairing: Pairing, year: int | None) -> dict[str, Any]:
    """Return ``report_context`` as the public sees it, computed once per version of the data."""
    return cache.get_or_compute(
        "report", (pairing.pk, year, get_language()), lambda: report_context(pairing, year)
    )


def figures_page(
    request: HttpRequest, render_content: Callable[[PublicCache], tuple[str, str]]
) -> HttpResponse:
    """Answer a page of figures whose title and content are rendered once per data version.

    They depend on nothing but the published data, the language and the address, so they
    are kept as HTML under the data's version: a visit finding them costs the token's query
    and one cache read. Only the frame around them (the language form's CSRF token, the
    address to return to) is rendered for each visitor.
    """
    cache = PublicCache()
    parts = (request.path, sorted(request.GET.lists()), get_language())
    title, content = cache.get_or_compute("page", parts, lambda: render_content(cache))
    return render(request, "dashboard/figures_page.html", {"title": title, "content": content})


def cached_years(cache: PublicCache, pairing_ids: list[int]) -> dict[int, list[int]]:
    return cache.get_or_compute(
        "years", pairing_ids, lambda: years_with_data(pairing_ids=pairing_ids)
    )


def cached_totals(cache: PublicCache, pairing_ids: list[int]) -> dict:
    return cache.get_or_compute(
        "totals", pairing_ids, lambda: pairing_totals(pairing_ids=pairing_ids)
    )


def listed_pairings(request: HttpRequest):
    """Return the page of pairings the home page lists: of the province chosen, if one is.

    A country's six hundred pairings are listed twenty at a time, so that a phone gets a
    page it can show.
    """
    pairings = public_pairings()
    chosen = QueryDict(mutable=True)
    chosen.setlist("region_id", request.GET.getlist("region_id")[:1])
    filterset = PairingFilterSet(chosen, pairings)
    if filterset.is_valid():
        pairings = filterset.qs
    return Paginator(pairings, HOME_PAGE_SIZE).get_page(request.GET.get("page"))


def home(request: HttpRequest) -> HttpResponse:
    """Show a page of the pairings on record and the chosen (else the latest) pairing's year.

    With no pairing asked for, the listed pairing with the latest data is shown.
    """
    refused = refused_renamed_parameters(request, {"pairing_id", "year", "region_id", "page"})
    if refused is not None:
        return refused
    return figures_page(request, lambda cache: home_content(request, cache))


def home_content(request: HttpRequest, cache: PublicCache) -> tuple[str, str]:
    """Render what the home page shows of the pairings and the chosen report."""
    listed = listed_pairings(request)
    pairings = list(listed)
    asked = whole_number(request.GET.get("pairing_id"))
    if asked is not None and asked not in {pairing.pk for pairing in pairings}:
        pairings += list(public_pairings().filter(pk=asked))
    ids = [pairing.pk for pairing in pairings]
    years = cached_years(cache, ids)
    totals = cached_totals(cache, [pairing.pk for pairing in listed])
    choice = dashboard_choice(
        pairings, years, pairing_id=asked, year=whole_number(request.GET.get("year"))
    )
    list_query = request.GET.copy()
    for name in ("pairing_id", "year"):
        list_query.pop(name, None)
    context = {
        "pairing_rows": [
            (pairing, years.get(pairing.pk, []), headline(totals.get(pairing.pk, {}), pairing.pk))
            for pairing in listed
        ],
        "pairings": pairings,
        "page_obj": listed,
        "provinces": pairing_provinces(),
        "region_id": whole_number(request.GET.get("region_id")),
        "list_query": list_query.urlencode(),
        "choice": choice,
    }
    if choice.pairing is not None:
        context |= cached_report(cache, choice.pairing, choice.year)
    return str(_("Figures")), render_to_string("dashboard/_home.html", context, request)


def pairing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one pairing: its figures and charts for a year, and every list of its records."""
    return figures_page(request, lambda cache: pairing_content(request, cache, pk))


def pairing_content(request: HttpRequest, cache: PublicCache, pk: int) -> tuple[str, str]:
    """Render what a pairing's page shows: its headline and its report of the chosen year.

    A pairing that is not there answers 404, which is not kept.
    """
    pairing = get_object_or_404(public_pairings(), pk=pk)
    years = cached_years(cache, [pairing.pk])
    choice = dashboard_choice(
        [pairing], years, pairing_id=pairing.pk, year=whole_number(request.GET.get("year"))
    )
    totals = cached_totals(cache, [pairing.pk])
    context = {
        "choice": choice,
        "headline": headline(totals.get(pairing.pk, {}), pairing.pk),
    } | cached_report(cache, pairing, choice.year)
    return localized(pairing), render_to_string("dashboard/_pairing.html", context, request)


def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a public organization and the published records it takes part in."""
    organization = get_object_or_404(public_organizations(), pk=pk)
    return render(
        request,
        "dashboard/organization_detail.html",
        {"organization": organization, "records": organization_records(organization)},
    )


def agreement_document(request: HttpRequest, name: str) -> FileResponse:
    """Serve an agreement's document to whoever may read the agreement, DEBUG or not.

    Uploaded files are served only through here: a draft's document stays private, and the
    sandbox keeps a file from running anything on the portal's address.
    """
    agreement = (
        Agreement.objects.readable_by(request.user).filter(document=name).order_by("pk").first()
    )
    if agreement is None:
        raise Http404(_("No document of that name."))
    response = FileResponse(agreement.document.open("rb"))
    response["Content-Security-Policy"] = "sandbox"
    return response


class SearchForm(forms.Form):
    """Check the search words: a form refuses, say, a NUL character the database cannot hold."""

    q = forms.CharField(
        label=_("Pairings, programs, organizations and people"),
        max_length=100,
        required=False,
        widget=forms.SearchInput,
    )


def search(request: HttpRequest) -> HttpResponse:
    """Find pairings and organizations, and what the other apps declare (programs, people)."""
    form = SearchForm(request.GET, label_suffix="")
    query = form.cleaned_data["q"] if form.is_valid() else ""
    context: dict[str, Any] = {"form": form, "query": query}
    if query:
        context |= {
            "pairings": search_pairings(query)[:PAGE_SIZE],
            "organizations": search_organizations(query)[:PAGE_SIZE],
        } | {key: search.find(query)[:PAGE_SIZE] for key, search in searches().items()}
    return render(request, "dashboard/search.html", context)


class PublishedRecordList(ListView):
    """List a model's published records, filtered by its FilterSet, a page at a time.

    The FilterSet is the API's; the page offers the filters named in ``public_filters``
    as a form and carries any other valid filter of the query (a drill-down's) along.
    """

    filterset_class: type
    public_filters: tuple[str, ...] = ("q", "pairing_id", "year", "kind")
    related: tuple[str, ...] = ("pairing__eastern_region", "pairing__western_region")
    row_template: str
    title: str
    paginate_by = PAGE_SIZE
    template_name = "dashboard/record_list.html"

    def base_queryset(self) -> models.QuerySet:
        """Return what the public may list before any filter: the published records."""
        model = self.filterset_class._meta.model
        return model.objects.published().select_related(*self.related)

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        known = {*self.filterset_class.base_filters, self.page_kwarg}
        refused = refused_renamed_parameters(request, known)
        if refused is not None:
            return refused
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> models.QuerySet:
        queryset = self.base_queryset()
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=queryset, request=self.request
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return queryset.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.filterset.form
        # Labels stand above their fields; Django's ":" is an ASCII colon in Chinese too.
        form.label_suffix = ""
        for name, filter_ in self.filterset.filters.items():
            if isinstance(filter_, MultipleChoiceFilter) and name in self.public_filters:
                form.fields[name].widget = forms.CheckboxSelectMultiple(
                    choices=form.fields[name].choices
                )
        if "pairing_id" in form.fields:
            # Name the pairings in the page's language, their regions fetched with them.
            form.fields["pairing_id"].queryset = public_pairings()
            form.fields["pairing_id"].label_from_instance = localized
        carried = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name in self.filterset.filters and name not in self.public_filters
            for value in values
        ]
        # A carried filter has no field on the page to show its error beside: list it here.
        carried_errors = [
            (form.fields[name].label, " ".join(form.errors[name]))
            for name in dict.fromkeys(name for name, _value in carried)
            if self.filterset.is_bound and name in form.errors
        ]
        context |= {
            "title": self.title,
            "row_template": self.row_template,
            "filter_fields": [form[name] for name in self.public_filters if name in form.fields],
            "carried_filters": carried,
            "carried_errors": carried_errors,
            "filter_errors": form.errors if self.filterset.is_bound else {},
            "query_without_page": self.query_without_page(),
        }
        return context

    def query_without_page(self) -> str:
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode()


class PublishedRecordDetail(DetailView):
    """Show one published record; a draft is as absent as a record that never was."""

    related: tuple[str, ...] = ("pairing__eastern_region", "pairing__western_region")

    def get_queryset(self) -> models.QuerySet:
        return self.model.objects.published().select_related(*self.related)


class AgreementList(PublishedRecordList):
    filterset_class = AgreementFilterSet
    row_template = "dashboard/rows/agreement.html"
    title = _("Agreements")


class AgreementDetail(PublishedRecordDetail):
    model = Agreement
    template_name = "dashboard/agreement_detail.html"

    def get_queryset(self) -> models.QuerySet:
        return super().get_queryset().prefetch_related("parties__organization")


class OutcomeList(PublishedRecordList):
    filterset_class = OutcomeFilterSet
    public_filters = ("q", "pairing_id", "year", "qualifier")
    related = (*PublishedRecordList.related, "indicator", "program", "agreement")
    row_template = "dashboard/rows/outcome.html"
    title = _("Reported outcomes")


class OutcomeDetail(PublishedRecordDetail):
    model = Outcome
    related = (*PublishedRecordDetail.related, "indicator", "program", "agreement")
    template_name = "dashboard/outcome_detail.html"
