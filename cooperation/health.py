"""The health check that a load balancer or an orchestrator probes: ``/healthz``.

No login, no throttle, never cached, and exempt from the HTTPS redirect; it answers 200
while the database, and the shared cache where ``CACHE_URL`` sets one, answer, and 503
naming what failed otherwise.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    """Run the smallest query there is; a lost connection is dropped after the request."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.warning("Health check: the database does not answer.", exc_info=True)
        return False
    return True


def cache_answers() -> bool:
    """Write and read back a key, as the statistics do."""
    try:
        cache.set("healthz", "ok", timeout=10)
        answered = cache.get("healthz") == "ok"
    except Exception:
        # The Redis client raises its own errors, which share no base with Django's.
        logger.warning("Health check: the cache does not answer.", exc_info=True)
        return False
    if not answered:
        logger.warning("Health check: the cache lost the key it was just given.")
    return answered


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Answer ``{"status": "ok"}`` while the portal's services answer, else 503."""
    checks = {"database": database_answers}
    if settings.CACHE_URL:
        checks["cache"] = cache_answers
    failing = [name for name, answers in checks.items() if not answers()]
    if failing:
        return JsonResponse({"status": "unavailable", "failing": failing}, status=503)
    return JsonResponse({"status": "ok"})
