"""Answering one question: the compose stage's entry point.

:func:`answer_question` analyses the question (and the thread it belongs to),
ranks a differential when a case is given, gathers and grades evidence, lets
the configured composer draft the answer, and assembles the cited
:class:`~clinicite.compose.answer.Answer`, which it stores in the thread.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from clinicite.compose.answer import Answer
from clinicite.compose.assemble import assemble, is_flat, renumber
from clinicite.compose.differential_weighing import weighing_apart
from clinicite.compose.case_answer import (FLAT_NOT_ANSWERED, NOT_ANSWERED, add_report_sections,
                                           add_reported_diagnosis, disease_facts_apart, drop_field_framing,
                                           lead_with_management, steps_before_advice_against,
                                           lead_with_reported_diagnosis,
                                           on_case_topic)
from clinicite.compose.case_reports import judged_similar, matching_reports
from clinicite.compose.workup import (CLOSE_SHARE, asks_causes, common_causes_bottom_line, curated_tie,
                                     differential_workup)
from clinicite.compose.audience import layperson_labeller, reword_for_patients, term_definitions
from clinicite.compose.composer import Composer, ComposeRequest, DraftBullet, ExtractiveComposer
from clinicite.compose.conversation import ThreadState, load_thread, merged_case, save_turn
from clinicite.compose.differential import (differential_table, named_options, rank_differential,
                                           table_under_bottom_line)
from clinicite.compose.direct import lead_answer, section_order
from clinicite.compose.entities_subject import subject_of
from clinicite.compose.evidence import Evidence
from clinicite.compose.gather import Lead, gather_evidence, load_documents
from clinicite.compose.question import QuestionAnalysis, analyse, asks_what_to_do, check_question, question_type
from clinicite.compose.sentences import content_terms
from clinicite.compose.title import article_title  # answers-qa: titles from the user's words (issue 9)
from clinicite.compose.topic import GENERIC_WORDS, Topic, statements_of

if TYPE_CHECKING:
    from clinicite.ingest.hpo import Ontology
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.reason.similar_cases import CaseLibrary
    from clinicite.reason.vocabulary.concepts import Vocabulary
    from clinicite.settings import Settings
    from clinicite.store.database import Database

ABOUT_SHARE = 0.4    # share of a document's gathered sentences on topic for the whole document to be
LEAD_SHARE = 0.1     # a diagnosis leads the answer when its probability is at least this share of the top one
_GENERIC = GENERIC_WORDS     # words that say what kind of answer is wanted, not what it is about
_POSITIVE = re.compile(r"\b(effective|efficacious|improv\w*|superior|benefit\w*|significantly (reduc|lower|"
                       r"decreas|increas)\w*)\b", re.I)
_NEGATIVE = re.compile(r"\b(no (significant )?(difference|benefit|effect|improvement)|not (effective|"
                       r"significant\w*|improve\w*|superior|associated)|ineffective|did not (improve|reduce|"
                       r"differ|change)|failed to)\b", re.I)


T = TypeVar("T")


class Searcher(Protocol):
    """What answering searches: :class:`clinicite.index.SearchIndex`, or any object with this method."""

    def search(self, query: str, k: int = 10, filters: Any = None, mode: str = "hybrid") -> list[Any]: ...


@dataclass(frozen=True)
class Lazy(Generic[T]):
    """A part of the context made on first use (``make()`` is called once): the knowledge base takes seconds
    to load and only a case with findings needs it."""

    make: Callable[[], T]


@dataclass
class ComposeContext:
    """What answering needs. :class:`clinicite.app.Clinicite` builds the one the running app uses, each part
    :class:`Lazy`; tests and benchmarks pass the objects themselves.

    ``composer`` None: the composer the settings name (a language model when ``llm_base_url`` is set).
    """

    settings: Settings | None = None
    database: Database | Lazy[Database | None] | None = None
    searcher: Searcher | Lazy[Searcher] | None = None
    knowledge_base: KnowledgeBase | Lazy[KnowledgeBase] | None = None
    ontology: Ontology | Lazy[Ontology] | None = None
    composer: Composer | Lazy[Composer] | None = None
    vocabulary: Vocabulary | Lazy[Vocabulary] | None = None        # the home's disease vocabulary
    similar_cases: CaseLibrary | Lazy[CaseLibrary | None] | None = None  # None: the setting is unset
    _resolved: dict[str, Any] = field(default_factory=dict, repr=False)

    def get(self, name: str) -> Any:
        """The part called ``name`` (a field of this class), made now if it is :class:`Lazy`."""
        if name not in self._resolved:
            value = getattr(self, name)
            self._resolved[name] = value.make() if isinstance(value, Lazy) else value
        return self._resolved[name]

    def forget(self, name: str) -> None:
        """Resolve ``name`` again on next use (the core reopened its search index)."""
        self._resolved.pop(name, None)

    def resolved_composer(self) -> Composer:
        composer = self.get("composer")
        if composer is not None:
            return composer
        settings = self.settings
        if settings is not None and settings.llm_base_url:
            from clinicite.compose.llm import LanguageModelComposer
            from clinicite.compose.verify import default_verifier
            composer = LanguageModelComposer.from_settings(settings, verifier=default_verifier(settings))
        else:
            composer = ExtractiveComposer()
        self._resolved["composer"] = composer
        return composer


def answer_question(question: str, *, context: ComposeContext, audience: str = "clinician",
                    thread_id: str | None = None, owner_id: str | None = None, filters: Any = None,
                    notices: list[str] | None = None, keep: bool = True) -> Answer:
    """Answer ``question`` for ``audience`` with numbered citations; follow-ups name their ``thread_id``.

    ``filters`` (a :class:`clinicite.index.SearchFilters`: years, publication types, sources) restrict the
    literature searched; knowledge records of the leading diagnoses are cited whatever the filters.
    ``notices`` (e.g. what was fetched from PubMed for this question) lead the answer's notices.
    ``keep`` False answers without storing a turn (a regenerated article keeps its answer as a version).
    """
    question, audience = check_question(question, audience)
    database, ontology = context.get("database"), context.get("ontology")
    state = load_thread(database, thread_id, owner_id)
    analysis = _analysis(question, state, ontology)
    # The knowledge base is costly to build: only a case with findings needs it (records come from the store).
    # diff-calib: named options without a finding need it too, to say why they are not ranked.
    # A described patient whose findings the recogniser misses ("a subdural collection ... frontal sinus is
    # opacified") can still be ranked from the literature that matches the text, as `diagnose` does.
    # A yes/no question about a finding, not about a patient ("Is Miller-Dieker syndrome associated with
    # abnormalities of chromosome 1?"), is answered by its verdict; a differential of other diseases for that
    # finding would answer a question nobody asked.
    about_a_finding = getattr(analysis, "form", "summary") == "yesno" and not named_options(analysis) \
        and not _describes_patient(analysis)
    knowledge_base = None if about_a_finding else \
        context.get("knowledge_base") if analysis.case.observed or named_options(analysis) or (
        analysis.question_type in ("diagnosis", "differential") and (
            _describes_patient(analysis) or analysis.case.age is not None or analysis.case.sex)) else None
    searcher = context.get("searcher")
    vocabulary = context.get("vocabulary") if knowledge_base is not None else None
    similar = context.get("similar_cases") if knowledge_base is not None else None
    diagnoses, unranked = rank_differential(analysis, knowledge_base, searcher, ontology, filters,
                                            vocabulary=vocabulary, similar=similar)
    if unranked and (named_options(analysis) or analysis.question_type in ("diagnosis", "differential")):
        # The user named the candidates, or asked for the diagnosis: say why nothing is ranked (no finding read:
        # the user can describe the signs) rather than staying silent.
        notices = [f"No ranked differential: {unranked}" if not diagnoses else unranked] + list(notices or [])
    # Evidence is gathered for the plausible leaders only: a long shot would fill the answer with its topic.
    top = diagnoses[0].probability if diagnoses else 0.0
    # ... and supported by at least one of the case's findings: a disease ranked on priors alone is no lead.
    supported = [d for d in diagnoses[:3] if d.probability >= LEAD_SHARE * top
                 and (getattr(d, "for_", None) or not analysis.case.observed)]
    if is_flat(diagnoses):
        supported = []     # the findings do not separate the candidates: none of them leads the answer
    leads = [Lead(d.name, list(d.ids)) for d in supported] or [Lead(**lead) for lead in state.leads]
    topic = state.topic if state.turns else []
    label_of = layperson_labeller(ontology) if audience == "patient" else None
    pool = gather_evidence(analysis, searcher=searcher, database=database, knowledge_base=knowledge_base,
                           leads=leads, topic=topic, prior_documents=state.documents, label_of=label_of,
                           filters=filters)
    if _describes_patient(analysis):
        # The diagnoses the question names are part of its topic even when the sources hold none of them.
        items, reports, texts = _case_evidence(pool, analysis, diagnoses, ontology, database,
                                               [lead.name for lead in leads] + topic + _option_names(analysis))
    else:
        items, reports, texts = _on_topic(pool.items, question, leads, topic, analysis), [], {}
    if unranked and not analysis.case.observed and not reports and not named_options(analysis) \
            and _describes_patient(analysis) and analysis.question_type in ("diagnosis", "differential"):
        # A case asking for its diagnosis in which no finding was read, and no report tells it: sentences that
        # share only its words ("oral", "improvement") would stand in for an answer. Say so and ask for the signs.
        items = []
    request = ComposeRequest(analysis, items, audience, encoder=getattr(searcher, "encoder", None))
    draft = context.resolved_composer().compose(request) if items else \
        ExtractiveComposer().compose(request)
    if audience == "patient":
        reword_for_patients(draft, request.evidence, ontology)
    if audience == "trainee":
        terms = term_definitions(analysis.case.observed, ontology)
        start = len(request.evidence)
        request.evidence.extend(terms)
        if terms and any(draft.sections.values()):
            draft.sections["terms"] = [DraftBullet(t.statement, [start + i]) for i, t in enumerate(terms)]
    lead = lead_answer(request, draft)
    table = differential_table(diagnoses, knowledge_base, database, label_of)
    # Curated facts are written plainly already, so they need no rewording for patients.
    workup = _curated_workup(request, draft, diagnoses, knowledge_base, database, audience)
    plan = section_order(draft.sections, request.plan)
    if _describes_patient(analysis):
        plan = disease_facts_apart(draft, request.evidence, plan)
        drop_field_framing(draft, request.evidence, reports)
    if reports:
        plan = add_report_sections(draft, request.evidence, reports, texts, plan)
        if analysis.question_type in ("diagnosis", "differential"):
            lead_with_reported_diagnosis(draft, request.evidence, reports, texts)
    elif analysis.is_case and is_flat(diagnoses) and not workup:
        # Nothing settles a case the findings cannot separate: no quoted sentence stands in for an answer.
        draft.bottom_line = DraftBullet(FLAT_NOT_ANSWERED, [])
    weighing_apart(draft, request.evidence, plan)
    abstain = None if workup and not items else _abstain_reason(items, analysis, lead)
    if not reports and table_under_bottom_line(table, abstain == NOT_ANSWERED, analysis) != table:
        table = []      # an abstaining bottom line over a ranked table would contradict itself
        notices = ["No ranked differential: no source held is about this case's findings, so the "
                   "knowledge-base matches are not ranked."] + list(notices or [])
    answer = assemble(question=question, title=article_title(question, analysis), draft=draft, evidence=request.evidence,
                      plan=plan, audience=audience, question_type=analysis.question_type,
                      differential=table,
                      abstain_reason=abstain,
                      red_flags=analysis.red_flags, case=_case_summary(analysis))
    steps_before_advice_against(answer)
    if reports:
        add_reported_diagnosis(answer, reports, texts)
        lead_with_management(answer, request.analysis.asks_management
                             or analysis.question_type in ("treatment", "drug"), verdict=lead.verdict is not None)
        # Those steps can replace a cited bottom line: a reference nothing cites any more is dropped.
        renumber(answer)
    answer.question_form, answer.entities = lead.form, list(draft.entities)
    answer.verdict = lead.verdict.to_dict() if lead.verdict is not None else None
    answer.notices[:0] = list(notices or [])
    if not keep:
        return answer
    new_topic = [lead.name for lead in leads] or topic or [question[:200]]
    return save_turn(database, state, owner_id, question, answer, analysis.case.text,
                     [{"name": lead.name, "ids": lead.ids} for lead in leads], new_topic)


def _case_evidence(pool: Any, analysis: QuestionAnalysis, diagnoses: list[Any], ontology: Any, database: Any,
                   names: list[str]) -> tuple[list[Evidence], list[Any], dict[str, str]]:
    """A case is answered from what is about it (its findings as concepts, its candidates' names): the
    evidence on topic, the case reports that match it, and those reports' stored texts."""
    case_topic = Topic.of_case(analysis, diagnoses, ontology, extra_names=names)
    documents = load_documents(database, pool.document_ids())
    reports = matching_reports(pool.items, documents, case_topic, judged_similar(diagnoses))
    texts = {r.source.id: documents[r.source.id].text for r in reports}
    return on_case_topic(pool.items, case_topic, reports), reports, texts


# "Is it safe to give them, and what is advised?" is read as two options by the option finder: a clause with a
# question word or a pronoun names no disease, and as a topic name it would hide the case's own words.
_CLAUSE_LIKE = re.compile(r"^\W*(?:what|how|which|who|when|why|is|are|can|could|should|safe|to)\b|\b(?:it|them|this|"
                          r"that|they|he|she)\b", re.I)


def _option_names(analysis: QuestionAnalysis) -> list[str]:
    """The options the question names that can be diseases (see :data:`_CLAUSE_LIKE`)."""
    return [name for name in named_options(analysis) if not _CLAUSE_LIKE.search(name)]


def _curated_workup(request: ComposeRequest, draft: Any, diagnoses: list[Any], knowledge_base: Any,
                    database: Any, audience: str) -> list[Evidence]:
    """Add the curated tests that separate the leading candidates to the work-up section, and their usual
    management to the Management section (cited to their records); a flat differential of common causes then
    gets a bottom line that says so."""
    if "workup" not in request.plan or not diagnoses:
        return []
    tests = differential_workup(diagnoses, knowledge_base, database)
    if not tests:
        return []
    start = len(request.evidence)
    request.evidence.extend(tests)
    bullets = [DraftBullet(t.statement, [start + i]) for i, t in enumerate(tests)]
    draft.sections["workup"] = bullets + list(draft.sections.get("workup", []))
    flat = is_flat(diagnoses)
    if not flat and curated_tie(diagnoses, len(tests)):
        # The curated causes lead together (see curated_tie): flagged as the engine flags a tie, so the answer
        # says the findings do not separate them instead of leading with the first of equals.
        flat = True
        for diagnosis in diagnoses[:len(tests)]:
            if float(diagnosis.probability or 0.0) >= CLOSE_SHARE * float(diagnoses[0].probability or 0.0):
                diagnosis.close_to_leader = True
    treated = _curated_management(request, draft, diagnoses, knowledge_base, database, flat)
    if flat:     # a quoted sentence would not answer a question the findings cannot settle
        names = [d.name for d in diagnoses[:len(tests)]][:5]
        causes = request.analysis.question_type == "differential" and asks_causes(request.analysis.text)
        draft.bottom_line = DraftBullet(common_causes_bottom_line(names, management=treated, audience=audience,
                                                                  causes=causes),
                                        list(range(start, start + len(tests))))
    return tests


def _curated_management(request: ComposeRequest, draft: Any, diagnoses: list[Any], knowledge_base: Any,
                        database: Any, flat: bool) -> bool:
    """The curated usual management after whatever the literature says: of each leading cause when the
    findings do not separate them, else of the leading candidate only (treating five causes at once is no plan)."""
    key = "management" if "management" in request.plan else "first_line" if "first_line" in request.plan else None
    if key is None:
        return False
    facts = differential_workup(diagnoses, knowledge_base, database, fact="management", rows=5 if flat else 1)
    if not facts:
        return False
    start = len(request.evidence)
    request.evidence.extend(facts)
    draft.sections[key] = list(draft.sections.get(key, [])) + [DraftBullet(f.statement, [start + i])
                                                              for i, f in enumerate(facts)]
    return True


def _analysis(question: str, state: ThreadState, ontology: Any) -> QuestionAnalysis:
    case = merged_case(state, question, ontology)
    analysis = analyse(question, case=case, ontology=ontology)
    # A follow-up without its own cue ("what if she were 8?") keeps the thread's kind of question.
    if state.turns and state.question_type and question_type(question) == "general" \
            and analysis.question_type in ("general", "diagnosis"):
        analysis.question_type = state.question_type
    analysis.topic = list(state.topic)
    if asks_what_to_do(question) and _describes_patient(analysis):
        analysis.asks_management = True     # "What else can control it?" about a described patient
        if analysis.question_type == "diagnosis" and question_type(question) == "general" and not state.turns:
            # A case read as a diagnosis question only because it is a case, that asks what to do ("Which
            # chemotherapy regimen ...?"): its answer leads with the treatment, not the differential's framing.
            analysis.question_type = "treatment"
    return analysis


def _on_topic(items: list[Evidence], question: str, leads: list[Lead], topic: list[str],
              analysis: QuestionAnalysis) -> list[Evidence]:
    """Evidence about what the question is about.

    Names (of the question's subject, the leading diagnoses, the thread's topic)
    are strong anchors: one shared word keeps a sentence. A case's finding words
    are weak anchors: a sentence must share two ("aneurysm" alone does not make a
    coronary aneurysm sentence relevant to an aortic one). Knowledge facts were
    chosen for the leading diagnoses and always stay.
    """
    names = [lead.name for lead in leads] + topic + ([] if analysis.is_case else [question])
    strong = set().union(*(set(content_terms(text)) - _GENERIC for text in names)) if names else set()
    weak = set(content_terms(" ".join(f.label for f in analysis.case.findings if f.observed)))
    if analysis.is_case:
        weak |= set(content_terms(question)) - _GENERIC
    weak -= strong
    if not strong and not weak:
        return items
    # A question with many subject words is not answered by a sentence that shares one of them.
    needed = 2 if not analysis.is_case and not leads and not topic and len(strong) >= 4 else 1
    # "List two drugs that are included in the Akynzeo pill?": "list", "two", "included" ask, "akynzeo" names;
    # a sentence naming the subject once answers it (BioASQ 7B-9B dev: 7 of 135 such questions abstained).
    subject = _factoid_subject(analysis, leads, topic)
    passing: dict[str, int] = {}
    gathered: dict[str, int] = {}
    for item in items:
        words = set(content_terms(item.statement + " " + item.source.title))
        gathered[item.source.id] = gathered.get(item.source.id, 0) + 1
        if item.kind == "fact" or len(words & strong) >= needed or len(words & weak) >= 2 or words & subject:
            passing[item.source.id] = passing.get(item.source.id, 0) + 1
    # A document that is about the topic (most of its gathered sentences are) is read whole: its
    # sentences on management or pitfalls need not repeat the topic's words. One sentence that happens
    # to share words does not make a document about the topic.
    about = {source for source, count in passing.items() if count >= 2 and count >= ABOUT_SHARE * gathered[source]}
    kept = []
    for item in items:
        words = set(content_terms(item.statement + " " + item.source.title))
        if item.kind == "fact" or item.source.id in about or len(words & strong) >= needed or \
                len(words & weak) >= 2 or words & subject:
            kept.append(item)
    return kept


def _factoid_subject(analysis: QuestionAnalysis, leads: list[Lead], topic: list[str]) -> set[str]:
    """The stems naming a factoid or list question's subject (``entities_subject.subject_of``: rare words outside
    the asked kind and the asking words), or nothing for other questions, cases and threads."""
    if analysis.is_case or leads or topic or getattr(analysis, "form", "summary") not in ("factoid", "list"):
        return set()
    return set(subject_of(analysis.text).terms)


_A_PATIENT = re.compile(r"\b(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:patient|man|woman|boy|girl|child|infant|baby|"
                        r"toddler|adolescent|neonate|newborn)\b", re.I)
# "Patient with HIV-1 infection on haemodialysis has ...", "Man, 40, with ...": the patient named without article.
_BARE_PATIENT = re.compile(r"^\W*(?:(?:an?|the)\s+)?(?:[\w-]+\s+){0,2}?(?:patient|man|woman|boy|girl|child|infant|"
                           r"baby|toddler|adolescent|neonate|newborn|male|female)\b", re.I)
# "19F on metoclopramide ...", "58M foraged mushrooms ...": a clinician's age-and-sex shorthand opens a described patient.
_SHORTHAND_PATIENT = re.compile(r"^\W*\d{1,3}\s?(?:y(?:o|rs?)?\s?)?[MF]\b")
# "His cancer progressed ...; he was switched ...": a person told in the third person.
_THIRD_PERSON = re.compile(r"\b(?:he|she|his|her|him)\b", re.I)
_CLAUSE_END = re.compile(r"[.;:!?](?:\s|$)")


def _states_findings(analysis: QuestionAnalysis) -> bool:
    """The text states a finding outside its question ("Subdural collection growing S. pluranimalium after
    frontal sinusitis; what is it ...?"): a clause that is no question holds a finding the user observed."""
    text, start, statements = analysis.text, 0, []
    for end in _CLAUSE_END.finditer(text):
        if text[end.start()] != "?":
            statements.append((start, end.end()))
        start = end.end()
    if start < len(text.rstrip()):
        statements.append((start, len(text)))   # a last clause without its mark is no question either
    return any(f.observed and not f.family_history and any(a <= f.start < b for a, b in statements)
               for f in analysis.case.findings)


def _describes_patient(analysis: QuestionAnalysis) -> bool:
    """A case, or a question about one described patient that states no age ("a man with haemophilia has ...
    how is it managed?", "Patient with HIV-1 infection ... What else can control it?", "Subdural collection
    growing S. pluranimalium after frontal sinusitis; what is it and how is it treated?"): all are answered
    from what is about that patient's findings and diagnoses. A yes/no question is one only when it asks what
    to do too ("Is it safe to give them, and what is advised?")."""
    if analysis.is_case:
        return True
    text = analysis.text
    asks = analysis.question_type in ("treatment", "diagnosis", "differential", "workup") \
        or analysis.asks_management or asks_what_to_do(text)
    if not asks or (getattr(analysis, "form", "summary") == "yesno" and not asks_what_to_do(text)):
        return False
    return bool(_A_PATIENT.search(text) or _BARE_PATIENT.search(text) or _SHORTHAND_PATIENT.search(text)
                or _THIRD_PERSON.search(text)
                or _states_findings(analysis) or _states_situation(text))


# "Kidney transplant candidate, highly sensitised ..., whose live donor is incompatible. What is advised?": a
# situation stated before a question about what to do is one patient's, however it names (or does not name) them.
SITUATION_WORDS = 4


def _states_situation(text: str) -> bool:
    """The text states something in a clause that is no question, in this many content words at least."""
    stated = statements_of(text)
    return stated != text and len(set(content_terms(stated)) - GENERIC_WORDS) >= SITUATION_WORDS


def _abstain_reason(items: list[Evidence], analysis: QuestionAnalysis, lead: Any = None) -> str | None:
    if not items:
        return NOT_ANSWERED if analysis.is_case else \
            "The sources held do not contain enough evidence to answer this question."
    if lead is not None and lead.abstain_reason:
        return lead.abstain_reason
    if lead is not None and lead.verdict is not None:
        return None           # the weighed verdict already says where the sources disagree
    if analysis.question_type in ("treatment", "drug", "prognosis"):
        findings = [e for e in items[:15] if e.kind == "sentence" and e.role in ("results", "conclusions")]
        positive = sum(1 for e in findings if _POSITIVE.search(e.statement) and not _NEGATIVE.search(e.statement))
        negative = sum(1 for e in findings if _NEGATIVE.search(e.statement))
        if positive >= 2 and negative >= 2:
            return ("The sources disagree: some report a benefit and others none, so no single answer can be "
                    "given. The evidence on both sides is listed below.")
    return None


def _case_summary(analysis: QuestionAnalysis) -> dict[str, Any]:
    case = analysis.case
    return {"age_years": None if case.age_approximate else case.age_years, "age_group": analysis.age_group,
            "age_stated": case.age.text if case.age else None, "sex": case.sex,
            "family_history": case.family_history, "observed": case.observed, "excluded": case.excluded,
            "findings": [{"hpo_id": f.hpo_id, "label": f.label, "excluded": f.excluded, "start": f.start,
                          "end": f.end} for f in case.findings], "is_case": analysis.is_case}
