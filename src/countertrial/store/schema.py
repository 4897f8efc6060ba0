"""Table definitions. The schema version is recorded in ``schema_info``; see ``migrate.py``.

Rows keep the machine's output as JSON beside a few indexed columns. The JSON is the pydantic model
of the same name (countertrial.model), so the store and the published files share one definition.
Analysts' decisions live in their own tables beside these (``decisions``, ``audit_log``), never
over them: the machine's rows can be rebuilt at any time and the analyst's work is laid over them when
read (``countertrial.workbench.overlays``).
"""

from sqlalchemy import JSON, Boolean, Column, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text

# 1: the machine's tables. 2: the workbench's users, sessions, decisions and audit log.
SCHEMA_VERSION = 2

metadata = MetaData()

schema_info = Table(
    "schema_info",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(256), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(512), primary_key=True),  # file name relative to the corpus folder
    Column("path", Text, nullable=False),
    Column("format", String(8), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("meta", JSON, nullable=False),
    Column("paragraphs", JSON, nullable=False),
    Column("ordinal", Integer, nullable=False),  # position in the corpus walk, for stable ordering
    # what reading this file raised (e.g. a guessed encoding), kept with it so a rerun that does not
    # read the file again still reports it, and a crash cannot separate the two
    Column("problems", JSON, nullable=False, default=list),
)

sentences = Table(
    "sentences",
    metadata,
    Column("document", String(512), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("idx", Integer, primary_key=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("paragraph", Integer, nullable=False),
)

# A stage's work on one document is complete when this row exists with the matching input key.
stage_done = Table(
    "stage_done",
    metadata,
    Column("stage", String(32), primary_key=True),
    Column("document", String(512), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("input_key", String(128), nullable=False),
)

claims = Table(
    "claims",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("document", String(512), ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("origin", String(16), nullable=False, default="machine"),  # machine | analyst
    Column("data", JSON, nullable=False),
)
Index("ix_claims_document", claims.c.document, claims.c.start)

# Names as read in one document, before resolution: what the resolver works from.
mentions = Table(
    "mentions",
    metadata,
    Column("document", String(512), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(256), primary_key=True),  # the participant/place key used in that document's claims
    Column("kind", String(16), nullable=False),  # person | place | organisation | building
    Column("text", Text, nullable=False),  # a representative surface form
    Column("count", Integer, nullable=False),
    Column("data", JSON, nullable=False),  # e.g. {"located_in": key} for a building read as "the X Hotel in Y"
)

entities = Table(
    "entities",
    metadata,
    Column("id", String(256), primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("data", JSON, nullable=False),
)

# mention key (per document) -> entity id, written by the resolver in one transaction with `entities`.
resolutions = Table(
    "resolutions",
    metadata,
    Column("document", String(512), ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("key", String(256), primary_key=True),
    Column("entity", String(256), ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("ordinal", Integer, nullable=False),
    Column("kind", String(32), nullable=False),
    Column("data", JSON, nullable=False),
)

problems = Table(
    "problems",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("stage", String(32), nullable=False),
    Column("file", Text, nullable=False),
    Column("data", JSON, nullable=False),
)

# The analyst's case file (case.yaml), validated, as the model's JSON: one row, replaced on each run.
case_file = Table(
    "case_file",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False),
    Column("data", JSON, nullable=False),
)


# --- the workbench (schema 2): people who log in, their sessions, and their decisions ----------------

users = Table(
    "users",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("role", String(16), nullable=False),  # viewer | analyst | admin
    Column("password_hash", Text, nullable=False),  # argon2id, as argon2.PasswordHasher writes it
    Column("created_at", Float, nullable=False),  # seconds since the epoch, UTC
    Column("disabled", Boolean, nullable=False, default=False),
)

# Server-side sessions: the cookie holds a random token, the store only its SHA-256, so a copy of the
# store does not let anyone in. A session ends when idle too long or too old (see workbench/auth.py).
sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user", String(128), ForeignKey("users.name", ondelete="CASCADE"), nullable=False),
    Column("csrf", String(64), nullable=False),  # the token every form of this session must send back
    Column("created_at", Float, nullable=False),
    Column("last_seen", Float, nullable=False),
)

# The analyst's current decision on one thing, one row per (what, which, aspect):
#   finding/F-…/status   {"status": "rejected" | "confirmed", "note": …}
#   claim/C-…/status     {"status": "rejected" | "confirmed", "note": …}
#   claim/C-…/correction {slot: value, …}       replaces those slots of the machine's claim when read
#   claim/A-…/added      a whole Claim (JSON)   a claim the analyst read in a passage
#   entity/…/merge       {"into": entity id}    this entity is the same as another
# The machine's rows are never touched; these are laid over them when read.
decisions = Table(
    "decisions",
    metadata,
    Column("target_kind", String(16), primary_key=True),
    Column("target_id", String(256), primary_key=True),
    Column("aspect", String(16), primary_key=True),
    Column("data", JSON, nullable=False),
    Column("user", String(128), nullable=False),
    Column("at", Float, nullable=False),
)

# Every analyst action: who, when, what, and the decision row before and after (null: none), so that
# any entry can be undone by writing its `before` back. An undo is itself an entry (`undo_of`).
audit_log = Table(
    "audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", Float, nullable=False),
    Column("user", String(128), nullable=False),
    Column("action", String(32), nullable=False),  # reject, confirm, clear, correct, add_claim, merge, undo, add_user, …
    Column("target_kind", String(16), nullable=False),
    Column("target_id", String(256), nullable=False),
    Column("aspect", String(16), nullable=False),
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Column("undo_of", Integer, nullable=True),
    Column("undone_by", Integer, nullable=True),
)
Index("ix_audit_target", audit_log.c.target_kind, audit_log.c.target_id)

WORKBENCH_TABLES = (users, sessions, decisions, audit_log)
