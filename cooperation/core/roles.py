"""The two groups every installation needs: district officials and reviewers.

They are kept in step with the models after every ``migrate``, so a new record type is
editable by officials without anyone ticking permissions by hand.
"""

from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from cooperation.core.models import PairingRecord
from cooperation.core.querysets import ENTERED_REFERENCE_REGIONS

OFFICIALS_GROUP = "区县工作人员"
REVIEWERS_GROUP = "审核人"

# Rows entered together with a pairing record (inline in the admin) and the shared
# reference data officials add to as they go; named by label so that cooperation needs
# no import of the apps that own them. Officials change and delete only the reference
# rows ``restrict_entered`` leaves them: those of their region, and those they entered.
COMPANION_MODELS = ("cooperation.agreementparty", "programs.eventspeaker")
ENTERED_REFERENCE_MODELS = tuple(ENTERED_REFERENCE_REGIONS)
VIEWED_REFERENCE_MODELS = ("cooperation.region", "cooperation.pairing", "cooperation.indicator")


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
    record_labels = [
        model._meta.label_lower
        for model in apps.get_models()
        if issubclass(model, PairingRecord) and not model._meta.abstract
    ]
    return (
        _permissions([*record_labels, *COMPANION_MODELS], ("add", "change", "delete", "view"))
        | _permissions(ENTERED_REFERENCE_MODELS, ("add", "change", "delete", "view"))
        | _permissions(VIEWED_REFERENCE_MODELS, ("view",))
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
