"""Issue 13 items 1–3: trust types for the published benchmark's peer groups.

Labels are matched on words ("Community Provider Trust" is community), every label that cannot be
mapped is reported, an organisation with no known type has no peer median (never "Other"), and
trusts absent from the loaded ODS file keep the type the provider list gives them.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from mantle.core.testing import shared_data_dir
from mantle.divide.models import PublishedFigure
from mantle.imports.loaders.reference import provider_type_of, provider_types_load
from mantle.workforce.models import Organisation

DATA = shared_data_dir()
needs_real_data = pytest.mark.skipif(
    not (DATA / "hospital_management" / "nhs_provider.csv").exists(),
    reason="../shared/data is not beside the checkout",
)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Community Provider Trust", "community"),
        ("community", "community"),
        ("  MENTAL HEALTH ", "mental_health"),
        ("Mental-health trust", "mental_health"),
        ("Acute", "acute"),
        ("Ambulance Trust", "ambulance"),
        ("Clinical Commissioning Group", "sub_icb"),
        ("CCG", "sub_icb"),
        ("Integrated Care Board", "icb"),
        ("Specialist", None),
        ("Acute and Community", None),
        ("", None),
    ],
)
def test_provider_type_labels_are_matched_on_words(label: str, expected: str | None) -> None:
    assert provider_type_of(label) == expected


@pytest.mark.django_db
def test_every_unmapped_label_and_every_code_absent_from_ods_is_reported() -> None:
    # Given one organisation in the ODS data and a provider list naming two more
    Organisation.objects.create(code="RY8", name="Derbyshire Community Health Services")

    # When the list is loaded
    result = provider_types_load(
        {"RY8": "Community Provider Trust", "TAD": "Mental Health", "RZZ": "Specialist"}
    )

    # Then the community trust is typed, the unknown label is reported with its code, and the
    # trust missing from the ODS data is reported and still recorded for the benchmark
    assert Organisation.objects.get(code="RY8").org_type == "community"
    assert result.unmapped == {"Specialist": ["RZZ"]}
    assert result.not_in_ods == ["TAD"]
    assert result.recorded == 2


@pytest.mark.django_db
def test_an_organisation_of_unknown_type_has_no_peer_median() -> None:
    # Given two acute trusts and one trust whose type was never recorded
    from mantle.divide.services import benchmark_report

    Organisation.objects.create(code="RA1", name="A", org_type="acute")
    Organisation.objects.create(code="RA2", name="B", org_type="acute")
    Organisation.objects.create(code="R0A", name="Manchester", org_type="trust")
    for code, managers in (("RA1", 2.0), ("RA2", 4.0), ("R0A", 3.0)):
        PublishedFigure.objects.create(
            period="2018-06", org_code=code, org_name=code, staff_group="Managers", fte=managers
        )
        PublishedFigure.objects.create(
            period="2018-06", org_code=code, org_name=code, staff_group="Nurses", fte=100.0
        )

    # When benchmarked
    report = benchmark_report(period="2018-06")

    # Then the untyped trust has no type and no peer median, and is listed as untyped
    rows = {o["org_code"]: o for o in report["organisations"]}
    assert rows["R0A"]["org_type"] is None
    assert rows["R0A"]["peer_median"] is None
    assert rows["RA1"]["peer_median"] == pytest.approx((2 / 102 + 4 / 104) / 2, abs=0.00005)
    assert report["untyped"] == ["R0A"]


# Medians of managers_share in June 2018 by peer group, as docs/metrics.md quotes them, with the
# number of organisations recomputed from ../shared/data (NHS Digital FTE by staff group and the
# LSE panel's provider types).
PUBLISHED_MEDIANS = {
    "Acute": (0.0246, 148),
    "Community": (0.0263, 18),
    "Mental Health": (0.0336, 52),
    "Ambulance": (0.0300, 10),
}


@needs_real_data
@pytest.mark.django_db
def test_real_june_2018_peer_medians_match_the_published_figures(tmp_path: Path) -> None:
    # Given the real ODS trusts, provider list and June 2018 statistics, loaded by the commands
    call_command("load_ods", str(DATA / "ods" / "etr.csv"), stdout=StringIO())
    loaded = StringIO()
    call_command(
        "load_provider_types", str(DATA / "hospital_management" / "nhs_provider.csv"), stdout=loaded
    )
    call_command(
        "import_published_workforce",
        str(DATA / "nhs_workforce_by_org" / "hchs_fte_by_org_staffgroup_2017sep_2018jun.csv"),
        stdout=StringIO(),
    )

    # When the benchmark is run
    out = StringIO()
    call_command("benchmark", "--period", "2018-06", "--format", "json", stdout=out)
    report: dict[str, Any] = json.loads(out.getvalue())

    # Then each peer group has its own median, over every trust of that type in the file
    rows = report["organisations"]
    for group, (median, count) in PUBLISHED_MEDIANS.items():
        members = [o for o in rows if o["org_type"] == group]
        assert len(members) == count, group
        assert {o["peer_median"] for o in members} == {median}, group
    assert not [o for o in rows if o["org_type"] == "Other"]
    # and the loader said which trusts it typed without an ODS record (merged since 2018)
    text = loaded.getvalue()
    assert "Not in the loaded ODS organisations" in text
    for code in ("TAD", "TAF", "TAH", "TAJ"):
        assert code in text
    # and R0A, which the provider list does not type, has no peer group rather than "Other"
    r0a = next(o for o in rows if o["org_code"] == "R0A")
    assert r0a["org_type"] is None and r0a["peer_median"] is None
    assert "R0A" in report["untyped"]


@pytest.mark.django_db
def test_the_table_names_organisations_without_a_peer_group() -> None:
    Organisation.objects.create(code="R0A", name="Manchester", org_type="trust")
    PublishedFigure.objects.create(
        period="2018-06", org_code="R0A", org_name="R0A", staff_group="Managers", fte=3.0
    )
    out = StringIO()
    call_command("benchmark", "--period", "2018-06", "--format", "table", stdout=out)
    assert "No peer group (type not recorded" in out.getvalue() and "R0A" in out.getvalue()
