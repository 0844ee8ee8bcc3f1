"""PDF articles, read from their text layer with pypdf.

A PDF is one Document with id ``file:<sha1 of the bytes>`` and source ``pdf``.
Its title comes from the document information (``/Title``) when that looks like
a title, else from the largest type on the first page (the run of lines set in
the biggest font, when it stands out from the body text), else from its first
line that is not a part name such as "Abstract". Authors come from ``/Author``
or a labelled "Authors:" line; journal, year and DOI from labelled lines
(:mod:`clinicite.ingest.front_matter`). Each page's text is split
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
from clinicite.ingest.front_matter import is_generic_heading, parse_authors, read_front_matter

_HYPHENATED = re.compile(r"(\w)-\n(?=[a-z])")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_UNHELPFUL_TITLES = re.compile(r"^(untitled|microsoft word|document\d*|\S+\.(docx?|pdf|tex))", re.I)
TITLE_MAX_CHARS = 300
TITLE_SIZE_RATIO = 1.15      # a title's type is at least this much larger than the body's


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
    # A part name set as the title ("Case report", "Abstract") says what the file is, not what it is about.
    if len(title) < 4 or _UNHELPFUL_TITLES.match(title) or is_generic_heading(title):
        return None
    return title[:TITLE_MAX_CHARS]


def _metadata_authors(reader) -> str | None:
    try:
        metadata = reader.metadata
        author = (metadata.author if metadata else None) or ""
    except Exception:  # noqa: BLE001 - as for the title
        return None
    author = " ".join(str(author).split())
    return author if len(author) >= 3 and not _UNHELPFUL_TITLES.match(author) else None


def _largest_type(page) -> str | None:
    """The first page's text set in its largest font, when that stands out from the body text."""
    runs: list[list] = []          # [size, [pieces]]

    def visit(text, cm, tm, font_dict, font_size):
        piece = " ".join(text.split())
        if not piece:
            return
        size = round(abs(font_size * (tm[3] or 1.0) * (cm[3] or 1.0)), 1)
        if runs and abs(runs[-1][0] - size) < 0.5:
            runs[-1][1].append(piece)
        else:
            runs.append([size, [piece]])

    try:
        page.extract_text(visitor_text=visit)
    except Exception:  # noqa: BLE001 - the font walk is a refinement; the plain first line still works
        return None
    if not runs:
        return None
    weighted = sorted((size, len(" ".join(pieces))) for size, pieces in runs)
    half, seen, body = sum(n for _, n in weighted) / 2, 0, weighted[0][0]
    for size, n in weighted:
        seen += n
        if seen >= half:
            body = size
            break
    size, pieces = max(runs, key=lambda run: run[0])     # max keeps the first of equal sizes
    title = " ".join(" ".join(pieces).split())
    if size < TITLE_SIZE_RATIO * body or len(title) < 4 or is_generic_heading(title):
        return None
    return title[:TITLE_MAX_CHARS]


def _first_line_title(lines: list[str], fallback: str) -> str:
    for line in lines:
        if not is_generic_heading(line) and len(line) >= 4:
            return line[:TITLE_MAX_CHARS]
    return (lines[0] if lines else fallback)[:TITLE_MAX_CHARS]


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
    first_page_lines = [line.strip() for line in pages[0][1].splitlines() if line.strip()] if pages else []
    front, used = read_front_matter(first_page_lines)
    lines = [line for number, line in enumerate(first_page_lines) if number not in used]
    title = front.title or _metadata_title(reader) or _largest_type(reader.pages[0]) or \
        _first_line_title(lines, sections[0].text)
    author_line = _metadata_authors(reader)
    authors = front.authors or (parse_authors(author_line) if author_line else [])
    document = Document(id=f"file:{hashlib.sha1(data).hexdigest()}", source="pdf",  # noqa: S324 - an id
                        title=title, sections=sections, origin=origin, authors=authors, journal=front.journal,
                        year=front.year, pub_date=str(front.year) if front.year else None, doi=front.doi,
                        pmid=front.pmid)
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
