"""When an incumbent reaches retirement age, and how close that is on a date.

Rule (docs/talent.md, "Retirement proximity"): each organisation chooses a *basis* for the age at which
its staff are expected to retire. The defaults are the normal pension ages of the NHS Pension Scheme:

* ``nhs_2015`` — the 2015 scheme: normal pension age equals State Pension age (see
  ``state_pension_date``); this is the default because nearly every member now builds benefits in it;
* ``nhs_2008`` — the 2008 section: 65;
* ``nhs_1995`` — the 1995 section: 60;
* ``nhs_1995_special`` — the 1995 section with special class or mental health officer status: 55;
* ``fixed`` — an age the organisation sets.

A reviewer may record an expected retirement age for one incumbent (it then wins). Proximity is
measured from the as-at date to the retirement date: *past* (on or after it), *near* (within
``near_years``), *approaching* (within ``far_years``) or *later*.
"""

from __future__ import annotations

import calendar
import datetime as dt
from enum import StrEnum

__all__ = [
    "RetirementBasis",
    "RetirementProximity",
    "add_months",
    "age_on",
    "retirement_date",
    "retirement_proximity",
    "state_pension_date",
]


class RetirementBasis(StrEnum):
    NHS_2015 = "nhs_2015"
    NHS_2008 = "nhs_2008"
    NHS_1995 = "nhs_1995"
    NHS_1995_SPECIAL = "nhs_1995_special"
    FIXED = "fixed"


BASIS_LABELS: dict[RetirementBasis, str] = {
    RetirementBasis.NHS_2015: "NHS Pension Scheme 2015: State Pension age",
    RetirementBasis.NHS_2008: "NHS Pension Scheme 2008 section: 65",
    RetirementBasis.NHS_1995: "NHS Pension Scheme 1995 section: 60",
    RetirementBasis.NHS_1995_SPECIAL: "1995 section, special class or mental health officer: 55",
    RetirementBasis.FIXED: "An age set by the organisation",
}

_FIXED_AGES: dict[RetirementBasis, int] = {
    RetirementBasis.NHS_2008: 65,
    RetirementBasis.NHS_1995: 60,
    RetirementBasis.NHS_1995_SPECIAL: 55,
}


class RetirementProximity(StrEnum):
    PAST = "past"
    NEAR = "near"
    APPROACHING = "approaching"
    LATER = "later"


PROXIMITY_LABELS: dict[RetirementProximity, str] = {
    RetirementProximity.PAST: "At or past retirement age",
    RetirementProximity.NEAR: "Reaches retirement age soon",
    RetirementProximity.APPROACHING: "Approaching retirement age",
    RetirementProximity.LATER: "Not near retirement age",
}


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months. Rule: a day that does not exist in the target month
    (29 February in a common year, 31st in a short month) becomes the first day of the next month,
    which is how UK law counts a birthday that falls on 29 February."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day <= last:
        return dt.date(year, month, day.day)
    return dt.date(year, month, last) + dt.timedelta(days=1)


def age_on(*, date_of_birth: dt.date, on: dt.date) -> int:
    """Whole years of age on ``on`` (the birthday itself counts as reached)."""
    years = on.year - date_of_birth.year
    if add_months(date_of_birth, 12 * years) > on:
        years -= 1
    return years


def state_pension_date(date_of_birth: dt.date) -> dt.date:
    """The date a person reaches State Pension age under the Pensions Acts 2007–2014.

    Rule, by date of birth:
    * before 6 October 1954: 65 (a simplification: the real date lay between 60 and 66 and has
      passed for everyone still in work, so it changes no exposure flag after 2021);
    * 6 October 1954 – 5 April 1960: 66;
    * 6 April 1960 – 5 March 1961: 66 and 1 to 11 months, one more month for each later band
      of birth dates running from the 6th of one month to the 5th of the next;
    * 6 March 1961 – 5 April 1977: 67;
    * 6 April 1977 or later: 68 (the legislated rise phases in for people born 6 April 1977 –
      5 April 1978; Mantle uses the 68th birthday, which changes no exposure flag before 2039).
    """
    if date_of_birth < dt.date(1954, 10, 6):
        return add_months(date_of_birth, 65 * 12)
    if date_of_birth < dt.date(1960, 4, 6):
        return add_months(date_of_birth, 66 * 12)
    if date_of_birth < dt.date(1961, 3, 6):
        # Bands run from the 6th to the 5th: shift back five days so each band is a calendar month.
        shifted = date_of_birth - dt.timedelta(days=5)
        extra = (shifted.year - 1960) * 12 + shifted.month - 4 + 1
        return add_months(date_of_birth, 66 * 12 + extra)
    if date_of_birth < dt.date(1977, 4, 6):
        return add_months(date_of_birth, 67 * 12)
    return add_months(date_of_birth, 68 * 12)


def retirement_date(
    *,
    date_of_birth: dt.date,
    basis: RetirementBasis | str,
    fixed_age: int | None = None,
    override_age: int | None = None,
) -> dt.date:
    """The expected retirement date. Rule: a reviewer's ``override_age`` for this person wins; else
    the organisation's basis (module docstring); ``fixed`` needs ``fixed_age``."""
    if override_age is not None:
        return add_months(date_of_birth, 12 * override_age)
    basis = RetirementBasis(basis)
    if basis is RetirementBasis.NHS_2015:
        return state_pension_date(date_of_birth)
    if basis is RetirementBasis.FIXED:
        if fixed_age is None:
            raise ValueError("A fixed retirement basis needs a retirement age.")
        return add_months(date_of_birth, 12 * fixed_age)
    return add_months(date_of_birth, 12 * _FIXED_AGES[basis])


def retirement_proximity(
    *, on: dt.date, retirement_on: dt.date, near_years: int = 2, far_years: int = 5
) -> RetirementProximity:
    """Rule: *past* when ``on`` is on or after the retirement date; *near* when the retirement date
    is within ``near_years`` of ``on`` (the date exactly ``near_years`` ahead counts as near);
    *approaching* within ``far_years``; otherwise *later*."""
    if near_years > far_years:
        raise ValueError("The near window cannot be longer than the far window.")
    if on >= retirement_on:
        return RetirementProximity.PAST
    if retirement_on <= add_months(on, 12 * near_years):
        return RetirementProximity.NEAR
    if retirement_on <= add_months(on, 12 * far_years):
        return RetirementProximity.APPROACHING
    return RetirementProximity.LATER
