"""Alembic environment: runs on the connection handed over by ``labinovasi.db.engine``."""

from alembic import context
from sqlalchemy import create_engine

from labinovasi.db.engine import SEARCH_CACHE_PREFIX
from labinovasi.db.models import Base

config = context.config
target_metadata = Base.metadata


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Autogenerate leaves the search cache alone: it is made and rebuilt outside the migrations."""
    return not (type_ == "table" and name is not None and name.startswith(SEARCH_CACHE_PREFIX))


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # the ``alembic`` command line, for developers
        url = config.get_main_option("sqlalchemy.url") or "sqlite://"
        with create_engine(url).connect() as conn:
            context.configure(
                connection=conn,
                target_metadata=target_metadata,
                render_as_batch=True,
                include_name=include_name,
            )
            with context.begin_transaction():
                context.run_migrations()
        return
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
