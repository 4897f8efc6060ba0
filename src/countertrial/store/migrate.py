"""Schema versions and how a store moves between them.

The story: ``schema_info.schema_version`` records the version a store was written with. Opening a
store runs every step in ``MIGRATIONS`` from its version up to ``SCHEMA_VERSION``, each step in its
own transaction, so an interrupted migration leaves the store at the last completed version. A store
written by a *newer* countertrial is refused rather than guessed at. Machine-derived tables (claims,
mentions, entities, findings) can always be rebuilt from the documents, so a step may simply drop and
recreate them and clear ``stage_done``; analysts' tables must be carried over row by row.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

from countertrial.store.schema import SCHEMA_VERSION, WORKBENCH_TABLES, metadata


def _add_workbench_tables(conn: Connection) -> None:
    """1 -> 2: the workbench's users, sessions, decisions and audit log. The machine's tables are unchanged."""
    metadata.create_all(conn, tables=list(WORKBENCH_TABLES), checkfirst=True)


# version N -> the function that takes a store from N to N+1
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_workbench_tables}


class StoreVersionError(RuntimeError):
    """The store was written by a countertrial whose schema this one does not know."""


def migrate(conn_factory, current: int) -> int:
    """Apply every migration step from ``current`` to ``SCHEMA_VERSION``; return the final version."""
    if current > SCHEMA_VERSION:
        raise StoreVersionError(
            f"this store has schema version {current}, newer than this countertrial knows ({SCHEMA_VERSION}); "
            "upgrade countertrial or use another --db"
        )
    while current < SCHEMA_VERSION:
        step = MIGRATIONS.get(current)
        if step is None:
            raise StoreVersionError(f"no migration from schema version {current}; re-create the store")
        with conn_factory() as conn:
            step(conn)
            from countertrial.store.db import _set_version

            _set_version(conn, current + 1)
        current += 1
    return current
