"""note edited_by and edited_at: the record says who rewrote a note, and when

Revision ID: b5d1e7a93c60
Revises: 7c3e91a4d2b8
Create Date: 2026-12-05 13:25:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'b5d1e7a93c60'
down_revision: str | None = '7c3e91a4d2b8'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.add_column(sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('note', schema=None) as batch_op:
        batch_op.drop_column('edited_at')
        batch_op.drop_column('edited_by')
