"""NHS Occupation Code Manual: what a three-character occupation code says about a post.

The classification follows the *structure* of the code, as the manual lays it out, rather than a
table of every code, so a code added in a later edition of the manual still classifies and a reader
can check any answer by hand:

* **Medical and dental**: three digits, the first 0, 1, 2, 8 or 9 (the last two digits are the
  specialty; the grade is not in the code).
* **Everything else**: matrix letter, then level, then area of work.
  ``A`` ambulance, ``G`` infrastructure and administration, ``H`` healthcare assistants and support
  workers, ``N`` nursing and midwifery, ``P`` nurse learners, ``S`` scientific, therapeutic and
  technical (allied health professions and others), ``T`` the retired healthcare-science matrix,
  ``U`` healthcare science, ``Z`` non-funded staff and general payments.

Which levels are support roles, and which G and H areas count as infrastructure, are the manual's
mapping to the NHS Workforce Statistics staff groups; the test checks this module against every
currently valid code in v22.1 of the manual and needs no exceptions.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, Literal

from mantle.workforce.rules.registration import Profession

# Main staff groups, spelt exactly as in the v22.1 occupation code file.
PROFESSIONALLY_QUALIFIED: Final = "Professionally qualified clinical staff"
SUPPORT_TO_CLINICAL: Final = "Support to clinical staff"
INFRASTRUCTURE: Final = "NHS infrastructure support"
UNKNOWN_CLASSIFICATION: Final = "Unknown classification"
MAIN_STAFF_GROUPS: tuple[str, ...] = (
    PROFESSIONALLY_QUALIFIED,
    SUPPORT_TO_CLINICAL,
    INFRASTRUCTURE,
    UNKNOWN_CLASSIFICATION,
)

# NHS Workforce Statistics staff groups, spelt as in the published statistics and the v22.1 file.
DOCTORS: Final = "HCHS doctors"
NURSES: Final = "Nurses & health visitors"
MIDWIVES: Final = "Midwives"
AMBULANCE: Final = "Ambulance staff"
STT: Final = "Scientific, therapeutic & technical staff"
SUPPORT_DNM: Final = "Support to doctors, nurses & midwives"
SUPPORT_AMBULANCE: Final = "Support to ambulance staff"
SUPPORT_STT: Final = "Support to ST&T staff"
CENTRAL_FUNCTIONS: Final = "Central functions"
HOTEL_PROPERTY_ESTATES: Final = "Hotel, property & estates"
SENIOR_MANAGERS: Final = "Senior managers"
MANAGERS: Final = "Managers"
NON_FUNDED: Final = "Non-funded staff"
GENERAL_PAYMENTS: Final = "General payments"
STAFF_GROUPS: tuple[str, ...] = (
    DOCTORS,
    NURSES,
    MIDWIVES,
    AMBULANCE,
    STT,
    SUPPORT_DNM,
    SUPPORT_AMBULANCE,
    SUPPORT_STT,
    CENTRAL_FUNCTIONS,
    HOTEL_PROPERTY_ESTATES,
    SENIOR_MANAGERS,
    MANAGERS,
    NON_FUNDED,
    GENERAL_PAYMENTS,
)

PublishedManagerGroup = Literal["Senior managers", "Managers"]

MEDICAL_MATRIX: Final = "medical"
_MEDICAL_FIRST_DIGITS = frozenset("01289")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

# Level characters the manual defines for each matrix, and which of them are support roles.
_LEVELS: Mapping[str, frozenset[str]] = {
    "A": frozenset("0123456789ABEG"),
    "G": frozenset("0123"),
    "H": frozenset("12"),
    "N": frozenset("0123456789ABCEFGH"),
    "P": frozenset("123"),
    "S": frozenset("0123456789A"),
    "T": frozenset("012345678AB"),
    "U": frozenset("0123456789ABCDEF"),
    "Z": frozenset("12"),
}
# Ambulance: technicians (E), assistant practitioners (7), support workers (8), care assistants (9)
# and the retired personnel/trainee levels (2, 3, G) support paramedics rather than being them.
_AMBULANCE_SUPPORT_LEVELS = frozenset("23789EG")
# Nursing: nursery nurses (8), nursing assistants (9), nursing assistant practitioners (F),
# nursing associates (G) and student nursing associates (H) are support to nurses.
_NURSING_SUPPORT_LEVELS = frozenset("89FGH")
# S matrix: assistant practitioners (5), students (8) and assistants (9).
_STT_SUPPORT_LEVELS = frozenset("589")
# Old healthcare-science matrix: assistants (7), students (8) and assistant practitioners (B).
_T_SUPPORT_LEVELS = frozenset("78B")
# Healthcare science: associates (5), trainees (6, 7, 8, F) and assistants (9).
_U_SUPPORT_LEVELS = frozenset("56789F")
# H matrix areas: therapies and science (G-N) support ST&T staff; R is hotel, property & estates
# (infrastructure); S is the ambulance service; the rest support doctors, nurses and midwives.
_H_STT_AREAS = frozenset("GHJKLMN")
# G matrix areas for levels 2 (clerical) and 3 (estates): A and B are infrastructure, C-E are
# support to the clinical groups they serve.
_G_AREA_GROUPS: Mapping[str, tuple[str, str]] = {
    "A": (INFRASTRUCTURE, CENTRAL_FUNCTIONS),
    "B": (INFRASTRUCTURE, HOTEL_PROPERTY_ESTATES),
    "C": (SUPPORT_TO_CLINICAL, SUPPORT_STT),
    "D": (SUPPORT_TO_CLINICAL, SUPPORT_DNM),
    "E": (SUPPORT_TO_CLINICAL, SUPPORT_AMBULANCE),
}
# The profession of qualified staff in each S matrix area, as the Occupation Code Manual's own
# detailed staff group gives it ("Allied health professionals" or "Other scientific, therapeutic &
# technical staff"; ``profession_for_staff_group``), with pharmacy (GPhC) and dental (GDC, grouped
# with the GMC as "medical & dental" by divide-metrics) named from the care setting. Areas not
# listed are allied health professions. tests/test_occupation_manual.py checks every code of the
# manual agrees.
_S_AREA_PROFESSIONS: Mapping[str, Profession] = {
    "P": Profession.PHARMACY,  # Pharmacy
    "R": Profession.MEDICAL,  # Dental
    "K": Profession.OTHER_REGISTERED,  # Multi-therapies
    "L": Profession.OTHER_REGISTERED,  # Applied psychology
    "M": Profession.OTHER_REGISTERED,  # Psychological therapy
    "N": Profession.OTHER_REGISTERED,  # Medical physics (retired area)
    "Q": Profession.OTHER_REGISTERED,  # Pathology (retired area)
    "S": Profession.OTHER_REGISTERED,  # Physiological measurement (retired area)
    "U": Profession.OTHER_REGISTERED,  # Social services
    "W": Profession.OTHER_REGISTERED,  # Optometry
    "X": Profession.OTHER_REGISTERED,  # Other ST&T staff
}
# Codes whose area is mixed in the manual: consultant therapists/scientists in operating theatres
# are "Other ST&T", the area's other codes allied health professionals.
_CODE_PROFESSIONS: Mapping[str, Profession] = {"SAT": Profession.OTHER_REGISTERED}


def profession_for_staff_group(
    detailed_staff_group: str, care_setting: str = ""
) -> Profession | None:
    """The profession of a professionally qualified clinical code from the Occupation Code Manual's
    own columns; None for a staff group that is not a clinical profession.

    Rule: HCHS doctors → medical; nurses, health visitors and midwives → nursing & midwifery; allied
    health professionals and ambulance staff (paramedics are HCPC-registered allied health
    professionals) → allied health; healthcare scientists → healthcare science; other scientific,
    therapeutic & technical staff → other registered, except the care settings Pharmacy (pharmacy)
    and Dental (medical & dental).
    """
    group = detailed_staff_group.strip().lower()
    if group.startswith("hchs doctors"):
        return Profession.MEDICAL
    if group.startswith(("nurses", "health visitors", "midwives")):
        return Profession.NURSING_MIDWIFERY
    if group.startswith(("allied health", "ambulance")):
        return Profession.ALLIED_HEALTH
    if group.startswith("healthcare scien"):
        return Profession.HEALTHCARE_SCIENCE
    if group.startswith("other scientific"):
        setting = care_setting.strip().lower()
        if setting == "pharmacy":
            return Profession.PHARMACY
        if setting == "dental":
            return Profession.MEDICAL
        return Profession.OTHER_REGISTERED
    return None


# Level 0 of these matrices is a manager who stays in the clinical staff group.
_CLINICAL_MANAGER_MATRICES = frozenset("NSUAT")


@dataclass(frozen=True, slots=True)
class OccupationClass:
    """What an occupation code says about a post, read from the code's structure."""

    code: str
    matrix: str  # "medical" or the matrix letter
    level: str  # second character for matrix codes; "" for medical codes (grade is not coded)
    area: str  # third character, or the two-digit specialty for medical codes
    main_staff_group: str
    staff_group: str
    professionally_qualified_clinical: bool
    profession: Profession | None
    published_manager_group: PublishedManagerGroup | None
    clinical_manager_code: bool
    matron: bool


