"""The version of what the public sees, which cached statistics are keyed by."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedDataVersion(models.Model):
    """One row whose token changes whenever data the public sees change.

    Cached figures are stored under the token they were computed at, so a new token makes
    every one of them unreachable at once, in every process and on every server; kept in
    the database (not the cache) so that a per-process cache is never left behind.
    """

    token = models.CharField(_("token"), max_length=32)

    class Meta:
        verbose_name = _("published data version")
        verbose_name_plural = _("published data versions")

    def __str__(self) -> str:
        return self.token
