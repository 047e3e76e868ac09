"""The two groups every installation needs: district officials and reviewers.

They are kept in step with the models after every ``migrate``, so a new record type is
editable by officials without anyone ticking permissions by hand.
"""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from cooperation.core.access import is_entered_reference
from cooperation.core.models import Official, PairingRecord

OFFICIALS_GROUP = "区县工作人员"
REVIEWERS_GROUP = "审核人"

# Reference data every pairing shares, which officials only read.
VIEWED_REFERENCE_MODELS = (
    "cooperation.region",
    "cooperation.pairing",
    "cooperation.indicator",
    "cooperation.revision",
)


def _permissions(model_labels, actions) -> Q:
    condition = Q(pk__in=[])
    for label in model_labels:
        app_label, model_name = label.split(".")
        condition |= Q(
            content_type__app_label=app_label,
            codename__in=[f"{action}_{model_name}" for action in actions],
        )
    return condition


def official_permissions() -> Q:
    """Match what a district official needs to keep their pairings' records."""
    # Besides their pairings' records, officials keep the rows entered with a record (an
    # agreement's parties, an event's speakers: ``part_of`` names the record) and the
    # reference data they add to as they go; ``restrict_entered`` limits which of the latter
    # they change or delete to those of their region and those they entered.
    kept_labels = [
        model._meta.label_lower
        for model in apps.get_models()
        if issubclass(model, PairingRecord)
        or getattr(model, "part_of", None)
        or is_entered_reference(model)
    ]
    return _permissions(kept_labels, ("add", "change", "delete", "view")) | _permissions(
        VIEWED_REFERENCE_MODELS, ("view",)
    )


def ensure_roles(using: str = "default", **kwargs) -> None:
    """Create or update the officials' and reviewers' groups with their permissions."""
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    permissions = Permission.objects.using(using)
    officials, _ = Group.objects.using(using).get_or_create(name=OFFICIALS_GROUP)
    officials.permissions.set(permissions.filter(official_permissions()))
    reviewers, _ = Group.objects.using(using).get_or_create(name=REVIEWERS_GROUP)
    reviewers.permissions.set(
        permissions.filter(
            official_permissions()
            | Q(content_type__app_label="cooperation", codename="review_records")
        )
    )


def grant_admin_access(user) -> None:
    """Let a user tied to a region and in one of the two groups sign in to the admin.

    Django lets only staff accounts in; the official record and the group are what make a
    user an official or a reviewer, so they make the account staff too.
    """
    if user.is_staff or not user.is_active:
        return
    if not Official.objects.filter(user=user).exists():
        return
    if not user.groups.filter(name__in=(OFFICIALS_GROUP, REVIEWERS_GROUP)).exists():
        return
    type(user)._default_manager.filter(pk=user.pk).update(is_staff=True)
    user.is_staff = True


def official_saved(sender, instance, **kwargs) -> None:
    """Grant admin access once a user in a group is tied to a region."""
    grant_admin_access(instance.user)


def groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Grant admin access once an official joins a group, from either side of the relation."""
    if action != "post_add":
        return
    if not reverse:
        grant_admin_access(instance)
        return
    for user in get_user_model()._default_manager.filter(pk__in=pk_set):
        grant_admin_access(user)
