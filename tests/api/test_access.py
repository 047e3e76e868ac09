"""Writes need the model permission their action names; an action naming none is refused."""

from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.permissions import SAFE_METHODS
from rest_framework.test import APIRequestFactory

from cooperation.api.access import ACTION_PERMISSIONS, ModelPermission
from programs.models import Event


def routed_actions(patterns=None):
    """Yield (method, action) of every viewset route the portal serves."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from routed_actions(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            yield from getattr(pattern.callback, "actions", {}).items()


def test_a_write_action_that_names_no_permission_is_refused(superuser):
    """Bug: a write action missing from ACTION_PERMISSIONS was allowed to any signed-in user."""
    request = APIRequestFactory().post("/api/v1/events/publish_all/")
    request.user = superuser
    view = SimpleNamespace(action="publish_all", queryset=Event.objects.all())

    assert not ModelPermission().has_permission(request, view)


def test_every_routed_write_action_names_its_permission():
    """Bug guard: since an unlisted write fails closed, each routed one must be listed."""
    writes = {action for method, action in routed_actions() if method.upper() not in SAFE_METHODS}

    assert "transition" in writes
    assert writes <= set(ACTION_PERMISSIONS)
