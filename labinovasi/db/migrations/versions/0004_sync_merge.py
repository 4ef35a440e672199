"""what each record's copy has seen (for merging bundles), the write clock, merge conflicts

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 09:20:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('record_sync',
    sa.Column('table_name', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('lab_id', sa.Uuid(), nullable=True),
    sa.Column('vector', sa.JSON(), nullable=False),
    sa.Column('stamps', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('table_name', 'record_id', name=op.f('pk_record_sync'))
    )
    with op.batch_alter_table('record_sync', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_record_sync_lab_id'), ['lab_id'], unique=False)
    op.create_table('sync_meta',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_sync_meta'))
    )
    op.create_table('merge_conflict',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('lab_id', sa.Uuid(), nullable=False),
    sa.Column('table_name', sa.String(length=32), nullable=False),
    sa.Column('record_id', sa.Uuid(), nullable=False),
    sa.Column('field', sa.String(length=200), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('mine', sa.JSON(), nullable=False),
    sa.Column('theirs', sa.JSON(), nullable=False),
    sa.Column('mine_stamp', sa.JSON(), nullable=False),
    sa.Column('their_stamp', sa.JSON(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('resolution', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merge_conflict'))
    )
    with op.batch_alter_table('merge_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_merge_conflict_lab_id'), ['lab_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('merge_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_merge_conflict_lab_id'))
    op.drop_table('merge_conflict')
    op.drop_table('sync_meta')
    with op.batch_alter_table('record_sync', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_record_sync_lab_id'))
    op.drop_table('record_sync')
