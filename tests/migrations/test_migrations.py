"""Migrations build the schema the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from app.db import metadata
from app.migrate import upgrade_to_head


def test_empty_database_upgrades_to_head_and_matches_the_models(db_url: str) -> None:
    """On SQLite and on PostgreSQL (the `db_url` fixture runs both)."""
    url = db_url
    upgrade_to_head(url)
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            assert {"board", "person", "participant", "note", "event"} <= set(inspect(conn).get_table_names())
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
            assert diff == [], f"models and migrations differ: {diff}"
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()


def test_upgrading_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade_to_head(url)
    upgrade_to_head(url)
