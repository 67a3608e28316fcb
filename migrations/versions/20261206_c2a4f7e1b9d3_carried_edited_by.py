"""carried notes and actions keep edited_by and edited_at: a review remembers who rewrote a note

Revision ID: c2a4f7e1b9d3
Revises: b5d1e7a93c60
Create Date: 2026-12-06 02:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = 'c2a4f7e1b9d3'
down_revision: str | None = 'b5d1e7a93c60'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ('carriednote', 'reviewaction'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('edited_by', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
            batch_op.add_column(sa.Column('edited_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))


def downgrade() -> None:
    for table in ('reviewaction', 'carriednote'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('edited_at')
            batch_op.drop_column('edited_by')
