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


# Background registrations for non-clinical posts: which register a holder was (or still is) on.
BACKGROUNDS: Final[dict[str, tuple[tuple[str, float], ...]]] = {
    "-": (),
    "corporate": (("NMC", 0.04), ("HCPC:PH", 0.01)),
    "ops": (("NMC", 0.26), ("HCPC:PH", 0.04), ("HCPC:OT", 0.03), ("HCPC:RA", 0.03)),
    "senior_ops": (
        ("NMC", 0.28),
        ("HCPC:PH", 0.04),
        ("HCPC:OT", 0.03),
        ("HCPC:RA", 0.02),
        ("GMC", 0.01),
    ),
    "chair": (("GMC", 0.08), ("NMC", 0.03)),
    "non_executive": (("GMC", 0.12), ("NMC", 0.05), ("HCPC:PH", 0.01), ("GPhC", 0.01)),
    "chief_executive": (("NMC", 0.22), ("GMC", 0.095), ("HCPC:PH", 0.008), ("HCPC:RA", 0.007)),
    "operations": (("NMC", 0.20), ("HCPC:PH", 0.03), ("HCPC:OT", 0.02), ("GMC", 0.01)),
    "people": (("NMC", 0.05),),
    "strategy": (("GMC", 0.03), ("NMC", 0.05)),
    "paramedic": (("HCPC:PA", 0.80),),
}


def _profiles(text: str) -> tuple[RoleProfile, ...]:
    out = []
    for line in text.strip().splitlines():
        key, fte, mean, sd, lo, hi, female, minority, leave, tenure, disabled, background = (
            cell.strip() for cell in line.split("|")
        )
        out.append(
            RoleProfile(
                key=key,
                fte=fte,
                age=(float(mean), float(sd), float(lo), float(hi)),
                female=float(female),
                minority=float(minority),
                leave=float(leave),
                tenure=float(tenure),
                background=BACKGROUNDS[background],
                disabled=float(disabled),
            )
        )
    return tuple(out)


