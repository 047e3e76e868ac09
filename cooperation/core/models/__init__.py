from cooperation.core.models.agreements import Agreement, AgreementKind, AgreementParty, PartySide
from cooperation.core.models.base import (
    OTHER_PAIRING_CHOICE,
    PAIRING_NAMES,
    REVIEW_FIELDS,
    AuditedModel,
    PairingRecord,
    RecordStatus,
    cooperation_dates,
    fields_linking_other_pairings,
    list_indexes,
    validate_cooperation_date,
)
from cooperation.core.models.geography import (
    Official,
    Organization,
    OrganizationKind,
    Pairing,
    Region,
    RegionLevel,
)
from cooperation.core.models.indicators import Indicator, Outcome, Target
from cooperation.core.models.jobs import Job, JobKind, JobStatus
from cooperation.core.models.programs import DatePrecision, Program, ProgramCategory
from cooperation.core.models.publication import PublishedDataVersion
from cooperation.core.models.quantities import Measurement, Qualifier, Unit
from cooperation.core.models.revisions import Revision, RevisionKind, RevisionStatus

__all__ = [
    "OTHER_PAIRING_CHOICE",
    "PAIRING_NAMES",
    "REVIEW_FIELDS",
    "Agreement",
    "AgreementKind",
    "AgreementParty",
    "AuditedModel",
    "DatePrecision",
    "Indicator",
    "Job",
    "JobKind",
    "JobStatus",
    "Measurement",
    "Official",
    "Organization",
    "OrganizationKind",
    "Outcome",
    "Pairing",
    "PairingRecord",
    "PartySide",
    "Program",
    "ProgramCategory",
    "PublishedDataVersion",
    "Qualifier",
    "RecordStatus",
    "Region",
    "RegionLevel",
    "Revision",
    "RevisionKind",
    "RevisionStatus",
    "Target",
    "Unit",
    "cooperation_dates",
    "fields_linking_other_pairings",
    "list_indexes",
    "validate_cooperation_date",
]
