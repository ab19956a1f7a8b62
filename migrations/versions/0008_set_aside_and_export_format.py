"""answers set aside while their question does not apply; the format of each export

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 13:00:00

Unticking "Bostadsbolaget betalar" saves the draft without an amount and a payment model (the
answers say the company pays nothing). What was typed is kept beside the answers, per step, so
that ticking the box again brings it back. Existing drafts have nothing set aside.

Each export records the format it was downloaded in (docx or pdf); earlier exports were Word files
or PDFs made from them, recorded as docx.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('set_aside', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'),
                                      nullable=True))
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.add_column(sa.Column('file_format', sa.String(length=5), nullable=False, server_default='docx'))


def downgrade():
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.drop_column('file_format')
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_column('set_aside')
