"""The questionnaire a person fills in (self-assessment or 360° rater form), as pure Python.

Shared by the web forms and the API so both read and check answers the same way.

Rules:
* every statement is answered with a point on the framework's scale, or "not applicable" where the
  scale has that option (stored as null);
* when a framework rates importance to the role, importance is asked once per dimension; for the
  engine it is recorded against the dimension's first statement, and since a rater's dimension
  importance is the mean of the importance values they gave, it is exactly the value chosen;
* saved answers are ``{"statements": {key: value | null}, "importance": {dimension: value}}``; a
  statement absent from ``statements`` has not been answered yet (a draft may be partial, a
  submission may not).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from mantle.capability.frameworks import FrameworkSpec

NOT_APPLICABLE = "na"
STATEMENT_PREFIX = "s:"
IMPORTANCE_PREFIX = "i:"
API_IMPORTANCE_PREFIX = "importance:"


class Answers(TypedDict):
    statements: dict[str, int | None]
    importance: dict[str, int]


class AnswerError(ValueError):
    """An answer is not a value the framework allows."""


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    hint: str


@dataclass(frozen=True)
class Question:
    key: str
    field: str
    text: str
    answer: str | None


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    group_name: str | None
    description: str
    questions: tuple[Question, ...]
    importance_field: str | None
    importance_answer: str | None


def empty_answers() -> Answers:
    return {"statements": {}, "importance": {}}


def coerce_answers(raw: Any) -> Answers:
    """Saved JSON as Answers (tolerates an empty dict from a fresh row)."""
    if not isinstance(raw, Mapping):
        return empty_answers()
    statements = raw.get("statements") or {}
    importance = raw.get("importance") or {}
    return {"statements": dict(statements), "importance": dict(importance)}


def options(spec: FrameworkSpec) -> tuple[Option, ...]:
    """Scale points as form options, with "not applicable" last when the scale allows it."""
    points = [Option(str(p.value), p.label, p.description) for p in spec.scale.points]
    if spec.scale.not_applicable is not None:
        na = spec.scale.not_applicable
        points.append(Option(NOT_APPLICABLE, na.label, na.description))
    return tuple(points)


def importance_options(spec: FrameworkSpec) -> tuple[Option, ...]:
    if spec.importance_scale is None:
        return ()
    return tuple(Option(str(p.value), p.label, p.description) for p in spec.importance_scale.points)


def sections(spec: FrameworkSpec, answers: Answers) -> tuple[Section, ...]:
    """The questionnaire laid out by dimension, with any saved answers filled in."""
    result = []
    statements = answers["statements"]
    for dimension in spec.dimensions:
        questions = []
        for statement in dimension.statements:
            answer: str | None = None
            if statement.key in statements:
                value = statements[statement.key]
                answer = NOT_APPLICABLE if value is None else str(value)
            questions.append(
                Question(statement.key, STATEMENT_PREFIX + statement.key, statement.text, answer)
            )
        importance_field = IMPORTANCE_PREFIX + dimension.key if spec.rates_importance else None
        chosen = answers["importance"].get(dimension.key)
        group = spec.group_by_key.get(dimension.group) if dimension.group else None
        result.append(
            Section(
                key=dimension.key,
                name=dimension.name,
                group_name=group.name if group else None,
                description=dimension.description,
                questions=tuple(questions),
                importance_field=importance_field,
                importance_answer=str(chosen) if chosen is not None else None,
            )
        )
    return tuple(result)


def parse_answers(spec: FrameworkSpec, data: Mapping[str, Any]) -> Answers:
    """Read form fields (``s:<statement>``, ``i:<dimension>``) into answers.

    Rule: blank fields are unanswered and left out; anything else must be a scale value (or "na"
    where the scale allows it), otherwise AnswerError names the statement.
    """
    allowed = {str(v) for v in spec.scale.values}
    importance_allowed = (
        {str(v) for v in spec.importance_scale.values} if spec.importance_scale else set()
    )
    answers = empty_answers()
    for dimension in spec.dimensions:
        if spec.rates_importance:
            raw_importance = _single(data.get(IMPORTANCE_PREFIX + dimension.key))
            if raw_importance:
                if raw_importance not in importance_allowed:
                    raise AnswerError(
                        f"{dimension.name}: importance {raw_importance!r} is not on the scale"
                    )
                answers["importance"][dimension.key] = int(raw_importance)
        for statement in dimension.statements:
            raw = _single(data.get(STATEMENT_PREFIX + statement.key))
            if not raw:
                continue
            if raw == NOT_APPLICABLE:
                if spec.scale.not_applicable is None:
                    raise AnswerError(f"{statement.key}: this scale has no 'not applicable' option")
                answers["statements"][statement.key] = None
            elif raw in allowed:
                answers["statements"][statement.key] = int(raw)
            else:
                raise AnswerError(f"{statement.key}: {raw!r} is not a point on the scale")
    return answers


def answers_from_api(spec: FrameworkSpec, payload: Mapping[str, Any]) -> Answers:
    """API answers: ``{statement key: value or "na", "importance:<dimension>": value}``."""
    form: dict[str, Any] = {}
    for key, value in payload.items():
        text = "" if value is None else str(value)
        if key.startswith(API_IMPORTANCE_PREFIX):
            dimension = key.removeprefix(API_IMPORTANCE_PREFIX)
            if dimension not in spec.dimension_by_key:
                raise AnswerError(f"{dimension!r} is not a dimension of {spec.ref}")
            form[IMPORTANCE_PREFIX + dimension] = text
        elif key in spec.dimension_of_statement:
            form[STATEMENT_PREFIX + key] = text
        else:
            raise AnswerError(f"{key!r} is not a statement of {spec.ref}")
    return parse_answers(spec, form)


def missing_answers(spec: FrameworkSpec, answers: Answers) -> list[str]:
    """What is still unanswered before the questionnaire can be submitted.

    Rule: every statement needs an answer ("not applicable" counts where offered) and, where
    importance is rated, every dimension needs an importance rating.
    """
    missing: list[str] = []
    for dimension in spec.dimensions:
        unanswered = sum(1 for s in dimension.statements if s.key not in answers["statements"])
        if unanswered:
            plural = "statement" if unanswered == 1 else "statements"
            missing.append(f"{dimension.name}: {unanswered} {plural} not answered")
        if spec.rates_importance and dimension.key not in answers["importance"]:
            missing.append(f"{dimension.name}: importance to the role not given")
    return missing


def answered_count(spec: FrameworkSpec, answers: Answers) -> tuple[int, int]:
    """(statements answered, statements in the framework) for progress displays."""
    total = len(spec.dimension_of_statement)
    done = sum(1 for key in answers["statements"] if key in spec.dimension_of_statement)
    return done, total


def engine_ratings(
    spec: FrameworkSpec, answers: Answers
) -> dict[str, tuple[int | None, int | None]]:
    """Answers as the engine's statement → (performance, importance) pairs (see module rules)."""
    ratings: dict[str, tuple[int | None, int | None]] = {}
    for dimension in spec.dimensions:
        importance = answers["importance"].get(dimension.key)
        for index, statement in enumerate(dimension.statements):
            carries = index == 0 and importance is not None
            if statement.key in answers["statements"]:
                ratings[statement.key] = (
                    answers["statements"][statement.key],
                    importance if carries else None,
                )
            elif carries:
                ratings[statement.key] = (None, importance)
    return ratings


def _single(value: Any) -> str:
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return "" if value is None else str(value).strip()
