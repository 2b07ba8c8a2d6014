"""Issue 13 item 18: exactly one navigation item is current, and on the person's own profile it is
"My profile" (whose address redirects there), not "Organisation"."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from mantle.core.context_processors import mantle


def _current(user: Any, path: str) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [i["text"] for i in mantle(request)["navigation"] if i["current"]]


@pytest.mark.django_db
def test_my_own_profile_highlights_my_profile(trust: Any) -> None:
    manager = trust.users["manager"]
    own = f"/register/people/{trust.manager.pk}/"
    assert _current(manager, own) == ["My profile"]
    assert _current(manager, "/register/me/") == ["My profile"]


@pytest.mark.django_db
def test_someone_elses_record_and_the_register_highlight_organisation(trust: Any) -> None:
    hr = trust.users["hr"]
    assert _current(hr, f"/register/people/{trust.nurse.pk}/") == ["Organisation"]
    assert _current(hr, "/register/") == ["Organisation"]
    assert _current(hr, "/leadership/") == ["Leadership"]
    assert _current(hr, "/nowhere/") == []
