"""The subset of NHS Occupation Code Manual v22.1 codes the generator uses, with their staff groups.

The generator never reads the code manual at run time; this table is the embedded slice of it.
``test_synthetic_codes.py`` checks every entry against the published v22.1 list (currently valid,
same staff group), so a typo cannot ship a code that does not exist.
"""

from __future__ import annotations

from typing import Final

# NHS Workforce Statistics staff groups, spelt as NHS Digital publishes them.
DOCTORS: Final = "HCHS doctors"
NURSES: Final = "Nurses & health visitors"
MIDWIVES: Final = "Midwives"
AMBULANCE: Final = "Ambulance staff"
STT: Final = "Scientific, therapeutic & technical staff"
SUPPORT_DNM: Final = "Support to doctors, nurses & midwives"
SUPPORT_AMBULANCE: Final = "Support to ambulance staff"
SUPPORT_STT: Final = "Support to ST&T staff"
CENTRAL: Final = "Central functions"
HOTEL: Final = "Hotel, property & estates"
SENIOR_MANAGERS: Final = "Senior managers"
MANAGERS: Final = "Managers"
GENERAL_PAYMENTS: Final = "General payments"

STAFF_GROUPS: Final[tuple[str, ...]] = (
    DOCTORS,
    NURSES,
    MIDWIVES,
    AMBULANCE,
    STT,
    SUPPORT_DNM,
    SUPPORT_AMBULANCE,
    SUPPORT_STT,
    CENTRAL,
    HOTEL,
    SENIOR_MANAGERS,
    MANAGERS,
)

# Medical and dental codes: the last two digits are the specialty; the grade is not in the code.
# Hospital doctors are coded 0xx here; 221 is a general medical practitioner (ICB and community
# clinical leads).
MEDICAL_SPECIALTIES: Final[dict[str, str]] = {
    "001": "General (Internal) Medicine",
    "002": "Paediatrics",
    "004": "Respiratory Medicine",
    "005": "Dermatology",
    "006": "Neurology",
    "007": "Cardiology",
    "008": "Rheumatology",
    "011": "Geriatric Medicine",
    "012": "Medical Oncology",
    "015": "Renal Medicine",
    "017": "Endocrinology & Diabetes",
    "018": "Gastroenterology",
    "021": "General Surgery",
    "023": "Ear, Nose & Throat",
    "024": "Trauma & Orthopaedics",
    "025": "Ophthalmology",
    "026": "Clinical Oncology",
    "027": "Urology",
    "028": "Plastic Surgery",
    "030": "Emergency Medicine",
    "034": "Intensive Care Medicine",
    "035": "Acute Internal Medicine",
    "036": "Vascular Surgery",
    "040": "Obstetrics & Gynaecology",
    "041": "Sexual & Reproductive Health",
    "051": "Psychiatry of Learning Disability",
    "052": "General Adult Psychiatry",
    "053": "Child & Adolescent Psychiatry",
    "054": "Forensic Psychiatry",
    "056": "Old Age Psychiatry",
    "061": "Oral & Maxillofacial Surgery",
    "073": "Haematology",
    "074": "Histopathology",
    "075": "Medical Microbiology",
    "080": "Clinical Radiology",
    "091": "Anaesthetics",
    "094": "Palliative Medicine",
    "221": "General Practice",
}

