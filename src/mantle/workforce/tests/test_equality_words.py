"""Issue 13 item 17: equality data are shown in NHS Data Dictionary words, not raw codes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from mantle.core.tests.conftest import trust  # noqa: F401 (the shared small-trust fixture)
from mantle.workforce.models import EqualityRecord
from mantle.workforce.rules.equality_codes import (
    ETHNIC_CATEGORY_WORDS,
    SEX_WORDS,
    in_words,
)


@pytest.mark.parametrize(
    ("code", "table", "words"),
    [
        ("1", SEX_WORDS, "Male"),
        ("2", SEX_WORDS, "Female"),
        ("a", ETHNIC_CATEGORY_WORDS, "White – British"),
        ("N", ETHNIC_CATEGORY_WORDS, "Black or Black British – African"),
        ("99", ETHNIC_CATEGORY_WORDS, "Not known (not recorded)"),
        ("", SEX_WORDS, "Not recorded"),
        ("Q", ETHNIC_CATEGORY_WORDS, "Q (a code Mantle does not recognise)"),
    ],
)
def test_codes_become_words(code: str, table: Any, words: str) -> None:
    assert in_words(code, table) == words


@pytest.mark.django_db
def test_hr_sees_equality_data_in_words_on_the_profile(trust: Any) -> None:  # noqa: F811
    # Given a nurse whose equality record holds the codes 2, A and N
    EqualityRecord.objects.create(person=trust.nurse, sex="2", ethnic_category="A", disability="N")

    # When an HR administrator opens her record
    client = Client()
    client.force_login(trust.users["hr"])
    page = client.get(f"/register/people/{trust.nurse.pk}/").content.decode()

    # Then the words are shown
    assert "Female" in page and "White – British" in page
    assert ">A<" not in page and ">2<" not in page
