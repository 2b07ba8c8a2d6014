"""Validate parsed JSON as a crosswalk between two framework versions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from mantle.capability.frameworks._reader import VERSION_PATTERN, Reader, UniqueKeys, child
from mantle.capability.frameworks.spec import (
    CrosswalkLevel,
    CrosswalkLink,
    CrosswalkSide,
    CrosswalkSpec,
    FrameworkSpec,
    LinkStrength,
)


def parse_crosswalk(
    *, data: Any, source: str, frameworks: Sequence[FrameworkSpec]
) -> CrosswalkSpec:
    """Validate parsed JSON as a crosswalk between two framework versions.

    Rules: both framework versions must be among ``frameworks``; every linked key must exist at
    the stated level; a pair is linked once; every key on both sides appears in some link; each
    rationale is one line.
    """
    read = Reader(source)
    top = read.obj(data, "$", required=("key", "name", "from", "to", "links"))
    by_ref: Mapping[tuple[str, str], FrameworkSpec] = {(f.key, f.version): f for f in frameworks}
    source_side, source_keys = _side(read, top["from"], "from", by_ref)
    target_side, target_keys = _side(read, top["to"], "to", by_ref)
    items = read.array(top["links"], "links", min_items=1)
    pairs = UniqueKeys(read, "link")
    links: list[CrosswalkLink] = []
    for index, item in enumerate(items):
        where = child("links", index)
        obj = read.obj(item, where, required=("from", "to", "strength", "rationale"))
        from_key = _side_key(read, obj["from"], child(where, "from"), source_side, source_keys)
        to_key = _side_key(read, obj["to"], child(where, "to"), target_side, target_keys)
        pairs.add(f"{from_key} -> {to_key}", where)
        strength = cast(
            LinkStrength,
            read.choice(
                obj["strength"], child(where, "strength"), allowed=("primary", "secondary")
            ),
        )
        rationale = read.text(obj["rationale"], child(where, "rationale"), max_length=200)
        links.append(
            CrosswalkLink(
                source_key=from_key, target_key=to_key, strength=strength, rationale=rationale
            )
        )
    for side_name, side, keys, linked in (
        ("from", source_side, source_keys, {link.source_key for link in links}),
        ("to", target_side, target_keys, {link.target_key for link in links}),
    ):
        missing = [key for key in keys if key not in linked]
        if missing:
            raise read.fail(
                "links",
                f"no link for {side_name} {side.level}(s) of {side.ref}: {', '.join(missing)}",
            )
    return CrosswalkSpec(
        key=read.key(top["key"], "key"),
        name=read.text(top["name"], "name"),
        source=source_side,
        target=target_side,
        links=tuple(links),
        origin=source,
    )


def _side(
    read: Reader, value: Any, where: str, by_ref: Mapping[tuple[str, str], FrameworkSpec]
) -> tuple[CrosswalkSide, tuple[str, ...]]:
    obj = read.obj(value, where, required=("framework", "version", "level"))
    key = read.key(obj["framework"], child(where, "framework"))
    version = read.key(obj["version"], child(where, "version"), pattern=VERSION_PATTERN)
    level = cast(
        CrosswalkLevel,
        read.choice(obj["level"], child(where, "level"), allowed=("dimension", "group")),
    )
    framework = by_ref.get((key, version))
    if framework is None:
        known = ", ".join(sorted(f"{k}@{v}" for k, v in by_ref)) or "none"
        raise read.fail(where, f"framework {key}@{version} is not loaded (known: {known})")
    keys = (
        tuple(d.key for d in framework.dimensions)
        if level == "dimension"
        else tuple(g.key for g in framework.groups)
    )
    if not keys:
        raise read.fail(child(where, "level"), f"{framework.ref} has no {level}s")
    return CrosswalkSide(framework=key, version=version, level=level), keys


def _side_key(
    read: Reader, value: Any, where: str, side: CrosswalkSide, keys: tuple[str, ...]
) -> str:
    key = read.key(value, where)
    if key not in keys:
        raise read.fail(where, f"'{key}' is not a {side.level} of {side.ref}")
    return key
