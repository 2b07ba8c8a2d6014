"""Issue 13 item 4: the register's holdings say whether each post is clinical work, from its
occupation code, so that an administrative post does not make a clinician manager a hybrid."""

from __future__ import annotations

import polars as pl

from mantle.divide.frames import _clinical_post


def test_clinical_post_comes_from_the_occupation_code() -> None:
    codes = pl.Series(["N6A", "G2A", "201", "H1A", "S1V", None, " "])
    assert _clinical_post(codes).to_list() == [True, False, True, False, True, None, None]
