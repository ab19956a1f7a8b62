"""a done mark on a deadline remembers the day the deadline was due

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:00:00

A tillägg can move a deadline (an extension moves the last day to give notice). The mark that
the old one was done must not close the new one, so a mark is kept per key and due day. Marks
made before this have no due day and keep matching their key.
"""
from alembic import op
import sqlalchemy as sa

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('deadline_done', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))
        batch_op.drop_constraint('uq_deadline_done_agreement_id', type_='unique')
        batch_op.create_unique_constraint('uq_deadline_done_agreement_id', ['agreement_id', 'key', 'due_on'])


def downgrade():
    with op.batch_alter_table('deadline_done', schema=None) as batch_op:
        batch_op.drop_constraint('uq_deadline_done_agreement_id', type_='unique')
        batch_op.create_unique_constraint('uq_deadline_done_agreement_id', ['agreement_id', 'key'])
        batch_op.drop_column('due_on')
