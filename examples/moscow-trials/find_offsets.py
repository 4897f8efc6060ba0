"""Find character offsets for case.yaml, and review what a case file's offsets point at.

The case file cites passages by document and offsets only, so it never copies the corpus. This
helper does the look-up at writing time: the phrase is typed on the command line, never stored.

    # where does a phrase occur (every occurrence), and which sentence holds it?
    python find_offsets.py CORPUS DOC "a phrase typed from the document"

    # print every claim and citation of a case file with the passage its offsets select,
    # to proof-read the offsets (prints to the terminal only)
    python find_offsets.py CORPUS --review case.yaml

Offsets are into the document's text as countertrial reads it: the decoded UTF-8 text (for these
.txt files, exactly ``open(path, encoding="utf-8").read()``).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SENTENCE_END = re.compile(r"[.!?](?:[\"”’)\]]*)(?=\s)|\n\s*\n")


def text_of(corpus: Path, doc: str) -> str:
    return (corpus / doc).read_text(encoding="utf-8")


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence (or sentences) containing ``start..end``: a rough cut for review."""
    lo = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        lo = m.end()
    while lo < len(text) and text[lo].isspace():
        lo += 1
    m = SENTENCE_END.search(text, max(end - 1, lo))
    hi = m.end() if m else len(text)
    return lo, hi


def find(corpus: Path, doc: str, phrase: str) -> None:
    text = text_of(corpus, doc)
    hits = [m.start() for m in re.finditer(re.escape(phrase), text)]
    if not hits:
        print(f"not found in {doc}", file=sys.stderr)
        sys.exit(1)
    for s in hits:
        e = s + len(phrase)
        lo, hi = sentence_around(text, s, e)
        print(f"phrase {s}-{e}   sentence {lo}-{hi}")


def review(corpus: Path, case_file: Path) -> None:
    import yaml

    data = yaml.safe_load(case_file.read_text(encoding="utf-8")) or {}
    for c in data.get("claims") or []:
        t = text_of(corpus, c["document"])
        print(f"[{c.get('id')}] {c['document']} {c['start']}-{c['end']} {c.get('kind')}: {t[c['start']:c['end']]!r}")
    for section in ("people", "places"):
        for item in data.get(section) or []:
            for cit in item.get("citations") or []:
                t = text_of(corpus, cit["document"])
                print(f"[{item['id']}] {cit['document']} {cit['start']}-{cit['end']}: {t[cit['start']:cit['end']]!r}")


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[2] == "--review":
        review(Path(sys.argv[1]), Path(sys.argv[3]))
    elif len(sys.argv) == 4:
        find(Path(sys.argv[1]), sys.argv[2], sys.argv[3])
    else:
        print(__doc__)
        sys.exit(2)
