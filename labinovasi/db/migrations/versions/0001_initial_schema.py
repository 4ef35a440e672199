"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 07:34:33.944929
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('lab',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('pemda', sa.String(length=200), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=False),
    sa.Column('year', sa.Integer(), nullable=True),
    sa.Column('organizer', sa.String(length=200), nullable=False),
    sa.Column('city', sa.String(length=100), nullable=False),
    sa.Column('facilitator', sa.String(length=200), nullable=False),
    sa.Column('current_stage', sa.Enum('drum_up', 'diagnose', 'design', 'deliver', 'display', 'documentation', name='stage', native_enum=False, length=32), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lab'))
    )
    op.create_table('stage_schedule',
    sa.Column('lab_id', sa.Uuid(), nullable=False),
    sa.Column('stage', sa.Enum('drum_up', 'diagnose', 'design', 'deliver', 'display', 'documentation', name='stage', native_enum=False, length=32), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('venue', sa.String(length=200), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_stage_schedule_lab_id_lab'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stage_schedule'))
    )
    with op.batch_alter_table('stage_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stage_schedule_lab_id'), ['lab_id'], unique=False)

    op.create_table('unit',
    sa.Column('lab_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit_type', sa.Enum('setda', 'setwan', 'inspektorat', 'dinas', 'badan', 'kecamatan', 'kelurahan', 'desa', 'puskesmas', 'rsud', 'bumd', 'lainnya', name='unittype', native_enum=False, length=32), nullable=False),
    sa.Column('head_name', sa.String(length=200), nullable=False),
    sa.Column('head_nip', sa.String(length=30), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_unit_lab_id_lab'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_lab_id'), ['lab_id'], unique=False)

    op.create_table('idea',
    sa.Column('unit_id', sa.Uuid(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('stage', sa.Enum('drum_up', 'diagnose', 'design', 'deliver', 'display', 'documentation', name='stage', native_enum=False, length=32), nullable=False),
    sa.Column('status', sa.Enum('draf', 'diajukan', 'direview', 'lanjut', 'perbaiki', 'digabung', 'ditunda', 'diluncurkan', 'diterapkan', 'dihentikan', name='ideastatus', native_enum=False, length=32), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_idea_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idea'))
    )
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idea_unit_id'), ['unit_id'], unique=False)

    op.create_table('person',
    sa.Column('lab_id', sa.Uuid(), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=True),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.Enum('kepala_unit', 'ketua_tim', 'inovator', 'anggota', 'fasilitator', 'panitia', name='personrole', native_enum=False, length=32), nullable=False),
    sa.Column('nip', sa.String(length=30), nullable=False),
    sa.Column('jabatan', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('sort_order', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_person_lab_id_lab'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_person_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person'))
    )
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_lab_id'), ['lab_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_person_unit_id'), ['unit_id'], unique=False)

    op.create_table('worksheet_entry',
    sa.Column('lab_id', sa.Uuid(), nullable=False),
    sa.Column('unit_id', sa.Uuid(), nullable=True),
    sa.Column('idea_id', sa.Uuid(), nullable=True),
    sa.Column('template_code', sa.String(length=16), nullable=False),
    sa.Column('template_version', sa.Integer(), nullable=False),
    sa.Column('scope', sa.Enum('lab', 'unit', 'idea', name='scope', native_enum=False, length=32), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['idea.id'], name=op.f('fk_worksheet_entry_idea_id_idea'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lab_id'], ['lab.id'], name=op.f('fk_worksheet_entry_lab_id_lab'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_worksheet_entry_unit_id_unit'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_worksheet_entry'))
    )
    with op.batch_alter_table('worksheet_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_worksheet_entry_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worksheet_entry_lab_id'), ['lab_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_worksheet_entry_template_code'), ['template_code'], unique=False)
        batch_op.create_index(batch_op.f('ix_worksheet_entry_unit_id'), ['unit_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('worksheet_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_worksheet_entry_unit_id'))
        batch_op.drop_index(batch_op.f('ix_worksheet_entry_template_code'))
        batch_op.drop_index(batch_op.f('ix_worksheet_entry_lab_id'))
        batch_op.drop_index(batch_op.f('ix_worksheet_entry_idea_id'))

    op.drop_table('worksheet_entry')
    with op.batch_alter_table('person', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_unit_id'))
        batch_op.drop_index(batch_op.f('ix_person_lab_id'))

    op.drop_table('person')
    with op.batch_alter_table('idea', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idea_unit_id'))

    op.drop_table('idea')
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_lab_id'))

    op.drop_table('unit')
    with op.batch_alter_table('stage_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stage_schedule_lab_id'))

    op.drop_table('stage_schedule')
    op.drop_table('lab')