# Non-medical codes used, with the staff group the v22.1 manual maps each to.
NON_MEDICAL: Final[dict[str, str]] = {
    # Ambulance matrix
    "A0A": AMBULANCE,  # ambulance manager, emergency care
    "A0B": AMBULANCE,  # ambulance manager, HART
    "A0D": AMBULANCE,  # ambulance manager, education
    "A0E": AMBULANCE,  # ambulance manager, call handling
    "A5A": AMBULANCE,  # advanced paramedic, emergency care
    "ABA": AMBULANCE,  # paramedic, emergency care
    "ABB": AMBULANCE,  # paramedic, HART
    "ABD": AMBULANCE,  # paramedic, education
    "ABE": AMBULANCE,  # paramedic, call handling
    "A8A": SUPPORT_AMBULANCE,  # emergency care support worker
    "A8E": SUPPORT_AMBULANCE,  # call handling support worker
    "A9C": SUPPORT_AMBULANCE,  # ambulance care assistant, PTS
    "AEA": SUPPORT_AMBULANCE,  # ambulance technician, emergency care
    # Infrastructure and administration matrix
    "G0A": SENIOR_MANAGERS,
    "G0B": SENIOR_MANAGERS,
    "G0C": SENIOR_MANAGERS,
    "G0D": SENIOR_MANAGERS,
    "G0E": SENIOR_MANAGERS,
    "G1A": MANAGERS,
    "G1B": MANAGERS,
    "G1C": MANAGERS,
    "G1D": MANAGERS,
    "G1E": MANAGERS,
    "G2A": CENTRAL,
    "G2B": HOTEL,
    "G2C": SUPPORT_STT,
    "G2D": SUPPORT_DNM,
    "G2E": SUPPORT_AMBULANCE,
    "G3B": HOTEL,
    "G3E": SUPPORT_AMBULANCE,
    # Healthcare assistants and support workers
    "H1A": SUPPORT_DNM,
    "H1B": SUPPORT_DNM,
    "H1C": SUPPORT_DNM,
    "H1D": SUPPORT_DNM,
    "H1E": SUPPORT_DNM,
    "H1F": SUPPORT_DNM,
    "H1J": SUPPORT_STT,
    "H1K": SUPPORT_STT,
    "H1M": SUPPORT_STT,
    "H2D": SUPPORT_DNM,
    "H2F": SUPPORT_DNM,
    "H2R": HOTEL,
    # Nursing and midwifery
    "N0A": NURSES,
    "N0B": NURSES,
    "N0C": NURSES,
    "N0D": NURSES,
    "N0E": NURSES,
    "N0G": NURSES,
    "N0H": NURSES,
    "N1B": NURSES,
    "N1L": NURSES,
    "N2C": MIDWIVES,
    "N3H": NURSES,
    "N4D": NURSES,
    "N4H": NURSES,
    "N6A": NURSES,
    "N6E": NURSES,
    "N6G": NURSES,
    "N6H": NURSES,
    "N6J": NURSES,
    "NAA": NURSES,
    "NBK": NURSES,
    "NCA": NURSES,
    "NCB": NURSES,
    "NCC": NURSES,
    "NCE": NURSES,
    "NCH": NURSES,
    "NEH": NURSES,
    "NGA": SUPPORT_DNM,
    "NGE": SUPPORT_DNM,
    "NGH": SUPPORT_DNM,
    # Scientific, therapeutic and technical
    "S0A": STT,
    "S0E": STT,
    "S0F": STT,
    "S0L": STT,
    "S0P": STT,
    "S1A": STT,
    "S1B": STT,
    "S1C": STT,
    "S1E": STT,
    "S1F": STT,
    "S1J": STT,
    "S1L": STT,
    "S1M": STT,
    "S1T": STT,
    "S1U": STT,
    "S2P": STT,
    "S4P": STT,
    "S5E": SUPPORT_STT,
    "S5M": SUPPORT_STT,
    "S9P": SUPPORT_STT,
    "U0A": STT,
    "U2H": STT,
    "U4E": STT,
    "UDA": STT,
    "UEA": STT,
    "U9A": SUPPORT_STT,
    # Non-funded staff and general payments: how chairs and non-executives are paid
    "Z2E": GENERAL_PAYMENTS,
}


def staff_group_of(*, occupation_code: str) -> str:
    """Return the NHS Workforce Statistics staff group of an occupation code in this subset.

    Rule: three-digit codes are HCHS doctors whatever the grade; other codes take the staff group
    the v22.1 manual gives them.
    """
    if occupation_code.isdigit():
        return DOCTORS
    return NON_MEDICAL[occupation_code]


def is_medical(*, occupation_code: str) -> bool:
    """Whether a code is a medical and dental code (three digits)."""
    return occupation_code.isdigit()


def all_codes() -> tuple[str, ...]:
    """Every occupation code the generator may emit, medical codes included."""
    return tuple(sorted({*MEDICAL_SPECIALTIES, *NON_MEDICAL}))
