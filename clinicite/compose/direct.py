"""Answer the question that was asked, first: a verdict, the names asked for, or nothing.

A yes/no question leads with the weighed verdict (:mod:`clinicite.compose.verdict`)
and a "Weight of evidence" section that shows each weighed sentence with its
design, year, size and stance. Factoid and list questions lead with the names
the sources give (:mod:`clinicite.compose.entities`). Other questions keep the
composer's bottom line (for a management question: the best first-line
statement). Applied after any composer, so a language model's draft gets the
same direct lead. When a yes/no question finds no sentence that takes a stance,
the answer abstains instead of implying one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinicite.compose.answer_types import FIT, family
from clinicite.compose.bottom_line import summary_sentences
from clinicite.compose.composer import ComposeRequest, Draft, DraftBullet
from clinicite.compose.entities import lead_with_entities, rank_candidates, shown_candidates
from clinicite.compose.entities_subject import SubjectSources, not_held_reason
from clinicite.compose.verdict import Verdict, Weighed, decide
from clinicite.compose.verdict_aim import states_no_finding
from clinicite.compose.verdict_existence import existence_object, names_object
from clinicite.compose.verdict_object import COMPARATOR, OPPOSITE
from clinicite.compose.verdict_role import finding_role, is_finding
from clinicite.compose.sentences import content_terms
from clinicite.compose.verdict_subject import SubjectGate, is_rare
from clinicite.understand.question import answer_type

WEIGHED_SECTION = "weighed"
SUMMARY_SECTION = "summary"
MAX_WEIGHED = 6
NO_STANCE = ("The sources held do not state whether this is so: none of their findings takes a stance on "
             "the question.")
_STANCE_WORD = {"for": "For", "against": "Against", "uncertain": "Inconclusive", "neutral": "States"}
_DESIGN_SHOWN = {"randomised controlled trial": "randomised trial", "cohort / case-control": "observational study",
                 "systematic review / meta-analysis": "systematic review or meta-analysis",
                 "unclassified": "study of unstated design", "expert opinion": "review",
                 "reported controlled trials": "statement citing controlled trials",
                 "reported meta-analysis": "statement citing a meta-analysis",
                 "pilot study": "pilot or open-label study"}


@dataclass
class Lead:
    """What the direct answer changed: the verdict (yes/no questions) and a reason to abstain."""

    verdict: Verdict | None = None
    abstain_reason: str | None = None
    form: str = "summary"
    candidates: list = field(default_factory=list)      # factoid and list questions: the ranked names


def lead_answer(request: ComposeRequest, draft: Draft) -> Lead:
    """Put the direct answer into ``draft`` (bottom line, weighed section, summary); return what was decided."""
    analysis = request.analysis
    form = getattr(analysis, "form", "summary")
    if analysis.is_case:
        return Lead(form=form)
    lead = _lead(request, draft, form)
    keep_on_topic(request, draft)
    keep_about_subject(request, draft)
    # Patients' bullets were reworded before this point; a language model's draft keeps its own sections.
    if request.audience != "patient" and lead.abstain_reason is None and draft.composer == "extractive" and \
            (analysis.question_type not in ACT_FIRST or names_no_action(analysis.text, form) or lead.verdict is not None):
        add_summary(request, draft, quoted_bottom_line=form == "summary" and lead.verdict is None)
        if form == "list" and lead.candidates:
            name_what_the_summary_names(draft, lead.candidates)
    return lead


# The catch-all sections a composer fills with any general sentence of the sources.
CATCH_ALL_SECTIONS = ("key_facts",)


def keep_on_topic(request: ComposeRequest, draft: Draft) -> None:
    """Leave out of the catch-all sections every sentence that names none of the question's rare words
    ("Contact: ...@cau.edu.cn." or "DNA methylation is important for gene silencing" under "Describe
    CGmapTools"): it shares the search's words, not the question's topic. A section left empty is named in
    the notice of sections without evidence (``assemble``). Rare words are those :mod:`verdict_subject` reads as naming a thing (background IDF)."""
    asked = {t for t in content_terms(request.analysis.text) if is_rare(t)}
    if not asked:
        return
    for key in CATCH_ALL_SECTIONS:
        bullets = draft.sections.get(key)
        if not bullets:
            continue
        kept = [b for b in bullets if any(_names_asked(asked, request.evidence[i]) for i in b.evidence)]
        if len(kept) == len(bullets):
            continue
        if kept:
            draft.sections[key] = kept
        else:
            del draft.sections[key]    # the answer's notice names the planned sections it has nothing for


def keep_about_subject(request: ComposeRequest, draft: Draft) -> None:
    """A question that is not yes/no and names a subject ("How many genes does FoundationOne screen?") keeps, in
    every section of its plan, only the bullets whose sources name that subject (``SubjectSources.named_by``;
    a knowledge record, ``names_fact``): a template filled from another topic's sentences ("BAGEL identifies
    fitness genes in knockout screens" under its work-up) shares the question's words, not its topic. A section
    left empty is named in the notice of sections without evidence. A yes/no question's sections are judged by
    its agent and condition instead (``SubjectGate``, as its weighed sentences are): "Is colistin an antibiotic?"
    shows no key fact on faecal transplants after antibiotic failure."""
    if not draft.sections:
        return
    if getattr(request.analysis, "form", "") == "yesno":
        gate = SubjectGate(request.analysis.text, request.evidence)
        if not gate.active or gate.agent_absent:
            return      # no agent or condition read, or none held (_agent_absent has emptied the sections)

        def about(i: int) -> bool:
            return gate.about(request.evidence[i])
    else:
        about = about_subject(request, draft)
    for key in [k for k in draft.sections if k not in (SUMMARY_SECTION, WEIGHED_SECTION)]:
        kept = [b for b in draft.sections[key] if b.evidence and all(about(i) for i in b.evidence)]
        if kept:
            draft.sections[key] = kept
        else:
            del draft.sections[key]


def about_subject(request: ComposeRequest, draft: Draft):
    """Whether an evidence index may be quoted about the question's subject: its source names the subject
    (``SubjectSources.named_by``; a knowledge record, ``names_fact``), or the bottom line cites that source (the
    names it gives must be shown with the sentences that state them, even from a record whose title is not
    held). Everything passes when the question names no subject or nothing held names it (the bottom line then
    says so)."""
    subject = SubjectSources(request.analysis.text, request.evidence)
    if not subject.active or subject.none_about:
        return lambda i: True
    cited = {request.evidence[i].source.id for i in (draft.bottom_line.evidence if draft.bottom_line else [])}

    def about(i: int) -> bool:
        item = request.evidence[i]
        if item.kind == "fact":
            return subject.names_fact(item)
        return item.source.id in cited or subject.named_by(item)
    return about


def _names_asked(asked: set[str], item) -> bool:
    terms = set(content_terms(item.statement))
    return any(t in terms or any(len(t) >= 5 and s.startswith(t[:5]) for s in terms) for t in asked)


def name_what_the_summary_names(draft: Draft, candidates: list) -> None:
    """A list answer's bottom line names every ranked candidate of the kind asked for (``answer_types``' fit)
    that its own Summary states, after those it already names: a bottom line that names fewer than the
    sentences below it under-reports the sources. A candidate of no confirmed kind ("cells") is not added."""
    summary = " ".join(b.text for b in draft.sections.get(SUMMARY_SECTION, [])).lower()
    named = set(draft.entities)
    extra = [c for c in candidates if c.text not in named and c.fit >= FIT and _stated_in(c.text, summary)]
    if not extra or not draft.bottom_line:
        return
    draft.entities = draft.entities + [c.text for c in extra]
    listed = "; ".join(draft.entities)
    cited = list(dict.fromkeys(draft.bottom_line.evidence + [c.evidence[0] for c in extra if c.evidence]))
    draft.bottom_line = DraftBullet(f"The sources name: {listed}.", cited)


def _stated_in(name: str, text: str) -> bool:
    return bool(re.search(rf"(?<![\w-]){re.escape(name.lower())}(?![\w-])", text))


# Questions whose answer leads with what to do (first-line options, dosing, work-up): no summary before it.
ACT_FIRST = ("treatment", "drug", "workup")
# The kinds of name that are something to do: a question asking for them keeps the plan's lead.
_ACTIONS = frozenset("""test tests treatment treatments therapy therapies procedure procedures surgery operation
    investigation investigations imaging examination management intervention interventions""".split())


def names_no_action(question: str, form: str) -> bool:
    """True for a factoid or list question whose names are not something to do, though its topic is a drug,
    treatment or test ("Name 4 side effects of enasidenib", "How many genes does FoundationOne screen?"):
    the sentences that state its names are its summary; a "Monitoring" or "Work-up" plan misfiles them."""
    if form not in ("factoid", "list"):
        return False
    asked = answer_type(question)
    return family(asked) != "drug" and (not asked or asked.split()[-1] not in _ACTIONS)


def section_order(sections: dict, plan: list[str]) -> list[str]:
    """The order of an answer's sections: the summary, the weighed evidence, then the plan's sections.

    A yes/no answer (one with weighed evidence) asks for a verdict, not for the template its topic plans
    ("Is there a vaccine for peanut allergy?" plans a treatment's first-line options, dosing and monitoring):
    its plan keeps only the sections the sources filled, so the notice of sections without evidence does
    not list headings the question never asked for."""
    if WEIGHED_SECTION in sections:
        plan = [key for key in plan if sections.get(key)]
    return [key for key in (SUMMARY_SECTION, WEIGHED_SECTION) if key in sections] + plan


def add_summary(request: ComposeRequest, draft: Draft, quoted_bottom_line: bool) -> None:
    """A "Summary" section: the few gathered sentences that best answer the question, each quoted and
    cited (:func:`bottom_line.summary_sentences`). A sentence already quoted as the bottom line is not
    repeated; the composer's sections give up the sentences the summary shows (the weighed section keeps
    them, with their stance labels). (Opening it on the sentences that state the direct answer was tried in
    round 8: BioASQ 7B-9B, 150 through the pipeline, ROUGE-2 0.2062 against 0.2105 without; not kept.)"""
    # A source's labelled background (the work it cites) or methods are not what it found: left out.
    sentences = [i for i, e in enumerate(request.evidence) if e.kind == "sentence"
                 and finding_role(e) not in (("background", True), ("methods", True))]
    # Nor is a hypothesis, an aim or an open question, labelled or not ("X has been suggested to cause Y").
    sentences = [i for i in sentences if not states_no_finding(request.evidence[i].statement)]
    # A yes/no question's summary is about its agent and condition, as its weighed sentences are.
    gate = SubjectGate(request.analysis.text, request.evidence)
    if gate.active:
        sentences = [i for i in sentences if gate.about(request.evidence[i])]
    # An existence question's summary names the thing asked, as its weighed sentences do ("a vaccine").
    existence = existence_object(request.analysis.text) if getattr(request.analysis, "form", "") == "yesno" else ()
    if existence:
        sentences = [i for i in sentences if names_object(existence, request.evidence[i].statement)]
    # Any other question's summary is quoted from sources that name its subject (entities_subject): a sentence
    # sharing only its common words ("genes", "screened") is another topic's, however well it scores.
    if not gate.active and not existence:
        about = about_subject(request, draft)
        sentences = [i for i in sentences if about(i)]
    exclude = set(draft.bottom_line.evidence) if quoted_bottom_line and draft.bottom_line else set()
    chosen = summary_sentences(request.analysis.text, request.evidence, sentences, exclude=exclude)
    if not chosen:
        return
    summary = [DraftBullet(request.evidence[i].statement, [i]) for i in chosen]
    shown = set(chosen)
    others = {key: bullets if key == WEIGHED_SECTION else [b for b in bullets if not set(b.evidence) & shown]
              for key, bullets in draft.sections.items()}
    draft.sections = {SUMMARY_SECTION: summary, **{k: v for k, v in others.items() if v}}


def _lead(request: ComposeRequest, draft: Draft, form: str) -> Lead:
    analysis = request.analysis
    sentences = [i for i, e in enumerate(request.evidence) if e.kind == "sentence"]
    if form == "yesno":
        absent = _agent_absent(analysis.text, request, draft)
        if absent:
            return Lead(abstain_reason=absent, form=form)
        verdict = decide(analysis.text, request.evidence, sentences)
        if verdict is None:
            return Lead(abstain_reason=NO_STANCE if sentences else None, form=form)
        draft.bottom_line = DraftBullet(verdict.text, verdict.cited)
        if getattr(analysis, "asks_management", False):
            lead_with_advice(draft, verdict, request.evidence)
        weighed = _weighed_bullets(verdict, request)
        shown = {i for b in weighed for i in b.evidence}
        # The weighed sentences are shown once, with their labels; other sections keep what they add.
        others = {key: [b for b in bullets if not set(b.evidence) & shown] for key, bullets in draft.sections.items()}
        draft.sections = {WEIGHED_SECTION: weighed, **{k: v for k, v in others.items() if v}}
        return Lead(verdict=verdict, form=form)
    if form in ("factoid", "list"):       # "Which drugs ...?" is a treatment question that still asks for names
        subject = SubjectSources(analysis.text, request.evidence)
        if sentences and subject.none_about:
            return Lead(abstain_reason=_subject_absent(request, subject, draft), form=form)
        # The names are read from the sources about the question's subject only (entities_subject).
        candidates = rank_candidates(analysis.text, request.evidence,
                                     [i for i in sentences if subject.about(request.evidence[i])],
                                     vocabulary=_disease_vocabulary(analysis.text))
        lead = lead_with_entities(form, candidates, answer_type(analysis.text))
        if lead is not None:
            draft.bottom_line = DraftBullet(lead[0], lead[1])
        draft.entities = [c.text for c in shown_candidates(form, candidates)]
        return Lead(form=form, candidates=candidates)
    return Lead(form=form)


def _agent_absent(question: str, request: ComposeRequest, draft: Draft) -> str | None:
    """When no source held names the asked agent in any spelling ("Is pimavanserin effective for Parkinson's
    disease psychosis?" over records on Parkinson's disease alone), the sources are about the condition, not
    the question: every section is left out (their sentences share the condition's words only) and the bottom
    line says what is missing. None when some source names it (or the question names no agent)."""
    sentences = [e for e in request.evidence if e.kind == "sentence"]
    gate = SubjectGate(question, request.evidence)
    if not sentences or not gate.agent_absent:
        return None
    agent = " ".join(gate.asked.agent_text.split())
    left = [key for key in draft.sections if draft.sections[key]]
    draft.sections = {}
    if left:
        draft.notices.append(f"Sections left out: no source held names {agent}; their sentences were about the "
                             "rest of the question only.")
    return f"The sources held do not mention {agent}, so they cannot answer this question."


def _subject_absent(request: ComposeRequest, subject: SubjectSources, draft: Draft) -> str:
    """No literature held names a factoid or list question's subject ("Marfan syndrome" over a corpus without
    it): the names its sentences hold answer another question, and so do its sections (they share the
    question's common words only). Sections keep only the knowledge records that name the subject; the bottom
    line says what is missing."""
    kept = {key: [b for b in bullets if b.evidence and all(subject.names_fact(request.evidence[i]) for i in b.evidence)]
            for key, bullets in draft.sections.items()}
    kept = {key: bullets for key, bullets in kept.items() if bullets}
    if sum(map(len, kept.values())) < sum(map(len, draft.sections.values())):
        draft.notices.append(f"Sections left out: no literature held mentions {subject.subject.text}; their "
                             "sentences shared only the question's other words.")
    draft.sections = kept
    return not_held_reason(subject.subject, request.analysis.text, records=bool(kept))


# A sentence that says what to do: a recommendation, a restriction or a contraindication.
_ADVICE = re.compile(r"\b(should(?: not)?|must(?: not)?|recommend\w*|advis\w*|(?:is|are) indicated|avoid\w*|"
                     r"contraindicat\w*|(?:is|are) (?:required|mandatory|preferred)|first[- ]line|"
                     r"(?:treatment|management|therapy) (?:of choice|consists|includes|is))\b", re.I)
ADVICE_PREFIX = "Advised:"


def lead_with_advice(draft: Draft, verdict: Verdict, evidence: list) -> None:
    """"Is it safe, and what is advised?": the bottom line leads with what to do, then the verdict. The advice
    is the heaviest weighed sentence (about the question's agent and condition) that recommends, restricts or
    contraindicates, quoted exactly; a question whose sources advise nothing keeps the verdict alone."""
    advice = [w for w in sorted(verdict.weighed, key=lambda w: -w.weight) if _ADVICE.search(w.text)]
    if not advice:
        return
    chosen = advice[0]
    text = f"{ADVICE_PREFIX} {evidence[chosen.index].statement.rstrip()} {verdict.text}"
    draft.bottom_line = DraftBullet(text, [chosen.index] + [i for i in verdict.cited if i != chosen.index])


def _disease_vocabulary(question: str):
    """The disease vocabulary, loaded only for a question that asks for diseases ("which cancers ...")."""
    if family(answer_type(question)) != "disease":
        return None
    from clinicite.reason.vocabulary import load_vocabulary
    return load_vocabulary()


def _weighed_bullets(verdict: Verdict, request: ComposeRequest) -> list[DraftBullet]:
    """The weighed sentences, strongest first, each labelled with its design, year, size and stance; a
    study's background sentences (the work it cites) after its findings, marked as not counted."""
    shown = sorted((w for w in verdict.weighed if w.stance != "neutral"),
                   key=lambda w: (not is_finding(w.role), -w.weight))[:MAX_WEIGHED]
    return [DraftBullet(f"{label(w)}: {request.evidence[w.index].statement}", [w.index]) for w in shown]


def label(weighed: Weighed) -> str:
    if not is_finding(weighed.role) and weighed.labelled:
        # Counted as a general statement with the low weight of one, never as the study's own finding.
        return f"{_STANCE_WORD[weighed.stance]}, background of the source (the work it cites), not its own finding"
    design = _DESIGN_SHOWN.get(weighed.design, weighed.design)
    details = ", ".join(x for x in (str(weighed.year) if weighed.year else "",
                                    f"n = {weighed.size}" if weighed.size else "") if x)
    text = f"{_STANCE_WORD[weighed.stance]}, {design}" + (f" ({details})" if details else "")
    if weighed.non_human:
        text += ", not clinical evidence"
    if weighed.instead:
        text += f", names {weighed.instead}" + ("" if weighed.instead in (OPPOSITE, COMPARATOR) else
                                               ", not the one asked")
    return text
