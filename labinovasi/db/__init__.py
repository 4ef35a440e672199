"""Storage: SQLAlchemy 2 typed models, the engine, and Alembic migrations shipped in the package."""
