"""From a composer's draft to the :class:`Answer`: numbered references, exact citations, audience.

References are numbered in order of first citation. Each citation carries the
document id and the start/end of the span it quotes, so a reader (and the
tests) can check every number against the source text. Sections without a
cited bullet are left out: an answer has no filler.
"""

from __future__ import annotations

from dataclasses import replace

from typing import Any

from clinicite.compose.answer import (Answer, Bullet, Citation, DifferentialRow, Reference, AnswerSection,
                                      format_probability)
from clinicite.compose.audience import (PATIENT_ABSTAIN, PATIENT_BOTTOM_LINE, PATIENT_GRADE_LIMIT, PATIENT_INTROS, readability_grade,
                                        sentence_grade)
from clinicite.compose.composer import Draft, DraftBullet
from clinicite.compose.evidence import Evidence
from clinicite.compose.plan import heading
from clinicite.reason.merge import NAMED_BY_SIMILAR_LABEL, SIMILAR_CASE_LABEL


class References:
    """Numbers sources in order of first citation and turns evidence into citations."""

    def __init__(self, evidence: list[Evidence]) -> None:
        self.evidence = evidence
        self.numbers: dict[str, int] = {}
        self.references: list[Reference] = []

    def number(self, item: Evidence) -> int:
        source = item.source
        if source.id not in self.numbers:
            n = len(self.references) + 1
            self.numbers[source.id] = n
            self.references.append(Reference(
                n=n, id=source.id, title=source.display_title, url=source.url, source_type=source.source_type,
                grade=source.grade.label, grade_rank=source.grade.rank, authors=source.authors[:6],
                journal=source.journal, year=source.year, pmid=source.pmid, doi=source.doi))
        return self.numbers[source.id]

    def cite(self, indices: list[int]) -> list[Citation]:
        citations = []
        for index in indices:
            item = self.evidence[index]
            n = self.number(item)
            citations += [Citation(n, item.source.id, s.start, s.end, s.quote) for s in item.spans]
        return citations

    def cite_items(self, items: list[Evidence]) -> list[Citation]:
        citations = []
        for item in items:
            n = self.number(item)
            citations += [Citation(n, item.source.id, s.start, s.end, s.quote) for s in item.spans]
        return citations


def bullet(refs: References, draft: DraftBullet) -> Bullet:
    return Bullet(draft.text, refs.cite(draft.evidence), draft.flagged)


