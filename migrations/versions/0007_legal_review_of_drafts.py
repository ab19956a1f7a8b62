"""legal review of drafts

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 18:46:04

A draft goes from utkast to a legal reviewer (hos jurist) and is approved for signing or sent
back. The review is kept beside the draft (draft_review), with the reviewer's judgments of the
findings, comment threads anchored to a step, a finding or a clause, and the approvals with
the draft and clause versions they were given for. Every existing draft starts as utkast.
An export records the legal review it was made under.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('approval',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=False),
    sa.Column('draft_version', sa.Integer(), nullable=False),
    sa.Column('clause_versions', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('judgments', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('voided_by_id', sa.Integer(), nullable=True),
    sa.Column('voided_reason', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['approved_by_id'], ['user.id'], name=op.f('fk_approval_approved_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_approval_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['voided_by_id'], ['user.id'], name=op.f('fk_approval_voided_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_approval'))
    )
    with op.batch_alter_table('approval', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_approval_draft_id'), ['draft_id'], unique=False)

    op.create_table('comment_thread',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('anchor_kind', sa.String(length=10), nullable=False),
    sa.Column('anchor_key', sa.String(length=80), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_comment_thread_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['user.id'], name=op.f('fk_comment_thread_resolved_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_thread')),
    sa.UniqueConstraint('draft_id', 'anchor_kind', 'anchor_key', name='uq_comment_thread_anchor')
    )
    with op.batch_alter_table('comment_thread', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_thread_draft_id'), ['draft_id'], unique=False)

    op.create_table('draft_review',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.Column('message', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user.id'], name=op.f('fk_draft_review_changed_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_draft_review_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_draft_review_organisation_id_organisation')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_draft_review_reviewer_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_draft_review')),
    sa.UniqueConstraint('draft_id', name=op.f('uq_draft_review_draft_id'))
    )
    with op.batch_alter_table('draft_review', schema=None) as batch_op:
        batch_op.create_index('ix_draft_review_queue', ['organisation_id', 'status', 'sent_at'], unique=False)

    op.create_table('judgment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('finding_id', sa.String(length=80), nullable=False),
    sa.Column('severity', sa.String(length=10), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('basis', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.Column('judged_by_id', sa.Integer(), nullable=True),
    sa.Column('judged_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_judgment_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['judged_by_id'], ['user.id'], name=op.f('fk_judgment_judged_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_judgment'))
    )
    with op.batch_alter_table('judgment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_judgment_draft_id'), ['draft_id'], unique=False)

    op.create_table('comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_comment_author_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['comment_thread.id'], name=op.f('fk_comment_thread_id_comment_thread'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment'))
    )
    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comment_thread_id'), ['thread_id'], unique=False)

    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_review', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=True))

    drafts = sa.table('draft', sa.column('id', sa.Integer()), sa.column('organisation_id', sa.Integer()),
                      sa.column('created_at', sa.DateTime()))
    reviews = sa.table('draft_review', sa.column('draft_id', sa.Integer()), sa.column('organisation_id', sa.Integer()),
                       sa.column('status', sa.String(20)), sa.column('changed_at', sa.DateTime()),
                       sa.column('message', sa.Text()))
    op.execute(reviews.insert().from_select(
        ['draft_id', 'organisation_id', 'status', 'changed_at', 'message'],
        sa.select(drafts.c.id, drafts.c.organisation_id, sa.literal('draft'), drafts.c.created_at, sa.literal(''))))


def downgrade():
    with op.batch_alter_table('export', schema=None) as batch_op:
        batch_op.drop_column('legal_review')

    with op.batch_alter_table('comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_thread_id'))

    op.drop_table('comment')
    with op.batch_alter_table('judgment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_judgment_draft_id'))

    op.drop_table('judgment')
    with op.batch_alter_table('draft_review', schema=None) as batch_op:
        batch_op.drop_index('ix_draft_review_queue')

    op.drop_table('draft_review')
    with op.batch_alter_table('comment_thread', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comment_thread_draft_id'))

    op.drop_table('comment_thread')
    with op.batch_alter_table('approval', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_approval_draft_id'))

    op.drop_table('approval')
