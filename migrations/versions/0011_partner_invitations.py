"""the partner's own part of a draft: invitations by link, proposals, messages, confirmations

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 05:14:02

A partner organisation is invited by a link (only the token's hash is stored), proposes its own
fields, talks with the staff and confirms the draft it has read. Each row belongs to a draft and
goes with it when the draft is deleted. After signing the same link sends the yearly report
(partner_report) and indicator values, which then name the partner (indicator_value.reported_by).
Existing drafts have no invitations: the tables start empty.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner_invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('partner_index', sa.Integer(), nullable=False),
    sa.Column('partner_name', sa.String(length=200), nullable=False),
    sa.Column('partner_org_number', sa.String(length=20), nullable=False),
    sa.Column('contact_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('message', sa.String(length=2000), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_by_id', sa.Integer(), nullable=True),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('mailed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_partner_invitation_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_partner_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['revoked_by_id'], ['user.id'], name=op.f('fk_partner_invitation_revoked_by_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_invitation')),
    sa.UniqueConstraint('public_id', name=op.f('uq_partner_invitation_public_id')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_partner_invitation_token_hash'))
    )
    with op.batch_alter_table('partner_invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_invitation_draft_id'), ['draft_id'], unique=False)

    op.create_table('partner_confirmation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('draft_version', sa.Integer(), nullable=False),
    sa.Column('answers_hash', sa.String(length=64), nullable=False),
    sa.Column('partner_name', sa.String(length=200), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_partner_confirmation_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['partner_invitation.id'], name=op.f('fk_partner_confirmation_invitation_id_partner_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_confirmation'))
    )
    with op.batch_alter_table('partner_confirmation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_confirmation_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_confirmation_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('partner_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('author_kind', sa.String(length=10), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.String(length=4000), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_partner_message_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['partner_invitation.id'], name=op.f('fk_partner_message_invitation_id_partner_invitation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_partner_message_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_message'))
    )
    with op.batch_alter_table('partner_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_message_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_message_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('partner_proposal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('public_id', sa.String(length=36), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=60), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=False),
    sa.Column('base_value', sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql'), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('decision_note', sa.String(length=2000), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_partner_proposal_decided_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['draft_id'], ['draft.id'], name=op.f('fk_partner_proposal_draft_id_draft'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['partner_invitation.id'], name=op.f('fk_partner_proposal_invitation_id_partner_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_proposal')),
    sa.UniqueConstraint('public_id', name=op.f('uq_partner_proposal_public_id'))
    )
    with op.batch_alter_table('partner_proposal', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_proposal_draft_id'), ['draft_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_proposal_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('partner_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('deadline_key', sa.String(length=40), nullable=False),
    sa.Column('text', sa.String(length=10000), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('partner_name', sa.String(length=200), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreement.id'], name=op.f('fk_partner_report_agreement_id_agreement'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invitation_id'], ['partner_invitation.id'], name=op.f('fk_partner_report_invitation_id_partner_invitation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_report'))
    )
    with op.batch_alter_table('partner_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_report_agreement_id'), ['agreement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_partner_report_invitation_id'), ['invitation_id'], unique=False)
    # Values the partner reports from its link name the partner; existing values were entered by staff.
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reported_by', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('indicator_value', schema=None) as batch_op:
        batch_op.drop_column('reported_by')
    with op.batch_alter_table('partner_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_report_invitation_id'))
        batch_op.drop_index(batch_op.f('ix_partner_report_agreement_id'))

    op.drop_table('partner_report')
    with op.batch_alter_table('partner_proposal', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_proposal_invitation_id'))
        batch_op.drop_index(batch_op.f('ix_partner_proposal_draft_id'))

    op.drop_table('partner_proposal')
    with op.batch_alter_table('partner_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_message_invitation_id'))
        batch_op.drop_index(batch_op.f('ix_partner_message_draft_id'))

    op.drop_table('partner_message')
    with op.batch_alter_table('partner_confirmation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_confirmation_invitation_id'))
        batch_op.drop_index(batch_op.f('ix_partner_confirmation_draft_id'))

    op.drop_table('partner_confirmation')
    with op.batch_alter_table('partner_invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_invitation_draft_id'))

    op.drop_table('partner_invitation')
