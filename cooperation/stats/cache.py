"""Figures the public sees, kept in the shared cache until the published data change.

Every entry is stored under the token of ``PublishedDataVersion`` it was computed at. A
save or deletion that can change what the public sees (a published record, a record that
was published, a region, a pairing, an indicator, a person …) gives the data a new token
once its transaction commits, so no cached figure outlives the data it was computed from.
Only what the public sees is cached: a signed-in user's figures, which may count drafts,
are computed afresh every time.

Code that writes around the model signals (``bulk_create``, ``QuerySet.update``, raw SQL)
calls ``published_data_changed()`` itself.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from cooperation.core.models import PairingRecord, PublishedDataVersion, RecordStatus

Value = TypeVar("Value")

# Entries of an old token are never read again; this only frees the memory they hold.
TIMEOUT = 24 * 60 * 60
VERSION_ROW = 1
# The apps whose rows the public pages and the statistics show.
WATCHED_APPS = ("cooperation", "programs", "talent")
# Their rows the public never sees: a pending revision (until it is published, which saves
# its record), a background job and its progress, who is an official of which region.
UNSEEN_MODELS = frozenset(
    {
        "cooperation.Revision",
        "cooperation.Job",
        "cooperation.Official",
        "cooperation.PublishedDataVersion",
    }
)
# Rows the public sees only once a published record names them: a new one is seen nowhere.
SHOWN_WHEN_NAMED = frozenset({"cooperation.Organization", "talent.Person"})


def data_version() -> str:
    """Return the token of the published data now, creating it the first time.

    Read from the database the statistics read, so that a replica behind the primary
    never files its older figures under the primary's newer token.
    """
    versions = PublishedDataVersion.objects.using(settings.STATS_DATABASE)
    token = versions.filter(pk=VERSION_ROW).values_list("token", flat=True).first()
    if token is None:
        token = PublishedDataVersion.objects.get_or_create(
            pk=VERSION_ROW, defaults={"token": uuid.uuid4().hex}
        )[0].token
    return token


class PublicCache:
    """The cached public figures at one version of the data, read once per request."""

    def __init__(self) -> None:
        self.version = data_version()

    def key(self, name: str, parts: Any) -> str:
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return f"stats:{self.version}:{name}:{digest}"

    def get_or_compute(self, name: str, parts: Any, compute: Callable[[], Value]) -> Value:
        """Return what ``compute()`` returns for ``parts``, computing it once per version.

        ``parts`` must say everything the value depends on besides the published data (the
        pairing, the year, the language …); its ``repr`` is part of the key.
        """
        key = self.key(name, parts)
        # Wrapped, so that a cached None is told apart from a miss.
        found = cache.get(key)
        if found is not None:
            return found[0]
        value = compute()
        cache.set(key, (value,), TIMEOUT)
        return value


def published_data_changed(using: str | None = None) -> None:
    """Give the published data a new token once the current transaction commits.

    Not before: a reader between the save and the commit would otherwise file the figures
    of the old data under the new token.
    """
    transaction.on_commit(_new_token, using=using)


def shown_once_created(records: list[models.Model]) -> bool:
    """Tell whether new rows written without signals (in bulk) change what the public sees.

    A new region, pairing or indicator does at once, and so does a published record; a
    draft does not, nor does a new organization or person, which no published record can
    name yet.
    """
    sender = type(records[0])
    if not _watched(sender) or sender._meta.label in SHOWN_WHEN_NAMED:
        return False
    if issubclass(sender, PairingRecord):
        return any(record.status == RecordStatus.PUBLISHED for record in records)
    return True


def _new_token() -> None:
    PublishedDataVersion.objects.update_or_create(
        pk=VERSION_ROW, defaults={"token": uuid.uuid4().hex}
    )


def _watched(sender: type[models.Model]) -> bool:
    # simple_history's historical rows are written beside every save: the save is enough.
    return (
        sender._meta.app_label in WATCHED_APPS
        and sender._meta.label not in UNSEEN_MODELS
        and not hasattr(sender, "instance_type")
    )


def _note_status_before_save(sender, instance, raw=False, using=None, **kwargs) -> None:
    """Note whether a record about to be saved is, or was, one the public sees."""
    if not isinstance(instance, PairingRecord):
        return
    shown = instance.status == RecordStatus.PUBLISHED
    if not shown and not instance._state.adding and instance.pk is not None:
        shown = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk, status=RecordStatus.PUBLISHED)
            .exists()
        )
    instance._shown_to_public = shown


def _after_save(sender, instance, using=None, **kwargs) -> None:
    if not _watched(sender):
        return
    if isinstance(instance, PairingRecord) and not getattr(instance, "_shown_to_public", True):
        return
    published_data_changed(using)


def _after_delete(sender, instance, using=None, **kwargs) -> None:
    if not _watched(sender):
        return
    if isinstance(instance, PairingRecord) and instance.status != RecordStatus.PUBLISHED:
        return
    published_data_changed(using)


def _after_m2m_change(sender, action, using=None, **kwargs) -> None:
    if action.startswith("post_") and _watched(sender):
        published_data_changed(using)


def watch_published_data() -> None:
    """Connect the signals that give the data a new token; called from ``ready()``."""
    pre_save.connect(_note_status_before_save, dispatch_uid="stats-cache-pre-save")
    post_save.connect(_after_save, dispatch_uid="stats-cache-post-save")
    post_delete.connect(_after_delete, dispatch_uid="stats-cache-post-delete")
    m2m_changed.connect(_after_m2m_change, dispatch_uid="stats-cache-m2m")
