"""block proposals: an insertion may make a heading, table, annex or text block (issue #9)

Revision ID: 0006_block_proposals
Revises: 0005_lifecycle
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0006_block_proposals'
down_revision = '0005_lifecycle'
branch_labels = None
depends_on = None


def upgrade():
    # nullable: every proposal made before inserts a numbered paragraph (None)
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('block', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('block')
