"""Disclosure control: the one layer every aggregate figure about staff goes through (issue 11).

Pure (numpy, Polars, HiGHS); no Django. Method and reasons: docs/decisions/0011-disclosure-one-family.md;
what each role sees: docs/metrics.md, "Disclosure control".

Counts of people — ``Family`` (``counts``): register every count a reader can obtain about one
organisation on one date (every unit at every depth, every table, every export), the relations
between them (``total = sum(parts)``; never-shown differences as ``remainder``), and the figures
derived from them; ``protect()`` returns one globally consistent ``Protection``. Show a figure with
``protection.show(cell, value)`` (the value, or ``"*"``)::

    from mantle.analytics.disclosure import Family

    fam = Family(threshold=5)
    fam.count(("Ward 1", "box9"), 2)
    fam.count(("Ward 1", "all"), 12)
    fam.remainder(("Ward 1", "all"), [("Ward 1", "box9")], name=("Ward 1", "not box9"))
    fam.derived(("Ward 1", "share9"), [("Ward 1", "box9"), ("Ward 1", "all")])
    p = fam.protect()
    p.show(("Ward 1", "box9"), 2)    # "*"
    p.show(("Ward 1", "all"), 12)    # 12: the 2 in box 9 and the 10 not in it are both hidden
    p.footnotes()                    # sentences for under the table

The divide's own family (every node × every people count) is built in ``divide``
(``node_measures`` + ``protect_frame``), vectorised for the 5,000-staff demo.

Means and scores — ``means`` (A2's module, issue 11): shown only when the group and every
complement in the same hierarchy is 0 or at least the threshold.

The auditor — ``audit.audit(figures)``: figures are sets of people (``audit.Figure``), released or
not; it solves for the feasible range of every protected count with HiGHS and reports violations
(range narrower than 3 people). Django apps register *figure enumerators* for
``mantle disclosure-audit`` in ``mantle/<app>/disclosure_figures.py`` (see
``mantle.divide.disclosure_figures``).
"""

from mantle.analytics.disclosure.audit import Figure, audit
from mantle.analytics.disclosure.counts import (
    DEFAULT_THRESHOLD,
    MIN_WIDTH,
    SUPPRESSED,
    Family,
    Protection,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MIN_WIDTH",
    "SUPPRESSED",
    "Family",
    "Figure",
    "Protection",
    "audit",
]
