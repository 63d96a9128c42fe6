"""Create or migrate the database to the newest schema; safe to run again. Alembic loads
only when a command needs it (every web worker imports this module)."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

# The migrations folder sits at the top of the project, beside the package.
MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def alembic_config():
    from alembic.config import Config
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def upgrade(engine: Engine) -> None:
    from alembic import command
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_initialised(engine: Engine) -> bool:
    """Whether `flask init` has created this database's schema (Alembic's table exists)."""
    from sqlalchemy import inspect
    return inspect(engine).has_table("alembic_version")


def head() -> str:
    """The newest schema revision this version knows."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def knows(revision: str) -> bool:
    """Whether ``revision`` is one of this version's schema revisions."""
    from alembic.script import ScriptDirectory
    from alembic.util.exc import CommandError
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except CommandError:
        return False
