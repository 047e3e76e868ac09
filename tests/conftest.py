import pytest
from django.contrib.auth.models import Permission

from tests import factories


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
