"""tombstones on every record, the change journal

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 08:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

TABLES = ('lab', 'stage_schedule', 'unit', 'person', 'idea', 'agenda_session', 'attendance', 'worksheet_entry')


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=True))
            batch_op.add_column(sa.Column('deleted_by', sa.String(length=64), nullable=False, server_default=''))
    op.create_table('change_journal',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('counter', sa.Integer(), nullable=False),
    sa.Column('device', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=64), nullable=False),
    sa.Column('lab_id', sa.Uuid(), nullable=True),
    sa.Column('records', sa.JSON(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_journal'))
    )
    with op.batch_alter_table('change_journal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_journal_counter'), ['counter'], unique=False)
        batch_op.create_index(batch_op.f('ix_change_journal_lab_id'), ['lab_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('change_journal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_journal_lab_id'))
        batch_op.drop_index(batch_op.f('ix_change_journal_counter'))
    op.drop_table('change_journal')
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('deleted_by')
            batch_op.drop_column('deleted_at')
