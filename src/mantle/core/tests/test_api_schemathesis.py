"""schemathesis against a live server: every operation, an HR/OD administrator's token, bounded examples.

Passes when no response is a server error and every response matches the OpenAPI document (status code,
content type and body schema). Runs on PostgreSQL (the suite's first pass) to keep ``make test`` short.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from mantle.accounts.services import api_token_create

pytestmark = [pytest.mark.postgres_only, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_every_operation_answers_without_server_errors_and_as_documented(
    live_server: Any, tmp_path: Path
) -> None:
    call_command("demo", "--staff", "120", "--seed", "5", verbosity=0)
    hr = get_user_model().objects.get(username="hr")
    _, token = api_token_create(user=hr, name="schemathesis")
    st = Path(sys.executable).with_name("st")
    done = subprocess.run(
        [
            str(st),
            "run",
            f"{live_server.url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            CHECKS,
            "--phases",
            "coverage,fuzzing",
            "--max-examples",
            "5",
            "--seed",
            "1",
            "--workers",
            "2",
            "--no-shrink",
            "--request-timeout",
            "60",
            "--output-sanitize",
            "true",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    summary = done.stdout[-8000:]
    assert done.returncode == 0, summary
    assert "Tested: " in summary and "passed" in summary
