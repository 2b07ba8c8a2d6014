"""NHS Occupation Code Manual: what a three-character occupation code says about a post.

The classification is read from the structure of the code (matrix letter, level, area of work), as
the manual describes it, never from a list of every code: so a code added in a later version of the
manual is still classified, and the rules below are what a reader checks by hand.

* Medical and dental codes are three digits starting 0, 1, 2, 8 or 9 (the last two give the
  specialty; the grade is not in the code).
* Every other code is *matrix letter + level + area of work*: ``N`` nursing and midwifery,
  ``P`` nurse learners, ``S`` scientific, therapeutic and technical (AHPs and others),
  ``U`` healthcare science (``T`` is its retired predecessor), ``A`` ambulance, ``G``
  infrastructure and administration, ``H`` healthcare assistants and support workers, ``Z``
  non-funded staff and general payments.

Checked against every currently valid code of v22.1 (see the test), with no exceptions needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from mantle.workforce.rules.registration import Profession

__all__ = [
    "MAIN_STAFF_GROUPS",
    "STAFF_GROUPS",
    "OccupationClass",
    "classify_occupation_code",
]

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

# NHS Workforce Statistics staff groups (the v22.1 file's broad staff group).
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

_MAIN_GROUP_OF: dict[str, str] = {
    DOCTORS: PROFESSIONALLY_QUALIFIED,
    NURSES: PROFESSIONALLY_QUALIFIED,
    MIDWIVES: PROFESSIONALLY_QUALIFIED,
    AMBULANCE: PROFESSIONALLY_QUALIFIED,
    STT: PROFESSIONALLY_QUALIFIED,
    SUPPORT_DNM: SUPPORT_TO_CLINICAL,
    SUPPORT_AMBULANCE: SUPPORT_TO_CLINICAL,
    SUPPORT_STT: SUPPORT_TO_CLINICAL,
    CENTRAL_FUNCTIONS: INFRASTRUCTURE,
    HOTEL_PROPERTY_ESTATES: INFRASTRUCTURE,
    SENIOR_MANAGERS: INFRASTRUCTURE,
    MANAGERS: INFRASTRUCTURE,
    NON_FUNDED: UNKNOWN_CLASSIFICATION,
    GENERAL_PAYMENTS: UNKNOWN_CLASSIFICATION,
}

PublishedManagerGroup = Literal["Senior managers", "Managers"]


@dataclass(frozen=True, slots=True)
class OccupationClass:
    """What an occupation code says about a post.

    ``level`` is the level character of a matrix code ("0" manager, "C" modern matron, …); medical
    and dental codes carry no level, so it is "" for them.
    """

    code: str
    main_staff_group: str
    staff_group: str
    professionally_qualified_clinical: bool
    profession: Profession | None
    published_manager_group: PublishedManagerGroup | None
    clinical_manager_code: bool
    matron: bool
    level: str


_MEDICAL_FIRST_DIGITS: Final = frozenset("01289")

# Level character → staff group, for the matrices whose staff group depends on the level only.
# A staff group in the "professionally qualified" main group marks a qualified level.
_STAFF_GROUP_BY_LEVEL: dict[str, dict[str, str]] = {
    # Nursing: 0 nurse manager … 7 other 2nd level, A nurse consultant, B school nurse, C modern
    # matron, E community matron are qualified; 2 is midwives. 8 nursery nurse, 9 nursing
    # assistant, F assistant practitioner, G nursing associate, H student nursing associate support.
    "N": {
        **dict.fromkeys("0134567ABCE", NURSES),
        "2": MIDWIVES,
        **dict.fromkeys("89FGH", SUPPORT_DNM),
    },
    # Nurse learners: 1 pre-registration (support); 2 and 3 already registered (qualified).
    "P": {"1": SUPPORT_DNM, "2": NURSES, "3": NURSES},
    # ST&T: 5 assistant practitioner, 8 student/trainee and 9 assistant are support; the rest
    # (0 manager, 1 therapist, 2 scientist, 3 scientific officer, 4 technician, 6 instructor,
    # 7 tutor, A consultant) are qualified.
    "S": {**dict.fromkeys("01234679A", STT), **dict.fromkeys("589", SUPPORT_STT)},
    # Healthcare science: 5 associate, 6–8 trainees, 9 assistant and F trainee biomedical
    # scientist are support; managers, scientists, practitioners, consultants and biomedical
    # scientists are qualified.
    "U": {**dict.fromkeys("01234ABCDE", STT), **dict.fromkeys("56789F", SUPPORT_STT)},
    # The retired T matrix (before v12, 2013): 7 assistant, 8 student and B assistant practitioner
    # are support.
    "T": {**dict.fromkeys("0123456A", STT), **dict.fromkeys("78B", SUPPORT_STT)},
    # Ambulance: managers, paramedics (1 retired, B current), consultant/advanced paramedics,
    # specialist practitioners and emergency care practitioners (A, retired) are qualified;
    # personnel, trainees, assistant practitioners, support workers, care assistants and
    # technicians (E) are support.
    "A": {**dict.fromkeys("01456AB", AMBULANCE), **dict.fromkeys("23789EG", SUPPORT_AMBULANCE)},
}

# Areas of work each matrix uses (the third character), from the manual's structure table.
_AREAS: dict[str, frozenset[str]] = {
    "A": frozenset("ABCDE"),
    "G": frozenset("ABCDE"),
    "H": frozenset("ABCDEFGHJKLMNPRS"),
    "N": frozenset("ABCDEFGHJKL"),
    "P": frozenset("ABCDE"),
    "S": frozenset("ABCDEFGHIJKLMNPQRSTUVWX"),
    "T": frozenset("ABCDEFGHJKLMNPQRSTU"),
    "U": frozenset("ABCDEFGHJKLM"),
    "Z": frozenset("ABCDEF"),
}
_LEVELS: dict[str, frozenset[str]] = {
    **{matrix: frozenset(levels) for matrix, levels in _STAFF_GROUP_BY_LEVEL.items()},
    "G": frozenset("0123"),
    "H": frozenset("12"),
    "Z": frozenset("12"),
}

# G (infrastructure) areas: A central functions, B hotel, property & estates, C ST&T support,
# D clinical support, E ambulance service support. Clerical (2) and estates (3) staff working in
# C, D or E support clinical staff; in A or B they are infrastructure.
_G_SUPPORT_AREA: dict[str, str] = {"C": SUPPORT_STT, "D": SUPPORT_DNM, "E": SUPPORT_AMBULANCE}

# H (healthcare assistants, support workers) areas: nursing settings support doctors, nurses and
# midwives; therapy and science areas support ST&T; R is hotel, property & estates; S ambulance.
_H_AREA: dict[str, str] = {
    **dict.fromkeys("ABCDEFP", SUPPORT_DNM),
    **dict.fromkeys("GHJKLMN", SUPPORT_STT),
    "R": HOTEL_PROPERTY_ESTATES,
    "S": SUPPORT_AMBULANCE,
}

# S matrix area of work → the profession a registered member of staff there would have. The
# manual's AHP areas are allied health; pharmacy is pharmacy; dental (GDC) counts with medical and
# dental; the retired physiological science areas are healthcare science; practitioner
# psychologists are HCPC registrants, so allied health as for any other HCPC profession.
_S_PROFESSION: dict[str, Profession] = {
    **dict.fromkeys("ABCDEFGHIJTVL", Profession.ALLIED_HEALTH),
    **dict.fromkeys("NQS", Profession.HEALTHCARE_SCIENCE),
    "P": Profession.PHARMACY,
    "R": Profession.MEDICAL,
    **dict.fromkeys("KMUWX", Profession.OTHER_REGISTERED),
}

_MATRIX_PROFESSION: dict[str, Profession] = {
    "N": Profession.NURSING_MIDWIFERY,
    "P": Profession.NURSING_MIDWIFERY,
    "U": Profession.HEALTHCARE_SCIENCE,
    "T": Profession.HEALTHCARE_SCIENCE,
    # Paramedics are HCPC-registered allied health professionals.
    "A": Profession.ALLIED_HEALTH,
}

# Level 0 is the manager level of the clinical matrices; T is the retired predecessor of U, so its
# managers are clinical managers too.
_CLINICAL_MANAGER_MATRICES: Final = frozenset("NSUAT")


def classify_occupation_code(code: str) -> OccupationClass | None:
    """Classify an NHS occupation code by its structure, or None when it is not well-formed.

    Rule: the main staff group and NHS Workforce Statistics staff group follow from the matrix
    letter, level and area exactly as in the Occupation Code Manual (v22.1); ``G0x`` are the
    published "Senior managers" and ``G1x`` "Managers"; level 0 in the N, S, U (T) and A matrices is
    a clinical manager; ``NCx`` is a modern matron. Lower case and surrounding spaces are forgiven.
    """
    cleaned = code.strip().upper()
    if len(cleaned) != 3:
        return None
    if cleaned.isdigit():
        if cleaned[0] not in _MEDICAL_FIRST_DIGITS:
            return None
        return _make(cleaned, DOCTORS, Profession.MEDICAL, level="")
    matrix, level, area = cleaned[0], cleaned[1], cleaned[2]
    if level not in _LEVELS.get(matrix, ()) or area not in _AREAS[matrix]:
        return None
    staff_group = _staff_group(matrix, level, area)
    return _make(cleaned, staff_group, _profession(matrix, level, area), level=level)


def _staff_group(matrix: str, level: str, area: str) -> str:
    if matrix == "G":
        if level == "0":
            return SENIOR_MANAGERS
        if level == "1":
            return MANAGERS
        if area in _G_SUPPORT_AREA:
            return _G_SUPPORT_AREA[area]
        # Clerical staff in central functions are central functions; estates staff are always
        # hotel, property and estates.
        return CENTRAL_FUNCTIONS if (level == "2" and area == "A") else HOTEL_PROPERTY_ESTATES
    if matrix == "H":
        return _H_AREA[area]
    if matrix == "Z":
        return NON_FUNDED if level == "1" else GENERAL_PAYMENTS
    return _STAFF_GROUP_BY_LEVEL[matrix][level]


def _profession(matrix: str, level: str, area: str) -> Profession | None:
    if matrix == "S":
        return _S_PROFESSION[area]
    if matrix == "Z" and level == "1" and area in "ABC":
        # Z1A–Z1C are Macmillan, Marie Curie and other non-funded nurses.
        return Profession.NURSING_MIDWIFERY
    # G and H are not professions a registration belongs to; other Z codes say nothing about one.
    return _MATRIX_PROFESSION.get(matrix)


def _make(
    code: str, staff_group: str, profession: Profession | None, *, level: str
) -> OccupationClass:
    main = _MAIN_GROUP_OF[staff_group]
    matrix = code[0]
    published: PublishedManagerGroup | None = None
    if staff_group == SENIOR_MANAGERS:
        published = "Senior managers"
    elif staff_group == MANAGERS:
        published = "Managers"
    return OccupationClass(
        code=code,
        main_staff_group=main,
        staff_group=staff_group,
        professionally_qualified_clinical=main == PROFESSIONALLY_QUALIFIED,
        profession=profession,
        published_manager_group=published,
        clinical_manager_code=matrix in _CLINICAL_MANAGER_MATRICES and level == "0",
        matron=matrix == "N" and level == "C",
        level=level,
    )
