"""Read an extract into one Polars table of cell texts: the first step of ``parse_extract``.

The table has one text column per header cell (``c0``, ``c1``, …; a missing cell is ``""``) and a
``row`` column with the spreadsheet row number (header = 1). Blank rows are left out, but every
other row keeps the number it has in the spreadsheet.

Two readers give the same table:

* **Polars' CSV reader** (multi-threaded, about six times faster than Python's ``csv``) for the
  common case: a UTF-8 CSV whose records all have at most as many values as the header.
* **Python's ``csv`` module / openpyxl** (``parsers.common.iter_rows``), in batches, for
  everything else: XLSX, a row with stray values beyond the header, a file Polars refuses
  (malformed quotes, bad UTF-8), and any cell holding a quote or a carriage return, where the two
  readers could disagree. This path is the reference behaviour; Polars is only trusted where it
  provably reads the same cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

import polars as pl

from mantle.imports.parsers.common import ParseError, RowError, detect_kind, is_blank, iter_rows

BATCH_ROWS = 100_000


@dataclass
class RawTable:
    """A file's header and its non-blank data rows as text columns ``c0``… plus ``row``.

    ``problem`` is a header-level error that stops the check (an empty file, a blank first row);
    ``errors`` are rows with values beyond the header (reported, their extra values dropped).
    """

    header: list[str] = field(default_factory=list)
    frame: pl.DataFrame = field(default_factory=pl.DataFrame)
    errors: list[RowError] = field(default_factory=list)
    problem: RowError | None = None


def cell_columns(width: int) -> list[str]:
    return [f"c{index}" for index in range(width)]


def read_table(
    *,
    source: BinaryIO | Path,
    filename: str,
    header_stops: Callable[[list[str]], bool] = lambda header: False,
) -> RawTable:
    """Read a CSV or XLSX extract into a ``RawTable`` (see the module docstring).

    ``header_stops`` says whether a header is so wrong that no data row should be read (the
    table then has the header alone). Raises ParseError for a file that is not readable CSV or
    XLSX (for the rows after the header, only when they are read).
    """
    table = _read_with_polars(source, filename)
    if table is not None:
        return table
    if not isinstance(source, Path):
        source.seek(0)
    return _read_with_python(source, filename, header_stops)


def _read_with_polars(source: BinaryIO | Path, filename: str) -> RawTable | None:
    """The fast reader, or None when the file needs the reference reader."""
    stream: IO[bytes]
    if isinstance(source, Path):
        try:
            stream = source.open("rb")
        except OSError:
            return None  # the reference reader words the error
        opened = True
    else:
        seekable = getattr(source, "seekable", None)
        if not (callable(seekable) and seekable()):
            return None
        stream, opened = source, False
    try:
        start = stream.tell()
        if detect_kind(stream, filename) != "csv":
            return None
        name = getattr(stream, "name", None)
        target: Path | IO[bytes] = (
            Path(name) if isinstance(name, str) and start == 0 and Path(name).is_file() else stream
        )
        try:
            raw = pl.read_csv(
                target,
                has_header=False,
                infer_schema=False,
                raise_if_empty=False,
                encoding="utf8",
                quote_char='"',
            )
        except Exception:
            return None
        finally:
            stream.seek(start)
    except ParseError:
        return None
    finally:
        if opened:
            stream.close()
    if raw.height < 2:
        return None  # empty, or a header alone: the reference reader words those cases
    if _has_lone_carriage_return(target):
        return None  # Python's csv ends a row there; Polars would not
    raw = raw.select(pl.all().fill_null(""))
    names = raw.columns
    header = [str(cell) for cell in raw.row(0)]
    if is_blank(header):
        return None
    frame = raw.slice(1).rename(dict(zip(names, cell_columns(len(names)), strict=True)))
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias("row"))
    return RawTable(header=header, frame=_drop_blank(frame, len(names)))


def _has_lone_carriage_return(target: Path | IO[bytes]) -> bool:
    """Whether the file has a carriage return that is not part of a CRLF line ending."""
    stream = target.open("rb") if isinstance(target, Path) else target
    try:
        start = stream.tell()
        previous = b""
        while chunk := stream.read(1 << 24):
            chunk = previous + chunk
            if b"\r" not in chunk:
                previous = b""
                continue
            if chunk.count(b"\r") != chunk.count(b"\r\n") + chunk.endswith(b"\r"):
                return True
            previous = b"\r" if chunk.endswith(b"\r") else b""
        if previous:
            return True
        if not isinstance(target, Path):
            stream.seek(start)
        return False
    finally:
        if isinstance(target, Path):
            stream.close()


def _drop_blank(frame: pl.DataFrame, width: int) -> pl.DataFrame:
    """Leave out rows whose every cell is empty or white space (Python's ``isspace``).

    Only rows whose first cell is blank can be blank, so the other cells are looked at only for
    those; whether they are blank is then decided by ``is_blank`` itself.
    """
    first = pl.col("c0")
    maybe = frame.filter(first.str.len_bytes().eq(0) | first.str.contains(r"^[\s\x1c-\x1f]*$"))
    if maybe.height == 0:
        return frame
    names = cell_columns(width)
    blank = [
        number
        for number, *cells in maybe.select("row", *names).iter_rows()
        if is_blank(list(cells))
    ]
    return frame.filter(~pl.col("row").is_in(blank)) if blank else frame


def _read_with_python(
    source: BinaryIO | Path, filename: str, header_stops: Callable[[list[str]], bool]
) -> RawTable:
    reader = iter_rows(source=source, filename=filename)
    header = next(reader, None)
    if header is not None and is_blank(header):
        # A file of blank lines is empty; a blank row above the header is a layout problem.
        if all(is_blank(cells) for cells in reader):
            header = None
        else:
            return RawTable(
                problem=RowError(
                    1,
                    "",
                    "",
                    "row 1 is blank: the header must be the first row",
                    "the header row first, then one row per assignment",
                )
            )
    if header is None:
        return RawTable(
            problem=RowError(1, "", "", f"{filename} is empty", "a header row and data rows")
        )
    if header_stops(header):
        return RawTable(header=header)
    width = len(header)
    errors: list[RowError] = []
    frames = [
        _batch_frame(batch, width) for batch in _batches(enumerate(reader, start=2), width, errors)
    ]
    frame = (
        pl.concat(frames)
        if frames
        else pl.DataFrame(
            {**{name: [] for name in cell_columns(width)}, "row": []},
            schema={**dict.fromkeys(cell_columns(width), pl.String), "row": pl.Int64},
        )
    )
    return RawTable(header=header, frame=frame, errors=errors)


def _batches(
    rows: Iterator[tuple[int, list[str]]], width: int, errors: list[RowError]
) -> Iterator[list[tuple[int, list[str]]]]:
    batch: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        if is_blank(cells):
            continue
        count = len(cells)
        if count > width:
            extra = [cell for cell in cells[width:] if cell.strip()]
            if extra:
                errors.append(
                    RowError(
                        number,
                        "",
                        ", ".join(extra),
                        f"row has {count} values but the header has {width} columns (a stray "
                        "comma or an unquoted value?)",
                        "one value per header column",
                    )
                )
            cells = cells[:width]
        elif count < width:
            cells = cells + [""] * (width - count)
        batch.append((number, cells))
        if len(batch) >= BATCH_ROWS:
            yield batch
            batch = []
    if batch:
        yield batch


def _batch_frame(batch: list[tuple[int, list[str]]], width: int) -> pl.DataFrame:
    columns = list(zip(*(cells for _, cells in batch), strict=True))
    data: dict[str, pl.Series] = {
        name: pl.Series(name, column, dtype=pl.String)
        for name, column in zip(cell_columns(width), columns, strict=True)
    }
    data["row"] = pl.Series("row", [number for number, _ in batch], dtype=pl.Int64)
    return pl.DataFrame(data)
