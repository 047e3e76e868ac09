"""The portal's URLs and ``/bench/bare/<size>/``: a constant body of that many bytes."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request, size: int) -> HttpResponse:
    """Return ``size`` bytes at once: what Django and gunicorn cost without the portal."""
    return HttpResponse(b"x" * size, content_type="text/plain")


urlpatterns = [
    path("bench/bare/<int:size>/", bare),
    path("", include("cooperation.urls")),
]