def _medical(code: str) -> OccupationClass:
    return OccupationClass(
        code=code,
        matrix=MEDICAL_MATRIX,
        level="",
        area=code[1:],
        main_staff_group=PROFESSIONALLY_QUALIFIED,
        staff_group=DOCTORS,
        professionally_qualified_clinical=True,
        profession=Profession.MEDICAL,
        published_manager_group=None,
        clinical_manager_code=False,
        matron=False,
    )


def _groups(matrix: str, level: str, area: str) -> tuple[str, str]:
    """Main staff group and NHS Workforce Statistics staff group for a matrix code."""
    if matrix == "A":
        if level in _AMBULANCE_SUPPORT_LEVELS:
            return SUPPORT_TO_CLINICAL, SUPPORT_AMBULANCE
        return PROFESSIONALLY_QUALIFIED, AMBULANCE
    if matrix == "G":
        if level == "0":
            return INFRASTRUCTURE, SENIOR_MANAGERS
        if level == "1":
            return INFRASTRUCTURE, MANAGERS
        return _G_AREA_GROUPS[area]
    if matrix == "H":
        if area == "R":
            return INFRASTRUCTURE, HOTEL_PROPERTY_ESTATES
        if area == "S":
            return SUPPORT_TO_CLINICAL, SUPPORT_AMBULANCE
        if area in _H_STT_AREAS:
            return SUPPORT_TO_CLINICAL, SUPPORT_STT
        return SUPPORT_TO_CLINICAL, SUPPORT_DNM
    if matrix == "N":
        if level in _NURSING_SUPPORT_LEVELS:
            return SUPPORT_TO_CLINICAL, SUPPORT_DNM
        if level == "2":
            return PROFESSIONALLY_QUALIFIED, MIDWIVES
        return PROFESSIONALLY_QUALIFIED, NURSES
    if matrix == "P":
        # Pre-registration learners (1) are support staff; post-registration learners (2, 3) are
        # already registered nurses and stay in the nursing group.
        if level == "1":
            return SUPPORT_TO_CLINICAL, SUPPORT_DNM
        return PROFESSIONALLY_QUALIFIED, NURSES
    if matrix == "S":
        if level in _STT_SUPPORT_LEVELS:
            return SUPPORT_TO_CLINICAL, SUPPORT_STT
        return PROFESSIONALLY_QUALIFIED, STT
    if matrix == "T":
        if level in _T_SUPPORT_LEVELS:
            return SUPPORT_TO_CLINICAL, SUPPORT_STT
        return PROFESSIONALLY_QUALIFIED, STT
    if matrix == "U":
        if level in _U_SUPPORT_LEVELS:
            return SUPPORT_TO_CLINICAL, SUPPORT_STT
        return PROFESSIONALLY_QUALIFIED, STT
    # Z: non-funded staff (level 1) and general payments (level 2) have no staff group.
    return UNKNOWN_CLASSIFICATION, NON_FUNDED if level == "1" else GENERAL_PAYMENTS


