"""password resets and normalised e-mail addresses

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 16:20:00

An admin can issue a one-time link with which a user chooses a new password: only the
token's hash is stored, with its expiry and when it was used. E-mail addresses are stored
NFKC-normalised and case-folded, so that look-alikes collide; existing ones are normalised.
"""
import unicodedata

from alembic import op
import sqlalchemy as sa

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

users = sa.table('user', sa.column('id', sa.Integer()), sa.column('email', sa.String(254)))


def upgrade():
    op.create_table(
        'password_reset',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('used_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_password_reset_created_by_id_user'),
                                ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_password_reset_user_id_user'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_password_reset')),
        sa.UniqueConstraint('token_hash', name=op.f('uq_password_reset_token_hash')),
    )
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_password_reset_user_id'), ['user_id'], unique=False)

    connection = op.get_bind()
    taken = set()
    for user_id, email in connection.execute(sa.select(users.c.id, users.c.email).order_by(users.c.id)).all():
        normal = unicodedata.normalize('NFKC', email or '').strip().casefold()
        if normal != email and normal not in taken:
            connection.execute(users.update().where(users.c.id == user_id).values(email=normal))
        taken.add(normal if normal not in taken else email)


def downgrade():
    with op.batch_alter_table('password_reset', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_password_reset_user_id'))
    op.drop_table('password_reset')
