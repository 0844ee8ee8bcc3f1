"""The composer interface, the draft it returns, and the extractive composer.

A composer turns numbered evidence into a :class:`Draft`: bullets per section,
each naming the evidence items it rests on. The pipeline turns a draft into an
:class:`~clinicite.compose.answer.Answer` with numbered references, so no
composer can cite anything that was not gathered.

The extractive composer (the default) shows only evidence statements
themselves: literature sentences quoted exactly and knowledge-record facts.
It picks them per section by maximal marginal relevance (Carbonell &
Goldstein, 1998) so that bullets are relevant and not redundant.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from clinicite.compose.bottom_line import best_sentence
from clinicite.compose.evidence import Evidence
from clinicite.compose.narrative import as_case, is_narrative
from clinicite.compose.plan import PRIMARY, assign_section, plan_for
from clinicite.compose.question import QuestionAnalysis
from clinicite.compose.sentences import cosine, term_vector

# Sections that state what is generally true: one reported patient's story is never shown there.
GENERAL_ONLY = ("presentation", "key_findings", "key_facts", "first_line", "outcomes", "prognostic_factors")
NARRATIVE_SHARE = 0.8     # a case narrative ranks below a general statement of the same relevance

# Where each kind of knowledge fact belongs, per question type (absent: not shown for that type).
FACT_SECTIONS: dict[str, dict[str, str]] = {
    "diagnosis": {"definition": "presentation", "phenotypes": "presentation", "inheritance": "key_findings",
                  "prevalence": "presentation", "excluded": "differential"},
    "workup": {"definition": "key_findings", "phenotypes": "key_findings", "inheritance": "workup",
               "excluded": "differential"},
    "prognosis": {"definition": "outcomes", "inheritance": "follow_up"},
    "general": {"definition": "key_facts", "phenotypes": "key_facts", "inheritance": "key_facts",
                "prevalence": "key_facts", "excluded": "pitfalls"},
    "treatment": {},
    "drug": {},
}
FACT_SECTIONS["differential"] = FACT_SECTIONS["diagnosis"]


@dataclass
class DraftBullet:
    text: str
    evidence: list[int]              # indices into ComposeRequest.evidence
    flagged: bool = False


@dataclass
class Draft:
    sections: dict[str, list[DraftBullet]]
    bottom_line: DraftBullet | None
    composer: str
    notices: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)     # ranked names, for factoid and list questions
    authorship: dict[str, Any] = field(default_factory=dict)   # a language model's name and dropped statements


@dataclass
class ComposeRequest:
    analysis: QuestionAnalysis
    evidence: list[Evidence]
    audience: str = "clinician"
    max_bullets: int = 4             # per section
    encoder: Any = None              # sentence encoder of the search index, when dense search is on

    @property
    def plan(self) -> list[str]:
        return plan_for(self.analysis.question_type)

    @property
    def primary(self) -> tuple[str, ...]:
        """The sections that answer what was asked ("... and how is it managed?" adds management)."""
        primary = PRIMARY.get(self.analysis.question_type, ())
        if getattr(self.analysis, "asks_management", False) and "management" in self.plan:
            primary = (*primary, "management")
        return primary


@runtime_checkable
class Composer(Protocol):
    """Anything that writes a draft from numbered evidence."""

    name: str

    def compose(self, request: ComposeRequest) -> Draft: ...


def mmr(candidates: list[int], relevance: dict[int, float], vectors: dict[int, object], k: int,
        chosen: list[int], lam: float = 0.7) -> list[int]:
    """Maximal marginal relevance: λ·relevance − (1−λ)·max similarity to what is already chosen.

    Carbonell & Goldstein (1998). ``chosen`` holds items picked earlier (other
    sections), so a fact is not repeated across sections either.
    """
    picked: list[int] = []
    pool = list(candidates)
    top = max((relevance[i] for i in pool), default=1.0) or 1.0
    while pool and len(picked) < k:
        def score(i: int) -> float:
            redundancy = max((cosine(vectors[i], vectors[j]) for j in chosen + picked), default=0.0)
            return lam * relevance[i] / top - (1 - lam) * redundancy
        best = max(pool, key=score)
        pool.remove(best)
        if max((cosine(vectors[best], vectors[j]) for j in chosen + picked), default=0.0) >= 0.7:
            continue          # near-repeat of a chosen statement
        picked.append(best)
    return picked


_NON_HUMAN_LABEL = {"animal study": "In an animal study: ", "in-vitro study": "In a laboratory study: "}


def shown_statement(item: Evidence, narrative: bool) -> str:
    """A bullet's text: the statement, labelled when it is one case's story or an animal or laboratory
    finding, so neither reads as a general clinical fact. The quoted words are never changed."""
    from clinicite.compose.verdict import design_of
    if item.kind != "sentence":
        return item.statement
    label = _NON_HUMAN_LABEL.get(design_of(item))
    if label:
        return label + item.statement
    return as_case(item.statement) if narrative else item.statement


def within_budget(sections: dict[str, list[DraftBullet]], evidence: list[Evidence], relevance: dict[int, float],
                  primary: tuple[str, ...], budget: int) -> dict[str, list[DraftBullet]]:
    """The most relevant bullets that fit in ``budget`` words, in their sections' order.

    The best bullet of each section that answers the question is kept first, so a concise answer
    still answers; the rest are taken by relevance while they fit.
    """
    bullets = [(key, n, b) for key, items in sections.items() for n, b in enumerate(items)]
    first = [x for x in bullets if x[0] in primary and x[1] == 0]
    others = sorted((x for x in bullets if x not in first), key=lambda x: -relevance[x[2].evidence[0]])
    kept, used = set(), 0
    for key, n, draft in first + others:
        words = len(draft.text.split())
        if used + words > budget and kept:
            continue
        kept.add((key, n))
        used += words
    return {key: [b for n, b in enumerate(items) if (key, n) in kept] for key, items in sections.items()
            if any((key, n) in kept for n in range(len(items)))}


class ExtractiveComposer:
    """Bullets are evidence statements themselves; nothing is written that was not read."""

    name = "extractive"

    def __init__(self, min_relevance: float = 0.08, lam: float = 0.7, word_budget: int = 130) -> None:
        self.min_relevance = min_relevance
        self.lam = lam
        self.word_budget = word_budget      # words in all bullets together (patients: about half)

    def section_of(self, item: Evidence, question_type: str) -> str | None:
        if item.kind == "fact":
            return FACT_SECTIONS.get(question_type, {}).get(item.fact or "")
        return assign_section(item.statement, question_type)

    def compose(self, request: ComposeRequest) -> Draft:
        kind = request.analysis.question_type
        relevance = {i: self._adjusted(e, request.audience) for i, e in enumerate(request.evidence)}
        vectors = {i: term_vector(e.statement) for i, e in enumerate(request.evidence)}
        by_section: dict[str, list[int]] = {key: [] for key in request.plan}
        primary = request.primary
        narrative = {i for i, item in enumerate(request.evidence) if is_narrative(item)}
        for i, item in enumerate(request.evidence):
            key = self.section_of(item, kind)
            if i in narrative:
                relevance[i] *= NARRATIVE_SHARE
                if key in GENERAL_ONLY:
                    continue     # one patient's story is not a general fact about the condition
            if key in primary:
                relevance[i] *= 1.3      # it answers what was asked, not a side question
            if key in by_section and relevance[i] >= self.min_relevance:
                by_section[key].append(i)
        chosen: list[int] = []
        sections: dict[str, list[DraftBullet]] = {}
        for key in request.plan:
            limit = request.max_bullets if request.audience != "patient" else 2
            picked = mmr(by_section[key], relevance, vectors, limit, chosen, self.lam)
            chosen += picked
            if picked:
                picked.sort(key=lambda i: i in narrative)        # general statements first
                sections[key] = [DraftBullet(shown_statement(request.evidence[i], i in narrative), [i])
                                 for i in picked]
        budget = self.word_budget // 2 if request.audience == "patient" else self.word_budget
        if len(primary) > len(PRIMARY.get(kind, ())):
            budget += self.word_budget // 2      # two questions in one ("diagnosis and management") need room
        sections = within_budget(sections, request.evidence, relevance, primary, budget)
        in_primary = [i for key in primary for b in sections.get(key, []) for i in b.evidence if i not in narrative]
        general = [i for i in chosen if i not in narrative]
        bottom = self._bottom_line(request, in_primary or general, relevance, narrative)
        return Draft(sections=sections, bottom_line=bottom, composer=self.name)

    def _adjusted(self, item: Evidence, audience: str) -> float:
        if audience != "patient" or item.kind == "fact":
            return item.relevance
        from clinicite.compose.audience import sentence_grade
        grade = sentence_grade(item.statement)
        return item.relevance * (1.0 if grade <= 10 else max(0.3, 1 - 0.06 * (grade - 10)))

    def _bottom_line(self, request: ComposeRequest, chosen: list[int], relevance: dict[int, float],
                     narrative: set[int] = frozenset()) -> DraftBullet | None:
        """The sentence that best answers the question (:mod:`clinicite.compose.bottom_line`).

        A case's bottom line comes from the bullets that answer it (the leading diagnoses' facts and
        sentences); a literature question may take any gathered sentence that is relevant enough.
        """
        candidates = list(chosen)
        if not request.analysis.is_case:
            candidates += [i for i, e in enumerate(request.evidence)
                           if e.kind == "sentence" and relevance[i] >= self.min_relevance and i not in chosen
                           and i not in narrative]
        best = best_sentence(request.analysis.text, request.evidence, candidates, request.encoder, relevance)
        if best is None:
            return None
        return DraftBullet(request.evidence[best].statement, [best])
