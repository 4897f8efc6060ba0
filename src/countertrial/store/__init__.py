"""The store: every stage writes here and reads only from here.

SQLAlchemy 2 Core over SQLite by default (a single file, WAL, foreign keys on) or PostgreSQL by URL.
Each stage writes one document (or, for reasoning, one whole result) per transaction, so a run killed
mid-way leaves the store exactly as it was before the unit being written, and a rerun resumes.
"""

from countertrial.store.db import Store, open_store

__all__ = ["Store", "open_store"]
