"""The worked example of docs/metrics.md ("Hollin Vale Community Trust", 40 people), as frames.

Kept in one place so the docs test and the suppression tests use exactly the organisation the
docs describe. Letters A–L are the twelve people in management posts; N01–N28 are everyone else.
"""

from __future__ import annotations

import polars as pl

ORG = "XHV"

# post_id, unit_path, tier, statutory_clinical, title
MANAGEMENT_POSTS = [
    (1, "Trust Board", "board_non_executive", False, "Chair"),
    (2, "Trust Board", "board_non_executive", False, "Non-executive director"),
    (3, "Trust Board", "board_non_executive", False, "Non-executive director"),
    (4, "Trust Board", "board_executive", False, "Chief executive"),
    (5, "Trust Board", "board_executive", True, "Medical director"),
    (6, "Trust Board", "board_executive", True, "Director of nursing"),
    (7, "Trust Board", "board_executive", False, "Director of finance"),
    (8, "Operations", "senior", False, "Deputy director of operations"),
    (9, "Community Services", "senior", False, "Clinical director"),
    (10, "Community Services/Therapies", "middle", False, "Head of therapies"),
    (11, "Community Services/Adult Services", "middle", False, "Service manager"),
    (
        12,
        "Community Services/Adult Services/Rehabilitation Ward",
        "first_line",
        False,
        "Ward manager",
    ),
    (13, "Community Services/Adult Services/District Nursing", "first_line", False, "Team leader"),
]

# person, is_clinician, clinician_inferred, clinical_background, profession
_PEOPLE = {
    "A": (False, False, False, None),
    "B": (False, False, True, "medical"),  # retired doctor, registration lapsed
    "C": (False, False, False, None),
    "D": (False, False, False, None),
    "E": (True, False, True, "medical"),
    "F": (True, False, True, "nursing_midwifery"),
    "G": (False, False, False, None),
    "H": (False, False, False, None),
    "I": (True, False, True, "medical"),
    "J": (True, True, True, "allied_health"),  # physiotherapist, no registration recorded
    "K": (True, False, True, "nursing_midwifery"),
    "L": (True, False, True, "nursing_midwifery"),
}

# person, post_id, fte
_MANAGEMENT_ASSIGNMENTS = [
    ("A", 1, 0.2),
    ("B", 2, 0.1),
    ("C", 3, 0.1),
    ("D", 4, 1.0),
    ("E", 5, 0.4),
    ("F", 6, 1.0),
    ("G", 7, 1.0),
    ("H", 8, 0.6),
    ("H", 11, 0.4),  # H also covers the service manager post
    ("I", 9, 0.2),
    ("J", 10, 0.5),
    ("K", 12, 0.5),  # K and L job-share the ward manager post
    ("L", 12, 0.5),
]

# person, unit_path, fte: the non-management (tier "none") assignments of managers
_MANAGERS_CLINICAL_WORK = [
    ("E", "Community Services/Adult Services", 0.6),  # consultant sessions
    ("I", "Community Services/Adult Services", 0.8),  # consultant sessions
    ("J", "Community Services/Therapies", 0.5),  # physiotherapist caseload
]

_WARD = "Community Services/Adult Services/Rehabilitation Ward"
_DISTRICT = "Community Services/Adult Services/District Nursing"
# person, unit_path, fte, is_clinician, clinician_inferred, clinical_background, profession
_STAFF = [
    *((f"N{i:02d}", _WARD, 1.0, True, False, True, "nursing_midwifery") for i in range(1, 7)),
    ("N07", _DISTRICT, 1.0, True, False, True, "nursing_midwifery"),
    ("N08", _DISTRICT, 1.0, True, False, True, "nursing_midwifery"),
    *((f"N{i:02d}", _DISTRICT, 0.5, True, False, True, "nursing_midwifery") for i in range(9, 13)),
    *(
        (f"N{i:02d}", "Community Services/Adult Services", 1.0, True, False, True, "medical")
        for i in range(13, 16)
    ),
    *(
        (f"N{i:02d}", "Community Services/Therapies", 1.0, True, False, True, "allied_health")
        for i in range(16, 19)
    ),
    ("N19", "Community Services/Diagnostics", 1.0, True, True, True, "healthcare_science"),
    ("N20", "Operations/Pharmacy", 1.0, True, False, True, "pharmacy"),
    *((f"N{i:02d}", "Corporate Services", 1.0, False, False, False, None) for i in range(21, 25)),
    *((f"N{i:02d}", "Corporate Services", 0.5, False, False, False, None) for i in range(25, 27)),
    ("N27", "Operations", 0.5, False, False, False, None),
    ("N28", _WARD, 0.5, False, False, True, "nursing_midwifery"),  # lapsed nurse, now an HCA
]


def _person_id(name: str) -> int:
    # Letters become 1..12, staff N01..N28 become 101..128: stable, readable ids.
    return ord(name) - ord("A") + 1 if len(name) == 1 else 100 + int(name[1:])


def posts() -> pl.DataFrame:
    """All posts of the example: the 13 management posts and one post per staff assignment."""
    rows = [(pid, ORG, unit, tier, stat) for pid, unit, tier, stat, _ in MANAGEMENT_POSTS]
    for i, (_, unit, _) in enumerate(_MANAGERS_CLINICAL_WORK):
        rows.append((201 + i, ORG, unit, "none", False))
    for i, staff in enumerate(_STAFF):
        rows.append((301 + i, ORG, staff[1], "none", False))
    return pl.DataFrame(
        rows,
        schema={
            "post_id": pl.Int64,
            "org_code": pl.String,
            "unit_path": pl.String,
            "tier": pl.String,
            "statutory_clinical": pl.Boolean,
        },
        orient="row",
    )


def holdings() -> pl.DataFrame:
    """Every assignment of the 40 people on the example date."""
    by_post = {pid: (unit, tier, stat) for pid, unit, tier, stat, _ in MANAGEMENT_POSTS}
    rows = []
    for name, post_id, fte in _MANAGEMENT_ASSIGNMENTS:
        unit, tier, stat = by_post[post_id]
        rows.append((_person_id(name), ORG, unit, post_id, tier, stat, fte, *_PEOPLE[name]))
    for i, (name, unit, fte) in enumerate(_MANAGERS_CLINICAL_WORK):
        rows.append((_person_id(name), ORG, unit, 201 + i, "none", False, fte, *_PEOPLE[name]))
    for i, (name, unit, fte, *person) in enumerate(_STAFF):
        rows.append((_person_id(name), ORG, unit, 301 + i, "none", False, fte, *person))
    return pl.DataFrame(
        rows,
        schema={
            "person_id": pl.Int64,
            "org_code": pl.String,
            "unit_path": pl.String,
            "post_id": pl.Int64,
            "tier": pl.String,
            "statutory_clinical": pl.Boolean,
            "fte": pl.Float64,
            "is_clinician": pl.Boolean,
            "clinician_inferred": pl.Boolean,
            "clinical_background": pl.Boolean,
            "profession": pl.String,
        },
        orient="row",
    )
