"""Leadership and management-practice frameworks as versioned JSON data, with a validating loader.

Pure Python: never imports Django models, so the engine and tests can use it without a database.
"""

from mantle.capability.frameworks._reader import FrameworkDataError
from mantle.capability.frameworks.loader import (
    load_crosswalk_file,
    load_framework_file,
    parse_crosswalk,
    parse_framework,
    shipped_crosswalks,
    shipped_frameworks,
)
from mantle.capability.frameworks.spec import (
    Anchor,
    Citation,
    CrosswalkLink,
    CrosswalkSide,
    CrosswalkSpec,
    Dimension,
    DimensionGroup,
    FrameworkSpec,
    NotApplicablePoint,
    Scale,
    ScalePoint,
    Statement,
)

__all__ = [
    "Anchor",
    "Citation",
    "CrosswalkLink",
    "CrosswalkSide",
    "CrosswalkSpec",
    "Dimension",
    "DimensionGroup",
    "FrameworkDataError",
    "FrameworkSpec",
    "NotApplicablePoint",
    "Scale",
    "ScalePoint",
    "Statement",
    "load_crosswalk_file",
    "load_framework_file",
    "parse_crosswalk",
    "parse_framework",
    "shipped_crosswalks",
    "shipped_frameworks",
]
