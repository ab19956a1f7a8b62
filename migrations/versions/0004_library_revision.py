"""library revision counter and withdrawal requests

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 15:20:00

One row holds the clause library's revision. Every change to a clause version's status bumps
it in the same transaction, and every app process rebuilds its compiled library when it moves.
Withdrawing an approved clause version takes a request (who, when, why) and a second reviewer.
"""
from alembic import op
import sqlalchemy as sa

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'library_state',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('revision', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_library_state')),
    )
    with op.batch_alter_table('clause_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('withdrawal_requested_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('withdrawal_reason', sa.Text(), nullable=False, server_default=''))
        batch_op.create_foreign_key(batch_op.f('fk_clause_version_withdrawal_requested_by_id_user'), 'user',
                                    ['withdrawal_requested_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('clause_version', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_clause_version_withdrawal_requested_by_id_user'), type_='foreignkey')
        batch_op.drop_column('withdrawal_reason')
        batch_op.drop_column('withdrawal_requested_at')
        batch_op.drop_column('withdrawal_requested_by_id')
    op.drop_table('library_state')
