"""Plain text and Markdown: a pasted case report, a guideline excerpt, notes.

The whole file is one :class:`~clinicite.ingest.document.Document` with id
``file:<sha1 of the bytes>``, so the same file ingested twice is one document.
The title is a labelled "Title:" line, else the first heading, or the first line
when it stands alone; a line that only names a part of an article ("Abstract",
"Case report") is a heading, never the title. Labelled "Authors:", "Journal:",
"Year:", "DOI:" and "PMID:" lines near the top fill those fields
(:mod:`clinicite.ingest.front_matter`) and leave the body. Each paragraph is a
``body`` Section labelled with its nearest heading, and the heading tree is kept
in ``Section.path`` ("Case / Examination").

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
from clinicite.ingest.front_matter import FrontMatter, is_generic_heading, read_front_matter

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
        elif is_generic_heading(line) and len(line.strip()) <= 40:
            # "Abstract" or "Case report" alone on its line names the part that follows.
            yield from flush()
            yield "heading", 2, line.strip().rstrip(":.")
        else:
            paragraph.append(line)
    yield from flush()


def parse_text(text: str) -> tuple[str, list[Section]]:
    """Title and body Sections of a plain-text or Markdown document."""
    front, sections = parse_text_document(text)
    return front.title or "", sections


def parse_text_document(text: str) -> tuple[FrontMatter, list[Section]]:
    """Front matter (title, authors, journal, year ...) and body Sections of a text or Markdown document."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    front, used = read_front_matter(lines)
    blocks = list(_blocks([line for number, line in enumerate(lines) if number not in used]))
    if not blocks:
        return front, []
    title, title_level, blocks = _title(blocks)
    front.title = front.title or title
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
    return front, sections


def _title(blocks: list[tuple[str, int, str]]) -> tuple[str, int, list[tuple[str, int, str]]]:
    """(title, its heading level or 0, the blocks left): the first block that names the document.

    Headings that only name a part ("Abstract") are passed over and stay headings.
    """
    for position, (kind, level, value) in enumerate(blocks):
        if kind == "heading" and is_generic_heading(value):
            continue
        rest = blocks[:position] + blocks[position + 1:]
        if kind == "heading":
            return value, level, rest
        if "\n" not in value and len(value) <= TITLE_MAX_CHARS:
            return value, 0, rest
        # One long pasted paragraph: its first sentence names it, and it stays a section.
        return _SENTENCE_END.split(value.split("\n", 1)[0], maxsplit=1)[0][:TITLE_MAX_CHARS], 0, blocks
    # Nothing but part names: the first of them is all there is to call it.
    return blocks[0][2], 0, blocks


def read_text_bytes(data: bytes, *, origin: str, source: str = "text") -> Iterator[IngestEvent]:
    text, note = decode_bytes(data)
    front, sections = parse_text_document(text)
    if not front.title and not sections:
        yield Problem(origin, "byte 0", "the file holds no text")
        return
    document = Document(id=f"file:{hashlib.sha1(data).hexdigest()}", source=source,  # noqa: S324 - an id
                        title=front.title or "", sections=sections, origin=origin, authors=front.authors,
                        journal=front.journal, year=front.year, pub_date=str(front.year) if front.year else None,
                        doi=front.doi, pmid=front.pmid)
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
