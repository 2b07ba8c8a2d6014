"""Loading real NHS reference data (../shared/data) through the commands: ODS, occupation codes,
published workforce statistics and the benchmark built on them."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from mantle.core.testing import shared_data_dir
from mantle.workforce.models import OccupationCode, Organisation

DATA = shared_data_dir()
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not beside the checkout"),
]
DOCS = Path(__file__).resolve().parents[4] / "docs" / "data-formats.md"


def test_load_ods_twice_updates_without_duplicating() -> None:
    files = [str(DATA / "ods" / n) for n in ("icb_names_codes_dec_2024.csv", "etr.csv", "eccg.csv")]
    call_command("load_ods", *files, stdout=StringIO())
    first = Organisation.objects.count()
    Organisation.objects.filter(code="R0A").update(name="Renamed", closed=None)
    out = StringIO()
    call_command("load_ods", *files, stdout=out)
    assert Organisation.objects.count() == first == 273 + 320 + 42
    r0a = Organisation.objects.get(code="R0A")
    assert r0a.name == "Manchester University NHS Foundation Trust"
    assert r0a.parent is not None and r0a.parent.org_type == "icb"
    assert "0 created" in out.getvalue()


def test_load_occupation_codes_then_classifier_and_list_agree() -> None:
    call_command(
        "load_occupation_codes",
        str(DATA / "occupation_codes" / "nhs_occupation_codes_v22_1.csv"),
        stdout=StringIO(),
    )
    assert OccupationCode.objects.count() == 945
    assert OccupationCode.objects.filter(is_valid=True).count() == 682
    assert OccupationCode.objects.get(code="G0A").main_staff_group == "NHS infrastructure support"


def test_published_statistics_benchmark_on_the_real_june_2018_file() -> None:
    call_command("load_ods", str(DATA / "ods" / "etr.csv"), stdout=StringIO())
    call_command(
        "load_provider_types",
        str(DATA / "hospital_management" / "nhs_provider.csv"),
        stdout=StringIO(),
    )
    call_command(
        "import_published_workforce",
        str(DATA / "nhs_workforce_by_org" / "hchs_fte_by_org_staffgroup_2017sep_2018jun.csv"),
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("benchmark", "--period", "2018-06", "--format", "json", stdout=out)
    report: dict[str, Any] = json.loads(out.getvalue())
    assert report["national"]["managers_share"] == pytest.approx(0.031, abs=0.0015)
    acute = [o for o in report["organisations"] if o["org_type"] == "Acute"]
    assert len(acute) > 100
    assert acute[0]["peer_median"] == pytest.approx(0.025, abs=0.002)


def test_data_formats_doc_lists_every_extract_column_and_alias() -> None:
    from mantle.imports.parsers.extract.columns import EXTRACT_COLUMN_SPECS

    text = DOCS.read_text()
    for spec in EXTRACT_COLUMN_SPECS:
        assert f"`{spec.name}`" in text
        for alias in spec.aliases:
            assert alias.replace("|", "\\|") in text, alias
