"""gaps stale: the gap checks run after a note is saved, not in its transaction

Revision ID: 5b7e0c1d9a3f
Revises: dd45a2af4490
Create Date: 2026-11-28 12:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '5b7e0c1d9a3f'
down_revision: str | None = 'dd45a2af4490'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('board', schema=None) as batch_op:
        batch_op.add_column(sa.Column('gaps_stale', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('board', schema=None) as batch_op:
        batch_op.drop_column('gaps_stale')
