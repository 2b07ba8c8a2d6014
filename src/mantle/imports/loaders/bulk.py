"""Fast, plain inserts for the importer: ``COPY … FROM STDIN`` on PostgreSQL, ``executemany`` on
SQLite. Rows are tuples in the order of ``columns`` (model field names); no model instances are built,
because creating a million Django objects costs more than writing the rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import connection

SQLITE_CHUNK = 20_000


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def insert_rows(model: Any, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert ``rows`` into ``model``'s table; returns how many were written."""
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    names = [connection.ops.quote_name(meta.get_field(c).column) for c in columns]
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(names)}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608 - names are our own columns
        chunk: list[tuple[Any, ...]] = []
        for row in rows:
            chunk.append(tuple(_sqlite_value(v) for v in row))
            if len(chunk) >= SQLITE_CHUNK:
                cursor.executemany(sql, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)
            count += len(chunk)
    return count


def fetch_rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Run a read query and return plain tuples (no model instances)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


# -- column-wise (Polars) reads and writes ----------------------------------------------------

FRAME_BATCH = 100_000


def fetch_frame(sql: str, params: Sequence[Any], schema: dict[str, Any]) -> Any:
    """Run a read query and return a Polars frame with ``schema`` (column name → dtype).

    On PostgreSQL each column comes back as one array (``array_agg`` over the query), which the
    driver decodes in C: a million rows arrive as a handful of values, not a million tuples (and
    not a million ``COPY`` messages, which cost far more in the driver than the data does).
    """
    import polars as pl

    names = list(schema)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            aliases = ", ".join(f"c{index}" for index in range(len(names)))
            arrays = ", ".join(f"array_agg(q.c{index})" for index in range(len(names)))
            cursor.execute(f"SELECT {arrays} FROM ({sql}) AS q({aliases})", params)  # noqa: S608
            columns = cursor.fetchone()
            if columns is None or columns[0] is None:
                return pl.DataFrame(schema=schema)
            return pl.DataFrame(
                {
                    name: pl.Series(name, column, dtype=dtype)
                    for (name, dtype), column in zip(schema.items(), columns, strict=True)
                }
            )
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return pl.DataFrame(schema=schema)
    columns = list(zip(*rows, strict=True))
    text = pl.DataFrame(
        {
            name: pl.Series(name, [_text(value) for value in column], dtype=pl.String)
            for name, column in zip(names, columns, strict=True)
        }
    )
    return text.select(_cast(name, dtype) for name, dtype in schema.items())


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()[:10]
    return str(value)


def _cast(name: str, dtype: Any) -> Any:
    import polars as pl

    column = pl.col(name)
    if dtype == pl.Date:
        return column.str.slice(0, 10).str.to_date("%Y-%m-%d").alias(name)
    if dtype == pl.Boolean:
        return column.is_in(["t", "true", "1", "True"]).alias(name)
    return column.cast(dtype).alias(name)


def insert_frame(model: Any, frame: Any) -> int:
    """Insert every row of a Polars frame (columns named as ``model``'s fields) in batches.

    PostgreSQL: ``COPY … FROM STDIN`` in CSV, batch by batch, so memory stays bounded; SQLite:
    ``executemany``. Dates go as ISO text, booleans as true/false, nulls as NULL.
    """
    import polars as pl

    if frame.height == 0:
        return 0
    meta = model._meta
    table = connection.ops.quote_name(meta.db_table)
    names = [connection.ops.quote_name(meta.get_field(c).column) for c in frame.columns]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} ({', '.join(names)}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                for part in frame.iter_slices(FRAME_BATCH):
                    copy.write(part.write_csv(include_header=False, date_format="%Y-%m-%d"))
            return frame.height
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join(['%s'] * len(names))})"  # noqa: S608 - names are our own columns
        dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
        frame = frame.with_columns(pl.col(dates).dt.to_string("%Y-%m-%d")) if dates else frame
        for part in frame.iter_slices(SQLITE_CHUNK):
            cursor.executemany(sql, part.rows())
    return frame.height


def update_frame(model: Any, frame: Any, *, key: str = "id") -> int:
    """Set the other columns of ``frame`` on the rows of ``model`` whose ``key`` matches.

    PostgreSQL: the rows are copied into a temporary table and applied in one ``UPDATE … FROM``;
    SQLite: ``executemany``.
    """
    import polars as pl

    if frame.height == 0:
        return 0
    meta = model._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    key_column = quote(meta.get_field(key).column)
    others = [c for c in frame.columns if c != key]
    columns = {c: quote(meta.get_field(c).column) for c in frame.columns}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE TEMP TABLE mantle_update ON COMMIT DROP AS SELECT {', '.join(columns.values())} "  # noqa: S608
                f"FROM {table} WITH NO DATA"
            )
            sql = f"COPY mantle_update ({', '.join(columns.values())}) FROM STDIN WITH (FORMAT csv)"
            with cursor.cursor.copy(sql) as copy:
                for part in frame.iter_slices(FRAME_BATCH):
                    copy.write(part.write_csv(include_header=False, date_format="%Y-%m-%d"))
            sets = ", ".join(f"{columns[c]} = u.{columns[c]}" for c in others)
            cursor.execute(
                f"UPDATE {table} t SET {sets} FROM mantle_update u "  # noqa: S608
                f"WHERE t.{key_column} = u.{key_column}"
            )
            cursor.execute("DROP TABLE mantle_update")
            return frame.height
        sets = ", ".join(f"{columns[c]} = %s" for c in others)
        sql = f"UPDATE {table} SET {sets} WHERE {key_column} = %s"  # noqa: S608
        dates = [name for name, dtype in frame.schema.items() if dtype == pl.Date]
        frame = frame.with_columns(pl.col(dates).dt.to_string("%Y-%m-%d")) if dates else frame
        for part in frame.select([*others, key]).iter_slices(SQLITE_CHUNK):
            cursor.executemany(sql, part.rows())
    return frame.height
