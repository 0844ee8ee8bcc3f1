"""The one data model of an answer: :class:`Answer` and its parts.

An answer is a title, a bottom line and sections of bullets. Every bullet
carries numbered :class:`Citation` records; each number resolves to a
:class:`Reference` (a document or a curated knowledge record we hold), and each
citation names the exact span of that document's text it rests on. JSON,
Markdown and HTML (``clinicite.compose.render``) are three views of this model.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DISCLAIMER = ("This answer is generated automatically from the sources listed below and may be incomplete "
              "or wrong. It is decision support, not medical advice: check the cited sources and use "
              "clinical judgement.")


@dataclass
class Citation:
    """One numbered pointer from a statement to the exact words of a source.

    ``n`` is the number of the :class:`Reference`; ``start``/``end`` are character
    offsets into that document's canonical text and ``quote`` the words there.
    """

    n: int
    document_id: str
    start: int
    end: int
    quote: str = ""
    support: float | None = None        # how well the quote supports the statement (0..1), when measured

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Bullet:
    text: str
    citations: list[Citation] = field(default_factory=list)
    flagged: bool = False               # shown, but a check could not confirm it fully

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citations": [c.to_dict() for c in self.citations],
                "flagged": self.flagged}


@dataclass
class AnswerSection:
    heading: str
    bullets: list[Bullet] = field(default_factory=list)
    key: str = ""                       # stable name: "presentation", "workup", "first_line" ...
    intro: str = ""                     # fixed template text for patients; never a claim

    def to_dict(self) -> dict[str, Any]:
        return {"heading": self.heading, "key": self.key, "intro": self.intro,
                "bullets": [b.to_dict() for b in self.bullets]}


@dataclass
class Reference:
    """A source the answer cites: a literature document or a curated knowledge record."""

    n: int
    id: str
    title: str
    url: str | None = None
    source_type: str = "pubmed"         # pubmed, pmc, pdf, text, knowledge
    grade: str = "unclassified"         # see clinicite.compose.grading.GRADES
    grade_rank: int = 0
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    pmid: str | None = None
    doi: str | None = None

    AUTHORS_SHOWN = 3       # more are "et al.": the answer holds at most six, so "et al." is always true

    def parts(self) -> dict[str, str]:
        """The pieces of the reference as PubMed's summary shows them: authors, title, journal, year, ids.

        Only what the source states is shown; a missing piece is left out, never filled in.
        """
        found: dict[str, str] = {}
        if self.authors:
            names = list(self.authors[:self.AUTHORS_SHOWN])
            found["authors"] = ", ".join(names) + (", et al" if len(self.authors) > self.AUTHORS_SHOWN else "")
        title = " ".join((self.title or "").split())
        found["title"] = title if title.endswith(("?", "!")) else title.rstrip(".")
        if self.journal:
            found["journal"] = self.journal.rstrip(".")
        if self.year:
            found["year"] = str(self.year)
        if self.pmid:
            found["pmid"] = self.pmid
        if self.doi:
            found["doi"] = self.doi
        return found

    @property
    def citation(self) -> str:
        """"Doe J, Roe R. Title. Journal. 2019. PMID: 123. doi: 10.1/x." as plain text."""
        parts = self.parts()
        text = ". ".join(parts[key] for key in ("authors", "title", "journal", "year") if key in parts) + "."
        text = text.replace("?.", "?").replace("!.", "!")
        if "pmid" in parts:
            text += f" PMID: {parts['pmid']}."
        if "doi" in parts:
            text += f" doi: {parts['doi']}."
        return text

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "citation": self.citation}


@dataclass
class DifferentialRow:
    name: str
    ids: list[str] = field(default_factory=list)
    probability: float | None = None
    for_: list[str] = field(default_factory=list)
    against: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    source: str = "knowledge"           # "knowledge" (ranked by the disease records) or "literature"

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "ids": list(self.ids), "probability": self.probability,
                "for": list(self.for_), "against": list(self.against),
                "citations": [c.to_dict() for c in self.citations], "source": self.source}


@dataclass
class Answer:
    question: str
    title: str
    bottom_line: str
    sections: list[AnswerSection] = field(default_factory=list)
    differential: list[DifferentialRow] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    audience: str = "clinician"
    question_type: str = "general"
    abstained: bool = False
    disclaimer: str = DISCLAIMER
    red_flags: list[str] = field(default_factory=list)
    case: dict[str, Any] = field(default_factory=dict)
    composer: str = "extractive"
    notices: list[str] = field(default_factory=list)   # e.g. "the language model failed; extractive answer"
    bottom_line_citations: list[Citation] = field(default_factory=list)
    thread_id: str | None = None
    turn: int | None = None
    readability_grade: float | None = None
    question_form: str = "summary"      # yesno, factoid, list, summary
    verdict: dict[str, Any] | None = None     # yes/no questions: answer, strength and the weighed statements
    entities: list[str] = field(default_factory=list)   # factoid/list questions: ranked names from the sources
    authorship: dict[str, Any] = field(default_factory=dict)  # model, statements kept/dropped (language model)

    def reference(self, n: int) -> Reference | None:
        return next((r for r in self.references if r.n == n), None)

    def citations(self) -> list[Citation]:
        """Every citation the answer makes, in reading order."""
        found = list(self.bottom_line_citations)
        for section in self.sections:
            for bullet in section.bullets:
                found.extend(bullet.citations)
        for row in self.differential:
            found.extend(row.citations)
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question, "title": self.title, "bottom_line": self.bottom_line,
            "bottom_line_citations": [c.to_dict() for c in self.bottom_line_citations],
            "sections": [s.to_dict() for s in self.sections],
            "differential": [d.to_dict() for d in self.differential],
            "references": [r.to_dict() for r in self.references],
            "thread_id": self.thread_id, "turn": self.turn, "audience": self.audience,
            "question_type": self.question_type, "abstained": self.abstained,
            "disclaimer": self.disclaimer, "red_flags": list(self.red_flags), "case": self.case,
            "composer": self.composer, "notices": list(self.notices),
            "readability_grade": self.readability_grade, "question_form": self.question_form,
            "verdict": self.verdict, "entities": list(self.entities), "authorship": self.authorship,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Answer":
        def cites(items: list[dict]) -> list[Citation]:
            return [Citation(**c) for c in items]

        sections = [AnswerSection(s["heading"], [Bullet(b["text"], cites(b.get("citations", [])), b.get("flagged", False))
                                           for b in s.get("bullets", [])], s.get("key", ""), s.get("intro", ""))
                    for s in data.get("sections", [])]
        differential = [DifferentialRow(d["name"], d.get("ids", []), d.get("probability"), d.get("for", []),
                                        d.get("against", []), cites(d.get("citations", [])),
                                        d.get("source", "knowledge"))
                        for d in data.get("differential", [])]
        return cls(question=data.get("question", ""), title=data["title"], bottom_line=data["bottom_line"],
                   sections=sections, differential=differential,
                   references=[Reference(**{k: v for k, v in r.items() if k != "citation"})
                               for r in data.get("references", [])],
                   audience=data.get("audience", "clinician"), question_type=data.get("question_type", "general"),
                   abstained=data.get("abstained", False), disclaimer=data.get("disclaimer", DISCLAIMER),
                   red_flags=data.get("red_flags", []), case=data.get("case", {}),
                   composer=data.get("composer", "extractive"), notices=data.get("notices", []),
                   bottom_line_citations=cites(data.get("bottom_line_citations", [])),
                   thread_id=data.get("thread_id"), turn=data.get("turn"),
                   readability_grade=data.get("readability_grade"),
                   question_form=data.get("question_form", "summary"), verdict=data.get("verdict"),
                   entities=data.get("entities", []), authorship=data.get("authorship") or {})


def format_probability(probability: float | None) -> str:
    """A probability as readers see it: whole percent, never a false certainty of 0% or 100%."""
    if probability is None:
        return ""
    if probability >= 0.995:
        return ">99%"
    if probability < 0.005:
        return "<1%"
    return f"{probability:.0%}"
