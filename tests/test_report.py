"""report.html: cited passages shown marked, text escaped, viewer faithful to the text, no network, stable.

The corpus here is invented for the tests (a fictional inquiry in the town of Velmar); nothing is taken
from the real case files.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from datetime import date
from html.parser import HTMLParser

import pytest

from countertrial.model import (
    Citation,
    Claim,
    Document,
    DocumentMeta,
    Entity,
    Finding,
    Participant,
    Problem,
    TimeWindow,
)
from countertrial.present.report import ReportData, highlight_text, render_report
from countertrial.present.report_views import VENDOR_FILES, timeline_view
from countertrial.reason.hypotheses import Hypothesis, analyse_case
from countertrial.reason.network import build_contact_network

SCRIPT = "<script>alert(1)</script>"

STATEMENT = (
    "Statement of Anton Kessel, taken at the Velmar police station.\n"
    "In the spring of 1931 I travelled to Dornau by train. There I met Ilse Varga at the Hotel Linden "
    "on the 12th of April 1931. She gave me a letter for the committee.\r\n"
    "I returned to Velmar two days later.\n"
)
LETTER = (
    "Dear Mr. Brandt,\n"
    "I write to confirm that I, Ilse Varga, was in Lisbon for the whole of April 1931, nursing my mother. "
    "I never met Anton Kessel at any hotel.\n"
    "Yours, I. Varga\n"
)
HOSTILE = "A page that says " + SCRIPT + " and <b>bold</b> & more, then an & and a \"quote\"."


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def cite(doc: str, text: str, phrase: str) -> Citation:
    s, e = span(text, phrase)
    return Citation(document=doc, start=s, end=e, quote=text[s:e])


def claim(cid: str, kind: str, doc: str, text: str, phrase: str, **kw) -> Claim:
    s, e = span(text, phrase)
    return Claim(id=cid, kind=kind, document=doc, start=s, end=e, quote=text[s:e], **kw)


MEET = "There I met Ilse Varga at the Hotel Linden on the 12th of April 1931."
LISBON = "I, Ilse Varga, was in Lisbon for the whole of April 1931"


def make_data(**overrides) -> ReportData:
    docs = [
        Document(
            id="statements/kessel.txt",
            path="/corpus/statements/kessel.txt",
            format="txt",
            sha256="a" * 64,
            text=STATEMENT,
            meta=DocumentMeta(
                title="Statement of Anton Kessel",
                author="Velmar police",
                date="1931-05-02",
                kind="interrogation",
                speakers=["Anton Kessel"],
                conditions="in custody; later retracted",
            ),
        ),
        Document(
            id="letters/varga.txt",
            path="/corpus/letters/varga.txt",
            format="txt",
            sha256="b" * 64,
            text=LETTER,
            meta=DocumentMeta(title="Letter of Ilse Varga", kind="letter", date="1931-06", speakers=["Ilse Varga"]),
        ),
        Document(
            id="hostile.html",
            path="/corpus/hostile.html",
            format="html",
            sha256="c" * 64,
            text=HOSTILE,
            meta=DocumentMeta(title="Title " + SCRIPT, kind="newspaper", conditions=SCRIPT, derived_from=["letters/varga.txt"]),
        ),
    ]
    kessel = Participant(entity="p-kessel", mention="I")
    varga = Participant(entity="p-varga", role="companion", mention="Ilse Varga")
    claims = [
        claim("c1", "travel", "statements/kessel.txt", STATEMENT, "In the spring of 1931 I travelled to Dornau by train.",
              participants=[kessel], place="g-dornau", means="train",
              time=TimeWindow(earliest=date(1931, 3, 1), latest=date(1931, 5, 31), precision="season", text="the spring of 1931")),
        claim("c2", "meeting", "statements/kessel.txt", STATEMENT, MEET,
              participants=[kessel, varga], place="b-linden", speaker="p-kessel",
              time=TimeWindow(earliest=date(1931, 4, 12), latest=date(1931, 4, 12))),
        # Overlaps c2 (starts inside it, ends after it).
        claim("c3", "communication", "statements/kessel.txt", STATEMENT,
              "the 12th of April 1931. She gave me a letter", participants=[varga, kessel]),
        # Adjacent to c1: starts exactly where c1 ends.
        claim("c4", "travel", "statements/kessel.txt", STATEMENT, " There I met", participants=[kessel]),
        claim("c5", "presence", "letters/varga.txt", LETTER, LISBON,
              participants=[Participant(entity="p-varga")], place="g-lisbon", aspect="state", speaker="p-varga"),
        claim("c6", "meeting", "letters/varga.txt", LETTER, "I never met Anton Kessel at any hotel.",
              participants=[Participant(entity="p-varga"), Participant(entity="p-kessel")], polarity="denied",
              speaker="p-varga"),
        claim("c7", "document_content", "hostile.html", HOSTILE, SCRIPT, speaker=SCRIPT),
    ]
    entities = [
        Entity(id="p-kessel", kind="person", name="Anton Kessel", aliases=["Kessel", "A. Kessel"]),
        Entity(id="p-varga", kind="person", name="Ilse Varga", aliases=["Warga"]),
        Entity(id="g-dornau", kind="place", name="Dornau", latitude=50.1, longitude=11.25),
        Entity(id="g-lisbon", kind="place", name="Lisbon", latitude=38.7223, longitude=-9.1393),
        Entity(id="b-linden", kind="building", name="Hotel Linden", located_in="g-dornau",
               exists_from=date(1901, 1, 1), exists_until=date(1925, 12, 31)),
        Entity(id="p-evil", kind="person", name=SCRIPT, aliases=[SCRIPT]),
    ]
    findings = [
        Finding(
            id="f-alibi-1",
            kind="alibi",
            summary="Kessel places Varga in Dornau on 12 April 1931; Varga was in Lisbon all of April 1931.",
            confidence=0.82,
            confidence_reason="Both dates are explicit; the letter is the person's own account.",
            citations=[cite("statements/kessel.txt", STATEMENT, MEET), cite("letters/varga.txt", LETTER, LISBON)],
            claims=["c2", "c5"],
            rule="alibi.travel_time",
            details={"distance_km": 2150, "speed": "train 1930s"},
        ),
        Finding(
            id="f-denial-1",
            kind="denial",
            summary="Varga denies the meeting Kessel describes.",
            confidence=0.6,
            contested=True,
            citations=[
                cite("statements/kessel.txt", STATEMENT, MEET),
                cite("letters/varga.txt", LETTER, "I never met Anton Kessel at any hotel."),
                # A third passage: the grid must wrap it onto a new row.
                cite("statements/kessel.txt", STATEMENT, "I returned to Velmar two days later."),
            ],
            claims=["c2", "c6"],
            rule="denial.polarity",
        ),
        Finding(
            id="f-evil",
            kind="record_mismatch",
            summary="Summary " + SCRIPT,
            confidence=0.5,
            confidence_reason=SCRIPT,
            citations=[Citation(document="hostile.html", start=HOSTILE.index(SCRIPT), end=HOSTILE.index(SCRIPT) + len(SCRIPT), quote=SCRIPT)],
            claims=["c7"],
            rule=SCRIPT,
            details={SCRIPT: SCRIPT},
        ),
    ]
    problems = [Problem(file="manifest.csv", line=4, message="unknown kind " + SCRIPT)]
    hypotheses = [
        Hypothesis(id="H1", title="Kessel's statement was dictated " + SCRIPT, supported_by_kinds=("alibi", "denial")),
        Hypothesis(id="H2", title="Kessel met Varga", refuted_by_kinds=("alibi", "denial")),
    ]
    data = ReportData(
        title="Velmar inquiry " + SCRIPT,
        generated_by="countertrial 0.1.0",
        documents=docs,
        claims=claims,
        entities=entities,
        findings=findings,
        problems=problems,
        hypotheses=analyse_case(hypotheses, findings, claims, documents={d.id: d for d in docs}).to_dict(),
        network=build_contact_network(claims, findings, {e.id: e for e in entities}),
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    return data


# --------------------------------------------------------------------------------------------------
# A small HTML walker: everything is checked on the parsed page, not on substrings of the source.


class Node:
    def __init__(self, tag: str, attrs: dict[str, str | None], parent: "Node | None") -> None:
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list["Node | str"] = []

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag: str | None = None, **attrs: str) -> list["Node"]:
        out = []
        for n in self.iter():
            if tag is not None and n.tag != tag:
                continue
            if all(n.attrs.get(k.rstrip("_")) == v for k, v in attrs.items()):
                out.append(n)
        return out

    def by_id(self, ident: str) -> "Node":
        found = self.find_all(id=ident)
        assert len(found) == 1, f"expected one element with id={ident!r}, found {len(found)}"
        return found[0]

    def has_class(self, cls: str) -> bool:
        return cls in (self.attrs.get("class") or "").split()


VOID = {"meta", "link", "br", "input", "img", "hr", "col", "wbr", "area", "base", "source"}


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        node = Node(tag, dict(attrs), self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.cur.children.append(Node(tag, dict(attrs), self.cur))

    def handle_endtag(self, tag):
        node = self.cur
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        self.cur = node.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(html: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder


@pytest.fixture(scope="module")
def html() -> str:
    return render_report(make_data())


@pytest.fixture(scope="module")
def page(html) -> TreeBuilder:
    return parse(html)


# --------------------------------------------------------------------------------------------------


def test_sections_present(page):
    for ident in ["top", "summary", "findings", "network", "timelines", "hypotheses", "claims", "people-places",
                  "sources", "documents", "problems"]:
        page.root.by_id(ident)


def test_finding_card_shows_both_quotes_marked(page):
    card = page.root.by_id("finding-f-alibi-1")
    marks = [m.text() for m in card.find_all("mark")]
    assert MEET in marks
    assert LISBON in marks
    passages = card.find_all("figure")
    assert len(passages) == 2
    # Each passage is shown in context, with its document named above it.
    first = passages[0].text()
    assert "Statement of Anton Kessel" in first and "statements/kessel.txt" in first
    assert "in custody" in first and "interrogation" in first
    assert "Velmar police station" in first  # context before the cited span
    # and links to the viewer anchor at the cited offset, which exists.
    link = passages[0].find_all("a")[0].attrs["href"]
    assert link == f"#doc-1-{STATEMENT.index(MEET)}"
    page.root.by_id(link[1:])
    assert "82%" in card.text()
    assert "Both dates are explicit" in card.text()
    assert "alibi.travel_time" in card.text()


def test_finding_groups_use_plain_words_and_contested_badge(page):
    assert "Alibi" in page.root.by_id("findings-alibi").find_all("h3")[0].text()
    assert "Record mismatch" in page.root.by_id("findings-record_mismatch").find_all("h3")[0].text()
    denial = page.root.by_id("finding-f-denial-1")
    assert [b.text() for b in denial.find_all("span") if b.has_class("badge") and b.has_class("contested")] == ["contested"]
    assert len(denial.find_all("figure")) == 3
    alibi = page.root.by_id("finding-f-alibi-1")
    assert not [b for b in alibi.find_all("span") if b.has_class("contested")]


def _scripts(page) -> tuple[list[Node], list[Node]]:
    """(scripts that run, JSON data blocks)."""
    scripts = page.root.find_all("script")
    data = [n for n in scripts if n.attrs.get("type") == "application/json"]
    return [n for n in scripts if n not in data], data


def test_script_injection_is_text_never_a_tag(html, page):
    # The scripts that run are ours: the libraries (when installed), the claims filter and the views.
    running, data = _scripts(page)
    assert len(data) == 1 and data[0].attrs["id"] == "report-views-data"
    assert page.tags.count("script") == len(running) + 1
    assert "alert(1)" not in running[-1].text() and "alert(1)" not in running[-2].text()
    # The data block holds the hostile text, escaped so the HTML parser cannot see a tag in it.
    block = data[0].text()
    assert "</" not in block and "<!--" not in block and "<" not in block
    # The hostile strings are present as text in title, document text, finding summary and quote.
    assert SCRIPT in page.root.find_all("title")[0].text()
    assert SCRIPT in page.root.find_all("h1")[0].text()
    assert SCRIPT in page.root.by_id("doctext-3").text()
    card = page.root.by_id("finding-f-evil")
    assert "Summary " + SCRIPT in card.text()
    assert SCRIPT in [m.text() for m in card.find_all("mark")]
    assert "<b>" not in page.tags and "b" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html


def test_viewer_text_equals_document_text(page):
    data = make_data()
    for n, doc in enumerate(data.documents, start=1):
        assert page.root.by_id(f"doctext-{n}").text() == doc.text


def test_viewer_overlapping_and_adjacent_spans(page):
    viewer = page.root.by_id("doctext-1")
    c1 = span(STATEMENT, "In the spring of 1931 I travelled to Dornau by train.")
    c2 = span(STATEMENT, MEET)
    c3 = span(STATEMENT, "the 12th of April 1931. She gave me a letter")
    c4 = span(STATEMENT, " There I met")
    assert c4[0] == c1[1]  # adjacent
    assert c2[0] < c3[0] < c2[1] < c3[1]  # overlapping
    for start, _ in (c1, c2, c3, c4):
        assert viewer.by_id(f"doc-1-{start}").tag == "mark"
    overlap = viewer.by_id(f"doc-1-{c3[0]}")
    assert overlap.attrs["data-claims"] == "c2 c3" and overlap.has_class("d2")
    # No text is inside two marks: marks are never nested and the marked text is the union of spans.
    marks = viewer.find_all("mark")
    assert all(not any(isinstance(ch, Node) for ch in m.children) for m in marks)
    # (The last sentence is not a claim but is cited by a finding, so it is marked too, as a citation.)
    returned = "I returned to Velmar two days later."
    assert "".join(m.text() for m in marks) == STATEMENT[c1[0] : c3[1]] + returned
    assert viewer.by_id(f"doc-1-{STATEMENT.index(returned)}").has_class("cited")


@pytest.mark.parametrize(
    "spans",
    [
        [(0, 5, "a"), (5, 9, "b")],  # adjacent
        [(0, 9, "a"), (3, 6, "b")],  # nested
        [(2, 7, "a"), (4, 11, "b"), (6, 12, "c")],  # chained overlap
        [(3, 3, "empty"), (0, 0, "at-start"), (12, 12, "at-end")],  # zero length
        [(-4, 3, "before"), (10, 99, "after"), (8, 2, "reversed")],  # out of range: clipped, not fatal
        [(1, 4, "a"), (1, 4, "a"), (1, 4, "b")],  # duplicates
    ],
)
def test_highlight_text_never_loses_or_duplicates_text(spans):
    text = "a<b>&c\r\nd é"
    tree = parse(f'<div id="v">{highlight_text(text, spans, anchor_prefix="doc-9")}</div>')
    assert tree.root.by_id("v").text() == text
    ids = [n.attrs["id"] for n in tree.root.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))


def test_no_external_resources(html, page):
    for node in page.root.iter():
        for attr in ("src", "href", "action", "data", "poster", "srcset"):
            value = (node.attrs.get(attr) or "").strip().lower()
            assert not value.startswith(("http:", "https:", "//", "ftp:")), (node.tag, attr, value)
        assert node.tag not in ("link", "img", "iframe", "object", "embed")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I)
    assert not re.search(r"url\(\s*['\"]?\s*(?:https?:)?//", html, re.I)
    assert "@import" not in html
    csp = page.root.find_all("meta", **{"http-equiv": "Content-Security-Policy"})[0].attrs["content"]
    assert "default-src 'none'" in csp


def test_deterministic(html):
    assert render_report(make_data()) == html


def test_summary_counts(page):
    conditions = page.root.by_id("summary-documents-by-conditions").text()
    assert "in custody" in conditions and "later retracted" in conditions and "none stated" in conditions
    kinds = page.root.by_id("summary-documents-by-kind").text()
    assert "interrogation" in kinds and "letter" in kinds
    findings = page.root.by_id("summary-findings-by-kind").text()
    assert "Alibi" in findings and "Denial" in findings
    claims = page.root.by_id("summary-claims-by-kind").text()
    assert "Meeting" in claims and "Document content" in claims


def test_claims_table_uses_entity_names_and_links_to_viewer(page):
    row = page.root.by_id("claim-c2")
    text = row.text()
    assert "Anton Kessel" in text and "Ilse Varga" in text and "Hotel Linden" in text
    assert "1931-04-12" in text and "affirmed" in text
    link = row.find_all("a")[0].attrs["href"]
    page.root.by_id(link[1:])
    assert "denied" in page.root.by_id("claim-c6").text()
    assert "the spring of 1931" in page.root.by_id("claim-c1").text()
    page.root.by_id("claims-filter")


def test_entities_and_sources(page):
    people = page.root.by_id("people-places").text()
    assert "A. Kessel" in people and "38.7223, -9.1393" in people and "Dornau" in people
    source = page.root.by_id("source-1").text()
    for expected in ("Statement of Anton Kessel", "Velmar police", "1931-05-02", "interrogation", "Anton Kessel",
                     "in custody", "aaaaaaaaaaaa"):
        assert expected in source
    assert "a" * 13 not in source.replace("a" * 12, "", 1)  # only a prefix of the hash
    hostile = page.root.by_id("source-3")
    assert hostile.find_all("a", href="#source-2")  # derived_from links to the source it copies


def test_problems_section_only_when_there_are_problems():
    page = parse(render_report(make_data(problems=[])))
    assert not page.root.find_all(id="problems")
    assert not [a for a in page.root.find_all("a") if a.attrs.get("href") == "#problems"]


def test_empty_report_renders():
    html = render_report(ReportData(title="empty", generated_by="countertrial 0.1.0"))
    page = parse(html)
    page.root.by_id("findings")
    assert "No findings." in html


def test_citation_to_missing_document_and_bad_quote():
    data = make_data()
    data.findings.append(
        Finding(
            id="f-odd",
            kind="corroboration",
            summary="Odd citations.",
            confidence=1.0,
            citations=[
                Citation(document="not/here.txt", start=0, end=4, quote="gone"),
                Citation(document="letters/varga.txt", start=0, end=4, quote="Nope"),
            ],
            claims=[],
            rule="test",
        )
    )
    card = parse(render_report(data)).root.by_id("finding-f-odd")
    marks = [m.text() for m in card.find_all("mark")]
    assert "gone" in marks and "Dear" in marks and "Nope" in marks
    assert "does not match" in card.text()
    assert "not included in this report" in card.text()


def test_large_document_renders_fast():
    sentence = "On the 3rd of May the witness met the courier at the station in Dornau. "
    text = sentence * 8500  # about 600 kB
    doc = Document(id="big.txt", path="big.txt", format="txt", sha256="d" * 64, text=text)
    claims = []
    for i in range(0, len(text) - 200, 150):  # ~4000 spans, many overlapping their neighbours
        claims.append(Claim(id=f"c{i}", kind="meeting", document="big.txt", start=i, end=i + 200, quote=text[i : i + 200]))
    data = ReportData(title="big", generated_by="t", documents=[doc], claims=claims)
    t0 = time.perf_counter()
    html = render_report(data)
    elapsed = time.perf_counter() - t0
    assert elapsed < 10, elapsed
    viewer = parse(html).root.by_id("doctext-1")
    assert viewer.text() == text


# --------------------------------------------------------------------------------------------------
# The network, timelines, hypotheses and dependencies


def test_views_data_block_escapes_and_round_trips():
    """Text that would close the data block or open a comment reaches the page's script intact, as data."""
    data = make_data()
    nasty = "</script><!-- " + SCRIPT + " -->"
    s, e = 0, len(HOSTILE)
    data.claims.append(
        Claim(id="c-nasty", kind="meeting", document="hostile.html", start=s, end=e, quote=HOSTILE,
              participants=[Participant(entity="p-evil"), Participant(entity="p-kessel")], place_mention=nasty,
              time=TimeWindow(earliest=date(1931, 4, 1), latest=date(1931, 4, 30), precision="month"))
    )
    data.network = build_contact_network(data.claims, data.findings, {x.id: x for x in data.entities})
    html = render_report(data)
    page = parse(html)
    _, blocks = _scripts(page)
    block = blocks[0].text()
    assert "</" not in block and "<!--" not in block and "<" not in block
    views = json.loads(block)
    assert views["claims"]["c-nasty"]["quote"] == HOSTILE
    assert any(i["label"].endswith(nasty) for i in views["timeline"]["people"]["items"])
    assert {n["name"] for n in views["network"]["nodes"]} >= {SCRIPT, "Anton Kessel"}
    assert "<script>alert" not in html and "<!-- " + SCRIPT not in html


