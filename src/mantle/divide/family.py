"""One organisation's divide family on a date: every node's figures and the one suppression pattern.

Rule (docs/decisions/0011-disclosure-one-family.md): every divide output — API, dashboard, unit
drill-down, trend, comparison, CSV and CLI — is a slice of the family computed here, so what one
reader sees anywhere is consistent with what they see everywhere else. Computed once per
organisation and date and cached; the key carries the register's version for the organisation
(its latest import run; row counts, highest ids and ended rows of its assignments and post
versions; the highest registration id; and a counter ``register_changed`` bumps), so an import or a rebuilt demo never serves an old pattern.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import polars as pl
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max

from mantle.analytics._measures import RAW_COLUMNS, derive
from mantle.analytics.disclosure.counts import ENGINE_VERSION, Reason
from mantle.analytics.disclosure.divide import memberships, node_measures, protect_frame
from mantle.imports.models import ImportRun
from mantle.workforce.models import Assignment, Organisation, PostVersion, Registration

from .frames import History, frames_on, load_history

CACHE_SECONDS = 24 * 3600
_VERSION_KEY = "mantle:divide:register-version:{code}"


def threshold() -> int:
    return int(settings.MANTLE_SUPPRESSION_THRESHOLD)


@dataclass(frozen=True)
class Family:
    """Exact flat measures per node ("" = the organisation) and the hidden figures per node."""

    org_code: str
    on: dt.date
    threshold: int
    flat: dict[str, dict[str, Any]]
    hidden: dict[str, dict[str, Reason]]

    def row(self, node: str) -> dict[str, Any]:
        """The node's exact flat measures (zeros for a unit with nobody and no posts); a copy, as
        families are shared between requests (``_Local``)."""
        return dict(self.flat.get(node) or empty_flat())

    def hidden_in(self, node: str) -> dict[str, Reason]:
        return self.hidden.get(node, {})

    def children(self, node: str, depth: int = 1) -> list[str]:
        """Nodes ``depth`` levels below ``node`` that have anyone or any post, sorted by path."""
        levels = (len(node.split("/")) if node else 0) + depth
        prefix = f"{node}/" if node else ""
        return sorted(
            n for n in self.flat if n.startswith(prefix) and n and len(n.split("/")) == levels
        )


_EMPTY: dict[str, Any] = {}


def empty_flat() -> dict[str, Any]:
    """Flat measures of a scope with nobody and no posts."""
    if not _EMPTY:
        raw = pl.DataFrame(
            [dict.fromkeys(RAW_COLUMNS, 0)],
            schema={c: pl.Float64 if c.endswith("_raw") else pl.Int64 for c in RAW_COLUMNS},
        )
        _EMPTY.update(derive(raw, keep=[]).row(0, named=True))
    return dict(_EMPTY)


def register_changed(*, org_code: str) -> None:
    """Invalidate cached families of an organisation (called after every import)."""
    key = _VERSION_KEY.format(code=org_code)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, None)


def register_version(org: Organisation) -> str:
    """What the cache key carries: changes whenever the organisation's register changes."""
    bumped = cache.get(_VERSION_KEY.format(code=org.code), 0)
    a = Assignment.objects.filter(organisation=org).aggregate(
        n=Count("id"), m=Max("id"), r=Count("retracted_at"), e=Count("valid_to")
    )
    p = PostVersion.objects.filter(organisation=org).aggregate(
        n=Count("id"), m=Max("id"), r=Count("retracted_at"), e=Count("valid_to")
    )
    runs = ImportRun.objects.filter(organisation=org).aggregate(m=Max("id"))
    # Registrations are effective-dated too: any change writes a new row, so the highest id moves.
    r = Registration.objects.aggregate(m=Max("id"))
    return (
        f"{bumped}-{runs['m']}-{a['n']}-{a['m']}-{a['r']}-{a['e']}"
        f"-{p['n']}-{p['m']}-{p['r']}-{p['e']}-{r['m']}"
    )


