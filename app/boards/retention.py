"""Retention: close boards left idle, then purge closed boards when their time is up.

Runs inside the app on a schedule (app/main.py) and as a command (app/purge.py) for deployments
that prefer cron. Purging deletes the board row; every other row of the board cascades with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.boards import repository as repo
from app.boards.events import BOARD_UPDATED
from app.boards.service import emit
from app.models import Audit, Board, utcnow


@dataclass
class PurgeReport:
    closed: list[str] = field(default_factory=list)
    purged: list[str] = field(default_factory=list)


def purge_due(s: Session, *, retention_days: int, idle_days: int, now: datetime | None = None) -> PurgeReport:
    now = now or utcnow()
    report = PurgeReport()
    idle_before = now - timedelta(days=idle_days)
    idle = s.exec(select(Board).where(col(Board.status) != "closed", col(Board.updated_at) < idle_before)).all()
    for board in idle:
        board.status, board.closed_at, board.closed_by = "closed", now, None
        s.add(board)
        s.flush()
        event = emit(
            s,
            board.id,
            BOARD_UPDATED,
            {"status": "closed", "focus": board.focus, "admit_mode": board.admit_mode, "show_gaps": board.show_gaps},
        )
        s.add(
            Audit(
                board_id=board.id,
                seq=event.seq,
                at=now,
                actor_name="Casemap",
                actor_role="system",
                action="board.closed",
                detail={"reason": f"idle for {idle_days} days"},
            )
        )
        report.closed.append(board.id)
    s.commit()
    purge_before = now - timedelta(days=retention_days)
    expired = s.exec(select(Board.id).where(col(Board.status) == "closed", col(Board.closed_at) < purge_before)).all()
    for board_id in expired:
        repo.delete_board(s, board_id)
        report.purged.append(board_id)
    s.commit()
    return report
