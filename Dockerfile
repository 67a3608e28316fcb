# Casemap: one uvicorn process serving the API, the pages and the live board.
# Build: docker build -t casemap .
# Run:   docker run -p 8000:8000 -v casemap-data:/data -e CASEMAP_CREATE_KEY=<secret> casemap
# The app refuses to start on 0.0.0.0 with board creation open to anyone: give it
# CASEMAP_CREATE_KEY (or CASEMAP_ALLOW_OPEN_CREATION=1 when that is really intended).
# It applies the database migrations itself on start-up.
FROM python:3.11.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# A fixed uid so a bind-mounted /data can be chowned to match from the host.
RUN groupadd --system --gid 10001 casemap \
    && useradd --system --uid 10001 --gid casemap --home-dir /nonexistent --no-create-home \
       --shell /usr/sbin/nologin casemap \
    && mkdir -p /data \
    && chown casemap:casemap /data

# Pango, HarfBuzz and the Liberation, DejaVu and Noto Color Emoji fonts for the PDF export (WeasyPrint); nothing else.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core fonts-noto-color-emoji \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, from the lock only, so code changes do not reinstall them.
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock

# Code stays owned by root: the app user can read it but not change it.
COPY pyproject.toml alembic.ini ./
COPY migrations/ ./migrations/
COPY app/ ./app/

ENV CASEMAP_HOST=0.0.0.0 \
    CASEMAP_DATABASE_URL=sqlite:////data/casemap.db

USER 10001:10001
VOLUME /data
EXPOSE 8000

# No curl in slim images: ask with the Python that is already there (no proxy for loopback).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request as u; u.build_opener(u.ProxyHandler({})).open('http://127.0.0.1:8000/healthz', timeout=4)"]

# No access log: query strings can carry a link's secret. The app logs route templates only.
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", "--no-access-log", "--ws-per-message-deflate=false"]
