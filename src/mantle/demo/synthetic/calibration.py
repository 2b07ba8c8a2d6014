"""Calibration parameters derived from published statistics, embedded so that nothing is read at
run time. Every figure here is listed with its source in ``docs/synthetic-data.md``.
"""

from __future__ import annotations

from typing import Final

from mantle.demo.synthetic import codes as c

ORG_TYPES: Final[tuple[str, ...]] = ("acute", "mental_health", "community", "ambulance", "icb")

# Share of FTE by staff group, June 2018, by organisation type (NHS Digital HCHS staff by staff
# group and organisation; organisation type from the LSE hospital-management panel). Groups under
# 0.3% of a type's FTE are left out (they are posts that type does not structurally have) and the
# rest renormalised by the generator. ICBs take the mix of the clinical commissioning groups they
# replaced.
STAFF_GROUP_MIX: Final[dict[str, dict[str, float]]] = {
    "acute": {
        c.NURSES: 27.03,
        c.SUPPORT_DNM: 23.57,
        c.STT: 12.78,
        c.DOCTORS: 12.73,
        c.CENTRAL: 7.08,
        c.SUPPORT_STT: 5.80,
        c.HOTEL: 5.77,
        c.MIDWIVES: 2.77,
        c.MANAGERS: 1.72,
        c.SENIOR_MANAGERS: 0.65,
    },
    "mental_health": {
        c.NURSES: 31.14,
        c.SUPPORT_DNM: 28.20,
        c.STT: 15.42,
        c.CENTRAL: 7.85,
        c.SUPPORT_STT: 5.53,
        c.DOCTORS: 4.79,
        c.HOTEL: 3.63,
        c.MANAGERS: 2.32,
        c.SENIOR_MANAGERS: 1.07,
    },
    "community": {
        c.NURSES: 33.98,
        c.SUPPORT_DNM: 25.86,
        c.STT: 17.08,
        c.CENTRAL: 7.64,
        c.SUPPORT_STT: 5.54,
        c.HOTEL: 3.83,
        c.DOCTORS: 2.68,
        c.MANAGERS: 1.71,
        c.SENIOR_MANAGERS: 1.00,
    },
    "ambulance": {
        c.AMBULANCE: 50.74,
        c.SUPPORT_AMBULANCE: 36.82,
        c.CENTRAL: 6.71,
        c.MANAGERS: 2.48,
        c.HOTEL: 1.31,
        c.SENIOR_MANAGERS: 0.88,
        c.NURSES: 0.74,
    },
    "icb": {
        c.CENTRAL: 45.22,
        c.MANAGERS: 19.68,
        c.SENIOR_MANAGERS: 13.36,
        c.NURSES: 11.27,
        c.STT: 7.55,
        c.DOCTORS: 1.69,
        c.SUPPORT_DNM: 1.08,
    },
}

# The June 2018 national FTE mix (trusts and CCGs), the yardstick for the whole synthetic nation.
NATIONAL_MIX_2018: Final[dict[str, float]] = {
    c.NURSES: 26.7,
    c.SUPPORT_DNM: 23.1,
    c.STT: 12.8,
    c.DOCTORS: 10.2,
    c.CENTRAL: 7.8,
    c.SUPPORT_STT: 5.4,
    c.HOTEL: 5.0,
    c.MANAGERS: 2.1,
    c.MIDWIVES: 2.0,
    c.AMBULANCE: 1.9,
    c.SUPPORT_AMBULANCE: 1.4,
    c.SENIOR_MANAGERS: 1.0,
}