def register_versions(orgs: list[Organisation]) -> dict[str, str]:
    """``register_version`` of many organisations in four grouped queries (the national view)."""
    ids = [o.pk for o in orgs]
    bumped = cache.get_many([_VERSION_KEY.format(code=o.code) for o in orgs])

    def grouped(model: Any) -> dict[int, dict[str, Any]]:
        rows = (
            model.objects.filter(organisation_id__in=ids)
            .values("organisation_id")
            .annotate(n=Count("id"), m=Max("id"), r=Count("retracted_at"), e=Count("valid_to"))
            .order_by()
        )
        return {row["organisation_id"]: row for row in rows}

    none = {"n": 0, "m": None, "r": 0, "e": 0}
    a, p = grouped(Assignment), grouped(PostVersion)
    runs = dict(
        ImportRun.objects.filter(organisation_id__in=ids)
        .values("organisation_id")
        .annotate(m=Max("id"))
        .order_by()
        .values_list("organisation_id", "m")
    )
    r = Registration.objects.aggregate(m=Max("id"))
    out = {}
    for o in orgs:
        x, y = a.get(o.pk, none), p.get(o.pk, none)
        out[o.code] = (
            f"{bumped.get(_VERSION_KEY.format(code=o.code), 0)}-{runs.get(o.pk)}"
            f"-{x['n']}-{x['m']}-{x['r']}-{x['e']}-{y['n']}-{y['m']}-{y['r']}-{y['e']}-{r['m']}"
        )
    return out


def families_cached_of_organisations(*, on: dt.date, orgs: list[Organisation]) -> dict[str, Family]:
    """The root of each organisation's family on ``on`` that is already known (computed after its
    import, by its dashboard or by a national run) — without reading the register's rows: the
    register versions in four queries, then the cache. Organisations not known are left out."""
    versions = register_versions(orgs)
    date_keys = {o.code: _date_key(o, on, versions[o.code]) for o in orgs}
    contents = cache.get_many(list(date_keys.values()))
    keys = {
        code: _content_key(code, contents[k]) + _ROOT
        for code, k in date_keys.items()
        if k in contents
    }
    found = _cached_many(sorted(set(keys.values())))
    return {code: replace(found[k], on=on) for code, k in keys.items() if k in found}


# The organisation's own figures and pattern, kept beside each family for the national view, which
# needs nothing else (a whole family is a hundred times larger to read back).
_ROOT = ":root"


def _root_only(fam: Family) -> Family:
    return replace(
        fam,
        flat={"": fam.flat[""]} if "" in fam.flat else {},
        hidden={"": fam.hidden[""]} if "" in fam.hidden else {},
    )


