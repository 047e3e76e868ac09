"""Every registered admin renders, searches, filters and lists in a fixed number of queries.

The cases are generated from ``admin.site._registry``, so a model registered later is
covered without writing a test for it; it only needs a factory in ``tests/factories.py``.
"""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperation.core.admin_base import AuditedAdmin
from cooperation.core.resources import NamesWidget, NameWidget
from tests import factories

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def model_id(model) -> str:
    return model._meta.label


def factory_for(model):
    return getattr(factories, f"{model.__name__}Factory")


def admin_url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


def test_every_model_has_an_admin():
    """Guard the registry itself: the generated cases are only as wide as it is."""
    from django.apps import apps

    inlined = {"AgreementParty", "EventSpeaker"}
    # The version token of the published data is the statistics cache's, nobody's to edit.
    unedited = {"PublishedDataVersion"}
    registered = {model for model, _ in ADMINS}
    for app_label in ("cooperation", "programs", "talent"):
        for model in apps.get_app_config(app_label).get_models():
            # simple_history's historical models are shown through their record's admin.
            if model.__name__ not in inlined | unedited and not hasattr(model, "instance_type"):
                assert model in registered, f"{model._meta.label} has no admin"


@pytest.mark.parametrize("model", [model for model, _ in ADMINS], ids=model_id)
def test_changelist_renders_searched_and_with_every_filter(superuser_client, model):
    factory_for(model)()
    url = admin_url(model, "changelist")

    response = superuser_client.get(url)
    assert response.status_code == 200
    assert superuser_client.get(url, {"q": "1"}).status_code == 200

    changelist = response.context["cl"]
    applied = 0
    for spec in changelist.filter_specs:
        for choice in spec.choices(changelist):
            filtered = superuser_client.get(url + choice["query_string"])
            assert filtered.status_code == 200, (spec.title, choice["query_string"])
            assert "e=1" not in filtered.request["QUERY_STRING"]
            applied += 1
    assert applied >= len(changelist.filter_specs)

    model_admin = admin.site._registry[model]
    if model_admin.date_hierarchy:
        dated = superuser_client.get(url, {f"{model_admin.date_hierarchy}__year": "2021"})
        assert dated.status_code == 200


@pytest.mark.parametrize("model", [model for model, _ in ADMINS], ids=model_id)
def test_add_change_and_history_pages_render(superuser_client, superuser, rf, model):
    record = factory_for(model)()
    request = rf.get("/")
    request.user = superuser
    # Logs of sign-ins (django-axes) are written by the portal, never added by hand.
    addable = admin.site._registry[model].has_add_permission(request)

    assert superuser_client.get(admin_url(model, "add")).status_code == (200 if addable else 403)
    assert superuser_client.get(admin_url(model, "change", record.pk)).status_code == 200
    assert superuser_client.get(admin_url(model, "history", record.pk)).status_code == 200


def count_changelist_queries(client, url) -> CaptureQueriesContext:
    client.get(url)  # warm the session and content type caches
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return queries


@pytest.mark.parametrize("model", [model for model, _ in ADMINS], ids=model_id)
def test_changelist_query_count_does_not_grow_with_rows(superuser_client, model):
    factory = factory_for(model)
    url = admin_url(model, "changelist")
    factory()
    one_row = count_changelist_queries(superuser_client, url)
    factory.create_batch(4)
    five_rows = count_changelist_queries(superuser_client, url)

    assert len(five_rows) == len(one_row), "\n\n".join(
        query["sql"] for query in five_rows.captured_queries
    )


# The admins of the portal's own records, whose tables grow with the country.
RECORD_ADMINS = [model for model, model_admin in ADMINS if isinstance(model_admin, AuditedAdmin)]


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=model_id)
def test_a_record_changelist_counts_no_further_than_the_limit(superuser_client, settings, model):
    settings.LIST_EXACT_COUNT_LIMIT = 2
    factory_for(model).create_batch(4)

    queries = count_changelist_queries(superuser_client, admin_url(model, "changelist"))

    counts = [entry["sql"] for entry in queries if "COUNT(" in entry["sql"].upper()]
    assert counts
    assert all("LIMIT 3" in sql for sql in counts), counts


@pytest.mark.parametrize("model", RECORD_ADMINS, ids=model_id)
def test_a_record_changelist_offers_no_other_tables_rows_as_filter_choices(superuser_client, model):
    """Regression: people and organizations offered every organization and region with any."""
    factory_for(model).create_batch(2)

    response = superuser_client.get(admin_url(model, "changelist"))

    related = [
        spec.title
        for spec in response.context["cl"].filter_specs
        if isinstance(spec, admin.RelatedFieldListFilter)
    ]
    assert not related, f"{model._meta.label} offers the rows of {related} to filter by"


RESOURCES = [
    resource
    for _, model_admin in ADMINS
    for resource in getattr(model_admin, "resource_classes", ())
]


@pytest.mark.parametrize("resource_class", RESOURCES, ids=lambda resource: resource.__name__)
def test_every_related_column_of_a_sheet_is_written_by_name(resource_class):
    opts = resource_class._meta.model._meta
    for name, field in resource_class().fields.items():
        if opts.get_field(name).many_to_one:
            assert isinstance(field.widget, NameWidget), f"{name} is read as a number"
        if opts.get_field(name).many_to_many:
            assert isinstance(field.widget, NamesWidget), f"{name} is read as numbers"


@pytest.mark.parametrize(
    "model",
    [model for model, model_admin in ADMINS if getattr(model_admin, "resource_classes", ())],
    ids=model_id,
)
def test_import_and_export_pages_render(superuser_client, model):
    for view in ("import", "export"):
        assert superuser_client.get(admin_url(model, view)).status_code == 200, view


def test_the_admins_own_headings_read_chinese_too(superuser_client):
    """Regression: the index's screen-reader headings and the history's "Changes" were English."""
    event = factories.EventFactory()

    index = superuser_client.get(reverse("admin:index")).content.decode()
    history = superuser_client.get(admin_url(type(event), "history", event.pk)).content.decode()

    assert "模型名称" in index and "Model name" not in index
    assert "变更" in history and ">Changes<" not in history
