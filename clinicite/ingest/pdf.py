"""PDF articles, read from their text layer with pypdf.

A PDF is one Document with id ``file:<sha1 of the bytes>`` and source ``pdf``.
Its title comes from the document information (``/Title``) when that looks like
a title, else from the first line of the first page. Each page's text is split
into paragraphs at blank lines (``body`` Sections labelled "Page N"), with
words hyphenated across line ends joined again. A PDF without a text layer
(a scan) or one pypdf cannot open is a Problem that says so; OCR is out of
scope here.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path

from clinicite.ingest.document import Document, IngestEvent, Problem, Section

_HYPHENATED = re.compile(r"(\w)-\n(?=[a-z])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UNHELPFUL_TITLES = re.compile(r"^(untitled|microsoft word|document\d*|\S+\.(docx?|pdf|tex))", re.I)
TITLE_MAX_CHARS = 300


def _paragraphs(page_text: str) -> list[str]:
    text = _HYPHENATED.sub(r"\1", page_text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text):
        joined = " ".join(block.split())
        if joined:
            paragraphs.append(joined)
    return paragraphs


def _metadata_title(reader) -> str | None:
    try:
        metadata = reader.metadata
        title = (metadata.title if metadata else None) or ""
    except Exception:  # noqa: BLE001 - damaged /Info dictionaries are common; the title is optional
        return None
    title = " ".join(str(title).split())
    if len(title) < 4 or _UNHELPFUL_TITLES.match(title):
        return None
    return title[:TITLE_MAX_CHARS]


def read_pdf_bytes(data: bytes, *, origin: str) -> Iterator[IngestEvent]:
    from pypdf import PdfReader

    # pypdf logs warnings for every small defect; the Problem below is the report that matters.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an empty user password opens "owner-only" protected files
            except Exception:  # noqa: BLE001 - pypdf raises several kinds here
                opened = 0
            if not opened:  # pypdf answers a wrong password with 0 rather than an error
                yield Problem(origin, "byte 0", "PDF is encrypted with a password; cannot read its text "
                                                "(decrypt it first, e.g. `qpdf --decrypt`, and ingest the copy)")
                return
        pages = []
        for number, page in enumerate(reader.pages, start=1):
            try:
                pages.append((number, page.extract_text() or ""))
            except Exception as error:  # noqa: BLE001 - one bad page must not lose the others
                yield Problem(origin, f"page {number}", f"text of this page could not be read: {error}")
    except Exception as error:  # noqa: BLE001 - pypdf raises many kinds of errors on damaged files
        yield Problem(origin, "byte 0", f"not a readable PDF ({type(error).__name__}: {error})")
        return
    sections = [Section(text=paragraph, label=f"Page {number}", kind="body")
                for number, text in pages for paragraph in _paragraphs(text)]
    if not sections:
        yield Problem(origin, "page 1", f"PDF has no text layer ({len(pages)} page(s)); it is probably "
                                        "a scan: run OCR (e.g. ocrmypdf) and ingest the result")
        return
    title = _metadata_title(reader)
    if title is None:
        first_page_lines = [line.strip() for line in pages[0][1].splitlines() if line.strip()] if pages else []
        title = (first_page_lines[0] if first_page_lines else sections[0].text)[:TITLE_MAX_CHARS]
    document = Document(id=f"file:{hashlib.sha1(data).hexdigest()}", source="pdf",  # noqa: S324 - an id
                        title=title, sections=sections, origin=origin)
    yield document.assemble()


def read_pdf_path(path: Path, *, max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    origin = str(path)
    cap = max_record_bytes or 256 * 1024 * 1024
    from clinicite.ingest.detect import open_bytes

    with open_bytes(path) as stream:
        data = stream.read(cap + 1)
    if len(data) > cap:
        yield Problem(origin, "byte 0", f"PDF is larger than max_record_bytes ({cap} bytes); skipped")
        return
    yield from read_pdf_bytes(data, origin=origin)
