# Mantle's production image: gunicorn as a non-root user, static files built in, no compilers or Node.js at
# run time. Build: docker build -t mantle .   Run it with compose.yaml (PostgreSQL, web, worker, scheduler);
# see docs/operations.md.

# 1. Front-end packages Mantle serves itself (no CDN); dev-only packages (the test OpenID provider) left out.
FROM node:20-bookworm-slim AS node
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --loglevel=error

# 2. Mantle and its dependencies in a virtual environment; vendor assets copied in and static files collected.
FROM python:3.11-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PATH=/opt/venv/bin:$PATH
RUN python -m venv /opt/venv
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install --upgrade pip && pip install .
COPY --from=node /build/node_modules /app/node_modules
ENV MANTLE_HOME=/app MANTLE_VAR_DIR=/tmp/mantle-build MANTLE_NODE_MODULES=/app/node_modules \
    STATIC_ROOT=/app/staticfiles DJANGO_SETTINGS_MODULE=mantle.config.settings.base
RUN mantle build_assets && mantle collectstatic --noinput --verbosity 0

# 3. The runtime image.
FROM python:3.11-slim-bookworm
# Pango and fonts for WeasyPrint (board pack PDFs); the PostgreSQL 15 client for `mantle backup`/`restore`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libfontconfig1 fonts-dejavu-core postgresql-client \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin mantle \
 && mkdir -p /app/var \
 && chown mantle:mantle /app/var
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app/staticfiles /app/staticfiles
ENV PATH=/opt/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    MANTLE_HOME=/app MANTLE_VAR_DIR=/app/var STATIC_ROOT=/app/staticfiles \
    DJANGO_SETTINGS_MODULE=mantle.config.settings.production
WORKDIR /app
USER mantle
VOLUME ["/app/var"]
EXPOSE 8000
# --no-control-socket: gunicorn 25+ opens a control socket by default; Mantle needs none.
CMD ["gunicorn", "mantle.config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120", \
     "--no-control-socket", "--forwarded-allow-ips", "*", "--access-logfile", "-"]
