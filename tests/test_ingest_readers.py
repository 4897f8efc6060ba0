"""Reading files into canonical text: each rule with the case that must work and its near miss."""

from __future__ import annotations

import io

import pytest

from countertrial.ingest.errors import UnreadableDocument
from countertrial.ingest.html_text import html_to_text
from countertrial.ingest.readers import ReadResult, read_text


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF showing the given lines (one list per page) in Helvetica, with a text layer.

    pypdf cannot lay out text, so the file is written by hand: catalog, page tree, one content stream
    per page with ``Tj`` operators, and a cross-reference table with exact byte offsets.
    """
    objs: dict[int, bytes] = {}
    font = 3 + 2 * len(pages)
    kids = []
    for i, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * i, 4 + 2 * i
        kids.append(f"{page_id} 0 R")
        ops = ["BT", "/F1 12 Tf", "72 720 Td", "14 TL"]
        for line in lines:
            esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops.append(f"({esc}) Tj T*")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1") if lines else b""
        objs[content_id] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
        objs[page_id] = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_id} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>"
        ).encode()
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[2] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >>".encode()
    objs[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    xref = len(out)
    size = max(objs) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num]
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- plain text -------------------------------------------------------------------------------


def test_utf8_text_is_returned_exactly(tmp_path):
    text = "Le témoin — «à Copenhague» — 1932.\nSecond line.\n"
    result = read_text(write(tmp_path, "a.txt", text.encode("utf-8")))
    assert isinstance(result, ReadResult)
    assert result == (text, "txt", [])


def test_result_unpacks_as_a_triple(tmp_path):
    text, fmt, warnings = read_text(write(tmp_path, "a.md", b"# Title\n\nBody."))
    assert (text, fmt, warnings) == ("# Title\n\nBody.", "md", [])


def test_markdown_extension_variants(tmp_path):
    assert read_text(write(tmp_path, "a.markdown", b"x")).format == "md"
    assert read_text(write(tmp_path, "B.TXT", b"x")).format == "txt"


def test_utf8_bom_is_stripped(tmp_path):
    result = read_text(write(tmp_path, "bom.txt", b"\xef\xbb\xbfHello."))
    assert result.text == "Hello."
    assert result.warnings == []


def test_crlf_and_cr_become_lf(tmp_path):
    result = read_text(write(tmp_path, "crlf.txt", b"one\r\ntwo\rthree\n"))
    assert result.text == "one\ntwo\nthree\n"


def test_binary_with_nul_bytes_is_refused(tmp_path):
    with pytest.raises(UnreadableDocument, match=r"looks like binary data, not text \(NUL byte at byte offset 4\)"):
        read_text(write(tmp_path, "photo.txt", b"\x89PNG\x00\x00\x00\rIHDR"))


def test_control_code_soup_is_refused_as_binary(tmp_path):
    data = bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 65, 66]) * 50
    with pytest.raises(UnreadableDocument, match="looks like binary data"):
        read_text(write(tmp_path, "blob.txt", data))


def test_text_with_tabs_and_form_feeds_is_not_binary(tmp_path):
    data = b"Page one.\tTabbed.\n\x0cPage two.\n"
    assert read_text(write(tmp_path, "ff.txt", data)).text == data.decode()


def test_latin1_file_is_decoded_with_a_warning_naming_encoding_and_offset(tmp_path):
    text = "The witness met him at the Café Bristol in Zürich, naïve as he was. It was cold.\n"
    raw = text.encode("latin-1")
    result = read_text(write(tmp_path, "legacy.txt", raw))
    assert result.text == text
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    offset = raw.index("é".encode("latin-1"))
    assert f"byte offset {offset}" in warning
    assert "cp1252" in warning or "latin" in warning


def test_cp1252_with_bom_offset_counts_from_file_start(tmp_path):
    raw = b"\xef\xbb\xbf" + "Smart “quotes” here, and more text to judge by.\n".encode("cp1252")
    result = read_text(write(tmp_path, "w.txt", raw))
    offset = raw.index("“".encode("cp1252"))  # the first byte that is not UTF-8, counted with the BOM
    assert f"byte offset {offset}" in result.warnings[0]


def test_undecodable_bytes_are_refused_naming_the_offset(tmp_path):
    # Lone high bytes with no plausible single-byte reading.
    raw = b"ok " + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(UnreadableDocument, match=r"not valid UTF-8 \(first invalid byte at byte offset 3\)"):
        read_text(write(tmp_path, "junk.txt", raw))


def test_utf16_with_bom_is_read(tmp_path):
    text = "Windows “Unicode” text.\r\nLine two."
    result = read_text(write(tmp_path, "u16.txt", text.encode("utf-16")))
    assert result.text == "Windows “Unicode” text.\nLine two."
    assert "UTF-16" in result.warnings[0]


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_file_is_refused(tmp_path, data):
    with pytest.raises(UnreadableDocument, match="empty file"):
        read_text(write(tmp_path, "empty.txt", data))


def test_a_single_character_is_not_empty(tmp_path):
    assert read_text(write(tmp_path, "one.txt", b".")).text == "."


def test_unsupported_extension_is_refused(tmp_path):
    with pytest.raises(UnreadableDocument, match="unsupported file type '.docx'"):
        read_text(write(tmp_path, "a.docx", b"PK\x03\x04"))


def test_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(UnreadableDocument, match="cannot be opened"):
        read_text(tmp_path / "nope.txt")


# --- HTML -------------------------------------------------------------------------------------


def test_html_visible_text_only_with_entities_and_blocks(tmp_path):
    markup = b"""<!doctype html><html><head><title>Hidden title</title>
    <style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
    <body><h1>Report &amp; findings</h1>
    <p>He said:   &ldquo;I was in
       Berlin&rdquo; &mdash; not&nbsp;Copenhagen.</p>
    <ul><li>first</li><li>second &#x2013; item</li></ul>
    <p>Line one<br>line two</p><noscript>enable js</noscript>
    <table><tr><td>a</td><td>b</td></tr><tr><td>c</td><td>d</td></tr></table>
    </body></html>"""
    result = read_text(write(tmp_path, "page.html", markup))
    assert result.format == "html"
    assert result.text == (
        "Report & findings\n\n"
        "He said: \u201cI was in Berlin\u201d \u2014 not\u00a0Copenhagen.\n\n"
        "first\nsecond \u2013 item\n\n"
        "Line one\nline two\n\n"
        "a b\nc d"
    )
    for hidden in ("Hidden title", "color", "not text", "enable js"):
        assert hidden not in result.text


def test_html_without_closing_head_still_shows_body():
    assert html_to_text("<html><head><title>t</title><body><p>Visible.</p>") == "Visible."


def test_html_pre_keeps_line_breaks():
    assert html_to_text("<pre>a\nb</pre><p>c</p>") == "a\nb\n\nc"


def test_html_with_no_visible_text_is_empty(tmp_path):
    with pytest.raises(UnreadableDocument, match="empty file"):
        read_text(write(tmp_path, "blank.htm", b"<html><head><script>1</script></head><body> </body></html>"))


def test_html_in_legacy_encoding_is_decoded_with_warning(tmp_path):
    markup = "<p>Caf\u00e9 in Z\u00fcrich, na\u00efve as he was, and much more text to judge by.</p>".encode("cp1252")
    result = read_text(write(tmp_path, "old.html", markup))
    assert result.text == "Caf\u00e9 in Z\u00fcrich, na\u00efve as he was, and much more text to judge by."
    assert "not valid UTF-8" in result.warnings[0]


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_text_layer_is_extracted(tmp_path):
    data = make_pdf([["The witness met him in Berlin in", "November 1932."], ["Second page (p. 2)."]])
    result = read_text(write(tmp_path, "doc.pdf", data))
    assert result.format == "pdf"
    assert result.text == "The witness met him in Berlin in\nNovember 1932.\nSecond page (p. 2)."
    assert result.warnings == []


def test_pdf_without_text_layer_is_refused(tmp_path):
    with pytest.raises(UnreadableDocument, match=r"no text layer \(scanned\?\)"):
        read_text(write(tmp_path, "scan.pdf", make_pdf([[], []])))


def test_pdf_with_some_scanned_pages_warns(tmp_path):
    result = read_text(write(tmp_path, "mixed.pdf", make_pdf([["Typed page."], []])))
    assert result.text.strip() == "Typed page."
    assert any("pages without a text layer" in w and "2" in w for w in result.warnings)


def test_encrypted_pdf_needs_password(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Secret text."]]))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    with pytest.raises(UnreadableDocument, match="encrypted PDF: it needs a password"):
        read_text(write(tmp_path, "locked.pdf", buf.getvalue()))


def test_pdf_encrypted_with_empty_user_password_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Printable text."]]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    assert read_text(write(tmp_path, "restricted.pdf", buf.getvalue())).text == "Printable text."


@pytest.mark.parametrize(
    "data, message",
    [
        (b"%PDF-1.4\nthis is not a pdf body", "damaged or unsupported PDF"),
        (b"Just some text named .pdf", "not a PDF file"),
    ],
)
def test_corrupt_pdf_is_a_clear_error(tmp_path, data, message):
    with pytest.raises(UnreadableDocument, match=message):
        read_text(write(tmp_path, "bad.pdf", data))


def test_truncated_pdf_is_a_clear_error(tmp_path):
    data = make_pdf([["Some text that will be cut off."]])
    with pytest.raises(UnreadableDocument, match="damaged or unsupported PDF"):
        read_text(write(tmp_path, "cut.pdf", data[: len(data) // 2]))
