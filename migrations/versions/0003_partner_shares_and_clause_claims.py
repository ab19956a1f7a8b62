"""partner shares, clause plural titles and claims

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 09:00:00

Clause versions gain a heading for agreements with several partners and the claims their
text makes. Drafts with a single partner get the whole payment and the de minimis history
of the answers format (partners[0].payment_share_percent = 100); drafts with several
partners keep their answers, and the wizard asks for each partner's share.
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), 'postgresql')
drafts = sa.table('draft', sa.column('id', sa.Integer()), sa.column('answers', JSON))


def upgrade():
    with op.batch_alter_table('clause_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_plural', JSON, nullable=True))
        batch_op.add_column(sa.Column('asserts', JSON, nullable=True))

    connection = op.get_bind()
    for draft_id, answers in connection.execute(sa.select(drafts.c.id, drafts.c.answers)).all():
        partners = (answers or {}).get('partners') if isinstance(answers, dict) else None
        if not isinstance(partners, list) or len(partners) != 1 or not isinstance(partners[0], dict):
            continue
        exchange = answers.get('exchange') if isinstance(answers.get('exchange'), dict) else {}
        partner = dict(partners[0])
        if exchange.get('company_pays') and partner.get('payment_share_percent') is None \
                and partner.get('payment_share_sek_per_year') is None:
            partner['payment_share_percent'] = 100
        if partner.get('de_minimis_received_3y_eur') is None and 'de_minimis_received_3y_eur' in exchange:
            partner['de_minimis_received_3y_eur'] = exchange['de_minimis_received_3y_eur']
        connection.execute(drafts.update().where(drafts.c.id == draft_id)
                           .values(answers={**answers, 'partners': [partner]}))


def downgrade():
    with op.batch_alter_table('clause_version', schema=None) as batch_op:
        batch_op.drop_column('asserts')
        batch_op.drop_column('title_plural')
