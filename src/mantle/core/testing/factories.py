"""factory_boy factories for the register and accounts. ``PostFactory`` makes a Post with one version
(use ``post_version__tier=…`` etc. or call ``make_post``); ``AssignmentFactory`` makes a live assignment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import factory
from django.contrib.auth import get_user_model

from mantle.accounts.models import Membership
from mantle.workforce.models import (
    Assignment,
    EmployeeNumber,
    Organisation,
    Person,
    Post,
    PostVersion,
    Registration,
    Unit,
)

START = dt.date(2020, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.nhs.uk")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(
        lambda n: f"R{n // 36 % 36:X}{n % 36:X}"[:3] if n < 1296 else f"R{n:04d}"
    )
    name = factory.LazyAttribute(lambda o: f"Test Trust {o.code}")
    org_type = Organisation.Type.ACUTE


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("organisation", "path")

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Unit {n}")
    path = factory.LazyAttribute(lambda o: o.name)
    depth = 1


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "staff"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    date_of_birth = dt.date(1975, 6, 1)


class EmployeeNumberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployeeNumber

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: f"E{n:07d}")


def make_post(
    *,
    organisation: Organisation,
    title: str = "Staff Nurse",
    unit: Unit | None = None,
    tier: str = "none",
    occupation_code: str = "N6A",
    pay_band: str = "Band 5",
    job_role: str = "",
    statutory_clinical: bool = False,
    critical: bool | None = None,
    reports_to: Post | None = None,
    valid_from: dt.date = START,
    position_number: str | None = None,
) -> Post:
    """A post with one version in force from ``valid_from``."""
    unit = unit or UnitFactory.create(organisation=organisation, name="Trust", path="Trust")
    post = Post.objects.create(
        organisation=organisation,
        position_number=position_number or f"P{Post.objects.count() + 1:06d}",
    )
    PostVersion.objects.create(
        post=post,
        organisation=organisation,
        valid_from=valid_from,
        title=title,
        unit=unit,
        reports_to=reports_to,
        occupation_code=occupation_code,
        pay_band=pay_band,
        tier=tier,
        job_role=job_role,
        statutory_clinical=statutory_clinical,
        critical=(tier in {"board_non_executive", "board_executive", "senior"})
        if critical is None
        else critical,
    )
    return post


def make_person(
    *, organisation: Organisation, user: Any = None, dob: dt.date | None = None, **kwargs: Any
) -> Person:
    person: Person = PersonFactory.create(
        user=user, date_of_birth=dob or dt.date(1975, 6, 1), **kwargs
    )
    EmployeeNumberFactory(person=person, organisation=organisation)
    return person


def make_assignment(
    *,
    person: Person,
    post: Post,
    fte: str | Decimal = "1",
    start: dt.date = START,
    end: dt.date | None = None,
    acting: bool = False,
) -> Assignment:
    """An assignment from ``start`` to ``end`` inclusive (open-ended when ``end`` is None)."""
    return Assignment.objects.create(
        organisation=post.organisation,
        assignment_number=f"A{Assignment.objects.count() + 1:07d}",
        person=person,
        post=post,
        fte=Decimal(str(fte)),
        start_date=start,
        valid_from=start,
        valid_to=end + dt.timedelta(days=1) if end else None,
        acting=acting,
    )


def make_registration(
    *,
    person: Person,
    body: str = "GMC",
    number: str = "1234567",
    status: str = "registered",
    start: dt.date = START,
    end: dt.date | None = None,
) -> Registration:
    return Registration.objects.create(
        person=person,
        body=body,
        number=number,
        status=status,
        valid_from=start,
        valid_to=end + dt.timedelta(days=1) if end else None,
    )


def make_user(
    *,
    username: str,
    roles: list[tuple[str, Organisation | None]] = (),  # type: ignore[assignment]
    person: Person | None = None,
    superuser: bool = False,
) -> Any:
    """A user with the given (role, organisation) memberships, optionally linked to a person."""
    user = UserFactory.create(username=username, is_superuser=superuser, is_staff=superuser)
    for role, org in roles:
        Membership.objects.get_or_create(user=user, organisation=org, role=role)
    if person is not None:
        person.user = user
        person.save(update_fields=["user"])
    return user