def test_csp_allows_exactly_the_scripts_in_the_page(page):
    csp = page.root.find_all("meta", **{"http-equiv": "Content-Security-Policy"})[0].attrs["content"]
    running, _ = _scripts(page)
    hashes = set(re.findall(r"'sha256-([A-Za-z0-9+/=]+)'", csp))
    ours = {base64.b64encode(hashlib.sha256(n.text().encode()).digest()).decode() for n in running}
    assert hashes == ours
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "default-src 'none'" in csp and "connect-src" not in csp


def test_network_links_table_and_summary(page):
    graph = make_data().network
    rows = page.root.by_id("links-table").find_all("tbody")[0].find_all("tr")
    assert len(rows) == graph.number_of_edges() == 1
    row = rows[0]
    assert "Anton Kessel" in row.text() and "Ilse Varga" in row.text()
    status = graph.edges["p-kessel", "p-varga"]["status"]
    assert row.has_class(f"status-{status}") and status in ("refuted", "contested")
    assert row.find_all("a", href="#finding-f-alibi-1")
    network_box = page.root.by_id("summary-network").text()
    assert status in network_box
    assert page.root.by_id("network-canvas")


def test_hypothesis_matrix(page):
    data = make_data()
    matrix = page.root.by_id("hyp-matrix")
    rows = matrix.find_all("tbody")[0].find_all("tr")
    assert [r.attrs["data-item"] for r in rows] == [i["item"] for i in data.hypotheses["items"]]
    cells = {c["item"] + c["hypothesis"]: c["rating"] for c in data.hypotheses["cells"]}
    alibi = next(r for r in rows if r.attrs["data-item"] == "f-alibi-1")
    ratings = [n.text() for n in alibi.find_all("span") if n.has_class("rating")]
    assert ratings == [cells["f-alibi-1" + h] for h in data.hypotheses["ranking"]]
    assert "Kessel places Varga in Dornau" in alibi.text()  # the row says what the item is
    assert alibi.find_all("a", href="#finding-f-alibi-1")
    foot = matrix.find_all("tfoot")[0].text()
    assert "Inconsistency" in foot and "Log-likelihood" in foot
    summary = page.root.by_id("summary-hypotheses").text()
    assert "Kessel met Varga" in summary and SCRIPT in summary  # the title, escaped as text
    page.root.by_id("hyp-H1")


