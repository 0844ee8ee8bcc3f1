"""MEDLINE tagged text ("MEDLINE" display format of PubMed, ``.txt`` / ``.nbib``).

Each line is a tag padded to four characters, ``"- "``, then the value; a value
continues on following lines indented by six spaces; records are separated by
blank lines and start with ``PMID- ``. Field reference: NLM's "MEDLINE/PubMed
Data Element (Field) Descriptions" (https://www.nlm.nih.gov/bsd/mms/medlineelements.html).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from clinicite.ingest.document import Author, Document, IngestEvent, MeshHeading, Problem, Section
from clinicite.ingest.medline import MONTHS

_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Structured abstracts in tagged text keep their labels inline: "BACKGROUND: ... METHODS: ...".
_ABSTRACT_LABEL = re.compile(r"(?:(?<=^)|(?<=[.?!)\]] ))([A-Z][A-Z ,&/\-]{2,60}[A-Z]): ")


def iter_raw_records(lines: Iterable[str]) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """Group lines into records of (tag, value) pairs; yields (first line number, fields)."""
    fields: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            if fields:
                yield start, fields
                fields = []
            continue
        if line.startswith("      ") or line.startswith("\t"):
            if fields:
                tag, value = fields[-1]
                fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        match = _LINE.match(line)
        if not match:
            if fields:
                tag, value = fields[-1]
                fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        if not fields:
            start = number
        tag, value = match.group(1), match.group(2).strip()
        if tag == "PMID" and fields:
            # a missing blank line between records: start a new one anyway
            yield start, fields
            fields, start = [], number
        fields.append((tag, value))
    if fields:
        yield start, fields


def _split_abstract(text: str) -> list[Section]:
    matches = list(_ABSTRACT_LABEL.finditer(text))
    if not matches or matches[0].start() != 0:
        return [Section(text=text, kind="abstract")] if text else []
    sections = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        body = text[match.end():end].strip()
        if body:
            sections.append(Section(text=body, label=match.group(1), kind="abstract"))
    return sections


def _date(value: str | None) -> tuple[int | None, str | None]:
    if not value:
        return None, None
    match = _YEAR.search(value)
    if not match:
        return None, None
    year = int(match.group(1))
    parts = value.split()
    if len(parts) >= 2 and parts[0] == match.group(1) and parts[1][:3].lower() in MONTHS:
        month = MONTHS[parts[1][:3].lower()]
        if len(parts) >= 3 and parts[2].isdigit() and 1 <= int(parts[2]) <= 31:
            return year, f"{year:04d}-{month:02d}-{int(parts[2]):02d}"
        return year, f"{year:04d}-{month:02d}"
    return year, f"{year:04d}"


def _mesh(value: str) -> MeshHeading:
    """``MH  - Sequence Alignment/*methods``: '/' separates qualifiers, '*' marks a major topic."""
    parts = value.split("/")
    descriptor = parts[0].strip()
    major = descriptor.startswith("*")
    qualifiers = []
    for qualifier in parts[1:]:
        qualifier = qualifier.strip()
        if qualifier.startswith("*"):
            major = True
        qualifiers.append(qualifier.lstrip("*"))
    return MeshHeading(descriptor=descriptor.lstrip("*"), major=major, qualifiers=qualifiers)


def _authors(fields: list[tuple[str, str]]) -> list[Author]:
    """Full names (FAU) win over short ones (AU); CN is a collective (group) author."""
    full = [value for tag, value in fields if tag == "FAU"]
    short = [value for tag, value in fields if tag == "AU"]
    authors = []
    for index, name in enumerate(full or short):
        if "," in name:
            last, fore = (part.strip() for part in name.split(",", 1))
        else:
            last, _, fore = name.partition(" ")
        initials = None
        if index < len(short) and " " in short[index]:
            initials = short[index].rsplit(" ", 1)[1]
        authors.append(Author(last_name=last, fore_name=fore or None, initials=initials))
    authors.extend(Author(collective=value) for tag, value in fields if tag == "CN")
    return authors


def _identifier(fields: list[tuple[str, str]], kind: str) -> str | None:
    for tag, value in fields:
        if tag in ("LID", "AID") and value.endswith(f"[{kind}]"):
            return value[: -len(kind) - 2].strip()
    return None


def record_to_document(fields: list[tuple[str, str]]) -> Document:
    first = {}
    for tag, value in fields:
        first.setdefault(tag, value)
    pmid = first.get("PMID", "").strip()
    if not pmid.isdigit():
        raise ValueError(f"record has no valid PMID ({pmid!r})")
    year, pub_date = _date(first.get("DP"))
    pmcid = first.get("PMC")
    title = first.get("TI") or first.get("TT") or first.get("BTI") or f"PMID {pmid} (untitled)"
    return Document(
        id=f"pmid:{pmid}", source="pubmed", title=title,
        sections=_split_abstract(first.get("AB", "")),
        pmid=pmid, pmcid=pmcid, doi=_identifier(fields, "doi"),
        journal=first.get("JT") or first.get("TA"), year=year, pub_date=pub_date,
        authors=_authors(fields),
        publication_types=[value for tag, value in fields if tag == "PT"],
        mesh=[_mesh(value) for tag, value in fields if tag == "MH"],
        keywords=[value for tag, value in fields if tag == "OT"],
        language=first.get("LA"),
    )


def read_medline_text(lines: Iterable[str], *, origin: str) -> Iterator[IngestEvent]:
    for start, fields in iter_raw_records(lines):
        try:
            document = record_to_document(fields)
        except ValueError as error:
            yield Problem(origin, f"line {start}", str(error))
            continue
        document.origin = origin
        yield document.assemble()


def read_medline_text_path(path: Path) -> Iterator[IngestEvent]:
    """Read a MEDLINE tagged-text file line by line (constant memory), gzip or not."""
    from clinicite.ingest.detect import open_bytes
    from clinicite.ingest.plaintext import iter_decoded_lines

    origin = str(path)
    notes: list[Problem] = []
    with open_bytes(path) as stream:
        try:
            yield from read_medline_text(iter_decoded_lines(stream, origin, notes), origin=origin)
        except (EOFError, OSError) as error:
            notes.append(Problem(origin, "end of file", f"file ends early or is damaged: {error}"))
    yield from notes
