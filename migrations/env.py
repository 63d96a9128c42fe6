"""Alembic environment: the engine comes from the caller (resolutions.store.migrate)
or, on the command line, from `-x url=…` or DATABASE_URL."""
from alembic import context
from sqlalchemy import create_engine

from resolutions.settings import Settings
from resolutions.store.tables import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    url = context.get_x_argument(as_dictionary=True).get("url") or Settings.from_env().database_url
    with create_engine(url).connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()
