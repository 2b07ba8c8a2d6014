"""The FPPT cycle end to end: who may do what, the order of steps, audit of every view, the board
view, the annual summary exports and the retention rule."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from openpyxl import load_workbook

from mantle.core.access import AccessDenied, build_actor
from mantle.core.models import AuditEvent
from mantle.development import selectors, services
from mantle.development.models import BoardMemberReference, FpptCheck, FpptCycle
from mantle.development.rules.fppt import CHECK_LABELS, DECLARATIONS

pytestmark = pytest.mark.django_db

YEAR = 2024


def actor(trust: Any, who: str) -> Any:
    return build_actor(trust.users[who])


def attest(trust: Any, cycle: FpptCycle, who: str) -> None:
    ratings = {key: "frequently" for key, _ in services.lcf_domains()}
    services.fppt_attest(
        actor=actor(trust, who),
        cycle=cycle,
        declarations=dict.fromkeys(DECLARATIONS, True),
        lcf_ratings=ratings,
    )


def all_checks(trust: Any, cycle: FpptCycle, *, concern: str = "") -> None:
    for item in CHECK_LABELS:
        services.fppt_check_record(
            actor=actor(trust, "secretary"),
            cycle=cycle,
            item=item,
            outcome="concern" if item == concern else "satisfactory",
            checked_on=dt.date(2024, 5, 1),
        )


@pytest.fixture
def cycles(trust: Any) -> dict[str, FpptCycle]:
    result = services.fppt_cycles_open_for_year(
        actor=actor(trust, "secretary"), organisation=trust.org, year=YEAR
    )
    opened = {c.person.first_name: c for c in result.opened}
    # the chair is never her own reviewer: the company secretary names another (here the NED,
    # acting as senior independent director)
    opened["Cara"] = services.fppt_cycle_open(
        actor=actor(trust, "secretary"),
        organisation=trust.org,
        person=trust.people["chair"],
        year=YEAR,
        reviewer=trust.users["ned"],
    )
    return opened


def test_opening_the_year_gives_each_board_member_a_cycle_with_the_right_reviewer(trust: Any):
    # when the company secretary opens the year
    result = services.fppt_cycles_open_for_year(
        actor=actor(trust, "secretary"), organisation=trust.org, year=YEAR
    )

    # then every board member but the chair has a cycle with the full checklist
    opened = {c.person.first_name: c for c in result.opened}
    assert set(opened) == {"Ned", "Chris", "Mo"}
    assert FpptCheck.objects.filter(cycle=opened["Mo"]).count() == len(CHECK_LABELS)
    # the medical director is reviewed by the chief executive; the NED and CEO by the chair
    assert opened["Mo"].reviewer == trust.users["ceo"]
    assert opened["Ned"].reviewer == trust.users["chair"]
    assert opened["Chris"].reviewer == trust.users["chair"]
    # and the chair is skipped with a reason, since she cannot review herself
    assert [p.first_name for p, _ in result.skipped] == ["Cara"]
    # opening the year again adds nothing
    again = services.fppt_cycles_open_for_year(
        actor=actor(trust, "secretary"), organisation=trust.org, year=YEAR
    )
    assert again.opened == []


def test_a_member_cannot_be_their_own_reviewer(trust: Any):
    with pytest.raises(ValidationError, match="own"):
        services.fppt_cycle_open(
            actor=actor(trust, "secretary"),
            organisation=trust.org,
            person=trust.people["chair"],
            year=YEAR,
            reviewer=trust.users["chair"],
        )
    with pytest.raises(AccessDenied):
        services.fppt_cycle_open(
            actor=actor(trust, "hr"),
            organisation=trust.org,
            person=trust.people["md"],
            year=YEAR,
            reviewer=trust.users["ceo"],
        )
    with pytest.raises(ValidationError, match="board post"):
        services.fppt_cycle_open(
            actor=actor(trust, "secretary"),
            organisation=trust.org,
            person=trust.people["nurse1"],
            year=YEAR,
            reviewer=trust.users["ceo"],
        )


def test_full_cycle_for_the_medical_director(trust: Any, cycles: Any):
    cycle = cycles["Mo"]
    # the CEO cannot review before Mo attests
    with pytest.raises(AccessDenied):
        services.fppt_review(actor=actor(trust, "ceo"), cycle=cycle)
    attest(trust, cycle, "md")
    all_checks(trust, cycle)
    # the chair cannot sign off before the line-manager review
    with pytest.raises(AccessDenied):
        services.fppt_sign_off(actor=actor(trust, "chair"), cycle=cycle, conclusion="fit")
    services.fppt_review(actor=actor(trust, "ceo"), cycle=cycle, comment="Reviewed at appraisal.")
    services.fppt_sign_off(actor=actor(trust, "chair"), cycle=cycle, conclusion="fit")
    done = services.fppt_submit(actor=actor(trust, "secretary"), organisation=trust.org, year=YEAR)
    cycle.refresh_from_db()
    assert [c.pk for c in done] == [cycle.pk]
    assert cycle.status == "submitted" and cycle.conclusion == "fit"
    assert list(cycle.transitions.values_list("action", flat=True)) == [
        "open",
        "attest",
        "review",
        "sign_off",
        "submit",
    ]
    assert AuditEvent.objects.filter(
        object_type="fppt_cycle", object_id=str(cycle.pk), action="sign_off"
    ).exists()


def test_only_the_member_attests(trust: Any, cycles: Any):
    for who in ("chair", "secretary", "ceo", "hr"):
        with pytest.raises(AccessDenied):
            attest(trust, cycles["Mo"], who)


def test_attestation_must_cover_every_lcf_domain(trust: Any, cycles: Any):
    with pytest.raises(ValidationError):
        services.fppt_attest(
            actor=actor(trust, "md"),
            cycle=cycles["Mo"],
            declarations=dict.fromkeys(DECLARATIONS, True),
            lcf_ratings={},
        )


def test_sign_off_refused_with_checks_outstanding_or_an_unexplained_concern(
    trust: Any, cycles: Any
):
    cycle = cycles["Mo"]
    attest(trust, cycle, "md")
    services.fppt_review(actor=actor(trust, "ceo"), cycle=cycle)
    with pytest.raises(ValidationError, match="no outcome"):
        services.fppt_sign_off(actor=actor(trust, "chair"), cycle=cycle, conclusion="fit")
    all_checks(trust, cycle, concern="social_media")
    with pytest.raises(ValidationError, match="explain"):
        services.fppt_sign_off(actor=actor(trust, "chair"), cycle=cycle, conclusion="fit")
    services.fppt_sign_off(
        actor=actor(trust, "chair"),
        cycle=cycle,
        conclusion="fit",
        comment="Old posts reviewed; no bearing on the role.",
    )
    # and once signed off, checks can no longer change
    with pytest.raises(AccessDenied):
        services.fppt_check_record(
            actor=actor(trust, "secretary"),
            cycle=cycle,
            item="dbs",
            outcome="concern",
            checked_on=dt.date(2024, 6, 1),
        )


def test_return_sends_it_back_to_attest_again(trust: Any, cycles: Any):
    cycle = cycles["Ned"]
    attest(trust, cycle, "ned")
    with pytest.raises(ValidationError):
        services.fppt_return(actor=actor(trust, "chair"), cycle=cycle, reason=" ")
    services.fppt_return(
        actor=actor(trust, "chair"), cycle=cycle, reason="Please add your other directorships."
    )
    cycle.refresh_from_db()
    assert cycle.status == "draft" and cycle.attested_at is None
    attest(trust, cycle, "ned")


def test_the_chair_cannot_record_checks_or_sign_off_their_own(trust: Any, cycles: Any):
    cycle = cycles["Cara"]
    with pytest.raises(AccessDenied):
        services.fppt_check_record(
            actor=actor(trust, "chair"),
            cycle=cycle,
            item="dbs",
            outcome="satisfactory",
            checked_on=dt.date(2024, 5, 1),
        )
    attest(trust, cycle, "chair")
    all_checks(trust, cycle)
    services.fppt_review(actor=actor(trust, "ned"), cycle=cycle)
    with pytest.raises(AccessDenied):
        services.fppt_sign_off(actor=actor(trust, "chair"), cycle=cycle, conclusion="fit")


@pytest.mark.parametrize(
    ("who", "visible"),
    [
        ("md", True),
        ("chair", True),
        ("secretary", True),
        ("ceo", True),
        ("hr", False),
        ("viewer", False),
        ("nurse", False),
        ("manager", False),
        ("outsider", False),
    ],
)
def test_who_may_open_a_members_record(
    client: Any, trust: Any, cycles: Any, who: str, visible: bool
):
    # given the medical director's cycle (reviewed by the CEO)
    cycle = cycles["Mo"]
    client.force_login(trust.users[who])

    # when someone opens it
    response = client.get(f"/development/fppt/cycles/{cycle.pk}/")

    # then only the member, chair, company secretary and reviewer see it; others get 404
    assert response.status_code == (200 if visible else 404)
    audited = AuditEvent.objects.filter(
        object_type="fppt_cycle", action="view", object_id=str(cycle.pk), actor=trust.users[who]
    ).exists()
    assert audited == (visible and who != "md")


def test_board_view_is_for_officers_only(client: Any, trust: Any, cycles: Any):
    for who in ("hr", "viewer", "ceo", "md"):
        client.force_login(trust.users[who])
        assert client.get("/development/fppt/?org=RXA").status_code == 403
    client.force_login(trust.users["chair"])
    page = client.get(f"/development/fppt/?org=RXA&year={YEAR}").content.decode()
    assert "Mo Medic" in page and "17 May 2045" in page  # retention: 75th birthday
    assert AuditEvent.objects.filter(object_type="fppt_board", actor=trust.users["chair"]).exists()


def test_the_member_attests_through_the_page(client: Any, trust: Any, cycles: Any):
    cycle = cycles["Mo"]
    client.force_login(trust.users["md"])
    data = {f"declare_{k}": "on" for k in DECLARATIONS}
    data |= {f"lcf_{k}": "almost_always" for k, _ in services.lcf_domains()}
    response = client.post(f"/development/fppt/cycles/{cycle.pk}/attest/", data)
    assert response.status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == "attested"
    # someone else posting the same form is refused
    client.force_login(trust.users["secretary"])
    assert (
        client.post(f"/development/fppt/cycles/{cycles['Ned'].pk}/attest/", data).status_code == 403
    )


def test_annual_summary_in_submission_layout(client: Any, trust: Any, cycles: Any):
    # given Mo signed off as fit, the others not finished, and Ned appointed in the year with no
    # reference yet
    cycle = cycles["Mo"]
    attest(trust, cycle, "md")
    all_checks(trust, cycle)
    services.fppt_review(actor=actor(trust, "ceo"), cycle=cycle)
    services.fppt_sign_off(actor=actor(trust, "chair"), cycle=cycle, conclusion="fit")

    # when the company secretary downloads the CSV and the workbook
    client.force_login(trust.users["secretary"])
    csv_text = client.get(f"/development/fppt/summary.csv?org=RXA&year={YEAR}").content.decode()
    xlsx = client.get(f"/development/fppt/summary.xlsx?org=RXA&year={YEAR}")

    # then both carry one row per member with the outcome, and totals
    rows = list(csv.reader(io.StringIO(csv_text)))
    assert ["Organisation", "Alpha Hospitals NHS Trust"] in rows
    member = next(r for r in rows if r and r[0] == "Mo Medic")
    assert member[10] == "Fit and proper"
    assert ["Assessed as fit and proper", "1"] in rows
    assert ["FPPT not yet concluded", "3"] in rows
    assert ["New board appointments in the year", "0"] in rows
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Summary", "Board members", "Leavers"]
    names = [row[0].value for row in book["Board members"].iter_rows(min_row=2)]
    assert sorted(names) == ["Cara Chairman", "Chris Chief", "Mo Medic", "Ned Nonexec"]
    # and an HR administrator cannot produce it
    client.force_login(trust.users["hr"])
    assert client.get(f"/development/fppt/summary.csv?org=RXA&year={YEAR}").status_code == 403


def test_board_member_references_due_on_appointment_and_leaving(trust: Any):
    # given a new NED appointed in 2024/25 and Ned leaving in the same year
    from mantle.core.testing.factories import make_assignment, make_person, make_post

    post = make_post(
        organisation=trust.org,
        title="Non-executive Director",
        tier="board_non_executive",
        occupation_code="G0A",
        pay_band="Non-AfC",
    )
    newcomer = make_person(organisation=trust.org, first_name="Nia", last_name="New")
    make_assignment(person=newcomer, post=post, start=dt.date(2024, 6, 1))
    ned = trust.people["ned"]
    assignment = ned.assignments.get()
    assignment.valid_to = dt.date(2024, 9, 1)
    assignment.save()

    # when the board view is read
    view = selectors.board_view(
        actor(trust, "secretary"), org=trust.org, year=YEAR, on=dt.date(2024, 10, 1)
    )

    # then both references are outstanding; recording them clears them
    due = {(r.person.first_name, r.kind): r for r in view.references}
    assert set(due) == {("Nia", "appointment"), ("Ned", "leaving")}
    assert due[("Ned", "leaving")].event_on == dt.date(2024, 8, 31)
    assert not any(r.done for r in view.references)
    services.board_reference_record(
        actor=actor(trust, "secretary"),
        organisation=trust.org,
        person=newcomer,
        kind="appointment",
        event_on=dt.date(2024, 6, 1),
        requested_on=dt.date(2024, 5, 1),
        completed_on=dt.date(2024, 5, 20),
        other_organisation="Beta ICB",
    )
    view = selectors.board_view(
        actor(trust, "secretary"), org=trust.org, year=YEAR, on=dt.date(2024, 10, 1)
    )
    assert [r.kind for r in view.references if r.done] == ["appointment"]
    with pytest.raises(AccessDenied):
        services.board_reference_record(
            actor=actor(trust, "hr"),
            organisation=trust.org,
            person=newcomer,
            kind="leaving",
            event_on=dt.date(2024, 6, 1),
        )


def test_records_are_destroyed_only_after_the_75th_birthday(trust: Any, cycles: Any):
    # given Ned (born 17 May 1970) has left the board
    ned = trust.people["ned"]
    assignment = ned.assignments.get()
    assignment.valid_to = dt.date(2025, 1, 1)
    assignment.save()
    BoardMemberReference.objects.create(
        organisation=trust.org, person=ned, kind="leaving", event_on=dt.date(2024, 12, 31)
    )
    secretary = actor(trust, "secretary")

    # when the company secretary purges the day before and on his 75th birthday
    before = services.fppt_records_purge(
        actor=secretary, organisation=trust.org, on=dt.date(2045, 5, 16)
    )
    assert before.people == []
    assert FpptCycle.objects.filter(person=ned).exists()
    after = services.fppt_records_purge(
        actor=secretary, organisation=trust.org, on=dt.date(2045, 5, 17)
    )

    # then his records go only on the birthday, and people still on the board are kept
    assert after.people == [ned.pk] and after.cycles == 1 and after.references == 1
    assert not FpptCycle.objects.filter(person=ned).exists()
    assert FpptCycle.objects.filter(person=trust.people["md"]).exists()
    with pytest.raises(AccessDenied):
        services.fppt_records_purge(
            actor=actor(trust, "chair"), organisation=trust.org, on=dt.date(2045, 5, 17)
        )


def test_a_person_with_fppt_records_cannot_be_deleted_before_retention(trust: Any, cycles: Any):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        trust.people["md"].delete()


def test_board_view_refuses_other_roles(trust: Any):
    with pytest.raises(PermissionDenied):
        selectors.board_view(actor(trust, "hr"), org=trust.org, year=YEAR, on=dt.date(2024, 5, 1))


def test_officer_opens_the_chairs_record_naming_a_reviewer(client: Any, trust: Any):
    # given the year opened (the chair skipped for want of a reviewer)
    services.fppt_cycles_open_for_year(
        actor=actor(trust, "secretary"), organisation=trust.org, year=YEAR
    )
    client.force_login(trust.users["secretary"])
    page = client.get(f"/development/fppt/?org=RXA&year={YEAR}").content.decode()
    assert "Reviewer for Cara Chairman" in page

    # when the company secretary names the NED as the chair's reviewer
    response = client.post(
        "/development/fppt/open-one/",
        {
            "org": "RXA",
            "year": YEAR,
            "person": trust.people["chair"].pk,
            "reviewer": trust.users["ned"].pk,
        },
    )

    # then the chair's record exists with that reviewer; an HR admin cannot do the same
    assert response.status_code == 302
    assert FpptCycle.objects.get(person=trust.people["chair"]).reviewer == trust.users["ned"]
    client.force_login(trust.users["hr"])
    assert (
        client.post(
            "/development/fppt/open-one/",
            {
                "org": "RXA",
                "year": YEAR + 1,
                "person": trust.people["chair"].pk,
                "reviewer": trust.users["ned"].pk,
            },
        ).status_code
        == 403
    )
