"""Opening a store and the read/write operations the stages use.

All writes go through :class:`Store` methods, each one transaction: the unit of work an interrupted
run can lose is one document's stage, never a half-written one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, delete, event, insert, select, update

from countertrial.model import Claim, Document, DocumentMeta, Entity, Finding, Problem, Sentence
from countertrial.store import schema as t
from countertrial.store.analyst import AnalystTables
from countertrial.store.migrate import migrate


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _set_version(conn: Connection, version: int) -> None:
    conn.execute(delete(t.schema_info).where(t.schema_info.c.key == "schema_version"))
    conn.execute(insert(t.schema_info).values(key="schema_version", value=str(version)))


def database_url(db: str | None, out_dir: Path | None) -> str:
    """``--db`` as given (a URL, or a plain path meaning a SQLite file), else a SQLite file in the output folder."""
    if db:
        return db if "://" in db else f"sqlite:///{Path(db).resolve()}"
    if out_dir is None:
        raise ValueError("no --db given and no output folder to keep the store in")
    return f"sqlite:///{(out_dir / 'store.sqlite').resolve()}"


def open_store(url: str) -> "Store":
    """Open (creating or migrating as needed) the store at a SQLAlchemy URL."""
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    with engine.begin() as conn:
        t.metadata.create_all(conn)
        row = conn.execute(select(t.schema_info.c.value).where(t.schema_info.c.key == "schema_version")).first()
        if row is None:
            _set_version(conn, t.SCHEMA_VERSION)
            version = t.SCHEMA_VERSION
        else:
            version = int(row[0])
    migrate(engine.begin, version)
    return Store(engine)


class Store(AnalystTables):
    """The evidence store. Methods are named for what an investigator would call them.

    The workbench's users, sessions, decisions and audit log are in :class:`AnalystTables`.
    """

    def __init__(self, engine: Engine):
        self.engine = engine

    def close(self) -> None:
        self.engine.dispose()

    # --- documents -------------------------------------------------------------------------------

    def document_fingerprints(self) -> dict[str, str]:
        with self.engine.connect() as c:
            return dict(c.execute(select(t.documents.c.id, t.documents.c.sha256)).all())

    def put_document(self, doc: Document, ordinal: int, problems: list[Problem] | None = None) -> None:
        """Store a document with the problems reading it raised, replacing any older version and everything derived from it (cascade)."""
        with self.engine.begin() as c:
            c.execute(delete(t.documents).where(t.documents.c.id == doc.id))
            c.execute(
                insert(t.documents).values(
                    id=doc.id,
                    path=doc.path,
                    format=doc.format,
                    sha256=doc.sha256,
                    text=doc.text,
                    meta=doc.meta.model_dump(mode="json"),
                    paragraphs=[list(p) for p in doc.paragraphs],
                    ordinal=ordinal,
                    problems=[p.model_dump(mode="json") for p in problems or []],
                )
            )
            if doc.sentences:
                c.execute(
                    insert(t.sentences),
                    [
                        {"document": s.document, "idx": s.index, "start": s.start, "end": s.end, "paragraph": s.paragraph}
                        for s in doc.sentences
                    ],
                )

    def set_document_order(self, ordinal_by_id: dict[str, int], meta_by_id: dict[str, DocumentMeta]) -> None:
        """Refresh position and manifest metadata of unchanged documents (the manifest may have been edited)."""
        with self.engine.begin() as c:
            for doc_id, ordinal in ordinal_by_id.items():
                values: dict = {"ordinal": ordinal}
                if doc_id in meta_by_id:
                    values["meta"] = meta_by_id[doc_id].model_dump(mode="json")
                c.execute(update(t.documents).where(t.documents.c.id == doc_id).values(**values))

    def document_problems(self) -> dict[str, list[Problem]]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.documents.c.id, t.documents.c.problems))
            return {doc_id: [Problem.model_validate(p) for p in probs or []] for doc_id, probs in rows}

    def remove_documents(self, ids: Iterable[str]) -> None:
        ids = list(ids)
        if not ids:
            return
        with self.engine.begin() as c:
            c.execute(delete(t.documents).where(t.documents.c.id.in_(ids)))

    def documents(self, with_text: bool = True) -> list[Document]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.documents).order_by(t.documents.c.ordinal, t.documents.c.id)).mappings().all()
            sents: dict[str, list[Sentence]] = {}
            for s in c.execute(select(t.sentences).order_by(t.sentences.c.document, t.sentences.c.idx)).mappings():
                sents.setdefault(s["document"], []).append(
                    Sentence(document=s["document"], index=s["idx"], start=s["start"], end=s["end"], paragraph=s["paragraph"])
                )
        return [
            Document(
                id=r["id"],
                path=r["path"],
                format=r["format"],
                sha256=r["sha256"],
                text=r["text"] if with_text else "",
                meta=DocumentMeta.model_validate(r["meta"]),
                paragraphs=[tuple(p) for p in r["paragraphs"]],
                sentences=sents.get(r["id"], []),
            )
            for r in rows
        ]

    # --- stage bookkeeping -------------------------------------------------------------------------

    def stage_keys(self, stage: str) -> dict[str, str]:
        with self.engine.connect() as c:
            q = select(t.stage_done.c.document, t.stage_done.c.input_key).where(t.stage_done.c.stage == stage)
            return dict(c.execute(q).all())

    # --- claims and mentions -----------------------------------------------------------------------

    def put_extraction(self, document: str, claims: list[Claim], mentions: list[dict], input_key: str) -> None:
        """Replace the machine's claims and mentions for one document and mark extraction done, atomically."""
        with self.engine.begin() as c:
            c.execute(delete(t.claims).where(t.claims.c.document == document, t.claims.c.origin == "machine"))
            c.execute(delete(t.mentions).where(t.mentions.c.document == document))
            if claims:
                c.execute(
                    insert(t.claims),
                    [
                        {
                            "id": cl.id,
                            "document": cl.document,
                            "kind": cl.kind,
                            "start": cl.start,
                            "end": cl.end,
                            "origin": "machine",
                            "data": cl.model_dump(mode="json"),
                        }
                        for cl in claims
                    ],
                )
            if mentions:
                c.execute(insert(t.mentions), [{"document": document, **m} for m in mentions])
            c.execute(delete(t.stage_done).where(t.stage_done.c.stage == "extract", t.stage_done.c.document == document))
            c.execute(insert(t.stage_done).values(stage="extract", document=document, input_key=input_key))

    def put_analyst_claims(self, claims: list[Claim]) -> None:
        """Replace the claims entered by the analyst in the case file (the machine's stay untouched)."""
        with self.engine.begin() as c:
            c.execute(delete(t.claims).where(t.claims.c.origin == "analyst"))
            if claims:
                c.execute(
                    insert(t.claims),
                    [
                        {"id": cl.id, "document": cl.document, "kind": cl.kind, "start": cl.start, "end": cl.end,
                         "origin": "analyst", "data": cl.model_dump(mode="json")}
                        for cl in claims
                    ],
                )

    def put_case(self, sha256: str | None, data: dict | None) -> None:
        """Record the validated case file (or its absence)."""
        with self.engine.begin() as c:
            c.execute(delete(t.case_file))
            if data is not None:
                c.execute(insert(t.case_file).values(id=1, sha256=sha256 or "", data=data))

    def case(self) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(t.case_file.c.data)).first()
            return row[0] if row else None

    def claims(self) -> list[Claim]:
        with self.engine.connect() as c:
            q = (
                select(t.claims.c.data)
                .join(t.documents, t.documents.c.id == t.claims.c.document)
                .order_by(t.documents.c.ordinal, t.claims.c.start, t.claims.c.end, t.claims.c.id)
            )
            return [Claim.model_validate(r[0]) for r in c.execute(q)]

    def mentions(self) -> list[dict]:
        with self.engine.connect() as c:
            q = select(t.mentions).order_by(t.mentions.c.document, t.mentions.c.key)
            return [dict(r) for r in c.execute(q).mappings()]

    # --- resolution --------------------------------------------------------------------------------

    def put_resolution(self, entities: list[Entity], resolutions: list[tuple[str, str, str]]) -> None:
        """Replace all entities and the mention->entity map in one transaction."""
        with self.engine.begin() as c:
            c.execute(delete(t.resolutions))
            c.execute(delete(t.entities))
            if entities:
                c.execute(
                    insert(t.entities),
                    [{"id": e.id, "kind": e.kind, "data": e.model_dump(mode="json")} for e in entities],
                )
            if resolutions:
                c.execute(
                    insert(t.resolutions),
                    [{"document": d, "key": k, "entity": e} for d, k, e in resolutions],
                )

    def entities(self) -> list[Entity]:
        with self.engine.connect() as c:
            return [Entity.model_validate(r[0]) for r in c.execute(select(t.entities.c.data).order_by(t.entities.c.id))]

    def resolutions(self) -> dict[tuple[str, str], str]:
        with self.engine.connect() as c:
            return {(d, k): e for d, k, e in c.execute(select(t.resolutions.c.document, t.resolutions.c.key, t.resolutions.c.entity))}

    # --- findings ----------------------------------------------------------------------------------

    def put_findings(self, findings: list[Finding]) -> None:
        with self.engine.begin() as c:
            c.execute(delete(t.findings))
            if findings:
                c.execute(
                    insert(t.findings),
                    [{"id": f.id, "ordinal": i, "kind": f.kind, "data": f.model_dump(mode="json")} for i, f in enumerate(findings)],
                )

    def findings(self) -> list[Finding]:
        with self.engine.connect() as c:
            return [Finding.model_validate(r[0]) for r in c.execute(select(t.findings.c.data).order_by(t.findings.c.ordinal))]

    # --- input problems ----------------------------------------------------------------------------

    def put_problems(self, stage: str, problems: list[Problem]) -> None:
        with self.engine.begin() as c:
            c.execute(delete(t.problems).where(t.problems.c.stage == stage))
            if problems:
                c.execute(
                    insert(t.problems),
                    [{"stage": stage, "file": p.file, "data": p.model_dump(mode="json")} for p in problems],
                )

    def problems(self) -> list[Problem]:
        with self.engine.connect() as c:
            q = select(t.problems.c.data).order_by(t.problems.c.id)
            return [Problem.model_validate(r[0]) for r in c.execute(q)]
