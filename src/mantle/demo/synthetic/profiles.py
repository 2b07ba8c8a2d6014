"""Who holds each kind of post: age, sex, ethnicity, hours, turnover and registration profiles.

A *profile* describes the people who typically hold a kind of post (a band 5 staff nurse, a
consultant, a chief executive). Posts name their profile; the people generator draws every
attribute of a holder from it, vectorised by profile index. The figures are documented, with their
sources, in ``docs/synthetic-data.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from mantle.demo.synthetic.codes import is_medical

# Contracted hours as a fraction of the 37.5-hour full-time week (consultants: of 10 PAs).
# Each distribution is (values, probabilities).
FTE_DISTRIBUTIONS: Final[dict[str, tuple[tuple[float, ...], tuple[float, ...]]]] = {
    "full_time": ((1.0, 0.9, 0.8), (0.90, 0.04, 0.06)),
    "manager": ((1.0, 0.9, 0.8, 0.6), (0.82, 0.05, 0.10, 0.03)),
    "consultant": ((1.0, 0.9, 0.8, 0.7, 0.6, 0.5), (0.74, 0.08, 0.10, 0.03, 0.04, 0.01)),
    "resident": ((1.0, 0.8, 0.6), (0.86, 0.10, 0.04)),
    "nursing": (
        (1.0, 0.92, 0.8, 0.7, 0.64, 0.6, 0.5, 0.4),
        (0.56, 0.05, 0.12, 0.04, 0.05, 0.08, 0.05, 0.05),
    ),
    "support": (
        (1.0, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2),
        (0.46, 0.12, 0.05, 0.12, 0.10, 0.08, 0.04, 0.03),
    ),
    "admin": ((1.0, 0.8, 0.7, 0.6, 0.5, 0.4), (0.56, 0.13, 0.05, 0.12, 0.08, 0.06)),
    "hotel": (
        (1.0, 0.8, 0.6, 0.5, 0.4, 0.3, 0.2),
        (0.50, 0.10, 0.10, 0.10, 0.08, 0.07, 0.05),
    ),
    "gp_lead": ((0.1, 0.2, 0.3, 0.4), (0.30, 0.40, 0.20, 0.10)),
    "chair": ((0.5, 0.6, 0.8), (0.30, 0.50, 0.20)),
    "non_executive": ((0.1, 0.2, 0.3), (0.35, 0.45, 0.20)),
}

# Registration kinds: the regulator and, for the HCPC, the profession prefix.
REG_NONE: Final = ""


@dataclass(frozen=True)
class RoleProfile:
    """The population that holds one kind of post."""

    key: str
    fte: str
    age: tuple[float, float, float, float]  # mean, sd, youngest, oldest (years)
    female: float
    minority: float  # share from a minority ethnic group, of those whose ethnicity is stated
    leave: float  # leavers per year, as a share of holders
    tenure: float  # mean years in the current assignment
    background: tuple[tuple[str, float], ...] = ()  # optional registration for non-clinical posts
    disabled: float = 0.05


# Background mixes for non-clinical posts: which regulator a holder was (or still is) on.
_OPS_BACKGROUND = (("NMC", 0.26), ("HCPC:PH", 0.04), ("HCPC:OT", 0.03), ("HCPC:RA", 0.03))
_CORP_BACKGROUND = (("NMC", 0.04), ("HCPC:PH", 0.01))

PROFILES: Final[tuple[RoleProfile, ...]] = (
    # Board and executive
    RoleProfile(
        "chair",
        "chair",
        (62, 5, 48, 70),
        0.40,
        0.14,
        0.14,
        3.5,
        (("GMC", 0.08), ("NMC", 0.03)),
        0.04,
    ),
    RoleProfile(
        "non_executive",
        "non_executive",
        (60, 6.5, 38, 70),
        0.45,
        0.19,
        0.15,
        3.0,
        (("GMC", 0.12), ("NMC", 0.05), ("HCPC:PH", 0.01), ("GPhC", 0.01)),
        0.04,
    ),
    RoleProfile(
        "chief_executive",
        "full_time",
        (54.5, 5.5, 40, 66),
        0.46,
        0.08,
        0.20,
        3.0,
        (("NMC", 0.22), ("GMC", 0.095), ("HCPC:PH", 0.008), ("HCPC:RA", 0.007)),
        0.03,
    ),
    RoleProfile("medical_director", "full_time", (53, 5, 40, 66), 0.30, 0.20, 0.16, 3.5),
    RoleProfile("nursing_director", "full_time", (52, 5, 38, 65), 0.85, 0.10, 0.16, 3.5),
    RoleProfile("finance_director", "full_time", (50, 6, 36, 65), 0.40, 0.11, 0.16, 3.5),
    RoleProfile(
        "operations_director",
        "full_time",
        (50, 6, 36, 65),
        0.55,
        0.10,
        0.18,
        3.0,
        (("NMC", 0.20), ("HCPC:PH", 0.03), ("HCPC:OT", 0.02), ("GMC", 0.01)),
        0.04,
    ),
    RoleProfile(
        "people_director",
        "full_time",
        (51, 6, 36, 65),
        0.70,
        0.12,
        0.16,
        3.5,
        (("NMC", 0.05),),
        0.04,
    ),
    RoleProfile(
        "strategy_director",
        "full_time",
        (49, 6, 35, 65),
        0.50,
        0.12,
        0.16,
        3.5,
        (("GMC", 0.03), ("NMC", 0.05)),
        0.04,
    ),
    RoleProfile("director", "manager", (51, 6, 36, 66), 0.50, 0.11, 0.13, 4.0, _CORP_BACKGROUND),
    # Senior and middle managers
    RoleProfile(
        "senior_manager", "manager", (50, 7, 33, 67), 0.58, 0.11, 0.11, 4.0, _CORP_BACKGROUND
    ),
    RoleProfile(
        "senior_manager_ops",
        "manager",
        (49, 7, 33, 67),
        0.62,
        0.12,
        0.12,
        3.5,
        (("NMC", 0.28), ("HCPC:PH", 0.04), ("HCPC:OT", 0.03), ("HCPC:RA", 0.02), ("GMC", 0.01)),
    ),
    RoleProfile("manager", "manager", (46, 9, 26, 67), 0.66, 0.14, 0.10, 4.5, _CORP_BACKGROUND),
    RoleProfile(
        "manager_ops", "manager", (45, 8.5, 26, 67), 0.70, 0.16, 0.11, 3.5, _OPS_BACKGROUND
    ),
    RoleProfile("team_leader", "admin", (44, 10, 23, 67), 0.75, 0.18, 0.10, 5.0),
    # Doctors
    RoleProfile("consultant", "consultant", (48, 7.5, 33, 69), 0.40, 0.45, 0.055, 9.0),
    RoleProfile("specialty_doctor", "consultant", (45, 9, 28, 69), 0.45, 0.70, 0.08, 6.0),
    RoleProfile("resident_foundation", "resident", (26, 1.6, 23, 36), 0.56, 0.44, 0.45, 0.5),
    RoleProfile("resident_registrar", "resident", (32, 3.5, 26, 50), 0.52, 0.46, 0.25, 1.5),
    RoleProfile("gp_lead", "gp_lead", (49, 7, 34, 67), 0.50, 0.35, 0.15, 3.0),
    # Nursing and midwifery
    RoleProfile("nurse_director_office", "manager", (51, 6, 36, 66), 0.85, 0.12, 0.10, 4.0),
    RoleProfile("head_of_nursing", "manager", (50, 6.5, 34, 66), 0.85, 0.13, 0.10, 4.0),
    RoleProfile("matron", "full_time", (48, 7, 30, 66), 0.85, 0.16, 0.09, 4.5),
    RoleProfile("ward_manager", "full_time", (45, 8, 27, 66), 0.85, 0.22, 0.09, 5.0),
    RoleProfile("nurse_specialist", "nursing", (45, 9, 26, 67), 0.88, 0.24, 0.09, 5.5),
    RoleProfile("nurse_senior", "nursing", (40, 10, 24, 67), 0.88, 0.31, 0.10, 5.5),
    RoleProfile("nurse", "nursing", (34, 10, 21, 67), 0.89, 0.42, 0.11, 4.5),
    RoleProfile("midwife", "nursing", (40, 11, 21, 67), 0.995, 0.16, 0.10, 6.0),
    RoleProfile("midwife_lead", "full_time", (46, 8, 27, 66), 0.99, 0.13, 0.09, 5.0),
    RoleProfile("health_visitor", "nursing", (45, 10, 25, 67), 0.98, 0.20, 0.09, 7.0),
    # Clinical support
    RoleProfile("healthcare_assistant", "support", (40, 13, 18, 68), 0.82, 0.30, 0.14, 5.0),
    RoleProfile("nursing_associate", "nursing", (38, 10, 20, 66), 0.88, 0.30, 0.10, 3.0),
    RoleProfile("support_worker", "support", (38, 12, 18, 68), 0.72, 0.33, 0.15, 4.0),
    RoleProfile("clinical_admin", "admin", (43, 13, 18, 69), 0.88, 0.20, 0.11, 7.0),
    # Scientific, therapeutic and technical
    RoleProfile("ahp", "nursing", (36, 9.5, 21, 66), 0.82, 0.22, 0.11, 5.0),
    RoleProfile("ahp_senior", "nursing", (42, 9, 25, 66), 0.80, 0.19, 0.09, 6.0),
    RoleProfile("ahp_head", "full_time", (49, 7, 32, 66), 0.75, 0.13, 0.09, 6.0),
    RoleProfile("radiographer", "nursing", (37, 10, 21, 66), 0.74, 0.30, 0.11, 5.5),
    RoleProfile("pharmacist", "admin", (38, 9, 23, 67), 0.62, 0.50, 0.11, 5.0),
    RoleProfile("pharmacy_technician", "admin", (38, 11, 20, 67), 0.80, 0.32, 0.10, 6.0),
    RoleProfile("scientist", "full_time", (40, 11, 22, 67), 0.68, 0.40, 0.09, 7.5),
    RoleProfile("psychologist", "nursing", (41, 9, 26, 67), 0.80, 0.16, 0.10, 5.0),
    RoleProfile("therapist_other", "nursing", (42, 10, 24, 67), 0.78, 0.22, 0.11, 5.0),
    RoleProfile("stt_support", "support", (39, 13, 18, 68), 0.74, 0.30, 0.14, 5.0),
    # Ambulance
    RoleProfile("paramedic", "full_time", (36, 9, 21, 63), 0.45, 0.05, 0.10, 6.0),
    RoleProfile(
        "paramedic_lead", "full_time", (44, 8, 27, 63), 0.38, 0.05, 0.08, 6.0, (("HCPC:PA", 0.80),)
    ),
    RoleProfile("ambulance_crew", "full_time", (35, 11, 18, 64), 0.55, 0.06, 0.12, 5.0),
    RoleProfile("call_handler", "support", (36, 13, 18, 66), 0.70, 0.12, 0.24, 3.0),
    # Central functions and hotel, property and estates
    RoleProfile("admin", "admin", (43, 13, 18, 69), 0.78, 0.21, 0.11, 6.0),
    RoleProfile("admin_senior", "admin", (42, 10, 22, 68), 0.66, 0.20, 0.11, 5.0),
    RoleProfile("porter", "hotel", (44, 14, 18, 69), 0.25, 0.30, 0.14, 6.0),
    RoleProfile("domestic", "hotel", (47, 13, 18, 69), 0.76, 0.35, 0.15, 6.0),
    RoleProfile("catering", "hotel", (44, 14, 18, 69), 0.68, 0.30, 0.15, 6.0),
    RoleProfile("security", "hotel", (42, 12, 20, 68), 0.12, 0.35, 0.15, 4.0),
    RoleProfile("estates_trade", "full_time", (47, 11, 19, 68), 0.05, 0.12, 0.08, 9.0),
    RoleProfile("hotel_supervisor", "full_time", (47, 10, 22, 68), 0.55, 0.25, 0.10, 7.0),
)

PROFILE_INDEX: Final[dict[str, int]] = {p.key: i for i, p in enumerate(PROFILES)}

# Occupation codes whose holders must be on a register, and which register.
_NMC_PREFIXES: Final = ("N0", "N1", "N2", "N3", "N4", "N6", "NA", "NB", "NC", "NE", "NG")
_OCCUPATION_REGISTRATION: Final[dict[str, str]] = {
    "S0A": "HCPC:CH",
    "S1A": "HCPC:CH",
    "S1B": "HCPC:DT",
    "S1C": "HCPC:OT",
    "S0E": "HCPC:PH",
    "S1E": "HCPC:PH",
    "S0F": "HCPC:RA",
    "S1F": "HCPC:RA",
    "S1J": "HCPC:SL",
    "S0L": "HCPC:PYL",
    "S1L": "HCPC:PYL",
    "S1T": "HCPC:ODP",
    "S0P": "GPhC",
    "S2P": "GPhC",
    "S4P": "GPhC",
    "U0A": "HCPC:BS",
    "UDA": "HCPC:BS",
    "UEA": "HCPC:BS",
    "U2H": "HCPC:CS",
    "A5A": "HCPC:PA",
    "ABA": "HCPC:PA",
    "ABB": "HCPC:PA",
    "ABD": "HCPC:PA",
    "ABE": "HCPC:PA",
}


def required_registration(*, occupation_code: str) -> str:
    """The register a holder of this occupation code must be on, or "" when none is required.

    Rule: doctors are on the GMC register; registered nurses, midwives, health visitors and
    nursing associates on the NMC's; allied health professionals, clinical and biomedical
    scientists and paramedics on the HCPC's (profession prefix after the colon); pharmacists and
    pharmacy technicians on the GPhC's. Professions without a statutory UK register (psychological
    therapists, social workers, physiologists) get none, so the importer has to infer them.
    """
    if is_medical(occupation_code=occupation_code):
        return "GMC"
    if occupation_code.startswith(_NMC_PREFIXES):
        return "NMC"
    return _OCCUPATION_REGISTRATION.get(occupation_code, REG_NONE)


@dataclass(frozen=True)
class ProfileArrays:
    """The profile table as arrays indexed by profile number, for vectorised draws."""

    age_mean: npt.NDArray[np.float64]
    age_sd: npt.NDArray[np.float64]
    age_lo: npt.NDArray[np.float64]
    age_hi: npt.NDArray[np.float64]
    female: npt.NDArray[np.float64]
    minority: npt.NDArray[np.float64]
    leave: npt.NDArray[np.float64]
    tenure: npt.NDArray[np.float64]
    disabled: npt.NDArray[np.float64]
    fte_kind: npt.NDArray[np.int64]


FTE_KINDS: Final[tuple[str, ...]] = tuple(FTE_DISTRIBUTIONS)


def profile_arrays() -> ProfileArrays:
    """Compile :data:`PROFILES` into arrays (one slot per profile)."""

    def column(values: list[float]) -> npt.NDArray[np.float64]:
        return np.asarray(values, dtype=np.float64)

    return ProfileArrays(
        age_mean=column([p.age[0] for p in PROFILES]),
        age_sd=column([p.age[1] for p in PROFILES]),
        age_lo=column([p.age[2] for p in PROFILES]),
        age_hi=column([p.age[3] for p in PROFILES]),
        female=column([p.female for p in PROFILES]),
        minority=column([p.minority for p in PROFILES]),
        leave=column([p.leave for p in PROFILES]),
        tenure=column([p.tenure for p in PROFILES]),
        disabled=column([p.disabled for p in PROFILES]),
        fte_kind=np.asarray([FTE_KINDS.index(p.fte) for p in PROFILES], dtype=np.int64),
    )