# key | hours | age mean | sd | youngest | oldest | female | minority ethnic | leavers a year |
# mean years in post | disabled | background registration
PROFILES: Final[tuple[RoleProfile, ...]] = _profiles("""
chair | chair | 62 | 5 | 48 | 70 | 0.4 | 0.14 | 0.14 | 3.5 | 0.04 | chair
non_executive | non_executive | 60 | 6.5 | 38 | 70 | 0.45 | 0.19 | 0.15 | 3 | 0.04 | non_executive
chief_executive | full_time | 54.5 | 5.5 | 40 | 66 | 0.46 | 0.10 | 0.2 | 3 | 0.03 | chief_executive
medical_director | full_time | 53 | 5 | 40 | 66 | 0.3 | 0.2 | 0.16 | 3.5 | 0.05 | -
nursing_director | full_time | 52 | 5 | 38 | 65 | 0.85 | 0.13 | 0.16 | 3.5 | 0.05 | -
finance_director | full_time | 50 | 6 | 36 | 65 | 0.4 | 0.15 | 0.16 | 3.5 | 0.05 | -
operations_director | full_time | 50 | 6 | 36 | 65 | 0.55 | 0.13 | 0.18 | 3 | 0.04 | operations
people_director | full_time | 51 | 6 | 36 | 65 | 0.7 | 0.16 | 0.16 | 3.5 | 0.04 | people
strategy_director | full_time | 49 | 6 | 35 | 65 | 0.5 | 0.15 | 0.16 | 3.5 | 0.04 | strategy
director | manager | 51 | 6 | 36 | 66 | 0.5 | 0.14 | 0.13 | 4 | 0.05 | corporate
senior_manager | manager | 50 | 7 | 33 | 67 | 0.58 | 0.11 | 0.11 | 4 | 0.05 | corporate
senior_manager_ops | manager | 49 | 7 | 33 | 67 | 0.62 | 0.12 | 0.12 | 3.5 | 0.05 | senior_ops
manager | manager | 46 | 9 | 26 | 67 | 0.66 | 0.14 | 0.1 | 4.5 | 0.05 | corporate
manager_ops | manager | 45 | 8.5 | 26 | 67 | 0.7 | 0.16 | 0.11 | 3.5 | 0.05 | ops
team_leader | admin | 44 | 10 | 23 | 67 | 0.75 | 0.18 | 0.1 | 5 | 0.05 | -
consultant | consultant | 48 | 7.5 | 33 | 69 | 0.4 | 0.45 | 0.055 | 9 | 0.05 | -
specialty_doctor | consultant | 45 | 9 | 28 | 69 | 0.45 | 0.7 | 0.08 | 6 | 0.05 | -
resident_foundation | resident | 26 | 1.6 | 23 | 36 | 0.56 | 0.44 | 0.35 | 0.5 | 0.05 | -
resident_registrar | resident | 32 | 3.5 | 26 | 50 | 0.52 | 0.46 | 0.20 | 1.5 | 0.05 | -
gp_lead | gp_lead | 49 | 7 | 34 | 67 | 0.5 | 0.35 | 0.15 | 3 | 0.05 | -
nurse_director_office | manager | 51 | 6 | 36 | 66 | 0.85 | 0.12 | 0.1 | 4 | 0.05 | -
head_of_nursing | manager | 50 | 6.5 | 34 | 66 | 0.85 | 0.13 | 0.1 | 4 | 0.05 | -
matron | full_time | 48 | 7 | 30 | 66 | 0.85 | 0.16 | 0.09 | 4.5 | 0.05 | -
ward_manager | full_time | 45 | 8 | 27 | 66 | 0.85 | 0.22 | 0.09 | 5 | 0.05 | -
nurse_specialist | nursing | 45 | 9 | 26 | 67 | 0.88 | 0.24 | 0.09 | 5.5 | 0.05 | -
nurse_senior | nursing | 40 | 10 | 24 | 67 | 0.88 | 0.31 | 0.1 | 5.5 | 0.05 | -
nurse | nursing | 34 | 10 | 21 | 67 | 0.89 | 0.38 | 0.11 | 4.5 | 0.05 | -
midwife | nursing | 40 | 11 | 21 | 67 | 0.995 | 0.16 | 0.1 | 6 | 0.05 | -
midwife_lead | full_time | 46 | 8 | 27 | 66 | 0.99 | 0.13 | 0.09 | 5 | 0.05 | -
health_visitor | nursing | 45 | 10 | 25 | 67 | 0.98 | 0.2 | 0.09 | 7 | 0.05 | -
healthcare_assistant | support | 40 | 13 | 18 | 68 | 0.82 | 0.28 | 0.12 | 5 | 0.05 | -
nursing_associate | nursing | 38 | 10 | 20 | 66 | 0.88 | 0.3 | 0.1 | 3 | 0.05 | -
support_worker | support | 38 | 12 | 18 | 68 | 0.72 | 0.33 | 0.13 | 4 | 0.05 | -
clinical_admin | admin | 43 | 13 | 18 | 69 | 0.88 | 0.2 | 0.10 | 7 | 0.05 | -
ahp | nursing | 36 | 9.5 | 21 | 66 | 0.82 | 0.22 | 0.11 | 5 | 0.05 | -
ahp_senior | nursing | 42 | 9 | 25 | 66 | 0.8 | 0.19 | 0.09 | 6 | 0.05 | -
ahp_head | full_time | 49 | 7 | 32 | 66 | 0.75 | 0.13 | 0.09 | 6 | 0.05 | -
radiographer | nursing | 37 | 10 | 21 | 66 | 0.74 | 0.3 | 0.11 | 5.5 | 0.05 | -
pharmacist | admin | 38 | 9 | 23 | 67 | 0.62 | 0.5 | 0.11 | 5 | 0.05 | -
pharmacy_technician | admin | 38 | 11 | 20 | 67 | 0.8 | 0.32 | 0.1 | 6 | 0.05 | -
scientist | full_time | 40 | 11 | 22 | 67 | 0.68 | 0.4 | 0.09 | 7.5 | 0.05 | -
psychologist | nursing | 41 | 9 | 26 | 67 | 0.8 | 0.16 | 0.1 | 5 | 0.05 | -
therapist_other | nursing | 42 | 10 | 24 | 67 | 0.78 | 0.22 | 0.11 | 5 | 0.05 | -
stt_support | support | 39 | 13 | 18 | 68 | 0.74 | 0.3 | 0.12 | 5 | 0.05 | -
paramedic | full_time | 36 | 9 | 21 | 63 | 0.45 | 0.05 | 0.1 | 6 | 0.05 | -
paramedic_lead | full_time | 44 | 8 | 27 | 63 | 0.38 | 0.05 | 0.08 | 6 | 0.05 | paramedic
ambulance_crew | full_time | 35 | 11 | 18 | 64 | 0.55 | 0.06 | 0.12 | 5 | 0.05 | -
call_handler | support | 36 | 13 | 18 | 66 | 0.7 | 0.12 | 0.24 | 3 | 0.05 | -
admin | admin | 43 | 13 | 18 | 69 | 0.78 | 0.19 | 0.10 | 6 | 0.05 | -
admin_senior | admin | 42 | 10 | 22 | 68 | 0.66 | 0.2 | 0.10 | 5 | 0.05 | -
porter | hotel | 44 | 14 | 18 | 69 | 0.25 | 0.3 | 0.12 | 6 | 0.05 | -
domestic | hotel | 47 | 13 | 18 | 69 | 0.76 | 0.35 | 0.12 | 6 | 0.05 | -
catering | hotel | 44 | 14 | 18 | 69 | 0.68 | 0.3 | 0.12 | 6 | 0.05 | -
security | hotel | 42 | 12 | 20 | 68 | 0.12 | 0.35 | 0.13 | 4 | 0.05 | -
estates_trade | full_time | 47 | 11 | 19 | 68 | 0.05 | 0.12 | 0.08 | 9 | 0.05 | -
hotel_supervisor | full_time | 47 | 10 | 22 | 68 | 0.55 | 0.25 | 0.1 | 7 | 0.05 | -
""")

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
