"""The store: round trips, replacement cascades, atomic stage writes, schema versions — on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from countertrial.model import Claim, Document, DocumentMeta, Entity, Finding, Citation, Participant, Sentence, TimeWindow
from countertrial.store import open_store
from countertrial.store import schema
from countertrial.store.migrate import StoreVersionError


def _doc(doc_id="a.txt", text="Anna was in Lyon. She met Bruno.", sha="1" * 64) -> Document:
    return Document(
        id=doc_id,
        path=f"/corpus/{doc_id}",
        format="txt",
        sha256=sha,
        text=text,
        meta=DocumentMeta(title="A", speakers=["Anna Roux"], date_window=TimeWindow(earliest="1958-03-01", latest="1958-03-31", precision="month")),
        sentences=[Sentence(document=doc_id, index=0, start=0, end=17, paragraph=0)],
        paragraphs=[(0, len(text))],
    )


def _claim(doc_id="a.txt", cid="C-1") -> Claim:
    return Claim(
        id=cid, kind="presence", document=doc_id, start=0, end=17, quote="Anna was in Lyon.",
        participants=[Participant(entity="anna", role="subject")], place="lyon", aspect="state",
    )


def test_document_round_trip(store_url):
    store = open_store(store_url)
    doc = _doc()
    store.put_document(doc, 0)
    [back] = store.documents()
    assert back == doc
    assert store.document_fingerprints() == {"a.txt": "1" * 64}
    store.close()


def test_replacing_a_document_drops_what_was_derived_from_it(store_url):
    store = open_store(store_url)
    store.put_document(_doc(), 0)
    store.put_extraction("a.txt", [_claim()], [{"key": "anna", "kind": "person", "text": "Anna", "count": 1, "data": {}}], "k1")
    assert store.stage_keys("extract") == {"a.txt": "k1"}
    store.put_document(_doc(sha="2" * 64, text="Anna was in Nice. She met Bruno."), 0)
    assert store.claims() == []
    assert store.mentions() == []
    assert store.stage_keys("extract") == {}
    store.close()


def test_failed_stage_write_leaves_the_store_as_it_was(store_url):
    store = open_store(store_url)
    store.put_document(_doc(), 0)
    store.put_extraction("a.txt", [_claim()], [], "k1")
    duplicate = [_claim(cid="C-2"), _claim(cid="C-2")]  # primary-key clash mid-write
    with pytest.raises(sa.exc.IntegrityError):
        store.put_extraction("a.txt", duplicate, [], "k2")
    assert [c.id for c in store.claims()] == ["C-1"]
    assert store.stage_keys("extract") == {"a.txt": "k1"}
    store.close()


def test_findings_keep_their_order(store_url):
    store = open_store(store_url)
    store.put_document(_doc(), 0)
    cit = Citation(document="a.txt", start=0, end=4, quote="Anna")
    fs = [
        Finding(id=f"F-{i}", kind="alibi", summary="s", confidence=0.5, citations=[cit], claims=[], rule="r")
        for i in (3, 1, 2)
    ]
    store.put_findings(fs)
    assert [f.id for f in store.findings()] == ["F-3", "F-1", "F-2"]
    store.put_resolution([Entity(id="person:anna", kind="person", name="Anna")], [("a.txt", "anna", "person:anna")])
    assert store.resolutions() == {("a.txt", "anna"): "person:anna"}
    store.close()


def test_schema_version_is_recorded_and_a_newer_store_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 's.sqlite'}"
    open_store(url).close()
    engine = sa.create_engine(url)
    with engine.begin() as c:
        assert c.execute(sa.select(schema.schema_info.c.value)).scalar() == str(schema.SCHEMA_VERSION)
        c.execute(sa.update(schema.schema_info).values(value=str(schema.SCHEMA_VERSION + 1)))
    engine.dispose()
    with pytest.raises(StoreVersionError, match="newer"):
        open_store(url)


def test_sqlite_store_uses_wal_and_foreign_keys(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 's.sqlite'}")
    with store.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
