"""Visible text of an HTML page, with block elements as line breaks.

Web pages are saved testimony too (newspaper archives, transcripts). What a reader sees is the
evidence, so scripts, styles and the ``<head>`` are dropped, entities are decoded, whitespace collapses
as a browser collapses it (except inside ``<pre>``), and block elements (paragraphs, headings, list
items, table rows) end lines so that the segmenter finds the same paragraphs a reader sees. We use
the standard library's ``html.parser``: it is tolerant of broken markup, and regular expressions
are not a way to read HTML.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_HIDDEN = {"script", "style", "head", "noscript", "template", "svg", "math", "iframe", "object"}
# Elements after which a reader sees a new paragraph.
_PARAGRAPH = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "section", "article",
    "header", "footer", "main", "nav", "aside", "address", "figure", "figcaption", "table",
    "ul", "ol", "dl", "form", "fieldset", "hr", "body", "html", "title", "details", "summary",
}
# Elements after which a reader sees a new line but not necessarily a new paragraph.
_LINE = {"br", "li", "tr", "dt", "dd", "caption", "option"}
_CELL = {"td", "th"}
# Void elements have no end tag, so their effect happens at the start tag.
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.pre_depth = 0

    def _break(self, marker: str) -> None:
        self.parts.append(marker)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            # Pages that never close <head> (it is optional in HTML) would otherwise hide everything.
            self.hidden_depth = 0
        if tag in _HIDDEN and tag not in _VOID:
            self.hidden_depth += 1
            return
        if tag == "pre":
            self.pre_depth += 1
        if tag in _PARAGRAPH:
            self._break("\x00P")
        elif tag in _LINE:
            self._break("\x00L")
        elif tag in _CELL:
            self._break("\x00C")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt and not self.hidden_depth:
                self.parts.append(f" {alt} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/> and friends: a start without content, never an open hidden section.
        if tag in _HIDDEN:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden_depth = max(0, self.hidden_depth - 1)
            return
        if self.hidden_depth:
            return
        if tag == "pre":
            self.pre_depth = max(0, self.pre_depth - 1)
        if tag in _PARAGRAPH:
            self._break("\x00P")
        elif tag in _LINE:
            self._break("\x00L")

    def handle_data(self, data: str) -> None:
        if self.hidden_depth:
            return
        if self.pre_depth:
            self.parts.append(data.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\x00L"))
        else:
            self.parts.append(re.sub(r"[ \t\n\r\f\v]+", " ", data))


def html_to_text(markup: str) -> str:
    """The text a browser would show for ``markup``: paragraphs separated by a blank line."""
    parser = _VisibleText()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    # Markers (a NUL and a letter, never present in decoded text from here) become line structure:
    # a run of breaks is the strongest of them; spaces next to a break vanish.
    out: list[str] = []
    for i, chunk in enumerate(re.split(r"((?: *\x00[PLC] *)+)", raw)):
        if i % 2 == 0:
            out.append(chunk)
        elif "\x00P" in chunk:
            out.append("\n\n")
        elif "\x00L" in chunk:
            out.append("\n")
        else:
            out.append(" ")
    lines = [line.strip(" ") for line in "".join(out).split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n")
