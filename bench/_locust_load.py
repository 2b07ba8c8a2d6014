"""Locust users for bench_load.py: a realistic mix of Mantle's roles reading their usual pages.

Sessions are made by bench_load.py (one signed-in session per virtual user, as after sign-in and two-step
verification) and handed over in LOAD_SESSIONS (a JSON file: {role: [session keys]}). LOAD_ORG is the demo
trust's ODS code. Reading time 3–10 s between pages (a brisk reader: most people stay longer on a page).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import threading
from typing import ClassVar

from locust import HttpUser, between, task

SESSIONS: dict[str, list[str]] = json.loads(open(os.environ["LOAD_SESSIONS"]).read())  # noqa: SIM115
ORG = os.environ.get("LOAD_ORG", "R1A")
_lock = threading.Lock()
_counters = {role: itertools.count() for role in SESSIONS}


class MantleUser(HttpUser):
    abstract = True
    wait_time = between(3, 10)
    roles: ClassVar[tuple[str, ...]] = ()

    def on_start(self) -> None:
        role = random.choice(self.roles)
        with _lock:
            keys = SESSIONS[role]
            key = keys[next(_counters[role]) % len(keys)]
        self.client.cookies.set("sessionid", key)
        self.client.headers["User-Agent"] = f"mantle-load/{role}"

    def page(self, path: str, name: str | None = None) -> None:
        with self.client.get(path, name=name or path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            elif "/accounts/sign-in" in response.url or "/accounts/mfa" in response.url:
                response.failure("asked to sign in")


class StaffMember(MantleUser):
    """Most users: nurses, porters; their own record, development and talent pages."""

    weight = 10
    roles = ("staff", "porter")

    @task(4)
    def home(self) -> None:
        self.page("/")

    @task(3)
    def my_record(self) -> None:
        self.page("/register/me/")

    @task(3)
    def my_development(self) -> None:
        self.page("/development/")

    @task(2)
    def my_talent(self) -> None:
        self.page("/talent/me/")

    @task(1)
    def leadership(self) -> None:
        self.page("/leadership/")

    @task(1)
    def account(self) -> None:
        self.page("/accounts/")


class LineManager(MantleUser):
    """Ward managers and divisional directors: their team and its development."""

    weight = 5
    roles = ("manager", "director")

    @task(3)
    def home(self) -> None:
        self.page("/")

    @task(3)
    def chart(self) -> None:
        self.page(f"/register/{ORG}/chart/", name="/register/[org]/chart/")

    @task(2)
    def development(self) -> None:
        self.page("/development/")

    @task(2)
    def conversations(self) -> None:
        self.page("/talent/conversations/")

    @task(1)
    def talent(self) -> None:
        self.page("/talent/")


class HrAdministrator(MantleUser):
    """HR/OD: the register, the divide, compliance, the audit log and the API."""

    weight = 3
    roles = ("hr",)

    @task(2)
    def organisation(self) -> None:
        self.page(f"/register/{ORG}/", name="/register/[org]/")

    @task(2)
    def divide(self) -> None:
        self.page(f"/divide/?org={ORG}", name="/divide/?org=[org]")

    @task(2)
    def compliance(self) -> None:
        self.page("/development/compliance/")

    @task(1)
    def audit(self) -> None:
        self.page("/audit/")

    @task(1)
    def succession(self) -> None:
        self.page(f"/talent/succession/?org={ORG}", name="/talent/succession/?org=[org]")

    @task(2)
    def api_people(self) -> None:
        self.page("/api/v1/register/people?limit=50", name="/api/v1/register/people")

    @task(1)
    def api_divide(self) -> None:
        self.page(f"/api/v1/organisations/{ORG}/divide", name="/api/v1/organisations/[org]/divide")


class BoardMember(MantleUser):
    """Executives and the chair: organisation aggregates (suppressed)."""

    weight = 2
    roles = ("exec", "chair")

    @task(3)
    def divide(self) -> None:
        self.page(f"/divide/?org={ORG}", name="/divide/?org=[org]")

    @task(2)
    def home(self) -> None:
        self.page("/")

    @task(1)
    def succession(self) -> None:
        self.page(f"/talent/succession/?org={ORG}", name="/talent/succession/?org=[org]")

    @task(1)
    def capability(self) -> None:
        self.page("/leadership/organisation/")