def _profession(matrix: str, level: str, area: str) -> Profession:
    """Profession of a professionally qualified clinician in a matrix code."""
    if matrix + level + area in _CODE_PROFESSIONS:
        return _CODE_PROFESSIONS[matrix + level + area]
    if matrix in ("N", "P"):
        return Profession.NURSING_MIDWIFERY
    if matrix in ("U", "T"):
        return Profession.HEALTHCARE_SCIENCE
    if matrix == "S":
        return _S_AREA_PROFESSIONS.get(area, Profession.ALLIED_HEALTH)
    # A: paramedics and ambulance clinicians are HCPC-registered allied health professionals.
    return Profession.ALLIED_HEALTH


@lru_cache(maxsize=4096)
def classify_occupation_code(code: str) -> OccupationClass | None:
    """Classify an NHS occupation code by its structure; None when the code is not well-formed.

    Rule: NHS Occupation Code Manual structure (module docstring). A well-formed code is three
    characters: three digits starting 0, 1, 2, 8 or 9 (medical and dental), or a matrix letter, a
    level the manual defines for that matrix, and an area letter. Case and surrounding spaces are
    ignored. ``published_manager_group`` is set only for G0x (Senior managers) and G1x (Managers),
    the only codes NHS Digital counts as managers; ``clinical_manager_code`` marks level 0 of the
    N, S, U, A (and retired T) matrices; ``matron`` marks NCx (modern matron).
    """
    normalised = code.strip().upper()
    if len(normalised) != 3:
        return None
    if normalised.isascii() and normalised.isdigit():
        return _medical(normalised) if normalised[0] in _MEDICAL_FIRST_DIGITS else None
    matrix, level, area = normalised[0], normalised[1], normalised[2]
    levels = _LEVELS.get(matrix)
    if levels is None or level not in levels or area not in _LETTERS:
        return None
    if matrix == "G" and area not in _G_AREA_GROUPS:
        return None
    main_staff_group, staff_group = _groups(matrix, level, area)
    qualified = main_staff_group == PROFESSIONALLY_QUALIFIED
    manager_group: PublishedManagerGroup | None = None
    if matrix == "G" and level == "0":
        manager_group = "Senior managers"
    elif matrix == "G" and level == "1":
        manager_group = "Managers"
    return OccupationClass(
        code=normalised,
        matrix=matrix,
        level=level,
        area=area,
        main_staff_group=main_staff_group,
        staff_group=staff_group,
        professionally_qualified_clinical=qualified,
        profession=_profession(matrix, level, area) if qualified else None,
        published_manager_group=manager_group,
        clinical_manager_code=matrix in _CLINICAL_MANAGER_MATRICES and level == "0",
        matron=matrix == "N" and level == "C",
    )
