"""The nouns that leave the ingest stage: documents, and what ingestion reports.

A :class:`Document` is one citable source: a PubMed record, a PMC full text, a
PDF, a plain-text case report, or a disease knowledge record rendered as text.
Its :attr:`Document.text` is the canonical text that every later offset points
into: the title, a blank line, then each section's text separated by blank
lines. :meth:`Document.assemble` computes it and the section offsets, so a
passage or a citation can always name the exact span it came from.
"""

from __future__ import annotations

import hashlib
import json

import orjson
from dataclasses import dataclass, field
from typing import Literal

SourceType = Literal["pubmed", "pmc", "pdf", "text", "knowledge"]
# Every source but the knowledge records: what "the literature" means to search and to the differential.
LITERATURE_SOURCES: tuple[SourceType, ...] = ("pubmed", "pmc", "pdf", "text")
SectionKind = Literal["abstract", "body", "caption", "table", "knowledge"]


@dataclass
class Author:
    last_name: str | None = None
    fore_name: str | None = None
    initials: str | None = None
    collective: str | None = None
    affiliation: str | None = None

    @property
    def display(self) -> str:
        if self.collective:
            return self.collective
        return " ".join(part for part in (self.last_name, self.initials or self.fore_name) if part)


@dataclass
class MeshHeading:
    descriptor: str
    descriptor_id: str | None = None
    major: bool = False
    qualifiers: list[str] = field(default_factory=list)


@dataclass
class BibliographyEntry:
    """An entry of a full text's reference list."""

    label: str | None = None
    citation: str = ""
    pmid: str | None = None
    doi: str | None = None


@dataclass
class Section:
    """A titled block of text: an abstract section, a JATS paragraph, a caption.

    ``label`` is the NLM category or section title ("BACKGROUND", "Methods");
    ``path`` is the section tree from the outermost title ("Results / Imaging").
    ``start``/``end`` are filled by :meth:`Document.assemble`.
    """

    text: str
    label: str | None = None
    kind: SectionKind = "abstract"
    path: str | None = None
    start: int = -1
    end: int = -1


@dataclass
class Document:
    id: str                                  # "pmid:12345", "pmc:PMC123", "doi:...", "file:<sha1>", "OMIM:615198"
    source: SourceType
    title: str
    sections: list[Section] = field(default_factory=list)
    pmid: str | None = None
    pmid_version: int | None = None
    pmcid: str | None = None
    doi: str | None = None
    journal: str | None = None
    year: int | None = None
    pub_date: str | None = None              # as precise as the record gives: "2019", "2019-03", "2019-03-07"
    authors: list[Author] = field(default_factory=list)
    publication_types: list[str] = field(default_factory=list)
    mesh: list[MeshHeading] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str | None = None              # ISO 639-2 as MEDLINE gives it ("eng")
    references: list[BibliographyEntry] = field(default_factory=list)
    url: str | None = None
    origin: str | None = None                # file path or query the document came from
    text: str = ""
    # Notices about the record itself (MEDLINE CommentsCorrections): {"type": "RetractionIn", "pmid": ..., "note": ...}
    corrections: list[dict] = field(default_factory=list)
    # Work the read-ahead process did for the writer (clinicite.ingest.read_ahead); never stored or hashed.
    prepared: Prepared | None = field(default=None, compare=False, repr=False)

    def assemble(self) -> "Document":
        """Build :attr:`text` from title and sections and record each section's offsets."""
        parts = [self.title.strip()]
        cursor = len(parts[0])
        for section in self.sections:
            body = section.text.strip()
            cursor += 2
            section.start = cursor
            section.end = cursor + len(body)
            section.text = body
            parts.append(body)
            cursor = section.end
        self.text = "\n\n".join(parts)
        return self

    @property
    def abstract(self) -> str:
        return "\n".join(s.text for s in self.sections if s.kind == "abstract")

    @property
    def content_hash(self) -> str:
        """Hash of everything stored about the document, so re-ingesting identical input changes nothing."""
        return hashlib.sha256(stored_form(self)[0]).hexdigest()

    @property
    def link(self) -> str | None:
        if self.url:
            return self.url
        if self.pmid:
            return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/"
        if self.doi:
            return f"https://doi.org/{self.doi}"
        if self.pmcid:
            return f"https://www.ncbi.nlm.nih.gov/pmc/articles/{self.pmcid}/"
        return None

    def to_dict(self) -> dict:
        if self.prepared is not None and self.prepared.partial:
            return self.prepared.decoded()      # a writer's light copy: its whole content is the payload
        # A shallow walk instead of dataclasses.asdict (which deep-copies every string): documents are flat.
        data = {name: (list(value) if isinstance(value, list) else value) for name, value in vars(self).items()}
        data.pop("origin", None)  # where a copy came from does not change the document
        data.pop("prepared", None)
        if not data.get("corrections"):
            data.pop("corrections", None)   # absent unless a notice exists, so older hashes stay valid
        else:
            data["corrections"] = [dict(c) for c in self.corrections]
        data["sections"] = [dict(vars(s)) for s in self.sections]
        data["authors"] = [dict(vars(a)) for a in self.authors]
        data["mesh"] = [{**vars(m), "qualifiers": list(m.qualifiers)} for m in self.mesh]
        data["references"] = [dict(vars(r)) for r in self.references]
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Document":
        data = dict(data)
        data["sections"] = [Section(**s) for s in data.get("sections", [])]
        data["authors"] = [Author(**a) for a in data.get("authors", [])]
        data["mesh"] = [MeshHeading(**m) for m in data.get("mesh", [])]
        data["references"] = [BibliographyEntry(**r) for r in data.get("references", [])]
        return cls(**data)