def assemble(*, question: str, title: str, draft: Draft, evidence: list[Evidence], plan: list[str],
             audience: str, question_type: str, differential: list[tuple[Any, list[Evidence]]],
             abstain_reason: str | None, red_flags: list[str], case: dict) -> Answer:
    refs = References(evidence)
    answer = Answer(question=question, title=title, bottom_line="", audience=audience,
                    question_type=question_type, red_flags=red_flags, case=case, composer=draft.composer,
                    notices=list(draft.notices), authorship=dict(draft.authorship))
    if draft.bottom_line is not None and abstain_reason is None:
        answer.bottom_line = draft.bottom_line.text
        answer.bottom_line_citations = refs.cite(draft.bottom_line.evidence)
    if abstain_reason is not None and is_flat([d for d, _ in differential]):
        # Under a bottom line that says the sources do not answer, a flat list of knowledge-base diseases (six
        # rare syndromes at 2% for "leg pain") reads as a differential the sources never gave. It is withheld,
        # with the findings it rested on named, and none of its records is cited.
        answer.notices.append(withheld_differential_notice(case))
        differential = []
    for key in [*plan, *[k for k in draft.sections if k not in plan]]:
        bullets = [bullet(refs, b) for b in draft.sections.get(key, []) if b.evidence]
        show_table = key == "differential" and differential
        if bullets or show_table:
            answer.sections.append(AnswerSection(heading(key, audience), bullets, key))
    for diagnosis, facts in differential:
        citations = refs.cite_items(facts)
        if citations:       # a row we cannot source is not shown
            answer.differential.append(DifferentialRow(
                diagnosis.name, list(diagnosis.ids), round(float(diagnosis.probability), 4),
                _reasons_for(diagnosis)[:6], [w.label for w in diagnosis.against][:6], citations,
                getattr(diagnosis, "source", "knowledge")))
    flat = is_flat(answer.differential)
    # diff-calib: the engine's own "the findings do not separate the leading N" (three rows or more) is flat too
    flat = flat or sum(1 for d, _ in differential if getattr(d, "close_to_leader", False)) >= 3
    # Said once: a bottom line that already says the findings do not separate the candidates needs no notice.
    if flat and not (draft.bottom_line is not None and "do not separate" in draft.bottom_line.text):
        answer.notices.append("The findings given do not separate the candidates in the differential: they are "
                              "listed, but none of them leads the answer.")
    if answer.differential and question_type in ("diagnosis", "differential") and abstain_reason is None \
            and not (flat and draft.bottom_line is not None):
        # A diagnosis question is answered by the leading diagnosis and how sure it is, not by a quoted fact.
        lead = answer.differential[0]
        answer.bottom_line = differential_bottom_line(lead, audience, _runner_up(answer.differential, differential))
        answer.bottom_line_citations = [replace(c) for c in lead.citations]  # renumbering edits them
    if not any(s.bullets for s in answer.sections) and not answer.differential:
        abstain_reason = abstain_reason or "The sources held do not contain enough evidence to answer this question."
    if abstain_reason is not None:
        answer.abstained = True
        answer.bottom_line = PATIENT_ABSTAIN if audience == "patient" and not answer.sections else abstain_reason
    elif not answer.bottom_line:
        first = next(b for s in answer.sections for b in s.bullets) if any(s.bullets for s in answer.sections) \
            else None
        if first is not None:
            answer.bottom_line, answer.bottom_line_citations = first.text, list(first.citations)
        elif answer.differential:
            lead = answer.differential[0]
            answer.bottom_line = differential_bottom_line(lead, audience,
                                                          _runner_up(answer.differential, differential))
            answer.bottom_line_citations = [replace(c) for c in lead.citations]  # renumbering edits them
    if not answer.abstained:
        empty = [heading(key, audience) for key in plan
                 if key != "differential" and not any(s.key == key and s.bullets for s in answer.sections)]
        if empty:
            # Say plainly what the sources do not cover, instead of leaving the reader to guess.
            answer.notices.append("The sources held contain no evidence on: " + ", ".join(e.lower() for e in empty)
                                  + ". Ingest literature on this question to cover it.")
    answer.references = refs.references
    sources = {e.source.id: e.source for e in evidence}
    for reference in answer.references:
        notice = getattr(sources.get(reference.id), "notice", None)
        if notice:
            answer.notices.append(f"Reference {reference.n} ({reference.title[:80]}) {notice}: weigh it accordingly.")
    if audience == "patient":
        simplify_for_patients(answer)
    answer.readability_grade = readability_grade(answer_text(answer))
    return answer


FLAT_TOP = 0.15      # a leading probability below this, and not well above the fifth, is a flat differential


def _reasons_for(diagnosis: Any) -> list[str]:
    """The row's For labels. A similar published case that states this very diagnosis ("similar published case")
    is not also shown as one that only names it beside another ("named by a similar published case")."""
    labels = list(dict.fromkeys(w.label for w in diagnosis.for_))
    if SIMILAR_CASE_LABEL in labels:
        labels = [label for label in labels if label != NAMED_BY_SIMILAR_LABEL]
    return labels


def withheld_differential_notice(case: dict) -> str:
    """Why no ranked list is shown, with the case's recognised findings (the user's own words' concepts)."""
    observed = [f["label"] for f in case.get("findings", []) if not f.get("excluded") and f.get("label")]
    named = ", ".join(dict.fromkeys(observed))
    basis = f"the findings recognised in the case ({named})" if named else "the case as read"
    return (f"No ranked differential is shown: on {basis} the knowledge held ranks no diagnosis clearly above "
            "the others, and no source held is about this case. Findings the case states but that are not "
            "listed here were not recognised.")


def is_flat(diagnoses: list[Any]) -> bool:
    """True when a differential does not discriminate: many candidates at about the same low probability."""
    if sum(1 for d in diagnoses if getattr(d, "close_to_leader", False)) >= 3:
        return True       # diff-calib: the engine says the findings do not separate the leading three or more
    if len(diagnoses) < 3:
        return False
    top = float(diagnoses[0].probability or 0.0)
    fifth = float(diagnoses[min(4, len(diagnoses) - 1)].probability or 0.0)
    return top < FLAT_TOP and top < 1.5 * fifth


# The leader is this many times as likely as every other candidate considered: the findings single it out, though
# its calibrated share stays small (the rest of the probability is on what the sources may not hold).
CLEAR_LEAD = 10.0


def _runner_up(rows: list[DifferentialRow], differential: list[Any]) -> float | None:
    """The probability of the best shown candidate after the leader; None when the table shows the leader alone (the
    others may have been dropped as unsupported, not as unlikely: no claim is made about them)."""
    others = [float(d.probability or 0.0) for d, _ in differential[1:]] + [r.probability for r in rows[1:]]
    return max(others) if others else None


