"""publications, their facts and the search generation

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('publication_facts',
    sa.Column('symbol', sa.String(length=64), nullable=False),
    sa.Column('facts', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('symbol')
    )
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('symbol', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=8), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('body', sa.String(length=16), nullable=False),
    sa.Column('session', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('sponsors', sa.JSON(), nullable=False),
    sa.Column('source_format', sa.String(length=16), nullable=False),
    sa.Column('source_name', sa.Text(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('imported_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('symbol', 'language')
    )
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_publications_symbol'), ['symbol'], unique=False)

    state = op.create_table('search_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.bulk_insert(state, [{"id": 1, "generation": 0}])
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('base_publication_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_drafts_base_publication', 'publications', ['base_publication_id'], ['id'])


def downgrade():
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_constraint('fk_drafts_base_publication', type_='foreignkey')
        batch_op.drop_column('base_publication_id')

    op.drop_table('search_state')
    with op.batch_alter_table('publications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_publications_symbol'))

    op.drop_table('publications')
    op.drop_table('publication_facts')
