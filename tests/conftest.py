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
