"""Pure NHS rules: registration numbers, ODS codes, occupation codes, pay bands, management tiers.

Everything here is plain Python over plain values: no Django, no database, no I/O. Parsers, services
and analytics all call these functions so that one rule has exactly one implementation.
Must never import: Django, ``mantle.imports``, ``mantle.analytics``, any view.
"""

from mantle.workforce.rules.bands import (
    LADDER_BANDS,
    PAY_BANDS,
    band_in_range,
    band_rank,
    band_sort_key,
    normalise_pay_band,
)
from mantle.workforce.rules.occupation import OccupationClass, classify_occupation_code
from mantle.workforce.rules.ods import normalise_ods_code, ods_code_error
from mantle.workforce.rules.registration import (
    Profession,
    Regulator,
    normalise_registration_number,
    parse_regulator,
    profession_for_registration,
    registration_number_error,
)
from mantle.workforce.rules.tiers import (
    ALL_MANAGEMENT,
    BOARD,
    DEFAULT_TIER_RULES,
    SENIOR_MANAGEMENT,
    TIER_LABELS,
    Tier,
    TierRule,
    infer_tier,
    parse_tier,
)

__all__ = [
    "ALL_MANAGEMENT",
    "BOARD",
    "DEFAULT_TIER_RULES",
    "LADDER_BANDS",
    "PAY_BANDS",
    "SENIOR_MANAGEMENT",
    "TIER_LABELS",
    "OccupationClass",
    "Profession",
    "Regulator",
    "Tier",
    "TierRule",
    "band_in_range",
    "band_rank",
    "band_sort_key",
    "classify_occupation_code",
    "infer_tier",
    "normalise_ods_code",
    "normalise_pay_band",
    "normalise_registration_number",
    "ods_code_error",
    "parse_regulator",
    "parse_tier",
    "profession_for_registration",
    "registration_number_error",
]
