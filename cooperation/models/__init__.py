from cooperation.models.agreements import Agreement, AgreementKind, AgreementParty, PartySide
from cooperation.models.base import AuditedModel, PairingRecord, RecordStatus
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
]
