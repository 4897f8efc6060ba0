"""Walking a corpus folder: documents, metadata from the manifest, and problems that do not stop the run."""

from __future__ import annotations

import hashlib

from countertrial.ingest.corpus import fingerprint, iter_corpus, read_document
from countertrial.model import Document, Problem

HEADER = "file,title,author,date,kind,speaker,conditions,derived_from\n"


def run(folder, **kw):
    items = list(iter_corpus(folder, **kw))
    docs = {i.id: i for i in items if isinstance(i, Document)}
    problems = [i for i in items if isinstance(i, Problem)]
    return items, docs, problems


def make_corpus(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b.txt").write_text("He was in Berlin. He never went to Copenhagen.\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("# Statement\n\nI met him in the hotel.\n", encoding="utf-8")
    (tmp_path / "sub" / "c.html").write_text("<p>Visible &amp; cited.</p><script>x</script>", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("secret", encoding="utf-8")
    (tmp_path / ".git" / "x.txt").write_text("metadata", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "case.yaml").write_text("name: x\n", encoding="utf-8")
    return tmp_path


def test_without_manifest_every_document_is_read_in_sorted_order(tmp_path):
    items, docs, problems = run(make_corpus(tmp_path))
    assert problems == []
    assert [i.id for i in items] == ["a.md", "b.txt", "sub/c.html"]
    b = docs["b.txt"]
    raw = (tmp_path / "b.txt").read_bytes()
    assert b.sha256 == hashlib.sha256(raw).hexdigest() == fingerprint(tmp_path / "b.txt")
    assert b.format == "txt" and b.path == str(tmp_path / "b.txt")
    assert b.meta.title == "b"
    assert [b.text[s.start : s.end] for s in b.sentences] == ["He was in Berlin.", "He never went to Copenhagen."]
    assert b.paragraphs == [(0, len(b.text.rstrip()))]
    assert docs["sub/c.html"].text == "Visible & cited."


def test_runs_are_deterministic(tmp_path):
    make_corpus(tmp_path)
    assert list(iter_corpus(tmp_path)) == list(iter_corpus(tmp_path))


def test_manifest_metadata_problems_and_unlisted_files(tmp_path):
    make_corpus(tmp_path)
    (tmp_path / "README.md").write_text("About this corpus.\n", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        HEADER
        + "b.txt,Letter,Ann,1931-05-11/1931-07-14,letter,Ann; Bob,in exile,sub/c.html\n"
        + "missing.txt,Gone,,,,,,\n"
        + "sub/c.html,,,1936-13,newspaper,,,\n"
        + "notes.docx,,,,,,,\n"
        + "a.md,,,,,,,nowhere.txt\n",
        encoding="utf-8",
    )
    items, docs, problems = run(tmp_path)
    b = docs["b.txt"].meta
    assert (b.title, b.author, b.kind, b.speakers, b.conditions, b.derived_from) == (
        "Letter", "Ann", "letter", ["Ann", "Bob"], "in exile", ["sub/c.html"]
    )
    assert (b.date_window.earliest.isoformat(), b.date_window.latest.isoformat()) == ("1931-05-11", "1931-07-14")
    c = docs["sub/c.html"].meta
    assert c.kind == "newspaper" and c.date_window is None and c.title == "c"  # bad date dropped, row kept
    assert docs["a.md"].meta.title == "a"
    assert "README.md" not in docs

    where = [(p.severity, p.file, p.line) for p in problems]
    assert ("error", "manifest.csv", 4) in where  # bad date on line 4
    assert ("error", "manifest.csv", 3) in where  # missing.txt
    assert ("error", "manifest.csv", 5) in where  # unsupported type
    assert ("warning", "manifest.csv", 6) in where  # derived_from names nothing
    assert ("warning", "README.md", None) in where
    missing = next(p for p in problems if p.line == 3)
    assert "'missing.txt'" in missing.message and "no such file" in missing.message
    # problems about the manifest come before the documents
    first_doc = next(n for n, i in enumerate(items) if isinstance(i, Document))
    assert all(isinstance(i, Problem) for i in items[:first_doc])


def test_file_not_in_manifest_is_still_ingested_with_a_warning(tmp_path):
    (tmp_path / "listed.txt").write_text("Listed.", encoding="utf-8")
    (tmp_path / "extra.txt").write_text("Extra.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(HEADER + "listed.txt,,,,,,,\n", encoding="utf-8")
    _, docs, problems = run(tmp_path)
    assert set(docs) == {"listed.txt", "extra.txt"}
    assert [(p.severity, p.file) for p in problems] == [("warning", "extra.txt")]
    assert "not listed in manifest" in problems[0].message


def test_readme_listed_in_manifest_is_a_document(tmp_path):
    (tmp_path / "README.md").write_text("A statement.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(HEADER + "README.md,,,,,,,\n", encoding="utf-8")
    _, docs, problems = run(tmp_path)
    assert set(docs) == {"README.md"} and problems == []


def test_unreadable_files_are_problems_and_the_walk_goes_on(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01binary")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4\nbroken")
    (tmp_path / "d.txt").write_text("Fine.", encoding="utf-8")
    _, docs, problems = run(tmp_path)
    assert set(docs) == {"d.txt"}
    assert [(p.file, p.severity) for p in problems] == [("a.txt", "error"), ("b.txt", "error"), ("c.pdf", "error")]
    assert "binary" in problems[0].message and "empty file" in problems[1].message and "PDF" in problems[2].message


def test_reader_warnings_become_warning_problems(tmp_path):
    (tmp_path / "old.txt").write_bytes("Caf\u00e9 in Z\u00fcrich, na\u00efve as he was, with more text.".encode("cp1252"))
    _, docs, problems = run(tmp_path)
    assert "old.txt" in docs
    assert [(p.file, p.severity) for p in problems] == [("old.txt", "warning")]


def test_files_over_the_size_limit_are_skipped(tmp_path):
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Small.", encoding="utf-8")
    _, docs, problems = run(tmp_path, max_bytes=1000)
    assert set(docs) == {"small.txt"}
    assert problems[0].file == "big.txt" and "limit" in problems[0].message


def test_unusable_manifest_is_reported_once_not_per_file(tmp_path):
    (tmp_path / "a.txt").write_text("A.", encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("name,title\na.txt,T\n", encoding="utf-8")
    _, docs, problems = run(tmp_path)
    assert set(docs) == {"a.txt"}
    assert [(p.file, p.severity) for p in problems] == [("manifest.csv", "error")]


def test_missing_folder_is_a_problem(tmp_path):
    items = list(iter_corpus(tmp_path / "nope"))
    assert len(items) == 1 and isinstance(items[0], Problem)


def test_read_document_alone(tmp_path):
    path = tmp_path / "x.txt"
    path.write_text("One. Two.", encoding="utf-8")
    doc, problems = read_document(path, "x.txt")
    assert problems == [] and doc.id == "x.txt" and len(doc.sentences) == 2


def test_fingerprint_matches_hashlib_on_large_file(tmp_path):
    path = tmp_path / "big.bin"
    data = bytes(range(256)) * 10_000
    path.write_bytes(data)
    assert fingerprint(path) == hashlib.sha256(data).hexdigest()
