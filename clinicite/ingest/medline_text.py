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
from clinicite.ingest.plaintext import OverlongLine

_LINE = re.compile(r"^([A-Z][A-Z0-9]{0,3})\s*-\s?(.*)$")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
# Structured abstracts in tagged text keep their labels inline: "BACKGROUND: ... METHODS: ...".
_ABSTRACT_LABEL = re.compile(r"(?:(?<=^)|(?<=[.?!)\]] ))([A-Z][A-Z ,&/\-]{2,60}[A-Z]): ")


DEFAULT_MAX_RECORD_BYTES = 256 * 1024 * 1024


class _Record:
    """Fields of one record as they are read; a value's continuation lines are collected in a list
    and joined once, so a long value costs linear time."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.fields: list[tuple[str, list[str]]] = []
        self.size = 0
        self.refused: str | None = None  # why the record is skipped, once it is

    def add(self, tag: str, value: str) -> None:
        self.fields.append((tag, [value]))

    def extend(self, text: str) -> None:
        if self.fields:
            self.fields[-1][1].append(text)

    def refuse(self, reason: str) -> None:
        self.refused = self.refused or reason
        self.fields = []  # free what was read: the record is not kept

    def result(self) -> list[tuple[str, str]] | str:
        return self.refused or [(tag, " ".join(parts)) for tag, parts in self.fields]


def iter_raw_records(lines: Iterable[str | OverlongLine], max_record_bytes: int | None = None,
                     ) -> Iterator[tuple[int, list[tuple[str, str]] | str]]:
    """Group lines into records of (tag, value) pairs; yields (first line number, fields), or
    (first line number, reason) for a record over ``max_record_bytes`` that was skipped."""
    cap = max_record_bytes or DEFAULT_MAX_RECORD_BYTES
    record: _Record | None = None
    for number, raw in enumerate(lines, start=1):
        if isinstance(raw, OverlongLine):
            record = record or _Record(number)
            record.refuse(f"line {raw.number} is longer than max_record_bytes ({cap} bytes); record skipped")
            continue
        line = raw.rstrip("\r\n")
        if not line.strip():
            if record is not None:
                yield record.start, record.result()
                record = None
            continue
        match = None if line.startswith(("      ", "\t")) else _LINE.match(line)
        if match is not None and match.group(1) == "PMID" and record is not None and record.fields:
            # a missing blank line between records: start a new one anyway
            yield record.start, record.result()
            record = None
        if match is None and (record is None or not (record.fields or record.refused)):
            continue  # stray text before a record: nothing to continue
        record = record or _Record(number)
        record.size += len(line)
        if record.size > cap:
            record.refuse(f"record is larger than max_record_bytes ({cap} bytes); skipped")
        if record.refused:
            continue
        if match is None:
            record.extend(line.strip())
        else:
            record.add(match.group(1), match.group(2).strip())
    if record is not None:
        yield record.start, record.result()


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


def read_medline_text(lines: Iterable[str | OverlongLine], *, origin: str,
                      max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    for start, fields in iter_raw_records(lines, max_record_bytes):
        if isinstance(fields, str):
            yield Problem(origin, f"line {start}", fields)
            continue
        try:
            document = record_to_document(fields)
        except ValueError as error:
            yield Problem(origin, f"line {start}", str(error))
            continue
        document.origin = origin
        yield document.assemble()


def read_medline_text_path(path: Path, max_record_bytes: int | None = None) -> Iterator[IngestEvent]:
    """Read a MEDLINE tagged-text file line by line (memory bounded by ``max_record_bytes``), gzip or not."""
    from clinicite.ingest.detect import open_bytes
    from clinicite.ingest.plaintext import iter_decoded_lines

    origin = str(path)
    cap = max_record_bytes or DEFAULT_MAX_RECORD_BYTES
    notes: list[Problem] = []
    with open_bytes(path) as stream:
        try:
            lines = iter_decoded_lines(stream, origin, notes, max_line_bytes=cap)
            yield from read_medline_text(lines, origin=origin, max_record_bytes=cap)
        except (EOFError, OSError) as error:
            notes.append(Problem(origin, "end of file", f"file ends early or is damaged: {error}"))
    yield from notes
