"""Chainable query building shared by every pairing-scoped record."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

# What shows a record's pairing by name: its two regions, loaded with the record.
PAIRING_NAMES = ("pairing__eastern_region", "pairing__western_region")

# Region levels run province › city › district › town, so a pairing's side sits at most
# three parents below the region of the official who oversees it.
REGION_ANCESTOR_LOOKUPS = ("", "__parent", "__parent__parent", "__parent__parent__parent")


# Reference data officials enter as they go, by model label, with the path to the region
# each row belongs to: an organization's own, a person's organization's.
ENTERED_REFERENCE_REGIONS = {
    "cooperation.organization": "region",
    "talent.person": "organization__region",
}


def official_region_id(user) -> int | None:
    """Return the id of the region ``user`` works for, if an official record ties them to one."""
    official = getattr(user, "official", None) if user.is_authenticated else None
    return None if official is None else official.region_id


def within_region(region_id: int, path: str) -> Q:
    """Match rows whose region at ``path`` is ``region_id`` or lies below it."""
    condition = Q()
    for lookup in REGION_ANCESTOR_LOOKUPS:
        condition |= Q(**{f"{path}{lookup}": region_id})
    return condition


def pairings_of_user(user, prefix: str = "") -> Q | None:
    """Match the pairings ``user`` works on; ``None`` means every pairing.

    A superuser works on all of them; an official on those whose eastern or western region
    is their own region or lies below it; anyone else on none.
    """
    if user.is_superuser:
        return None
    region_id = official_region_id(user)
    if region_id is None:
        return Q(pk__in=[])
    return within_region(region_id, f"{prefix}eastern_region") | within_region(
        region_id, f"{prefix}western_region"
    )


def restrict_entered(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """Scope organizations or people to those ``user`` may ``action``.

    Every pairing shares them, so whoever may view them views all, and may add more. Changing
    or deleting one is another matter: it shows at once wherever a record names it, so a
    user changes or deletes only those of the region they work for or below it, and those
    they entered themselves; a superuser all of them.
    """
    opts = queryset.model._meta
    if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
        return queryset.none()
    if action in ("view", "add") or user.is_superuser:
        return queryset
    condition = Q(created_by=user)
    region_id = official_region_id(user)
    if region_id is not None:
        condition |= within_region(region_id, ENTERED_REFERENCE_REGIONS[opts.label_lower])
    return queryset.filter(condition)


class PairingQuerySet(models.QuerySet):
    """Queries over pairings."""

    def visible_to(self, user) -> PairingQuerySet:
        """Return the pairings a signed-in user works on."""
        condition = pairings_of_user(user)
        return self if condition is None else self.filter(condition)


class PairingRecordQuerySet(models.QuerySet):
    """Queries over records that belong to one pairing."""

    def published(self) -> PairingRecordQuerySet:
        """Return only what the public may see."""
        return self.filter(status="published")

    def readable_by(self, user) -> PairingRecordQuerySet:
        """Return what ``user`` may read: what is published, and all their pairings hold.

        A statistics office's token with no model permission still reads what the public
        reads; an official additionally reads their pairings' drafts.
        """
        if not user.is_authenticated:
            return self.published()
        return self.restrict(user, "view") | self.published()

    def restrict(self, user, action: str = "view") -> PairingRecordQuerySet:
        """Scope rows to those ``user`` may ``action`` (view, add, change or delete).

        The user needs the model permission (``programs.change_event``) and then reaches
        the records of the pairings they work on; the public goes through ``published()``.
        """
        opts = self.model._meta
        if not user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}"):
            return self.none()
        return self.in_pairings_of(user)

    def in_pairings_of(self, user) -> PairingRecordQuerySet:
        """Return the records of the pairings ``user`` works on, whatever their permissions."""
        condition = pairings_of_user(user, prefix="pairing__")
        return self if condition is None else self.filter(condition)
