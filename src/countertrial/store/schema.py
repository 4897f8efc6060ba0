"""Table definitions. The schema version is recorded in ``schema_info``; see ``migrate.py``.

Rows keep the machine's output as JSON beside a few indexed columns. The JSON is the pydantic model
of the same name (countertrial.model), so the store and the published files share one definition.
Analysts' decisions will live in their own tables beside these, never over them.
"""

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, MetaData, String, Table, Text

SCHEMA_VERSION = 1

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
