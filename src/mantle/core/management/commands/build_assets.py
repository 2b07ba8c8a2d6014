"""Copy the front-end packages Mantle serves itself (no CDN) from node_modules into static/vendor.

The NHS.UK stylesheet refers to its images with site-absolute paths and loads the Frutiger web font from
the NHS CDN; we rewrite image paths to be relative (so whitenoise serves them) and drop the remote font
faces (the design system's font stack falls back to Arial), so a page makes no third-party request.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

FILES = {
    "nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js": "nhsuk/nhsuk-frontend.min.js",
    "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
    "plotly.js-dist-min/plotly.min.js": "plotly/plotly.min.js",
    "axe-core/axe.min.js": "axe/axe.min.js",
}
FONT_FACE = re.compile(r"@font-face\{[^}]*https://[^}]*\}")
# Source maps are not shipped; their references would break the hashed static-files manifest.
SOURCE_MAP = re.compile(r"(/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S+)")


class Command(BaseCommand):
    help = "Copy NHS.UK frontend, htmx, Plotly and axe-core from node_modules into static/vendor."

    def handle(self, *args: object, **options: object) -> None:
        source = Path(settings.NODE_MODULES_DIR)
        target = Path(settings.PACKAGE_DIR) / "static" / "vendor"
        if not (source / "nhsuk-frontend").is_dir():
            raise CommandError(
                f"{source} has no nhsuk-frontend: run 'npm ci' (make does this) first."
            )
        target.mkdir(parents=True, exist_ok=True)
        for src, dst in FILES.items():
            out = target / dst
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(
                SOURCE_MAP.sub("", (source / src).read_text(encoding="utf-8")), encoding="utf-8"
            )
        css = (source / "nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.css").read_text()
        css = SOURCE_MAP.sub("", FONT_FACE.sub("", css)).replace("url(/assets/", "url(assets/")
        (target / "nhsuk/nhsuk-frontend.min.css").write_text(css)
        assets = target / "nhsuk/assets"
        if assets.exists():
            shutil.rmtree(assets)
        shutil.copytree(source / "nhsuk-frontend/dist/nhsuk/assets", assets)
        self.stdout.write(f"Front-end assets copied to {target}")
