"""The portal's access policy: who may view, choose, change, publish or see the name of what.

The admin, the API, imports, filters, statistics and templates ask this module; none decides
for itself. Records fall into four kinds, each with its rule:

- **pairing records** (events, outcomes …): the public reads what is published; a user with
  the model permission reaches the records of the pairings they work on;
- **pairings**: a user works on those whose eastern or western region is their own region or
  lies below it; a superuser on all;
- **entered reference rows** (organizations, people): everyone views them and may add more,
  but a user changes or deletes only those of their region and those they entered;
- everything else (regions, indicators) is shared by every pairing.

The query sets ``PairingQuerySet`` and ``PairingRecordQuerySet`` carry the same rules as
chainable methods (``Event.objects.restrict(user, "change")``), so the models use them here.
This module imports no model: it tells the kinds apart by their query sets and markers.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q

REVIEW_PERMISSION = "cooperation.review_records"
# Who may read the people's records in the admin may also read the names of those who
# asked not to be named in public.
PRIVATE_NAMES_PERMISSION = "talent.view_person"

# Region levels run province › city › district › town, so a pairing's side sits at most
# three parents below the region of the official who oversees it.
REGION_ANCESTOR_LOOKUPS = ("", "__parent", "__parent__parent", "__parent__parent__parent")


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


def has_model_permission(user, model: type[models.Model], action: str) -> bool:
    """Tell whether ``user`` holds Django's permission to ``action`` rows of ``model``."""
    if user is None or not user.is_authenticated:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}")


def may_review(user) -> bool:
    """Tell whether ``user`` may publish and return records."""
    return user is not None and user.has_perm(REVIEW_PERMISSION)


def shows_private_names(user) -> bool:
    """Tell whether ``user`` may see the names of people who are not public."""
    return bool(user and user.is_authenticated and user.has_perm(PRIVATE_NAMES_PERMISSION))


def named_people(user, path: str = "") -> Q | None:
    """Match the people at ``path`` whose names ``user`` may see; ``None`` means everyone.

    The public sees the names of those who agreed to be named; so does any filter or search
    the public can run, or it would tie a private person to their records.
    """
    return None if shows_private_names(user) else Q(**{f"{path}is_public": True})


def may_see_name(person, user=None) -> bool:
    """Tell whether ``user`` (the public when left out) may see a loaded person's name."""
    return person.is_public or shows_private_names(user)


def published_or_none(record):
    """Return a linked record only when published, so no public page names a draft."""
    if record is None or record.status != "published":
        return None
    return record


def is_entered_reference(model: type[models.Model]) -> bool:
    """Tell whether officials enter rows of ``model`` as they go (organizations, people)."""
    return getattr(model, "region_path", None) is not None


def restrict_entered(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """Scope organizations or people to those ``user`` may ``action``.

    Every pairing shares them, so whoever may view them views all, and may add more. Changing
    or deleting one is another matter: it shows at once wherever a record names it, so a
    user changes or deletes only those of the region they work for or below it, and those
    they entered themselves; a superuser all of them.
    """
    if not has_model_permission(user, queryset.model, action):
        return queryset.none()
    if action in ("view", "add") or user.is_superuser:
        return queryset
    condition = Q(created_by=user)
    region_id = official_region_id(user)
    if region_id is not None:
        condition |= within_region(region_id, queryset.model.region_path)
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
        if not has_model_permission(user, self.model, action):
            return self.none()
        return self.in_pairings_of(user)

    def in_pairings_of(self, user) -> PairingRecordQuerySet:
        """Return the records of the pairings ``user`` works on, whatever their permissions."""
        condition = pairings_of_user(user, prefix="pairing__")
        return self if condition is None else self.filter(condition)


def reachable(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """Return the pairing records ``user`` reaches by ``action``; anyone reads what is published."""
    if action == "view":
        return queryset.readable_by(user)
    return queryset.restrict(user, action)


def readable_rows(model: type[models.Model], user) -> models.QuerySet:
    """Return the rows of ``model`` whose names ``user`` may read."""
    queryset = model._default_manager.all()
    if isinstance(queryset, PairingRecordQuerySet):
        return queryset.readable_by(user)
    return queryset


def choosable(model: type[models.Model], user) -> models.QuerySet:
    """Return the rows of ``model`` that ``user`` may pick as a related record.

    Pairings and pairing records of other districts are never offered; everything else
    (regions, organizations, people, indicators) is shared by all pairings. Picking needs
    no view permission: a form must show a record's program also to an official who may
    not list programs, or saving the form would clear it.
    """
    queryset = model._default_manager.all()
    if user is None:
        return queryset.none()
    if isinstance(queryset, PairingQuerySet):
        return queryset.visible_to(user)
    if isinstance(queryset, PairingRecordQuerySet):
        return queryset.in_pairings_of(user)
    return queryset


def changeable(model: type[models.Model], user) -> models.QuerySet:
    """Return the rows of ``model`` that ``user`` may change, as an import may."""
    queryset = model._default_manager.all()
    if not has_model_permission(user, model, "change"):
        return queryset.none()
    if isinstance(queryset, PairingRecordQuerySet):
        return queryset.restrict(user, "change")
    if isinstance(queryset, PairingQuerySet):
        return queryset.visible_to(user)
    if is_entered_reference(model):
        return restrict_entered(queryset, user, "change")
    return queryset


def may_read(record, user, cache: dict[str, Any]) -> bool:
    """Tell whether ``user`` may read an already loaded pairing record, as ``readable_by`` does.

    The ids of the viewer's pairings are fetched once and kept in ``cache`` (a serializer's
    context), so a list of records naming drafts costs one query more, not one a row.
    """
    if record.status == "published":
        return True
    if not has_model_permission(user, type(record), "view"):
        return False
    if "viewer_pairing_ids" not in cache:
        condition = pairings_of_user(user)
        pairings = type(record)._meta.get_field("pairing").related_model._default_manager
        cache["viewer_pairing_ids"] = (
            None
            if condition is None
            else set(pairings.filter(condition).values_list("pk", flat=True))
        )
    pairing_ids = cache["viewer_pairing_ids"]
    return pairing_ids is None or record.pairing_id in pairing_ids


def own_jobs(queryset: models.QuerySet, user) -> models.QuerySet:
    """Return the background jobs of ``queryset`` that ``user`` asked for: nobody sees others'."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    return queryset.filter(owner=user)


def may_fetch_job_result(job, user) -> bool:
    """Tell whether ``user`` may download ``job``'s file: theirs, and still allowed to export.

    An export holds what the access policy let its owner read when it ran; the owner must
    still hold the model's view or change permission to take it away.
    """
    if user is None or not user.is_active or job.owner_id != user.pk:
        return False
    model = job.model_class()
    return has_model_permission(user, model, "view") or has_model_permission(user, model, "change")


def restrict_revisions(queryset: models.QuerySet, user) -> models.QuerySet:
    """Scope pending revisions to those of the pairings ``user`` works on, given the permission."""
    if not has_model_permission(user, queryset.model, "view"):
        return queryset.none()
    condition = pairings_of_user(user, prefix="pairing__")
    return queryset if condition is None else queryset.filter(condition)
