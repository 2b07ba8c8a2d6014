"""Published workforce statistics and provider types, used as benchmarks."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal

import pytest

from mantle.core.testing import shared_data_dir
from mantle.imports.parsers.published import (
    parse_period,
    parse_provider_types,
    parse_published_workforce,
)

SHARED_DATA = shared_data_dir()
WORKFORCE = SHARED_DATA / "nhs_workforce_by_org" / "hchs_fte_by_org_staffgroup_2017sep_2018jun.csv"
PROVIDERS = SHARED_DATA / "hospital_management" / "nhs_provider.csv"
needs_data = pytest.mark.skipif(not WORKFORCE.is_file(), reason=f"no data at {WORKFORCE}")


@needs_data
def test_june_2018_national_totals_match_the_published_figures() -> None:
    # given the published HCHS FTE by organisation and staff group / when parsed
    figures = parse_published_workforce(source=WORKFORCE, filename=WORKFORCE.name)
    assert figures.errors == []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for figure in figures:
        if figure.period == "2018-06":
            totals[figure.staff_group] += figure.fte
    # then June 2018 adds up to the published national figures (to the nearest FTE)
    assert round(sum(totals.values())) == 1_061_617
    assert round(totals["Managers"]) == 22_606
    assert round(totals["Senior managers"]) == 10_195
    assert {figure.period for figure in figures} == {"2017-09", "2018-06"}


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2018-JUN", "2018-06"),
        ("2017-sep", "2017-09"),
        ("2018-06", "2018-06"),
        ("JUN-2018", "2018-06"),
        ("June 2018", "2018-06"),
        ("2018-13", None),
        ("2018-JUX", None),
        ("", None),
    ],
)
def test_month_labels_become_periods(text: str, period: str | None) -> None:
    assert parse_period(text) == period


def test_bad_figures_are_reported_and_left_out() -> None:
    data = (
        b"month,org_code,org_name,staff_group,fte\r\n"
        b"2018-JUN,RXH,Trust,Managers,12.5\r\n"
        b"2018-XYZ,RXH,Trust,Managers,1\r\n"
        b"2018-JUN,R-H,Trust,Managers,1\r\n"
        b"2018-JUN,RXH,Trust,Managers,*\r\n"
        b"2018-JUN,RXH,Trust,,1\r\n"
    )
    figures = parse_published_workforce(source=io.BytesIO(data), filename="f.csv")
    assert [(f.period, f.org_code, f.fte) for f in figures] == [("2018-06", "RXH", Decimal("12.5"))]
    assert [(e.row, e.column) for e in figures.errors] == [
        (3, "month"),
        (4, "org_code"),
        (5, "fte"),
        (6, "staff_group"),
    ]


@pytest.mark.skipif(not PROVIDERS.is_file(), reason=f"no data at {PROVIDERS}")
def test_provider_types_from_the_padded_file_with_a_bom() -> None:
    types = parse_provider_types(source=PROVIDERS, filename=PROVIDERS.name)
    assert types.errors == []
    assert len(types) == 431
    assert types["00D"] == "Clinical Commissioning Group"
    assert set(types.values()) == {
        "Acute",
        "Mental Health",
        "Community Provider Trust",
        "Ambulance",
        "Clinical Commissioning Group",
    }
    assert all(code == code.strip() for code in types)


def test_conflicting_provider_types_are_reported() -> None:
    data = (
        "\ufeffORG_CODE,ORG_NAME,ORG_TYPE\r\n"
        "RXH ,Trust ,Acute\r\n"
        "RXH,Trust,Acute \r\n"
        "RXH,Trust,Mental Health\r\n"
        "R?H,Trust,Acute\r\n"
    ).encode()
    types = parse_provider_types(source=io.BytesIO(data), filename="p.csv")
    assert dict(types) == {"RXH": "Acute"}
    assert [(e.row, e.column) for e in types.errors] == [(4, "ORG_TYPE"), (5, "ORG_CODE")]
