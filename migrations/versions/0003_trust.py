"""accounts, sessions, the audit trail and the search change log

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('drafts') as batch:
        batch.add_column(sa.Column('title', sa.Text(), nullable=False, server_default=''))
        batch.add_column(sa.Column('session', sa.Integer(), nullable=False, server_default='0'))
    _copy_titles()
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('disabled_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('password_changed_at', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('api_tokens') as batch:
        batch.add_column(sa.Column('name', sa.String(length=100), nullable=False, server_default=''))
        batch.add_column(sa.Column('expires_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('last_used_at', sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column('revoked_at', sa.DateTime(timezone=True), nullable=True))
    op.create_table('user_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('remember', sa.Boolean(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key_hash')
    )
    op.create_index('ix_user_sessions_user_id', 'user_sessions', ['user_id'])
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('delegation', sa.String(length=120), nullable=True),
    sa.Column('event', sa.String(length=40), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['draft_id'], ['drafts.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_actor_at', 'audit_events', ['actor', 'at'])
    op.create_index('ix_audit_address_at', 'audit_events', ['address', 'at'])
    op.create_index('ix_audit_event_at', 'audit_events', ['event', 'at'])
    op.create_index('ix_audit_events_draft_id', 'audit_events', ['draft_id'])
    op.create_table('search_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('generation', sa.Integer(), nullable=False),
    sa.Column('draft_id', sa.Integer(), nullable=True),
    sa.Column('publication_id', sa.Integer(), nullable=True),
    sa.Column('removed_key', sa.String(length=200), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_search_changes_generation', 'search_changes', ['generation'])


def _copy_titles():
    """Listings read the title and session from columns; fill them from each current revision.
    Text a page could not print (lone surrogates) is replaced, never left to break a listing."""
    bind = op.get_bind()
    drafts = sa.table('drafts', sa.column('id', sa.Integer), sa.column('current_revision', sa.Integer),
                      sa.column('title', sa.Text), sa.column('session', sa.Integer))
    revisions = sa.table('revisions', sa.column('draft_id', sa.Integer), sa.column('number', sa.Integer),
                         sa.column('document', sa.JSON))
    rows = bind.execute(sa.select(drafts.c.id, revisions.c.document).join(
        revisions, (revisions.c.draft_id == drafts.c.id) & (revisions.c.number == drafts.c.current_revision)))
    for draft_id, document in rows.fetchall():
        document = document if isinstance(document, dict) else {}
        title = document.get('title') if isinstance(document.get('title'), str) else ''
        title = title.encode('utf-8', 'replace').decode('utf-8')
        number = document.get('session') if isinstance(document.get('session'), int) else 0
        bind.execute(drafts.update().where(drafts.c.id == draft_id).values(title=title, session=number))


def downgrade():
    op.drop_table('search_changes')
    with op.batch_alter_table('drafts') as batch:
        batch.drop_column('session')
        batch.drop_column('title')
    op.drop_table('audit_events')
    op.drop_table('user_sessions')
    with op.batch_alter_table('api_tokens') as batch:
        for name in ('revoked_at', 'last_used_at', 'expires_at', 'name'):
            batch.drop_column(name)
    with op.batch_alter_table('users') as batch:
        batch.drop_column('password_changed_at')
        batch.drop_column('disabled_at')
