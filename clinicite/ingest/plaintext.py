"""Plain text and Markdown: a pasted case report, a guideline excerpt, notes.

The whole file is one :class:`~clinicite.ingest.document.Document` with id
``file:<sha1 of the bytes>``, so the same file ingested twice is one document.
The title is the first heading, or the first line when it stands alone; each
paragraph is a ``body`` Section labelled with its nearest heading, and the
heading tree is kept in ``Section.path`` ("Case / Examination").

Text is decoded as UTF-8 (a BOM selects UTF-8/UTF-16/UTF-32); a file that is
not valid UTF-8 is decoded as Windows-1252, or Latin-1 when even that fails,
and a Problem records the fallback, so nothing is lost to a wrong encoding.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from clinicite.ingest.document import Document, IngestEvent, Problem, Section

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
TITLE_MAX_CHARS = 200


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text of ``data`` and, when UTF-8 did not fit, a note saying what was used instead."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError as error:
                return data.decode(encoding, errors="replace"), (
                    f"invalid {encoding} at byte {error.start}; undecodable characters replaced")
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        first_bad = error.start
    try:
        return data.decode("cp1252"), f"not valid UTF-8 (byte {first_bad}); decoded as Windows-1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"not valid UTF-8 (byte {first_bad}); decoded as Latin-1"


class OverlongLine:
    """Yielded by :func:`iter_decoded_lines` in place of a line longer than its cap (never held whole)."""

    def __init__(self, number: int, size: int) -> None:
        self.number, self.size = number, size


def _bounded_raw_lines(stream: BinaryIO, cap: int | None) -> Iterator[bytes | int]:
    """Raw lines of ``stream``; a line over ``cap`` bytes is read past in pieces and given as its size."""
    if cap is None:
        yield from stream
        return
    while raw := stream.readline(cap + 1):
        if len(raw) <= cap or raw.endswith(b"\n"):
            yield raw
            continue
        size = len(raw)
        while (piece := stream.readline(cap + 1)) and not piece.endswith(b"\n"):
            size += len(piece)
        yield size + len(piece)


def iter_decoded_lines(stream: BinaryIO, origin: str, notes: list[Problem],
                       max_line_bytes: int | None = None) -> Iterator[str | OverlongLine]:
    """Lines of a text stream in constant memory, with the same fallbacks as :func:`decode_bytes`.

    A fallback is recorded once, as a Problem appended to ``notes``. With ``max_line_bytes`` a longer
    line is never held in memory: an :class:`OverlongLine` stands in its place."""
    head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    for bom, encoding in _BOMS:
        if head.startswith(bom) and encoding.startswith(("utf-16", "utf-32")):
            yield from _wide_lines(stream, encoding, max_line_bytes)
            return
    for line_number, raw in enumerate(_bounded_raw_lines(stream, max_line_bytes), start=1):
        if isinstance(raw, int):
            yield OverlongLine(line_number, raw)
            continue
        if line_number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[3:]
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            text, note = decode_bytes(raw)
            if note and not notes:
                notes.append(Problem(origin, f"line {line_number}", note))
            yield text


def _wide_lines(stream: BinaryIO, encoding: str, cap: int | None) -> Iterator[str | OverlongLine]:
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    pending, number, skipping = "", 0, 0
    while chunk := stream.read(64 * 1024):
        pending += decoder.decode(chunk)
        *complete, pending = pending.split("\n")
        for line in complete:
            number += 1
            if skipping:
                yield OverlongLine(number, skipping + len(line))
                skipping = 0
            else:
                yield line
        if cap is not None and len(pending) > cap:  # an endless line: forget it, keep counting its size
            skipping, pending = skipping + len(pending), ""
    yield from (pending + decoder.decode(b"", final=True)).split("\n")


def _blocks(lines: list[str]) -> Iterator[tuple[str, int, str]]:
    """(kind, level, text) blocks: ("heading", level, title) or ("para", 0, text)."""
    paragraph: list[str] = []

    def flush() -> Iterator[tuple[str, int, str]]:
        if paragraph:
            joiner = "\n" if any(_LIST_ITEM.match(line) for line in paragraph) else " "
            yield "para", 0, joiner.join(line.strip() for line in paragraph)
            paragraph.clear()

    for line in lines:
        heading = _HEADING.match(line)
        if heading:
            yield from flush()
            yield "heading", len(heading.group(1)), heading.group(2)
        elif _SETEXT.match(line) and len(paragraph) == 1:
            level = 1 if line.strip().startswith("=") else 2
            text = paragraph.pop()
            yield "heading", level, text.strip()
        elif not line.strip():
            yield from flush()
        else:
            paragraph.append(line)
    yield from flush()


def parse_text(text: str) -> tuple[str, list[Section]]:
    """Title and body Sections of a plain-text or Markdown document."""
    blocks = list(_blocks(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")))
    if not blocks:
        return "", []
    kind, level, first = blocks[0]
    title_level = 0
    if kind == "heading":
        title, title_level, blocks = first, level, blocks[1:]
    elif "\n" not in first and len(first) <= TITLE_MAX_CHARS:
        title, blocks = first, blocks[1:]
    else:
        # One long pasted paragraph: its first sentence names it, and it stays a section.
        title = _SENTENCE_END.split(first.split("\n", 1)[0], maxsplit=1)[0][:TITLE_MAX_CHARS]
    stack: list[tuple[int, str]] = []
    sections = []
    for kind, level, value in blocks:
        if kind == "heading":
            if title_level and level <= title_level and not stack:
                level = title_level + 1  # a second top-level heading nests under the title
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, value))
            continue
        path = " / ".join(name for _, name in stack) or None
        sections.append(Section(text=value, label=stack[-1][1] if stack else None, kind="body", path=path))
    return title, sections


def read_text_bytes(data: bytes, *, origin: str, source: str = "text") -> Iterator[IngestEvent]:
    text, note = decode_bytes(data)
    title, sections = parse_text(text)
    if not title and not sections:
        yield Problem(origin, "byte 0", "the file holds no text")
        return
    document = Document(id=f"file:{hashlib.sha1(data).hexdigest()}", source=source,  # noqa: S324 - an id
                        title=title, sections=sections, origin=origin)
    yield document.assemble()
    if note:
        yield Problem(origin, "byte 0", note)


DEFAULT_MAX_DOCUMENT_BYTES = 32 * 1024 * 1024


def read_text_path(path: Path, *, max_record_bytes: int | None = None,
                   max_document_bytes: int | None = None) -> Iterator[IngestEvent]:
    from clinicite.ingest.detect import open_bytes

    origin = str(path)
    # A few hundred KB of gzip can unpack to hundreds of MB of text: one such "document" would swamp the
    # store and the index, so the decompressed size is capped, and the cap is named in the message.
    cap = min(max_record_bytes or 256 * 1024 * 1024, max_document_bytes or DEFAULT_MAX_DOCUMENT_BYTES)
    with open_bytes(path) as stream:
        try:
            data = stream.read(cap + 1)
        except (EOFError, OSError) as error:
            yield Problem(origin, "byte 0", f"file is damaged or ends early: {error}")
            return
    if len(data) > cap:
        yield Problem(origin, "byte 0", f"text is larger than {cap:,} bytes (once decompressed), the cap set by "
                                        "max_document_bytes and max_record_bytes; skipped: split the file or "
                                        "raise the setting")
        return
    yield from read_text_bytes(data, origin=origin)
