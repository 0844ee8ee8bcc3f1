"""Evidence: the exact spans an answer may state and cite.

A :class:`Source` is a document or knowledge record we hold (with its grade);
an :class:`Evidence` is one statement we may show together with the span or
spans of that source it rests on. For literature the statement *is* the span's
sentence, quoted exactly; for a knowledge record it is a plain sentence that
restates the record's fields and cites the record's sections.

Text from documents is data, never instructions: sentences that address a
reader as a machine ("ignore previous instructions ...") are rejected here, so
neither composer ever sees them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from clinicite.compose.grading import Grade

# Phrases that only make sense as instructions to a language model, never as clinical evidence.
INJECTION = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(previous|prior|above|earlier|all|any|the)\b.{0,20}"
    r"\b(instructions?|prompts?|rules|directions|context)\b"
    r"|\b(system prompt|you are (now )?(an?|the) (ai|assistant|language model|chatbot)|as an ai\b)"
    r"|\b(respond|reply|answer|say|output|print|write)\b.{0,20}\b(only|exactly|verbatim)\b"
    r"|</?\s*(evidence|system|assistant|instructions?)\s*>|\[/?(inst|system)\]|<\|im_(start|end)\|>",
    re.I | re.S)


def looks_like_instructions(text: str) -> bool:
    return bool(INJECTION.search(text))


# A stand-in that is not a title: empty, or a bare id ("PubMed 29400298", "PMID: 123") put where one was missing.
_NO_TITLE = re.compile(r"^\s*(?:(?:pubmed|pmid|pmc|doi)\s*:?\s*[\w./-]*\d[\w./-]*)?\s*$", re.I)
OPENING_WORDS = 10


def opening_words(text: str, count: int = OPENING_WORDS) -> str:
    """The first ``count`` words of a record's text, as it has them (no ellipsis added here)."""
    return " ".join(text.split()[:count])


def shown_title(title: str, opening: str = "") -> str:
    """The title a reference shows: the record's own, or, when it holds none, a label that says so and
    quotes the record's first words, so a reader never takes an id or a first sentence for a title."""
    if not _NO_TITLE.match(title or ""):
        return title
    if opening:
        return f'Title not held; the record begins: "{opening} ..."'
    return "Title not held"


@dataclass
class Source:
    id: str
    title: str
    source_type: str
    grade: Grade
    url: str | None = None
    year: int | None = None
    pmid: str | None = None
    doi: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    publication_types: list[str] = field(default_factory=list)
    corrections: list[dict] = field(default_factory=list)    # MEDLINE retraction / erratum notices
    opening: str = ""        # the record's first words, shown (marked) when it holds no title

    @property
    def display_title(self) -> str:
        return shown_title(self.title, self.opening)

    @property
    def retracted(self) -> bool:
        return any(c.get("type") == "RetractionIn" for c in self.corrections) or \
            any(t.strip().lower() == "retracted publication" for t in self.publication_types)

    @property
    def notice(self) -> str | None:
        """What a reader must know about this source before trusting it, or None."""
        if self.retracted:
            return "has been retracted"
        kinds = {c.get("type") for c in self.corrections}
        if "ExpressionOfConcernIn" in kinds:
            return "is under an expression of concern"
        if "ErratumIn" in kinds:
            return "has a published erratum"
        return None


@dataclass(frozen=True)
class QuotedSpan:
    start: int
    end: int
    quote: str


@dataclass
class Evidence:
    """One statement and the spans it rests on. ``relevance`` orders evidence for a question."""

    source: Source
    statement: str
    spans: list[QuotedSpan]
    relevance: float = 0.0
    section: str | None = None       # where in the source ("RESULTS", "Inheritance")
    kind: str = "sentence"           # "sentence" (quoted literature) or "fact" (restated knowledge record)
    role: str | None = None          # background, methods, results, conclusions
    fact: str | None = None          # for knowledge facts: definition, inheritance, phenotypes ...

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.source.id, self.spans[0].start, self.spans[0].end)

    @property
    def quote(self) -> str:
        return " ".join(span.quote for span in self.spans)


@dataclass
class EvidencePool:
    """Everything gathered for one question, best first, plus what was refused and why."""

    items: list[Evidence] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)

    @property
    def sources(self) -> dict[str, Source]:
        return {e.source.id: e.source for e in self.items}

    def document_ids(self) -> list[str]:
        return list(dict.fromkeys(e.source.id for e in self.items))
