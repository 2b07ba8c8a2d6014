"""What the generator returns: organisations, a trust with its extract history, a nation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl


@dataclass(frozen=True)
class SyntheticOrganisation:
    """A synthetic NHS organisation (trust or integrated care board).

    ``staff`` is the headcount of people in its (first) extract.
    """

    code: str
    name: str
    org_type: str
    region_code: str
    icb_code: str
    staff: int


@dataclass(frozen=True)
class SyntheticICB:
    """A synthetic integrated care board: ``Q`` + two characters, in one NHS England region."""

    code: str
    name: str
    region_code: str


@dataclass(frozen=True)
class SyntheticTrust:
    """One organisation with an extract per snapshot date (earliest first) and its establishment
    (every post ever defined, so vacancies and posts created later are visible)."""

    organisation: SyntheticOrganisation
    snapshots: list[tuple[date, pl.DataFrame]]
    establishment: pl.DataFrame


@dataclass(frozen=True)
class SyntheticNation:
    """Every organisation of the synthetic NHS on one date.

    * ``icbs``: one row per integrated care board — ``code``, ``name``, ``region_code`` and
      ``staff`` (the headcount of the ICB's own workforce, which is in the extract under the ICB
      code);
    * ``organisations``: one row per trust — ``code``, ``name``, ``org_type``, ``region_code``,
      ``icb_code``, ``staff`` (headcount);
    * ``extract``: every trust's and ICB's assignments, in extract column order;
    * ``establishment``: every post of every organisation, ``org_code`` first.
    """

    icbs: pl.DataFrame
    organisations: pl.DataFrame
    extract: pl.DataFrame
    establishment: pl.DataFrame
