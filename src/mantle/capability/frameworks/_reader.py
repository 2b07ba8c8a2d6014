"""Small typed readers over parsed JSON that fail with the exact location of the problem.

A framework file is edited by hand; an error such as "dimensions[3].statements[1].key: must be
unique, first used at dimensions[0].statements[2]" saves its author a search.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
STATEMENT_KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.\-]*$")
MAX_TEXT_LENGTH = 400


class FrameworkDataError(ValueError):
    """A framework or crosswalk file does not match the expected shape.

    ``source`` names the file, ``location`` the JSON path inside it (``$`` is the top level)
    and ``problem`` what is wrong there.
    """

    def __init__(self, *, source: str, location: str, problem: str) -> None:
        self.source = source
        self.location = location
        self.problem = problem
        super().__init__(f"{source}: {location}: {problem}")


def child(location: str, name: str | int) -> str:
    if isinstance(name, int):
        return f"{location}[{name}]"
    return name if location == "$" else f"{location}.{name}"


class Reader:
    """Reads values out of parsed JSON, raising FrameworkDataError at the first problem."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, location: str, problem: str) -> FrameworkDataError:
        return FrameworkDataError(source=self.source, location=location, problem=problem)

    def obj(
        self,
        value: Any,
        location: str,
        *,
        required: Iterable[str],
        optional: Iterable[str] = (),
    ) -> Mapping[str, Any]:
        """Check an object has every required field and nothing unexpected (typos fail loudly)."""
        if not isinstance(value, dict):
            raise self.fail(location, f"expected an object, found {_json_type(value)}")
        required = tuple(required)
        allowed = set(required) | set(optional)
        for name in required:
            if name not in value:
                raise self.fail(location, f"missing required field '{name}'")
        for name in value:
            if name not in allowed:
                expected = ", ".join(sorted(allowed))
                raise self.fail(child(location, name), f"unexpected field (allowed: {expected})")
        return value

    def text(self, value: Any, location: str, *, max_length: int = MAX_TEXT_LENGTH) -> str:
        if not isinstance(value, str):
            raise self.fail(location, f"expected a string, found {_json_type(value)}")
        if not value.strip():
            raise self.fail(location, "must not be empty")
        if value != value.strip():
            raise self.fail(location, "must not start or end with whitespace")
        if "\n" in value:
            raise self.fail(location, "must be a single line")
        if len(value) > max_length:
            raise self.fail(location, f"is {len(value)} characters; the limit is {max_length}")
        return value

    def optional_text(self, value: Any, location: str) -> str | None:
        return None if value is None else self.text(value, location)

    def key(self, value: Any, location: str, *, pattern: re.Pattern[str] = KEY_PATTERN) -> str:
        if not isinstance(value, str):
            raise self.fail(location, f"expected a string key, found {_json_type(value)}")
        if not pattern.fullmatch(value):
            raise self.fail(location, f"'{value}' does not match {pattern.pattern}")
        return value

    def integer(self, value: Any, location: str) -> int:
        # bool is an int subclass in Python; a JSON true must not pass as 1.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.fail(location, f"expected an integer, found {_json_type(value)}")
        return value

    def boolean(self, value: Any, location: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(location, f"expected true or false, found {_json_type(value)}")
        return value

    def array(
        self, value: Any, location: str, *, min_items: int = 0, max_items: int | None = None
    ) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(location, f"expected an array, found {_json_type(value)}")
        if len(value) < min_items:
            raise self.fail(location, f"has {len(value)} items; at least {min_items} required")
        if max_items is not None and len(value) > max_items:
            raise self.fail(location, f"has {len(value)} items; at most {max_items} allowed")
        return value

    def choice(self, value: Any, location: str, *, allowed: Iterable[str]) -> str:
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.fail(location, f"{value!r} is not one of {', '.join(allowed)}")
        return str(value)


class UniqueKeys:
    """Remembers where each key was first used so a duplicate names both places."""

    def __init__(self, reader: Reader, what: str) -> None:
        self._reader = reader
        self._what = what
        self._seen: dict[str, str] = {}

    def add(self, key: str, location: str) -> None:
        if key in self._seen:
            raise self._reader.fail(
                location, f"{self._what} '{key}' is already used at {self._seen[key]}"
            )
        self._seen[key] = location


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
