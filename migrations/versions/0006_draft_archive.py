"""archived drafts

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:40:00

Deleting a draft that has been downloaded archives it instead: the draft leaves the lists and
can no longer be opened, and its exports (with the answers and clause versions they were made
from) stay on record.
"""
from alembic import op
import sqlalchemy as sa

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('draft', schema=None) as batch_op:
        batch_op.drop_column('archived_at')
