"""Issue 19: the monthly board pack — same figures as the dashboard for board members, every page
drawn, tagged PDF in en-GB, made and downloaded only by the board's officers, downloads listed and
audited."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
import subprocess
import zlib
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from PIL import Image

from mantle.boardpack.content import month_end, pack_context, pack_date
from mantle.boardpack.models import BoardPack, BoardPackDownload
from mantle.core.jinja2 import fmt_number, fmt_share
from mantle.core.models import AuditEvent
from mantle.core.testing.factories import make_user
from mantle.divide import services as divide
from mantle.divide.spc import ALL_SERIES, MONTHLY_SERIES
from mantle.divide.views import TIER_ROWS
from mantle.workforce.models import Organisation

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 31)
SNAPSHOTS = [dt.date(2025, 10, 31), dt.date(2025, 12, 31), JAN]


@pytest.fixture
def org() -> Organisation:
    """A synthetic trust of 400 staff (enough people for board-level figures to be released),
    imported at three month ends through the real importer."""
    import polars as pl

    from mantle.demo import services as demo
    from mantle.demo.synthetic import generate_trust

    trust = generate_trust(seed=3, staff=400, snapshot_dates=SNAPSHOTS)
    org = Organisation.objects.create(
        code="RXA", name="Alpha Hospitals NHS Trust", org_type="acute"
    )
    for day, frame in trust.snapshots:
        demo.import_frame(
            org=org, frame=frame.with_columns(pl.lit("RXA").alias("org_code")), as_of=day
        )
    return org


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.fixture
def pack_file(org: Organisation, tmp_path: Path) -> Path:
    out = tmp_path / "pack.pdf"
    call_command("board_pack", org="RXA", month="2026-01", out=out, stdout=io.StringIO())
    return out


def test_month_parsing() -> None:
    assert month_end("2024-02") == dt.date(2024, 2, 29)
    assert pack_date("2026-12", today=dt.date(2026, 12, 7)) == dt.date(2026, 12, 7)
    with pytest.raises(ValueError, match="YYYY-MM"):
        month_end("January")


def test_the_pack_holds_the_dashboards_figures_for_the_same_date(
    org: Organisation,
    pack_file: Path,
) -> None:
    text = _pdf_text(pack_file)
    # What a board member (not HR/OD) sees on the dashboard for 31 January 2026.
    board = divide.divide_dashboard(
        org=org, on=JAN, since=dt.date(2025, 1, 31), unit=None, suppress=True
    )
    report = board["report"]
    assert "Alpha Hospitals NHS Trust" in text and "31 January 2026" in text
    assert f"Divide gap: {fmt_number(report['divide_gap_pp'], 1)} percentage points" in text
    assert isinstance(report["divide_gap_pp"], float)  # released at board level
    workforce_share = fmt_share(report["workforce"]["workforce_clinician_share"])
    assert f"{workforce_share} of the workforce are clinicians" in text
    lines = text.splitlines()
    for point in board["trend"]:  # each month-end row carries the dashboard's figures in order
        row = next(line for line in lines if line.strip().startswith(point["as_of"]))
        cells = row.split()
        assert cells[1:4] == [
            fmt_share(point["workforce_clinician_share"]),
            fmt_share(point["senior_management_clinician_share"]),
            fmt_share(point["board_clinician_share"]),
        ]
    # The tier table: each row's figures in the dashboard's order, "*" where it hides one.
    hidden, at = 0, next(i for i, line in enumerate(lines) if "by tier, 31 January" in line)
    for key, label, section in TIER_ROWS:
        m = report[section][key]
        # rows in the dashboard's order; a long label wraps, so match its first word
        first = label.split()[0]
        at = next(
            i
            for i in range(at + 1, len(lines))
            if lines[i].strip().startswith(first) and len(lines[i].split()) >= 8
        )
        row = lines[at]
        expected = [fmt_number(m[k]) for k in ("posts", "vacant", "holders", "clinician_holders")]
        expected += [fmt_share(m["clinician_share"]), fmt_share(m["clinician_capacity_share"])]
        expected.append(fmt_number(m["representation_ratio"], 2))
        assert row.split()[-7:] == expected, label
        hidden += expected.count("*")
    assert hidden > 0  # board level: some small numbers are hidden, as on the dashboard


def test_every_page_renders_non_blank(pack_file: Path, tmp_path: Path) -> None:
    subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", str(pack_file), str(tmp_path / "p")], check=True
    )
    pages = sorted(tmp_path.glob("p*.pgm"))
    assert len(pages) >= 4  # cover, summary, tables, charts, methodology
    for page in pages:
        lo, _hi = Image.open(page).getextrema()
        assert lo < 128, f"{page.name} is blank"


def test_the_pdf_is_tagged_and_declares_its_language(org: Organisation, pack_file: Path) -> None:
    info = subprocess.run(["pdfinfo", str(pack_file)], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    raw = pack_file.read_bytes()
    # The catalogue sits in a compressed object stream: inflate every stream and look there too.
    inflated = [raw]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", raw, re.S):
        with contextlib.suppress(zlib.error):
            inflated.append(zlib.decompress(m.group(1)))
    body = b"".join(inflated)
    assert re.search(rb"/Lang\s*\(en-GB\)", body)
    assert b"/StructTreeRoot" in body and b"/Figure" in body
    # Every monthly series with a published month is charted, with its table and a text
    # alternative; a series hidden in every month is listed instead; the funnel plot too.
    charts = pack_context(org=org, on=JAN)["charts"]
    assert [c["key"] for c in charts] == [s.key for s in ALL_SERIES]
    drawn = [c for c in charts if any(p.value is not None for p in c["chart"].points)]
    assert 3 <= len(drawn) <= len(ALL_SERIES)
    assert body.count(b"/Alt") >= len(drawn) + 1
    text = _pdf_text(pack_file)
    assert text.count("the chart's figures") == len(drawn)
    assert "Funnel plot figures" in text
    if len(drawn) < len(ALL_SERIES):
        assert "Measures with no published month" in text


def test_officers_make_and_download_packs_and_downloads_are_listed(
    org: Organisation,
) -> None:
    chair = make_user(username="chair", roles=[("chair", org)])
    staff = make_user(username="staff", roles=[("staff", org)])
    other = Organisation.objects.create(code="RZZ", name="Zed Trust", org_type="acute")
    outsider = make_user(username="outsider", roles=[("chair", other)])
    client = Client()
    client.force_login(chair)
    assert client.get("/board-pack/?org=RXA").status_code == 200
    made = client.post("/board-pack/make", {"org": "RXA", "month": "2026-01"})
    assert made.status_code == 302
    pack = BoardPack.objects.get()
    assert pack.month == JAN and pack.pdf[:5] == b"%PDF-"
    download = client.get(made["Location"])
    assert download["Content-Type"] == "application/pdf"
    assert download.content == bytes(pack.pdf)
    assert BoardPackDownload.objects.get().user_label == "chair"
    assert AuditEvent.objects.filter(action="board_pack_download", actor=chair).count() == 1
    assert AuditEvent.objects.filter(action="board_pack_create", actor=chair).count() == 1
    listing = client.get("/board-pack/?org=RXA").content.decode()
    assert "chair (" in listing and "31 January 2026" in listing
    client.force_login(staff)
    assert client.get("/board-pack/?org=RXA").status_code == 403
    assert client.get(f"/board-pack/{pack.pk}/download").status_code == 404
    client.force_login(outsider)
    assert client.get(f"/board-pack/{pack.pk}/download").status_code == 404  # same as missing
    assert client.get("/board-pack/?org=RXA").status_code == 404
    assert BoardPackDownload.objects.count() == 1


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_pack_holds_the_dashboards_spc_summary_and_every_section(
    org: Organisation, pack_file: Path
) -> None:
    """Given the chair's dashboard for 31 January 2026, when the pack for January is made, then
    every SPC chart's summary sentence on the dashboard is in the pack word for word, and the
    pack has the funnel plot, succession, capability, compliance and FPPT sections."""
    chair = make_user(username="chair", roles=[("chair", org)])
    client = Client()
    client.force_login(chair)
    page = client.get("/divide/?org=RXA&as_of=2026-01-31&since=2025-01-31").content.decode()
    summaries = re.findall(r"<p>([^<]*: (?:mean|too few)[^<]*)</p>", page)
    assert len(summaries) >= len(MONTHLY_SERIES) - 1  # the headline chart has its own id
    text = _flat(_pdf_text(pack_file))
    import html

    for sentence in summaries:
        sentence = _flat(html.unescape(sentence))
        if ": too few published points" in sentence:  # listed by name when never published
            assert sentence.split(": too few")[0] in text
        else:
            assert sentence in text
    for heading in (
        "4. Across organisations: funnel plot",
        "5. Pipeline and succession exposure",
        "6. Capability coverage",
        "7. Professional compliance and FPPT status",
        "8. Methodology",
    ):
        assert heading in text
    plain = "".join(
        subprocess.run(
            ["pdftotext", str(pack_file), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for series in ALL_SERIES:  # the appendix is generated from the definitions (a line
        assert "".join(series.definition.split()) in plain  # may break after "docs/")


def test_the_pack_shows_its_own_organisation_in_the_funnel_with_the_dashboards_counts(
    org: Organisation, pack_file: Path
) -> None:
    report = divide.divide_report(org=org, on=JAN, suppress=True)
    senior = report["aggregates"]["senior_management"]
    row = next(
        line
        for line in _pdf_text(pack_file).splitlines()
        if line.strip().startswith("Alpha Hospitals") and "%" in line
    )
    figures = [t for t in row.split() if re.fullmatch(r"[\d,]+|\*|[\d.]+%", t)]
    assert figures[:3] == [
        fmt_number(senior["holders"]),
        fmt_number(senior["clinician_holders"]),
        fmt_share(senior["clinician_share"]),
    ]


def test_the_packs_coverage_series_is_the_capability_pages_released_share(
    org: Organisation,
) -> None:
    """The pack's capability coverage at a month end is the share the capability coverage table
    releases to the board for that month end (rounded to 10%, or hidden)."""
    from mantle.boardpack.sections import board_actor, coverage_monthly
    from mantle.capability.selectors import coverage_table

    actor = board_actor(org)
    days = [dt.date(2025, 12, 31), JAN]
    shares = coverage_monthly(org=org, dates=days, actor=actor)
    for day in days:
        (row,) = coverage_table(actor, organisation=org, by="org_code", on=day).to_dicts()
        expected = None if not row["staff"] else (row["share"] if row["share"] is not None else "*")
        assert shares[day.isoformat()] == expected
    assert any(v is not None for v in shares.values())


def test_fppt_status_counts_go_through_the_disclosure_layer() -> None:
    """Board members by FPPT status: a status held by 1 to 4 members is hidden, and so is a
    second one, so that the total (shown) cannot give it away; completion needs its counts."""
    from mantle.boardpack.sections import fppt_protected

    counts = {
        "members": 12,
        "not_opened": 0,
        "draft": 2,
        "attested": 0,
        "reviewed": 0,
        "signed_off": 10,
        "submitted": 0,
        "references_outstanding": 1,
    }
    fppt = fppt_protected(counts)
    shown = {r["key"]: r["count"] for r in fppt["rows"]}
    assert fppt["members"] == 12 and shown["draft"] == "*" and shown["signed_off"] == "*"
    assert shown["not_opened"] == 0 and fppt["references_outstanding"] == "*"
    assert fppt["completion"] == "*"
    released = fppt_protected({**counts, "draft": 0, "signed_off": 12, "references_outstanding": 0})
    assert released["completion"] == 1.0 and released["footnotes"] == []