@dataclass
class Prepared:
    """What the process that read a document computed for the one that writes it.

    ``payload`` is the document's stored JSON (:func:`serialise` of :meth:`Document.to_dict`) and
    ``content_hash`` its SHA-256, as the store would compute them. Valid only for the document as it was
    read: whoever changes a document must set its ``prepared`` to None.
    """

    payload: bytes
    content_hash: str
    # How the payload was written (orjson reads integers beyond 64 bits back as floats: see from_stored_form).
    by_orjson: bool = True
    # True on the light copy the read-ahead writer gets (clinicite.ingest.read_ahead): only the fields the
    # store's columns and the passage cutter read are set (id, source, title, text, sections, identifiers,
    # year, language, publication types); authors, MeSH and the rest live in the payload alone, and
    # :meth:`Document.to_dict` returns the payload's dict. Such a document is written, never edited.
    partial: bool = False

    def decoded(self) -> dict:
        return orjson.loads(self.payload) if self.by_orjson else json.loads(self.payload)


_DIRECT = orjson.OPT_SORT_KEYS | orjson.OPT_PASSTHROUGH_DATACLASS


def stored_form(document: Document) -> tuple[bytes, bool]:
    """The document's stored JSON and whether orjson wrote it (so orjson may read it back exactly).

    Byte for byte ``serialise(document.to_dict())``, without building that dict: orjson is handed the
    document's own fields and turns each section, author, MeSH heading and reference into its ``vars``
    itself (``default=vars``, keys sorted as for any dict), where to_dict copied each into a new dict in
    Python (5,000 MEDLINE records: ~0.10 -> ~0.06 CPU s).
    """
    if document.prepared is None or not document.prepared.partial:
        data = dict(vars(document))
        data.pop("origin", None)
        data.pop("prepared", None)
        if not data.get("corrections"):
            data.pop("corrections", None)
        try:
            return orjson.dumps(data, option=_DIRECT, default=vars), True
        except TypeError:
            pass            # e.g. an integer beyond 64 bits: the standard encoder below takes it
    data = document.to_dict()
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS), True
    except TypeError:
        return json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"), False


def from_stored_form(payload: bytes, by_orjson: bool, origin: str | None) -> Document:
    """The inverse of :func:`stored_form`: the same document (orjson reads integers beyond 64 bits as
    floats, so a payload the standard encoder wrote is read by the standard decoder)."""
    document = Document.from_dict(orjson.loads(payload) if by_orjson else json.loads(payload))
    document.origin = origin
    return document


def serialise(data: dict) -> bytes:
    """A document's dict as sorted-key JSON: what the store keeps and hashes. orjson costs a fifth of the
    standard encoder on the ingest hot path."""
    try:
        return orjson.dumps(data, option=orjson.OPT_SORT_KEYS)
    except TypeError:       # a value orjson refuses (an int beyond 64 bits): the standard encoder takes it
        return json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")


@dataclass
class Deletion:
    """A source asked for a document to be removed (MEDLINE ``<DeleteCitation>``)."""

    document_id: str
    origin: str | None = None


@dataclass
class Problem:
    """A record that could not be read. The rest of the file is still ingested."""

    path: str
    position: str            # "record 17", "byte 10432", "line 88"
    reason: str


# What a format reader yields, in file order.
IngestEvent = Document | Deletion | Problem