def differential_bottom_line(lead: DifferentialRow, audience: str, runner_up: float | None = None) -> str:
    """Framing text for an answer that rests on the differential alone; the row's citations go with it.

    The probability is clinicite's own estimate from the findings, so it is stated as such, with how sure
    it is, and never as a confirmed diagnosis. ``runner_up``: the next candidate's probability; a leader at
    least ``CLEAR_LEAD`` times as likely is not called one of many weak candidates (a boy's sudden scrotal pain
    with an absent cremasteric reflex puts testicular torsion 86 times above epididymo-orchitis, at 9%).
    """
    percent = round(lead.probability * 100)
    shown = format_probability(lead.probability)
    if audience == "patient":
        return (f"Your findings best match {lead.name}, but other causes are possible. "
                "A doctor needs to confirm any diagnosis.")
    certainty = ("the most likely diagnosis" if percent >= 50 else
                 "the leading candidate, but the differential remains broad" if percent >= 20 else
                 "only the best of many weak candidates: the differential is broad")
    if 0 < percent < 50 and runner_up is not None and lead.probability >= CLEAR_LEAD * runner_up:
        certainty = ("well ahead of every other candidate considered, though the estimate stays low because the "
                     "sources held may not include the cause")
    if percent < 50 and SIMILAR_CASE_LABEL in lead.for_:
        # A low share of the probability is not "weak" when a published patient like this one had the disease:
        # the number spreads over many records, the report points at one. Say which evidence leads it.
        certainty = ("the leading candidate, because a similar published case states this diagnosis; "
                     "the differential remains broad")
    # The estimate rests on whatever weighed for the row (knowledge records, literature, similar published
    # cases), so it is named as clinicite's own, not as any one source's.
    return (f"On the findings given, {lead.name} ({shown}, clinicite's estimate from the findings and the "
            f"sources held) is {certainty}; it is not a confirmed diagnosis.")


def answer_text(answer: Answer) -> str:
    """The prose a reader reads (bottom line, intros, bullets), for readability measures."""
    parts = [answer.bottom_line]
    for section in answer.sections:
        parts += [section.intro] + [b.text for b in section.bullets]
    return " ".join(p if p.rstrip().endswith((".", "?", "!")) else p + "." for p in parts if p)


def simplify_for_patients(answer: Answer) -> None:
    """Section intros from template text; the hardest bullets left out until grade 8 is met.

    Cited sentences are never reworded; a bullet is either shown whole with its
    citations or not at all. At least one cited bullet is always kept, and so are the curated bullets (written
    plainly already: their hard words are the disease's and the treatment's names) and the first bullet of
    Management, which may be all the answer says about what to do.
    """
    for section in answer.sections:
        section.intro = PATIENT_INTROS.get(section.key, "")
    if not answer.abstained and sentence_grade(answer.bottom_line) > PATIENT_GRADE_LIMIT:
        # The cited sentence stays in its section; the bottom line frames it instead of repeating it.
        answer.bottom_line, answer.bottom_line_citations = PATIENT_BOTTOM_LINE, []
    curated = {r.n for r in answer.references if r.source_type == "knowledge"}

    def kept_whole(section: Any, j: int) -> bool:
        bullet = section.bullets[j]
        return bool(bullet.citations) and all(c.n in curated for c in bullet.citations) or \
            (section.key == "management" and j == 0)
    while readability_grade(answer_text(answer)) > PATIENT_GRADE_LIMIT:
        every = [(i, j) for i, s in enumerate(answer.sections) for j in range(len(s.bullets))]
        shown = [(sentence_grade(answer.sections[i].bullets[j].text), i, j) for i, j in every
                 if not kept_whole(answer.sections[i], j)]
        if len(every) <= 1 or not shown:
            break
        _, i, j = max(shown)
        removed = answer.sections[i].bullets.pop(j)
        if answer.bottom_line == removed.text and not answer.abstained:
            answer.bottom_line, answer.bottom_line_citations = PATIENT_BOTTOM_LINE, []
        if not answer.sections[i].bullets and not (answer.sections[i].key == "differential" and answer.differential):
            answer.sections.pop(i)
    renumber(answer)


def renumber(answer: Answer) -> None:
    """Drop references nothing cites any more and number the rest 1..n in order of first citation."""
    order: dict[int, int] = {}
    for citation in answer.citations():
        order.setdefault(citation.n, len(order) + 1)
    for citation in answer.citations():
        citation.n = order[citation.n]
    kept = [r for r in answer.references if r.n in order]
    for reference in kept:
        reference.n = order[reference.n]
    answer.references = sorted(kept, key=lambda r: r.n)