class _Local:
    """A small in-process memo of families in front of the shared cache. Only content keys go
    through it: a content key is a fingerprint of the frames (with the threshold and the engine
    version), so the family it names never changes. It saves a page that shows a trend of 13 month
    ends from reading and unpickling 13 families from the shared cache on every request."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[str, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get_many(self, keys: list[str]) -> dict[str, Any]:
        with self.lock:
            found = {k: self.items[k] for k in keys if k in self.items}
            for k in found:
                self.items.move_to_end(k)
        return found

    def set_many(self, values: dict[str, Any]) -> None:
        with self.lock:
            for k, v in values.items():
                self.items[k] = v
                self.items.move_to_end(k)
            while len(self.items) > self.size:
                self.items.popitem(last=False)

    def clear(self) -> None:
        with self.lock:
            self.items.clear()


_local = _Local(size=2048)


def _cached_many(keys: list[str]) -> dict[str, Any]:
    """``cache.get_many`` through the in-process memo (content keys only: ``_Local``)."""
    found = _local.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        shared = cache.get_many(missing)
        _local.set_many(shared)
        found.update(shared)
    return found


def _store_many(values: dict[str, Any]) -> None:
    cache.set_many(values, CACHE_SECONDS)
    _local.set_many(values)


def _date_key(org: Organisation, on: dt.date, version: str) -> str:
    return f"mantle:divide:family-of:v1:{org.code}:{on.isoformat()}:{version}"


def _content_key(org_code: str, content: str) -> str:
    return (
        f"mantle:divide:family:{ENGINE_VERSION}:{org_code}:{threshold()}:{pl.__version__}:{content}"
    )


def _content(holdings: pl.DataFrame, posts: pl.DataFrame) -> str:
    """A fingerprint of one date's frames: dates on which nobody and no post changed share it,
    and so share one family (computed once)."""
    h = holdings.select(sorted(holdings.columns))
    p = posts.select(sorted(posts.columns))
    hs = int(h.hash_rows(seed=7).sum()) if h.height else 0
    ps = int(p.hash_rows(seed=7).sum()) if p.height else 0
    return f"{h.height}.{hs}.{p.height}.{ps}"


def compute_families(
    *, org_code: str, frames: dict[dt.date, tuple[pl.DataFrame, pl.DataFrame]]
) -> dict[dt.date, Family]:
    """The families on several dates in one vectorised pass (the date is the system key), each
    audited and fixed (``protect_frame`` with the memberships)."""
    days = sorted(frames)
    key = {d: d.isoformat() for d in days}
    holdings = pl.concat(
        [frames[d][0].with_columns(pl.lit(key[d]).alias("org_code")) for d in days]
    )
    posts = pl.concat([frames[d][1].with_columns(pl.lit(key[d]).alias("org_code")) for d in days])
    flat = node_measures(holdings=holdings, posts=posts, org_holdings=holdings)
    members = memberships(holdings=holdings, org_holdings=holdings)
    out: dict[dt.date, Family] = {}
    for day in days:
        rows = flat.filter(pl.col("system") == key[day]).drop("system")
        mine = members.filter(pl.col("system") == key[day]).drop("system")
        protection = protect_frame(rows, threshold=threshold(), members=mine)
        out[day] = Family(
            org_code=org_code,
            on=day,
            threshold=threshold(),
            flat={r["node"]: {k: v for k, v in r.items() if k != "node"} for r in rows.to_dicts()},
            hidden={n: dict(h) for n, h in protection.hidden.items()},
        )
    return out


def families(
    *, org: Organisation, dates: list[dt.date], history: History | None = None
) -> dict[dt.date, Family]:
    """The families on ``dates`` (module rule). Two cache levels: (organisation, date, register
    version) → the date's content fingerprint, and fingerprint → family, so dates with the same
    register share one computation."""
    version = register_version(org)
    wanted = sorted(set(dates))
    date_keys = {d: _date_key(org, d, version) for d in wanted}
    known = cache.get_many(list(date_keys.values()))
    contents: dict[dt.date, str] = {d: known[k] for d, k in date_keys.items() if k in known}
    unknown = [d for d in wanted if d not in contents]
    frames: dict[dt.date, tuple[pl.DataFrame, pl.DataFrame]] = {}
    if unknown:
        history = history or load_history(start=min(unknown), end=max(unknown), org_id=org.pk)
        for d in unknown:
            frames[d] = frames_on(history, d)
            contents[d] = _content(*frames[d])
        cache.set_many({date_keys[d]: contents[d] for d in unknown}, CACHE_SECONDS)
    content_keys = {d: _content_key(org.code, contents[d]) for d in wanted}
    found = _cached_many(sorted(set(content_keys.values())))
    missing: dict[str, dt.date] = {}
    for d in wanted:
        if content_keys[d] not in found and content_keys[d] not in missing:
            missing[content_keys[d]] = d
    if missing:
        need = [d for d in missing.values() if d not in frames]
        if need:
            history = history or load_history(start=min(need), end=max(need), org_id=org.pk)
            for d in need:
                frames[d] = frames_on(history, d)
        computed = compute_families(
            org_code=org.code, frames={d: frames[d] for d in missing.values()}
        )
        fresh = {k: computed[d] for k, d in missing.items()}
        _store_many(fresh)
        _store_many({k + _ROOT: _root_only(f) for k, f in fresh.items()})
        found.update(fresh)
    return {d: replace(found[content_keys[d]], on=d) for d in wanted}


def _by_org(frame: pl.DataFrame) -> dict[str, pl.DataFrame]:
    parts = frame.partition_by("org_code", as_dict=True, maintain_order=False)
    return {(k[0] if isinstance(k, tuple) else k): v for k, v in parts.items()}


def families_of_organisations(
    *, on: dt.date, holdings: pl.DataFrame, posts: pl.DataFrame
) -> dict[str, Family]:
    """Every organisation's family on ``on`` from national frames (module rule), through the same
    cache as ``families``: an organisation's frames carry the content key its own dashboard uses,
    so a family computed after its import (or by its first reader) is reused here, and one computed
    here is reused there. The missing ones are computed together — the measures and memberships of
    all of them in one vectorised pass with the organisation as the system key — and each is then
    protected (audited and fixed) on its own, as ``compute_families`` does for dates."""
    h_by, p_by = _by_org(holdings), _by_org(posts)
    codes = sorted(set(h_by) | set(p_by))
    empty_h, empty_p = holdings.clear(), posts.clear()
    contents = {c: _content(h_by.get(c, empty_h), p_by.get(c, empty_p)) for c in codes}
    keys = {c: _content_key(c, contents[c]) for c in codes}
    # The date keys too, so the next national run (and each dashboard) finds these families
    # without reading the register's rows (``families_cached_of_organisations``).
    orgs = list(Organisation.objects.filter(code__in=codes))
    versions = register_versions(orgs)
    cache.set_many(
        {_date_key(o, on, versions[o.code]): contents[o.code] for o in orgs}, CACHE_SECONDS
    )
    found = _cached_many(sorted(set(keys.values())))
    missing = [c for c in codes if keys[c] not in found]
    if missing:
        h = (
            pl.concat([h_by[c] for c in missing if c in h_by])
            if any(c in h_by for c in missing)
            else empty_h
        )
        p = (
            pl.concat([p_by[c] for c in missing if c in p_by])
            if any(c in p_by for c in missing)
            else empty_p
        )
        flat = node_measures(holdings=h, posts=p, org_holdings=h)
        members = memberships(holdings=h, org_holdings=h)
        flat_by = {
            (k[0] if isinstance(k, tuple) else k): v
            for k, v in flat.partition_by("system", as_dict=True).items()
        }
        members_by = {
            (k[0] if isinstance(k, tuple) else k): v
            for k, v in members.partition_by("system", as_dict=True).items()
        }
        empty_members = members.clear().drop("system")
        fresh: dict[str, Family] = {}
        for code in missing:
            rows = flat_by[code].drop("system") if code in flat_by else None
            if rows is None:
                continue  # nothing to show for it (no posts and nobody): not in the national frame
            mine = members_by[code].drop("system") if code in members_by else empty_members
            protection = protect_frame(rows, threshold=threshold(), members=mine)
            fresh[keys[code]] = Family(
                org_code=code,
                on=on,
                threshold=threshold(),
                flat={
                    r["node"]: {k: v for k, v in r.items() if k != "node"} for r in rows.to_dicts()
                },
                hidden={n: dict(x) for n, x in protection.hidden.items()},
            )
        _store_many(fresh)
        found.update(fresh)
    _store_many({keys[c] + _ROOT: _root_only(found[keys[c]]) for c in codes if keys[c] in found})
    return {c: replace(found[keys[c]], on=on) for c in codes if keys[c] in found}


def family(*, org: Organisation, on: dt.date, history: History | None = None) -> Family:
    return families(org=org, dates=[on], history=history)[on]


def families_warm(*, org: Organisation, dates: list[dt.date]) -> int:
    """Compute and cache the families on ``dates`` ahead of the first reader (after a demo load or
    an import). Returns how many distinct families there were."""
    return len({id(f) for f in families(org=org, dates=dates).values()})
