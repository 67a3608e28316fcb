"""Apply the alembic migrations (on start, and from `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str) -> Config:
    cfg = Config(str(ROOT / "alembic.ini"))
    cfg.set_main_option("script_location", str(ROOT / "migrations"))
    cfg.attributes["database_url"] = url
    return cfg


def upgrade_to_head(url: str) -> None:
    command.upgrade(alembic_config(url), "head")


if __name__ == "__main__":
    from app.config import get_settings

    upgrade_to_head(get_settings().database_url)
    print("Database is up to date.", file=sys.stderr)
