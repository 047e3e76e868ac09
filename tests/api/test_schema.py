"""The OpenAPI 3 schema is valid and complete; the docs pages work with no internet."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import get_resolver, reverse
from django.utils import translation
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from cooperation.api.schema import SchemaView
from cooperation.api.stats import record_set_row_serializer
from cooperation.core.models import Unit
from cooperation.stats.registry import record_sets
from tests.api.cases import CASES


@pytest.fixture(scope="module")
def schema():
    """Generate the schema once for the module (a second or so); its tests only read it."""
    response = APIClient().get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_validates_as_openapi_3(schema):
    validate(schema)

    assert schema["openapi"].startswith("3.")


def test_schema_generates_without_a_warning(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yaml")


def test_schema_describes_every_endpoint(schema):
    _prefix, resolver = get_resolver().namespace_dict["api"]
    names = [
        name
        for name in resolver.reverse_dict
        if isinstance(name, str) and (name.endswith("-list") or name.startswith("stats-"))
    ]

    for name in names:
        assert reverse(f"api:{name}") in schema["paths"], name


def test_summary_schema_names_value_unit_qualifier_and_source(schema):
    figure = schema["components"]["schemas"]["Figure"]["properties"]

    assert {"indicator", "value", "unit", "qualifier", "source", "target", "records"} <= set(figure)
    assert {"reported", "computed", "difference"} <= set(figure)


def test_schema_describes_the_errors_and_their_shape(schema):
    listing = schema["paths"]["/api/v1/events/"]["get"]["responses"]
    deleting = schema["paths"]["/api/v1/events/{id}/"]["delete"]["responses"]

    assert {"200", "400", "401", "404", "429"} <= set(listing)
    assert {"204", "403", "404", "409"} <= set(deleting)
    assert schema["components"]["schemas"]["ValidationError"]["type"] == "object"


def test_the_docs_page_loads_every_asset_from_the_portal(anonymous, db):
    page = anonymous.get(reverse("api:docs")).content.decode()

    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert assets
    for asset in assets:
        assert not asset.startswith(("http:", "https:", "//")), asset
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset


def test_a_statistics_help_text_speaks_each_requests_language(anonymous, db):
    """Bug: the cached row serializer kept the first request's language in its help texts."""
    record_set_row_serializer.cache_clear()
    [measure, *_others] = record_sets()["events"].measures
    descriptions = {}
    for language in ("en", "zh-hans"):
        schema = anonymous.get(
            reverse("api:schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE=language
        ).json()
        row = schema["components"]["schemas"]["EventsStatsRow"]["properties"]
        descriptions[language] = row[measure.key]["description"]
        with translation.override(language):
            assert descriptions[language] == f"{measure.label} ({Unit(measure.unit).label})"

    assert descriptions["en"] != descriptions["zh-hans"]


def test_schema_describes_the_paging_headers_of_a_list(schema):
    """Bug: nothing told a CSV client that a list has more pages, nor where they are."""
    pages = {
        path: operations["get"]["responses"]["200"]
        for path, operations in schema["paths"].items()
        if "Paginated" in str(operations.get("get", {}).get("responses", {}).get("200"))
    }

    assert {reverse(f"api:{case.basename}-list") for case in CASES} <= set(pages)
    for path, listing in pages.items():
        assert {"X-Total-Count", "Link"} <= set(listing.get("headers", {})), path
        assert listing["headers"]["X-Total-Count"]["schema"]["type"] == "integer"


def test_the_schema_is_built_once_per_language(monkeypatch):
    """The schema took seconds to build on every request; it is built once per process."""
    built = []
    original = SchemaView.generator_class.get_schema

    def counted(generator, *args, **kwargs):
        built.append(translation.get_language())
        return original(generator, *args, **kwargs)

    monkeypatch.setattr(SchemaView.generator_class, "get_schema", counted)
    monkeypatch.setattr(SchemaView, "built", {})
    client = APIClient()

    first = client.get(reverse("api:schema"), {"format": "json"})
    second = client.get(reverse("api:schema"), {"format": "json"})
    english = client.get(reverse("api:schema"), {"format": "json", "lang": "en"})

    assert first.status_code == second.status_code == english.status_code == 200
    assert first.json() == second.json()
    assert len(built) == 2
    assert built[0] != built[1]
