"""The foreign-engineer fast track (DOMAIN.md section 5): programmes per prefecture, company
certification, Certificate of Eligibility cases, deadline clocks, dashboards, field encryption
and the access policy.

Pure domain code: typed values in, typed values out; transitions return new values. The only
input/output is explicit: the shipped configuration (``kizuna/config/residency_programmes.json``),
`load_data_key` (a key file) and `render_median_chart` (a PNG). See ``docs/residency.md``.
"""

from kizuna.residency.access import Actor, Role, can_read
from kizuna.residency.certification import (
    Certificate,
    Certification,
    CertificationState,
    Rejection,
    add_months,
)
from kizuna.residency.coe import (
    Applicant,
    ApplicantStats,
    CaseState,
    CoeCase,
    Document,
    DocumentRequest,
    Employer,
    ImmigrationDecision,
    Job,
    WorkHistoryEntry,
)
from kizuna.residency.company import (
    CheckResult,
    CompanyFacts,
    CompanyVerdict,
    CriterionCheck,
    FinancialYear,
    ImmigrationCategory,
    OfficerDecision,
    apply_officer_decisions,
    check_company,
    immigration_category,
    prescreen_stable_management,
)
from kizuna.residency.contract import CheckCompanyRequest, verdict_json
from kizuna.residency.corporate_number import check_digit, has_valid_check_digit
from kizuna.residency.dashboard import (
    MedianRow,
    OpenCaseRow,
    generate_cases,
    median_processing,
    open_cases,
)
from kizuna.residency.deadline import ClockStatus, DeadlineClock, Pause
from kizuna.residency.privacy import AuditAction, AuditEvent, erase_applicant, export_applicant
from kizuna.residency.programme import (
    Criterion,
    CriterionRule,
    Programme,
    Programmes,
    StableManagementRule,
    default_programmes,
    parse_programmes,
)

__all__ = [
    "Actor",
    "Applicant",
    "ApplicantStats",
    "AuditAction",
    "AuditEvent",
    "CaseState",
    "Certificate",
    "Certification",
    "CertificationState",
    "CheckCompanyRequest",
    "CheckResult",
    "ClockStatus",
    "CoeCase",
    "CompanyFacts",
    "CompanyVerdict",
    "Criterion",
    "CriterionCheck",
    "CriterionRule",
    "DeadlineClock",
    "Document",
    "DocumentRequest",
    "Employer",
    "FinancialYear",
    "ImmigrationCategory",
    "ImmigrationDecision",
    "Job",
    "MedianRow",
    "OfficerDecision",
    "OpenCaseRow",
    "Pause",
    "Programme",
    "Programmes",
    "Rejection",
    "Role",
    "StableManagementRule",
    "WorkHistoryEntry",
    "add_months",
    "apply_officer_decisions",
    "can_read",
    "check_company",
    "check_digit",
    "default_programmes",
    "erase_applicant",
    "export_applicant",
    "generate_cases",
    "has_valid_check_digit",
    "immigration_category",
    "median_processing",
    "open_cases",
    "parse_programmes",
    "prescreen_stable_management",
    "verdict_json",
]
