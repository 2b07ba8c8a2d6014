"""Issue 13 item 19: date parameters in pages, the API and the CLI accept only real dates in the
documented range (1948-07-05 to 2099-12-31, written YYYY-MM-DD); anything else is refused with a
message naming the parameter — a 422 from the API, a 400 page with an error summary, a usage error
from a command — never read as 1970-01-01, never a server error, never silently "today"."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from mantle.core.dates import (
    EARLIEST,
    LATEST,
    DateParameterError,
    parse_date_parameter,
)

BAD = ["0", "0001-01-31", "2024-02-30", "20240101", "2024-1-1", "1948-07-04", "2100-01-01", "x"]


@given(st.dates(min_value=EARLIEST, max_value=LATEST))
def test_every_real_date_in_range_is_accepted(day: dt.date) -> None:
    assert parse_date_parameter(day.isoformat(), name="as_of") == day


@pytest.mark.parametrize("raw", [*BAD, 0, 1.5, dt.datetime(2024, 1, 1, 12, 0)])
def test_anything_else_is_refused_naming_the_parameter(raw: object) -> None:
    with pytest.raises(DateParameterError, match=r"^as_of must be a real date written YYYY-MM-DD"):
        parse_date_parameter(raw, name="as_of")


@pytest.mark.parametrize("raw", BAD)
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organisations/RXA/divide?as_of={}",
        "/api/v1/development/organisations/RXA/conversion?as_of={}",
        "/api/v1/development/me?as_of={}",
    ],
)
def test_the_api_answers_a_bad_date_with_422_naming_it(trust: Any, url: str, raw: str) -> None:
    client = Client()
    client.force_login(trust.users["exec"])
    response = client.get(url.format(raw))
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["code"] == "validation_error"
    assert [e["field"] for e in body["errors"]] == ["query.as_of"]
    assert "YYYY-MM-DD" in body["errors"][0]["message"]


def test_the_api_still_takes_a_good_date(trust: Any) -> None:
    client = Client()
    client.force_login(trust.users["exec"])
    response = client.get("/api/v1/organisations/RXA/divide?as_of=2026-01-31")
    assert response.status_code == 200
    assert response.json()["as_of"] == "2026-01-31"


@pytest.mark.parametrize(
    "url",
    [
        "/divide/?org=RXA&as_of={}",
        "/divide/?org=RXA&since={}",
        "/register/people/{person}/?as_of={}",
        "/development/?as_of={}",
    ],
)
def test_a_page_answers_a_bad_date_with_an_error_naming_it(trust: Any, url: str) -> None:
    client = Client()
    client.force_login(trust.users["exec"] if "divide" in url else trust.users["staff"])
    response = client.get(url.format("0001-01-31", person=trust.nurse.pk))
    assert response.status_code == 400
    text = response.content.decode()
    assert "There is a problem" in text
    name = "since" if "since" in url else "as_of"
    assert f"<code>{name}</code>" in text
    assert "1948-07-05 to 2099-12-31" in text


def test_a_command_refuses_a_bad_date() -> None:
    with pytest.raises(CommandError, match="as-of"):
        call_command("divide", "--all", "--as-of", "0")


@pytest.mark.parametrize("raw", ["0", "0001-01-31", "2024-02-30"])
def test_a_bad_date_in_an_api_body_is_a_422_naming_the_field(trust: Any, raw: str) -> None:
    client = Client()
    client.force_login(trust.users["hr"])
    response = client.post(
        "/api/v1/register/organisations/RXA/assignments",
        {
            "person_id": trust.nurse.pk,
            "post_id": trust.nurse_post.pk,
            "fte": "1",
            "start_date": raw,
        },
        content_type="application/json",
    )
    assert response.status_code == 422, response.content
    assert [e["field"] for e in response.json()["errors"]] == ["start_date"]


def test_form_dates_follow_the_same_range() -> None:
    from django import forms as django_forms

    from mantle.core.dates import validate_date_in_range

    class _Form(django_forms.Form):
        on = django_forms.DateField(validators=[validate_date_in_range])

    assert _Form({"on": "2024-05-01"}).is_valid()
    refused = _Form({"on": "0001-01-31"})
    assert not refused.is_valid()
    assert refused.errors["on"] == ["Enter a date from 5 July 1948 to 31 December 2099."]


@pytest.mark.django_db
def test_the_post_change_form_refuses_year_one(trust: Any) -> None:
    from mantle.workforce.forms import PostChangeForm

    form = PostChangeForm({"effective": "0001-01-31"}, organisation=trust.org)
    assert not form.is_valid()
    assert "Enter a date from 5 July 1948" in form.errors["effective"][0]
