"""Retention as a command, for deployments that prefer cron to the in-app schedule:
    python -m app.purge            # uses CASEMAP_DATABASE_URL, CASEMAP_RETENTION_DAYS, CASEMAP_IDLE_DAYS
The rules themselves live in app/boards/retention.py.
"""

from __future__ import annotations

import sys

from app.boards.retention import purge_due
from app.config import get_settings
from app.db import Database
from app.migrate import upgrade_to_head


def main() -> int:
    settings = get_settings()
    upgrade_to_head(settings.database_url)
    db = Database(settings.database_url)
    with db.session() as s:
        report = purge_due(s, retention_days=settings.retention_days, idle_days=settings.idle_days)
    db.dispose()
    print(f"Closed {len(report.closed)} idle board(s); purged {len(report.purged)} board(s).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