# Organisation size (FTE, June 2018): the 0th, 5th, ..., 100th percentiles by type. Acute p10,
# median and p90 are the published summary figures; the other points are the empirical
# percentiles of the 148 acute, 52 mental health, 18 community and 10 ambulance trusts. ICB sizes
# are spread around the mean CCG-workforce-per-ICB (16,648 FTE over 42 boards).
SIZE_PERCENTILES: Final[dict[str, tuple[float, ...]]] = {
    "acute": (
        810,
        1436,
        2439,
        2699,
        2915,
        3271,
        3459,
        3656,
        3845,
        4068,
        4421,
        4866,
        5096,
        5260,
        6029,
        6410,
        7015,
        7332,
        8275,
        12051,
        17618,
    ),
    "mental_health": (
        561,
        1479,
        1832,
        1985,
        2141,
        2279,
        2798,
        2838,
        2912,
        3052,
        3165,
        3429,
        3535,
        3693,
        4288,
        4448,
        4716,
        4948,
        5461,
        6005,
        7550,
    ),
    "community": (
        932,
        1157,
        1260,
        1459,
        1714,
        1909,
        1986,
        2027,
        2156,
        2321,
        2413,
        2507,
        2672,
        2801,
        2910,
        2957,
        3232,
        3569,
        3793,
        3865,
        3928,
    ),
    "ambulance": (
        2402,
        2700,
        2999,
        3081,
        3101,
        3138,
        3188,
        3322,
        3623,
        3915,
        4128,
        4342,
        4386,
        4408,
        4506,
        4641,
        4801,
        4992,
        5188,
        5401,
        5613,
    ),
    "icb": (
        180,
        215,
        245,
        270,
        290,
        310,
        330,
        345,
        360,
        375,
        390,
        405,
        420,
        440,
        460,
        480,
        505,
        535,
        575,
        640,
        760,
    ),
}

# Number of organisations of each type in the synthetic nation: the June 2018 trust landscape
# (148 acute, 52 mental health, 18 community, 10 ambulance) and today's 42 ICBs.
ORG_COUNTS: Final[dict[str, int]] = {
    "acute": 148,
    "mental_health": 52,
    "community": 18,
    "ambulance": 10,
    "icb": 42,
}

# NHS England regions (ODS national groupings) and how many ICBs and ambulance trusts each has.
REGIONS: Final[dict[str, str]] = {
    "Y56": "London",
    "Y58": "South West",
    "Y59": "South East",
    "Y60": "Midlands",
    "Y61": "East of England",
    "Y62": "North West",
    "Y63": "North East and Yorkshire",
}
ICBS_PER_REGION: Final[dict[str, int]] = {
    "Y56": 5,
    "Y58": 7,
    "Y59": 6,
    "Y60": 11,
    "Y61": 6,
    "Y62": 3,
    "Y63": 4,
}
AMBULANCE_TRUSTS_PER_REGION: Final[dict[str, int]] = {
    "Y56": 1,
    "Y58": 1,
    "Y59": 2,
    "Y60": 2,
    "Y61": 1,
    "Y62": 1,
    "Y63": 2,
}

# Ethnic category (NHS data dictionary codes). Of people whose ethnicity is stated, the share
# from a minority ethnic group comes from the holder's profile; these split each side.
WHITE_CATEGORIES: Final[dict[str, float]] = {"A": 0.87, "B": 0.02, "C": 0.11}
MINORITY_CATEGORIES: Final[dict[str, float]] = {
    "D": 0.03,
    "E": 0.02,
    "F": 0.03,
    "G": 0.04,
    "H": 0.27,
    "J": 0.07,
    "K": 0.025,
    "L": 0.145,
    "M": 0.06,
    "N": 0.20,
    "P": 0.02,
    "R": 0.025,
    "S": 0.06,
}
ETHNICITY_NOT_STATED: Final = 0.03
# Disability: "Z" (not declared) share; the "Y" share comes from the profile.
DISABILITY_NOT_DECLARED: Final = 0.12

# Vacancy: probability that a single-holder post is empty on the date of an extract.
VACANCY_RATE: Final[dict[str, float]] = {
    "chair": 0.02,
    "chief_executive": 0.03,
    "board_executive": 0.08,
    "board_non_executive": 0.05,
    "senior": 0.07,
    "middle": 0.06,
    "first_line": 0.05,
    "none": 0.04,
}
# Shared posts (a ward's staff nurses) are filled to this share of their budget, on average.
SHARED_FILL_MEAN: Final = 0.93
SHARED_FILL_SD: Final = 0.035

# Registration: share of qualified clinicians with no registration recorded (exercises the
# importer's "inferred clinician" path) and share lapsed on the first extract.
REGISTRATION_NOT_RECORDED: Final = 0.02
REGISTRATION_LAPSED: Final = 0.003
# Status mix for people whose registration is a background to a non-clinical post.
BACKGROUND_STATUS: Final[dict[str, float]] = {"registered": 0.52, "lapsed": 0.36, "removed": 0.12}
