"""Storage backends behind one interface (``Store``)."""

from __future__ import annotations

from .base import (
    RECORD_TABLES,
    Store,
    StoredDocument,
    StoredEvent,
    StoredPlan,
    StoredPlanEvent,
    StoredPlanFile,
    StoredPlanRecord,
    StoredPlanTemplate,
    StoredRecord,
)
from .sqlite import SQLiteStore


def open_store(database_url: str) -> Store:
    """The backend for a ``COCREA_DATABASE_URL``."""
    if database_url.startswith("sqlite:"):
        return SQLiteStore(database_url)
    if database_url.startswith(("postgresql:", "postgres:")):
        from .postgres import PostgresStore

        return PostgresStore(database_url)
    raise ValueError(f"Unsupported database URL: {database_url!r} (use sqlite:/// or postgresql://)")


__all__ = [
    "RECORD_TABLES",
    "SQLiteStore",
    "Store",
    "StoredDocument",
    "StoredEvent",
    "StoredPlan",
    "StoredPlanEvent",
    "StoredPlanFile",
    "StoredPlanRecord",
    "StoredPlanTemplate",
    "StoredRecord",
    "open_store",
]
