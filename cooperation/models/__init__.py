from cooperation.models.agreements import Agreement, AgreementKind, AgreementParty, PartySide
from cooperation.models.base import (
    OTHER_PAIRING_CHOICE,
    REVIEW_FIELDS,
    AuditedModel,
    PairingRecord,
    RecordStatus,
    fields_linking_other_pairings,
)
from cooperation.models.geography import (
    Official,
    Organization,
    OrganizationKind,
    Pairing,
    Region,
    RegionLevel,
)
from cooperation.models.indicators import (
    Indicator,
    Measurement,
    Outcome,
    Qualifier,
    Target,
    Unit,
)

__all__ = [
    "OTHER_PAIRING_CHOICE",
    "REVIEW_FIELDS",
    "Agreement",
    "AgreementKind",
    "AgreementParty",
    "AuditedModel",
    "Indicator",
    "Measurement",
    "Official",
    "Organization",
    "OrganizationKind",
    "Outcome",
    "Pairing",
    "PairingRecord",
    "PartySide",
    "Qualifier",
    "RecordStatus",
    "Region",
    "RegionLevel",
    "Target",
    "Unit",
    "fields_linking_other_pairings",
]