def test_no_hypotheses_no_section():
    page = parse(render_report(make_data(hypotheses=None, network=None)))
    assert not page.root.find_all(id="hypotheses")
    assert not page.root.find_all(id="summary-hypotheses")
    assert "No contacts between people were claimed." in page.root.by_id("network").text()


def test_sources_say_what_depends_on_what(page):
    letter = page.root.by_id("source-2")
    assert letter.find_all("a", href="#source-3"), "the letter lists the document that copies it"
    deps = page.root.by_id("sources").text()
    assert "derives from" in deps


def test_without_the_libraries_the_report_says_so_and_shows_the_rest():
    missing = [name for name, _ in VENDOR_FILES]
    html = render_report(make_data(), vendor=([], missing))
    page = parse(html)
    running, _ = _scripts(page)
    assert len(running) == 2  # the claims filter and the views script, which then does nothing
    notes = [n for n in page.root.iter() if n.has_class("vendor-missing")]
    assert len(notes) == 2 and all("make install" in n.text() for n in notes)
    assert "hidden" in page.root.by_id("network-wrap").attrs
    page.root.by_id("links-table")
    page.root.by_id("hyp-matrix")


def test_timeline_marks_the_clash_of_an_alibi():
    data = make_data()
    ents = {x.id: x for x in data.entities}
    alibi = data.findings[0]
    alibi.details["windows"] = [{"claim": "c2", "earliest": "1931-04-12", "latest": "1931-04-12"},
                                {"claim": "c5", "earliest": "1931-04-01", "latest": "1931-04-30"}]
    alibi.details["people"] = ["p-varga"]
    data.claims[4] = data.claims[4].model_copy(update={"time": TimeWindow(earliest=date(1931, 4, 1), latest=date(1931, 4, 30), precision="month")})
    view = timeline_view(data.claims, data.findings, ents, {x.id: x.name for x in data.entities})
    varga = [i for i in view["people"]["items"] if i["lane"] == "p-varga"]
    clashing = [i for i in varga if "clash" in i["cls"].split()]
    assert {i["claim"] for i in clashing} == {"c2", "c5"}
    assert all("f-f-alibi-1" in i["cls"].split() for i in clashing)
    assert view["zones"] == [{"finding": "f-alibi-1", "person": "p-varga", "start": "1931-04-12", "end": "1931-04-12"}]
    c5 = next(i for i in varga if i["claim"] == "c5")
    assert "t-state" in c5["cls"] and "t-fuzzy" in c5["cls"]  # a month: approximate bounds
    assert c5["end"] == "1931-05-01"  # the last day of the window is included
    c2 = next(i for i in varga if i["claim"] == "c2")
    assert "t-exact" in c2["cls"]
    # The place lanes hold the same claims under their places.
    assert {i["lane"] for i in view["places"]["items"]} >= {"b-linden", "g-lisbon"}


def test_collapsed_sources_say_why():
    data = make_data()
    items = [i["item"] for i in data.hypotheses["items"]][:2]
    data.hypotheses["collapsed_groups"] = {"a.txt+b.txt": items}
    data.hypotheses["collapsed_because"] = {"a.txt+b.txt": "both rest on the <same> interrogation"}
    page = parse(render_report(data))
    group = page.root.by_id("hyp-groups").text()
    assert "both rest on the <same> interrogation" in group  # the reason, escaped as text
