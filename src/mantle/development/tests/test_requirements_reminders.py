"""Requirements over the register: evaluation at dates, the compliance report with suppression, and
reminder e-mails that are sent only after the transaction commits, and never twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from mantle.core.access import build_actor
from mantle.development import selectors, services
from mantle.development.models import Holding, Offering, Reminder, Requirement

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def ilm3(trust: Any) -> Offering:
    return Offering.objects.create(
        code="ilm-3",
        name="ILM Level 3 Award in Leadership",
        provider="ILM",
        kind="qualification",
        category="award",
    )


@pytest.fixture
def ward_requirement(trust: Any, ilm3: Offering) -> Requirement:
    hr = build_actor(trust.users["hr"])
    return services.requirement_save(
        actor=hr,
        organisation=trust.org,
        name="First-line award",
        offerings=[ilm3],
        job_role="ward manager",
        grace_days=180,
    )


def test_requirement_applies_through_the_post_and_respects_grace(
    trust: Any, ward_requirement: Requirement
):
    # given Wendy, ward manager since 1 Jan 2020, with no award, and a 180-day grace period
    wendy = trust.people["ward"]

    # when her record is evaluated in March 2020 and in 2024
    early = selectors.evaluations_for_person(person=wendy, on=D(2020, 3, 1))
    late = selectors.evaluations_for_person(person=wendy, on=D(2024, 3, 1))

    # then she is in grace at first and has a gap later; nurses are not in scope
    assert [e.status.value for e in early] == ["in_grace"]
    assert [e.status.value for e in late] == ["gap"]
    assert selectors.evaluations_for_person(person=trust.people["nurse1"], on=D(2024, 3, 1)) == []


def test_requirement_needs_exactly_one_scope(trust: Any, ilm3: Offering):
    hr = build_actor(trust.users["hr"])
    with pytest.raises(Exception, match="exactly one"):
        services.requirement_save(
            actor=hr,
            organisation=trust.org,
            name="x",
            offerings=[ilm3],
            tier="senior",
            job_role="Ward Manager",
        )


def test_only_hr_admins_of_the_organisation_set_requirements(trust: Any, ilm3: Offering):
    from mantle.core.access import AccessDenied

    for who in ("outsider", "manager", "viewer"):
        with pytest.raises(AccessDenied):
            services.requirement_save(
                actor=build_actor(trust.users[who]),
                organisation=trust.org,
                name="x",
                offerings=[ilm3],
                tier="senior",
            )


def test_compliance_report_suppresses_small_counts_for_executives(
    trust: Any, ward_requirement: Requirement
):
    # given one ward manager with a gap
    on = D(2024, 3, 1)

    # when HR and an executive read the compliance report
    hr = selectors.compliance_report(org=trust.org, on=on, suppress=False, include_people=True)
    ex = selectors.compliance_report(org=trust.org, on=on, suppress=True, include_people=False)

    # then HR sees 1 of 1 not met and Wendy by name; the executive sees '*' and no names
    assert (hr.organisation["applicable"], hr.organisation["gap"]) == (1, 1)
    assert hr.organisation["compliance_rate"] == 0
    assert [r.person_name for r in hr.rows] == ["Wendy Ward"]
    assert [(p["key"], p["gap"]) for p in hr.by_post] == [("Ward Manager — Trust/Medicine", 1)]
    assert ex.by_post == []
    assert ex.organisation["applicable"] == "*" and ex.organisation["compliance_rate"] == "*"
    assert ex.rows == []
    assert ex.any_hidden


def test_hidden_cells_never_stand_alone_across_rows(trust: Any):
    # given by-unit rows where one unit has 2 gaps (hidden) and another is large, and the same
    # pairs split by requirement
    from mantle.analytics.disclosure import Figure, audit
    from mantle.development.rules.requirements import Status
    from mantle.development.selectors.compliance import (
        GapRow,
        compliance_cells,
        compliance_protection,
    )

    def pair(i: int, unit: str, status: Status) -> GapRow:
        return GapRow(
            person_id=i,
            person_name=f"P{i}",
            post_id=i,
            post_title="Post",
            unit_path=unit,
            requirement="Level 5" if i % 2 else "Level 7",
            required=True,
            status=status,
            due_on=dt.date(2024, 1, 1),
            expires_on=None,
            reason="",
        )

    rows = [pair(i, "A", Status.MET if i < 18 else Status.GAP) for i in range(20)]
    rows += [pair(100 + i, "B", Status.MET if i < 22 else Status.GAP) for i in range(30)]

    # when the compliance family is protected
    protection = compliance_protection(rows, unit_depth=2)
    cells, _ = compliance_cells(rows, unit_depth=2)

    # then no row or column of any table has a single hidden non-zero cell
    columns = ("applicable", "met", "expiring", "in_grace", "gap")
    for table, key, _ in {c for c in cells if len(c) == 3}:
        hidden = [
            c
            for c in columns
            if cells[(table, key, c)] and not protection.released((table, key, c))
        ]
        assert len(hidden) != 1, (table, key, hidden)
    assert not protection.released(("unit", "A", "gap"))
    # and the auditor cannot pin any small count from everything released
    figures = [
        Figure(name=repr(c), people=m, released=protection.released(c)) for c, m in cells.items()
    ]
    assert audit(figures, threshold=5)["violations"] == []


def test_reminders_are_sent_after_commit_and_only_once(
    trust: Any,
    ward_requirement: Requirement,
    ilm3: Offering,
    django_capture_on_commit_callbacks: Any,
):
    # given Wendy's unmet requirement and Nina's award expiring in 20 days
    on = D(2024, 3, 1)
    Holding.objects.create(
        person=trust.people["nurse1"],
        offering=ilm3,
        awarded_on=D(2021, 3, 21),
        expires_on=D(2024, 3, 21),
    )

    # when the reminders run but the transaction has not committed
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        people = services.reminders_send(actor=None, organisation=trust.org, on=on)

    # then nothing has been sent yet
    assert people == 2
    assert mail.outbox == []

    # when it commits
    for callback in callbacks:
        callback()

    # then each of them has exactly one e-mail saying why
    by_to = {m.to[0]: m for m in mail.outbox}
    assert set(by_to) == {"manager@example.nhs.uk", "nurse@example.nhs.uk"}
    assert "First-line award" in by_to["manager@example.nhs.uk"].body
    assert "valid until 21 March 2024 (20 days)" in by_to["nurse@example.nhs.uk"].body
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2

    # and running again the same day sends nothing new
    with django_capture_on_commit_callbacks(execute=True):
        assert services.reminders_send(actor=None, organisation=trust.org, on=on) == 0
    assert len(mail.outbox) == 2


def test_expiry_reminders_come_at_90_and_at_30_days(
    trust: Any, ilm3: Offering, django_capture_on_commit_callbacks: Any
):
    Holding.objects.create(
        person=trust.people["nurse1"],
        offering=ilm3,
        awarded_on=D(2021, 1, 1),
        expires_on=D(2024, 6, 30),
    )
    sent_on = []
    for day in (D(2024, 3, 1), D(2024, 4, 1), D(2024, 5, 1), D(2024, 6, 1), D(2024, 6, 15)):
        before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            services.reminders_send(actor=None, organisation=trust.org, on=day)
        if len(mail.outbox) > before:
            sent_on.append(day)
    # 1 March is 121 days out (nothing); 1 April is 90 (first); 1 June is 29 (second)
    assert sent_on == [D(2024, 4, 1), D(2024, 6, 1)]


def test_a_rolled_back_run_sends_nothing(
    trust: Any, ward_requirement: Requirement, django_capture_on_commit_callbacks: Any
):
    from django.db import transaction

    class Boom(Exception):
        pass

    def run_and_fail() -> None:
        with transaction.atomic():
            services.reminders_send(actor=None, organisation=trust.org, on=D(2024, 3, 1))
            raise Boom

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Boom):
        run_and_fail()
    assert mail.outbox == []
    assert not Reminder.objects.exists()


def test_compliance_page_access(client: Any, trust: Any, ward_requirement: Requirement):
    # HR sees names; an executive sees suppressed counts only; staff are refused
    client.force_login(trust.users["hr"])
    assert "Wendy Ward" in client.get("/development/compliance/?org=RXA").content.decode()
    client.force_login(trust.users["viewer"])
    page = client.get("/development/compliance/?org=RXA").content.decode()
    assert "Wendy Ward" not in page and "*" in page
    client.force_login(trust.users["nurse"])
    assert client.get("/development/compliance/?org=RXA").status_code == 403
    client.force_login(trust.users["outsider"])
    assert client.get("/development/compliance/?org=RXA").status_code == 404
    # a line manager sees their own team's requirements by name (none of the nurses here)
    client.force_login(trust.users["manager"])
    assert client.get("/development/compliance/").status_code == 200


def test_gap_report_csv_is_for_hr_only(client: Any, trust: Any, ward_requirement: Requirement):
    client.force_login(trust.users["hr"])
    response = client.get("/development/compliance/export.csv?org=RXA&as_of=2024-03-01")
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Wendy Ward" in response.content.decode()
    client.force_login(trust.users["viewer"])
    body = client.get("/development/compliance/export.csv?org=RXA&as_of=2024-03-01").content
    assert b"Wendy" not in body and b"*" in body
