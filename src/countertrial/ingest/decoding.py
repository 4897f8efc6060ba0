"""Bytes to text for plain-text sources (and the manifest), without guessing silently.

UTF-8 is the rule. When a file is not valid UTF-8 it is usually an old Windows or DOS export, and
refusing it would lose evidence; decoding it with replacement characters would lose it silently. So
we ask charset-normalizer for a plausible legacy encoding, decode with that, and say so in a warning
that names the encoding and the byte offset of the first byte that was not UTF-8, so an investigator
can check. When nothing plausible exists we refuse with that offset.

Line endings are normalised to ``"\\n"`` here because the decoded text becomes the document's
canonical text: every offset in the system points into it.
"""

from __future__ import annotations

import codecs

from countertrial.ingest.errors import UnreadableDocument

# Control characters that never occur in real text (tab, newlines, form feed and escape excluded).
_CONTROL_BYTES = frozenset(set(range(0x01, 0x09)) | {0x0E, 0x0F} | set(range(0x10, 0x1B)) | set(range(0x1C, 0x20)) | {0x7F})
_BINARY_SAMPLE = 64 * 1024
_BINARY_CONTROL_SHARE = 0.05

# Short texts are ambiguous between many single-byte code pages (the same bytes are "plausible" as
# Windows-1252, Baltic or DOS pages). Among the candidates charset-normalizer finds about equally
# plausible, prefer the encodings that legacy documents were actually written in, most common first.
_PREFERRED_LEGACY = (
    "cp1252",
    "latin_1",
    "iso8859_15",
    "cp1251",
    "koi8_r",
    "cp1250",
    "iso8859_2",
    "mac_roman",
    "cp850",
    "cp437",
    "cp866",
)


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so offsets do not depend on the platform that wrote the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_not_binary(raw: bytes) -> None:
    """Refuse data that is plainly not text (an image or archive renamed .txt), before decoding it."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise UnreadableDocument(f"looks like binary data, not text (NUL byte at byte offset {nul})")
    sample = raw[:_BINARY_SAMPLE]
    if sample:
        controls = sum(1 for b in sample if b in _CONTROL_BYTES)
        if controls / len(sample) > _BINARY_CONTROL_SHARE:
            share = round(100 * controls / len(sample))
            raise UnreadableDocument(f"looks like binary data, not text ({share}% of the bytes are control codes)")


def _guess_legacy_encoding(raw: bytes) -> str | None:
    """The most plausible non-UTF-8 encoding for ``raw`` according to charset-normalizer, or None."""
    from charset_normalizer import from_bytes

    matches = list(from_bytes(raw))
    if not matches:
        return None
    best = matches[0]
    close = [m for m in matches if m.chaos <= best.chaos + 0.05 and m.coherence >= best.coherence - 0.1]
    for preferred in _PREFERRED_LEGACY:
        for match in close:
            if preferred in match.could_be_from_charset or match.encoding == preferred:
                return preferred
    if best.encoding.replace("-", "_").lower() in {"utf_8", "ascii"}:
        return None
    return best.encoding


def decode_text(raw: bytes) -> tuple[str, list[str]]:
    """Decode ``raw`` to text with normalised newlines; returns ``(text, warnings)``.

    Order of decisions: a UTF-16 byte-order mark (Windows "Unicode" text) is honoured; NUL bytes or
    many control codes mean binary data; then UTF-8 (a UTF-8 byte-order mark is dropped); then a
    detected legacy encoding, with a warning. Raises :class:`UnreadableDocument` otherwise.
    """
    warnings: list[str] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError as err:
            raise UnreadableDocument(f"starts like UTF-16 text but is not valid UTF-16 (byte offset {err.start})") from None
        warnings.append("decoded as UTF-16 (the file starts with a UTF-16 byte-order mark)")
        return normalise_newlines(text.lstrip("\ufeff")), warnings
    check_not_binary(raw)
    bom = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        text = raw[bom:].decode("utf-8")
    except UnicodeDecodeError as err:
        offset = bom + err.start
        encoding = _guess_legacy_encoding(raw)
        if encoding is None:
            raise UnreadableDocument(
                f"not valid UTF-8 (first invalid byte at byte offset {offset}) and no plausible other text encoding found"
            ) from None
        try:
            text = raw.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            raise UnreadableDocument(
                f"not valid UTF-8 (first invalid byte at byte offset {offset}) and not decodable as {encoding} either"
            ) from None
        warnings.append(
            f"not valid UTF-8 (first invalid byte at byte offset {offset}): decoded as {encoding} instead; "
            "check accented letters against the original"
        )
    return normalise_newlines(text), warnings
