"""Load and validate framework and crosswalk JSON files into frozen specs.

One JSON file per framework version sits beside this module; crosswalks sit in ``crosswalks/``.
Every rule a file must satisfy is checked here, and a failure names the file and the JSON path.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, cast

from mantle.capability.frameworks._reader import (
    STATEMENT_KEY_PATTERN,
    VERSION_PATTERN,
    FrameworkDataError,
    Reader,
    UniqueKeys,
    child,
)
from mantle.capability.frameworks.crosswalk import parse_crosswalk
from mantle.capability.frameworks.spec import (
    PANEL_GROUP,
    RATER_GROUPS_360,
    Anchor,
    Citation,
    CrosswalkSpec,
    Dimension,
    DimensionGroup,
    FrameworkKind,
    FrameworkSpec,
    NotApplicablePoint,
    Scale,
    ScalePoint,
    Statement,
)

__all__ = [
    "FrameworkDataError",
    "load_crosswalk_file",
    "load_framework_file",
    "parse_crosswalk",
    "parse_framework",
    "shipped_crosswalks",
    "shipped_frameworks",
]

MIN_STATEMENTS = 3
MAX_STATEMENTS = 5
_PACKAGE = "mantle.capability.frameworks"

PathLike = str | os.PathLike[str] | Traversable


def load_framework_file(path: PathLike) -> FrameworkSpec:
    """Read one framework JSON file and return its validated spec.

    Rule: a framework is usable only if every check in ``parse_framework`` passes; any failure
    raises FrameworkDataError naming the file and the JSON path of the problem.
    """
    source, data = _read_json(path)
    return parse_framework(data=data, source=source)


def load_crosswalk_file(path: PathLike, *, frameworks: Sequence[FrameworkSpec]) -> CrosswalkSpec:
    """Read one crosswalk JSON file and check every key against the named framework versions.

    Rule: a crosswalk may only link keys that exist, at the stated level, in the exact framework
    versions it names, and must cover every key on both sides.
    """
    source, data = _read_json(path)
    return parse_crosswalk(data=data, source=source, frameworks=frameworks)


def shipped_frameworks() -> list[FrameworkSpec]:
    """Return every framework version shipped with Mantle, sorted by key then version.

    Rule: each (key, version) pair is shipped once; a second file with the same pair is an error.
    """
    return list(_shipped_frameworks())


def shipped_crosswalks() -> list[CrosswalkSpec]:
    """Return every shipped crosswalk, each validated against the shipped frameworks."""
    return list(_shipped_crosswalks())


@cache
def _shipped_frameworks() -> tuple[FrameworkSpec, ...]:
    specs: dict[tuple[str, str], FrameworkSpec] = {}
    for entry in sorted(resources.files(_PACKAGE).iterdir(), key=lambda item: item.name):
        if not entry.name.endswith(".json"):
            continue
        spec = load_framework_file(entry)
        pair = (spec.key, spec.version)
        if pair in specs:
            raise FrameworkDataError(
                source=entry.name,
                location="$",
                problem=f"{spec.ref} is also defined in {specs[pair].source}",
            )
        specs[pair] = spec
    return tuple(specs[pair] for pair in sorted(specs))


@cache
def _shipped_crosswalks() -> tuple[CrosswalkSpec, ...]:
    frameworks = _shipped_frameworks()
    folder = resources.files(_PACKAGE).joinpath("crosswalks")
    entries = sorted(folder.iterdir(), key=lambda item: item.name)
    return tuple(
        load_crosswalk_file(entry, frameworks=frameworks)
        for entry in entries
        if entry.name.endswith(".json")
    )


def _read_json(path: PathLike) -> tuple[str, Any]:
    if isinstance(path, str | os.PathLike):
        source = os.path.basename(os.fspath(path))
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    else:
        source = path.name
        text = path.read_text(encoding="utf-8")
    try:
        return source, json.loads(text)
    except json.JSONDecodeError as error:
        raise FrameworkDataError(
            source=source,
            location=f"line {error.lineno} column {error.colno}",
            problem=f"not valid JSON ({error.msg})",
        ) from error


# --- frameworks -------------------------------------------------------------------------------


def parse_framework(*, data: Any, source: str) -> FrameworkSpec:
    """Validate parsed JSON as a framework version.

    Rules: keys are lower_snake_case and unique (statement keys across the whole framework);
    scales ascend and have distinct labels; importance is rated only with an importance scale;
    leadership dimensions carry 3–5 statements; management-practice dimensions also carry anchors
    that include the scale's lowest and highest points; groups, when declared, are all used and
    every dimension names one.
    """
    read = Reader(source)
    top = read.obj(
        data,
        "$",
        required=(
            "key",
            "name",
            "version",
            "kind",
            "citation",
            "scale",
            "rates_importance",
            "rater_groups",
            "dimensions",
        ),
        optional=("importance_scale", "groups"),
    )
    key = read.key(top["key"], "key")
    version = read.key(top["version"], "version", pattern=VERSION_PATTERN)
    kind = cast(
        FrameworkKind,
        read.choice(top["kind"], "kind", allowed=("leadership", "management_practice")),
    )
    scale = _scale(read, top["scale"], "scale", allow_not_applicable=True)
    rates_importance = read.boolean(top["rates_importance"], "rates_importance")
    importance_scale = _importance_scale(read, top.get("importance_scale"), rates_importance)
    rater_groups = _rater_groups(read, top["rater_groups"], kind)
    groups = _groups(read, top.get("groups", []))
    dimensions = _dimensions(read, top["dimensions"], kind=kind, scale=scale, groups=groups)
    if kind == "management_practice" and rates_importance:
        raise read.fail("rates_importance", "a management-practice instrument rates practice only")
    return FrameworkSpec(
        key=key,
        name=read.text(top["name"], "name"),
        version=version,
        kind=kind,
        citation=_citation(read, top["citation"]),
        scale=scale,
        rates_importance=rates_importance,
        importance_scale=importance_scale,
        rater_groups=rater_groups,
        groups=groups,
        dimensions=dimensions,
        source=source,
    )


def _citation(read: Reader, value: Any) -> Citation:
    obj = read.obj(
        value,
        "citation",
        required=("publisher", "title", "year", "version"),
        optional=("basis", "note"),
    )
    year = read.integer(obj["year"], "citation.year")
    if not 1990 <= year <= 2100:
        raise read.fail("citation.year", f"{year} is not a plausible publication year")
    return Citation(
        publisher=read.text(obj["publisher"], "citation.publisher"),
        title=read.text(obj["title"], "citation.title"),
        year=year,
        version=read.text(obj["version"], "citation.version"),
        basis=read.optional_text(obj.get("basis"), "citation.basis"),
        note=read.optional_text(obj.get("note"), "citation.note"),
    )


def _scale(read: Reader, value: Any, location: str, *, allow_not_applicable: bool) -> Scale:
    optional = ("not_applicable",) if allow_not_applicable else ()
    obj = read.obj(value, location, required=("points",), optional=optional)
    raw_points = read.array(obj["points"], child(location, "points"), min_items=2)
    points: list[ScalePoint] = []
    labels = UniqueKeys(read, "label")
    for index, raw in enumerate(raw_points):
        where = child(child(location, "points"), index)
        point = read.obj(raw, where, required=("value", "label", "description"))
        number = read.integer(point["value"], child(where, "value"))
        if points and number <= points[-1].value:
            raise read.fail(
                child(where, "value"),
                f"scale values must ascend; {number} follows {points[-1].value}",
            )
        label = read.text(point["label"], child(where, "label"))
        labels.add(label.casefold(), child(where, "label"))
        points.append(
            ScalePoint(
                value=number,
                label=label,
                description=read.text(point["description"], child(where, "description")),
            )
        )
    not_applicable = None
    if obj.get("not_applicable") is not None:
        where = child(location, "not_applicable")
        raw_na = read.obj(obj["not_applicable"], where, required=("label", "description"))
        na_label = read.text(raw_na["label"], child(where, "label"))
        labels.add(na_label.casefold(), child(where, "label"))
        not_applicable = NotApplicablePoint(
            label=na_label,
            description=read.text(raw_na["description"], child(where, "description")),
        )
    return Scale(points=tuple(points), not_applicable=not_applicable)


def _importance_scale(read: Reader, value: Any, rates_importance: bool) -> Scale | None:
    if rates_importance and value is None:
        raise read.fail("importance_scale", "required because rates_importance is true")
    if not rates_importance and value is not None:
        raise read.fail("importance_scale", "must be absent because rates_importance is false")
    if value is None:
        return None
    return _scale(read, value, "importance_scale", allow_not_applicable=False)


def _rater_groups(read: Reader, value: Any, kind: FrameworkKind) -> tuple[str, ...]:
    items = read.array(value, "rater_groups", min_items=1)
    allowed = RATER_GROUPS_360 if kind == "leadership" else (PANEL_GROUP,)
    seen = UniqueKeys(read, "rater group")
    groups: list[str] = []
    for index, item in enumerate(items):
        where = child("rater_groups", index)
        group = read.choice(item, where, allowed=allowed)
        seen.add(group, where)
        groups.append(group)
    if kind == "leadership" and "self" not in groups:
        raise read.fail("rater_groups", "a leadership framework must allow 'self'")
    return tuple(groups)


def _groups(read: Reader, value: Any) -> tuple[DimensionGroup, ...]:
    items = read.array(value, "groups")
    seen = UniqueKeys(read, "group key")
    groups: list[DimensionGroup] = []
    for index, item in enumerate(items):
        where = child("groups", index)
        obj = read.obj(item, where, required=("key", "name", "description"))
        key = read.key(obj["key"], child(where, "key"))
        seen.add(key, child(where, "key"))
        groups.append(
            DimensionGroup(
                key=key,
                name=read.text(obj["name"], child(where, "name")),
                description=read.text(obj["description"], child(where, "description")),
            )
        )
    return tuple(groups)


def _dimensions(
    read: Reader,
    value: Any,
    *,
    kind: FrameworkKind,
    scale: Scale,
    groups: tuple[DimensionGroup, ...],
) -> tuple[Dimension, ...]:
    items = read.array(value, "dimensions", min_items=1)
    dimension_keys = UniqueKeys(read, "dimension key")
    statement_keys = UniqueKeys(read, "statement key")
    group_keys = {group.key for group in groups}
    dimensions: list[Dimension] = []
    for index, item in enumerate(items):
        where = child("dimensions", index)
        obj = read.obj(
            item,
            where,
            required=("key", "name", "group", "description", "statements"),
            optional=("anchors",),
        )
        key = read.key(obj["key"], child(where, "key"))
        dimension_keys.add(key, child(where, "key"))
        group = _dimension_group(read, obj["group"], child(where, "group"), group_keys)
        raw_statements = read.array(
            obj["statements"],
            child(where, "statements"),
            min_items=MIN_STATEMENTS,
            max_items=MAX_STATEMENTS,
        )
        statements = []
        for s_index, raw in enumerate(raw_statements):
            s_where = child(child(where, "statements"), s_index)
            statement = read.obj(raw, s_where, required=("key", "text"))
            s_key = read.key(statement["key"], child(s_where, "key"), pattern=STATEMENT_KEY_PATTERN)
            statement_keys.add(s_key, child(s_where, "key"))
            text = read.text(statement["text"], child(s_where, "text"))
            statements.append(Statement(key=s_key, text=text))
        anchors = _anchors(read, obj.get("anchors"), child(where, "anchors"), kind, scale)
        dimensions.append(
            Dimension(
                key=key,
                name=read.text(obj["name"], child(where, "name")),
                group=group,
                description=read.text(obj["description"], child(where, "description")),
                statements=tuple(statements),
                anchors=anchors,
            )
        )
    used = {dimension.group for dimension in dimensions}
    for index, group_spec in enumerate(groups):
        if group_spec.key not in used:
            raise read.fail(
                child(child("groups", index), "key"),
                f"group '{group_spec.key}' has no dimensions",
            )
    return tuple(dimensions)


def _dimension_group(read: Reader, value: Any, where: str, group_keys: set[str]) -> str | None:
    if not group_keys:
        if value is not None:
            raise read.fail(where, "must be null because the framework declares no groups")
        return None
    key = read.key(value, where)
    if key not in group_keys:
        raise read.fail(where, f"'{key}' is not a declared group ({', '.join(sorted(group_keys))})")
    return key


def _anchors(
    read: Reader, value: Any, where: str, kind: FrameworkKind, scale: Scale
) -> tuple[Anchor, ...]:
    if kind == "leadership":
        if value:
            raise read.fail(where, "anchors belong to management-practice instruments only")
        return ()
    items = read.array(value if value is not None else [], where, min_items=3)
    anchors: list[Anchor] = []
    for index, item in enumerate(items):
        a_where = child(where, index)
        obj = read.obj(item, a_where, required=("value", "description"))
        number = read.integer(obj["value"], child(a_where, "value"))
        if number not in scale.values:
            raise read.fail(child(a_where, "value"), f"{number} is not a value on the scale")
        if anchors and number <= anchors[-1].value:
            raise read.fail(child(a_where, "value"), "anchor values must ascend")
        anchors.append(
            Anchor(
                value=number,
                description=read.text(obj["description"], child(a_where, "description")),
            )
        )
    values = {anchor.value for anchor in anchors}
    for required in (scale.minimum, scale.maximum):
        if required not in values:
            raise read.fail(where, f"must describe scale value {required}")
    return tuple(anchors)
