import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import override_settings
from django.utils import translation

from cooperation.core.models import Pairing
from tests import factories, query_counts
from tests.reference_record import ReferenceRecord

LOADED = "reference_record_loaded"
REFERENCE_RECORD = pytest.StashKey[ReferenceRecord]()


def pytest_addoption(parser):
    parser.addoption(
        query_counts.UPDATE_OPTION,
        action="store_true",
        help="write the query counts measured into tests/query_counts.json instead of "
        "asserting them",
    )


def pytest_configure(config):
    if config.getoption(query_counts.UPDATE_OPTION):
        config.stash[query_counts.MEASURED] = {}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """Gather the query counts a parallel worker measured into the main process."""
    measured = node.config.stash.get(query_counts.MEASURED, None)
    if measured is not None:
        measured.update(node.workeroutput.get("query_counts", {}))


def pytest_sessionfinish(session):
    measured = session.config.stash.get(query_counts.MEASURED, None)
    if measured is None:
        return
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["query_counts"] = measured
    elif measured:
        query_counts.write_baseline(measured, connection.vendor)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the tests that read the reference record one after another, where the first stood.

    Each process then loads the record about once (see ``reference_record_loaded``); the
    order pytest-django chose (database tests first, transactional ones after) is kept.
    """
    readers = [item for item in items if LOADED in item.fixturenames]
    if not readers:
        return
    first = items.index(readers[0])
    others = [item for item in items if LOADED not in item.fixturenames]
    items[:] = others[:first] + readers + others[first:]


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Load the reference record before a test that reads it, and roll it back before others.

    This runs before any fixture of ``item``, so the record's transaction opens before the
    test's own (and a test that expects an empty database, or commits, never sees it).
    """
    record = item.config.stash.get(REFERENCE_RECORD, None)
    if record is None:
        return
    if LOADED in item.fixturenames:
        record.load()
    else:
        record.discard()


@pytest.fixture(scope="session")
def reference_record_loaded(request, django_db_setup, django_db_blocker):
    """Load the Chaotian ← Binjiang 2021 reference record once for the process."""
    record = ReferenceRecord(django_db_blocker)
    request.config.stash[REFERENCE_RECORD] = record
    record.load()
    yield record
    record.discard()
    del request.config.stash[REFERENCE_RECORD]


@pytest.fixture
def reference_record(request, reference_record_loaded, db):
    """Return the reference record's pairing; what a test changes of it rolls back after."""
    marker = request.node.get_closest_marker("django_db")
    commits = marker is not None and marker.kwargs.get("transaction", False)
    if commits or {"transactional_db", "live_server"} & set(request.fixturenames):
        pytest.fail("a test that commits loads its own copy: see CommittedReferenceRecord")
    assert reference_record_loaded.loaded, (
        "name reference_record among the test's arguments: the hook that loads it reads them"
    )
    return Pairing.objects.get(western_region__name="朝天区")


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Keep the documents tests upload in a directory of the process's own, never var/media."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


@pytest.fixture(scope="session", autouse=True)
def background_jobs(tmp_path_factory):
    """Run each background job inside the request that asks for it, its files kept apart."""
    jobs = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    jobs["OPTIONS"] = {"location": str(tmp_path_factory.mktemp("jobs"))}
    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        STORAGES={**settings.STORAGES, "jobs": jobs},
    ):
        yield


@pytest.fixture
def superuser(db):
    return factories.UserFactory(username="root", is_superuser=True)


@pytest.fixture
def pairing(db):
    return factories.PairingFactory()


@pytest.fixture
def binjiang_chaotian(db):
    """Return the reference record's pairing, named as officials write it in their sheets."""
    binjiang = factories.RegionFactory(name="滨江区")
    chaotian = factories.RegionFactory(name="朝天区")
    return factories.PairingFactory(eastern_region=binjiang, western_region=chaotian)


@pytest.fixture
def official_of(db):
    """Return a factory of staff users working for a region, holding the named permissions."""

    def make(region, *codenames: str):
        official = factories.OfficialFactory(region=region)
        for codename in codenames:
            app_label, name = codename.split(".")
            official.user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=name)
            )
        return official.user

    return make


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply: the suite creates many users and checks no real secret."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def login(client):
    """Sign a user in, reading the admin in English so messages can be compared."""

    def sign_in(user):
        client.force_login(user)
        client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
        return client

    return sign_in


@pytest.fixture(autouse=True)
def public_cache_emptied():
    """Empty the cache before each test: a test's rolled-back rows may have filled it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Start each test in the portal's default language, whatever ran before it in the process.

    Without this a test reading an unoverridden label or a command's report in Chinese would
    depend on the language an earlier test left active in its worker.
    """
    with translation.override(settings.LANGUAGE_CODE):
        yield
