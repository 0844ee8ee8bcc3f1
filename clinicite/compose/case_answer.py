"""A case's answer from what is on its topic: the gate on evidence, the matching reports' sections, the lead.

:func:`on_case_topic` keeps the evidence about the case (:class:`~clinicite.compose.topic.Topic`);
:func:`add_report_sections` puts a matching case report's treatment, tests and pitfalls under Management,
Work-up and Pitfalls (:mod:`clinicite.compose.case_reports`); :func:`lead_with_management` makes the
bottom line of a management question say what to do first.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from clinicite.compose.advice_against import advises_against, steps_before_advice
from clinicite.compose.case_reports import REPORT_GRADES, Report, part_of, report_parts, stated_diagnosis
from clinicite.compose.narrative import CASE_LABEL, SERIES_LABEL, _GENERAL_WORDS, as_case, is_narrative
from clinicite.compose.evidence import Evidence
from clinicite.compose.therapy import is_aim_or_open_question
from clinicite.compose.topic import Topic, name_key

ABOUT_SHARE = 0.4        # share of a document's gathered sentences on topic for the rest of it to be kept
REPORT_PARTS = ("management", "workup", "pitfalls", "follow_up")
MAX_SECTION = 5
_GENERAL_SECTIONS = ("presentation", "key_findings", "differential", "key_facts", "weighed", "terms")
NOT_ANSWERED = ("The sources held do not answer this question: none of the literature held is about this "
                "case's findings or its leading diagnoses.")
FLAT_NOT_ANSWERED = ("The findings given do not separate the candidates in the differential, and no source held "
                     "settles this case.")


def on_case_topic(items: list[Evidence], topic: Topic, reports: list[Report]) -> list[Evidence]:
    """The evidence about the case: knowledge facts of the leads, matching reports read whole, and other
    sentences that name a topic disease or state enough of the case's findings. A document most of whose
    gathered sentences are on topic keeps the rest too (its management sentences need not repeat names)."""
    matched = {r.source.id for r in used_reports(reports)}
    on: dict[int, bool] = {}
    counts: dict[str, list[int]] = {}
    for n, item in enumerate(items):
        # With a matching report in hand, another document's sentence must name a topic disease or state the
        # case's findings: two words shared with a long case ("BP", "lactate") put a blood-pressure cohort and a
        # smoke-inhalation report under an amlodipine overdose's Key facts.
        on[n] = _fact_on_topic(item, topic) if item.kind == "fact" else \
            item.source.id in matched or topic.sentence_on_topic(item.statement, by_words=not matched)
        counts.setdefault(item.source.id, [0, 0])
        counts[item.source.id][0] += on[n]
        counts[item.source.id][1] += 1
    about = {s for s, (passing, total) in counts.items() if passing >= 2 and passing >= ABOUT_SHARE * total}
    aside = _lower_candidate_only(items, topic, matched)
    # A research agenda or a review's programme ("Future research should focus on ...") tells no case what to do.
    return [item for n, item in enumerate(items) if (on[n] or item.source.id in about)
            and item.source.id not in aside
            and (item.kind == "fact" or item.source.id in matched or not is_aim_or_open_question(item.statement))]


def _lower_candidate_only(items: list[Evidence], topic: Topic, matched: set[str]) -> set[str]:
    """Documents whose only tie to the case is naming a lower candidate of the differential: none of their
    gathered sentences names the leading diagnosis (or a disease the question names) or states a specific case
    finding ("Pain" is too broad to place a text). A review of opioid pharmacogenomics in sickle cell disease shares
    only "pain" with a woman's painful diaphyseal sclerosis of the femur, where sickle cell disease is the fifth
    candidate: it is about sickle cell disease, not about her, and must not fill her Presentation or Management."""
    leads = topic.leads
    tied: dict[str, bool] = {}
    for item in items:
        source = item.source.id
        if item.kind == "fact" or source in matched:
            continue
        named = topic.named(item.statement)
        specific = any(f not in topic.general for f in topic.shared_findings(item.statement))
        tied[source] = tied.get(source, False) or specific or (named is not None and named in leads) or (
            named is None and topic.sentence_on_topic(item.statement, by_words=False))
        if named is not None and named not in leads:
            tied.setdefault(source, False)
    return {source for source, ok in tied.items() if not ok and any(
        item.source.id == source and topic.named(item.statement) for item in items)}


def used_reports(reports: list[Report]) -> list[Report]:
    """The matching reports an answer reads: the best, and a second only when it names a candidate too and
    tells nearly as much of the case (two reports sharing findings or words, or one naming only the disease's
    generic word, are not both this case; the other's sentences must pass the topic test like any source's)."""
    return [r for n, r in enumerate(reports[:2]) if n == 0 or (
        r.why.startswith("names") and r.shared_words >= reports[0].shared_words - 1)]


def _fact_on_topic(item: Evidence, topic: Topic) -> bool:
    """A knowledge record is cited only for a disease of the differential or one the question names
    (answers-qa, issue 9 item 4: facts used to pass this gate unconditionally)."""
    return not topic.names or bool(topic.named(item.source.title) or topic.named(item.statement))


def _index_of(evidence: list[Evidence], item: Evidence) -> int:
    for n, other in enumerate(evidence):
        if other.kind == item.kind and other.key == item.key:
            return n
    evidence.append(item)
    return len(evidence) - 1


def add_report_sections(draft: Any, evidence: list[Evidence], reports: list[Report], texts: dict[str, str],
                        plan: list[str]) -> list[str]:
    """Put the matching reports' parts first in their sections; return the plan with any section they add.

    ``texts`` holds each report's stored text (to tell a name from a sentence-initial capital).
    """
    from clinicite.compose.composer import DraftBullet
    added: dict[str, list[DraftBullet]] = {}
    for report in used_reports(reports):
        for part, entries in report_parts(report, texts.get(report.source.id, "")).items():
            for item, shown in entries:
                added.setdefault(part, []).append(DraftBullet(shown, [_index_of(evidence, item)]))
    cited = {i for bullets in added.values() for b in bullets for i in b.evidence}
    reported = {r.source.id for r in reports}
    for part, bullets in added.items():
        # The composer's own bullets from a report stay only where the report's reading puts them too.
        # A report's question ("... whether X can be discontinued ...?") states nothing, wherever it stands.
        others = [b for b in draft.sections.get(part, []) if not set(b.evidence) & cited
                  and all(evidence[i].source.id not in reported or (part_of(evidence[i]) == part
                          and not evidence[i].statement.rstrip().endswith("?")) for i in b.evidence)]
        # Every test the report tells is a row of its Work-up (case_reports.MAX_TESTS); other sources' follow it.
        draft.sections[part] = (bullets + others)[:max(MAX_SECTION, len(bullets)) if part == "workup" else MAX_SECTION]
    # The same sentence is shown once: in the report's part, not again under another heading. Elsewhere a
    # report's sentence stays only where a general statement belongs ("three weeks of fever" is no dose).
    shown = {i for part in added for b in draft.sections[part] for i in b.evidence}
    given_up: set[str] = set()
    _keep_other_cases_apart(draft, evidence, reports)
    for key in list(draft.sections):
        if key not in added:
            draft.sections[key] = [b for b in draft.sections[key] if not set(b.evidence) & shown and not (
                key not in _GENERAL_SECTIONS and any(evidence[i].source.id in reported for i in b.evidence))
                and not any(evidence[i].source.id in reported and is_aim_or_open_question(evidence[i].statement)
                            for i in b.evidence)]
            if not draft.sections[key]:
                del draft.sections[key]
                given_up.add(key)
    _keep_to_the_report(draft, evidence, reports, texts, given_up)
    # A summary or weighed section whose sentences all went to the report's parts quoted the report itself:
    # it was covered, not left without evidence, and is no heading to name as uncovered.
    plan = [k for k in plan if k not in given_up or k not in _DERIVED]
    if "management" in added and "management" not in plan:
        # A treatment question's plan has no Management heading. The report's Management answers what its
        # first-line, alternative and dosing headings ask: left empty, they are not listed as uncovered.
        plan = ["management"] + [k for k in plan if k not in _ANSWERED_BY_MANAGEMENT or draft.sections.get(k)]
    for part in ("workup", "pitfalls", "follow_up"):
        if part in added and part not in plan:
            plan.append(part)
    return plan


# A case's question answered by what its matching report did: the treatment and drug templates' headings
# (first-line options, a drug's adverse effects and interactions) ask of a drug in general, not of this case;
# left empty they are not named as uncovered (monitoring is asked of the case too, and stays).
_DERIVED = ("summary", "weighed")
_ANSWERED_BY_MANAGEMENT = ("first_line", "alternatives", "dosing", "adverse_effects", "interactions")
# Words that point at the reporting authors' own patient: "the lesion here", "in our case".
_DEICTIC = re.compile(r"\b(?:here|in (?:this|our|the present) case|(?:this|our) patient|the present case)\b", re.I)
# A report's reasoning about its own patient, in the past tense: "septic arthritis was unlikely given the normal
# markers and the small effusion" weighs that patient's findings, not this case's.
_OWN_REASONING = re.compile(r"\b(?:was|were) (?:thought |considered |felt |deemed )?(?:unlikely|excluded|ruled out)"
                            r" (?:given|because|as|since|in view of|with)\b", re.I)
_CASE_FACT_SECTIONS = ("presentation", "key_findings", "key_facts")


def _keep_to_the_report(draft: Any, evidence: list[Evidence], reports: list[Report], texts: dict[str, str],
                        given_up: set[str]) -> None:
    """With a matching report in hand, what to do, watch for and check again comes from it or from sources on
    what it is about: another document's sentence under a non-general heading stays only when it names a
    disease the report names too. "Induction of multifollicular growth ... ovarian hyperstimulation syndrome"
    (the differential's long shot) was an ovarian torsion's First-line option, and a study's aim ("This study
    investigated whether the time ... to appendectomy ...") its Pitfall. A heading left empty is given up, and
    so named as uncovered (issue 9 item 3)."""
    used = used_reports(reports)
    topic = next((r.topic for r in used if r.topic is not None), None)
    if not used or topic is None:
        return
    reported = {r.source.id for r in reports}
    report_keys = " ".join(f" {name_key(r.source.title)} {name_key(texts.get(r.source.id, ''))} " for r in used)

    def kept(item: Evidence) -> bool:
        if item.kind == "fact" or item.source.id in reported:
            return True
        if is_aim_or_open_question(item.statement):
            return False
        name = topic.named(item.statement) or topic.named(item.source.title)
        return name is not None and f" {name_key(name)} " in report_keys
    for key in list(draft.sections):
        if key in _GENERAL_SECTIONS:
            continue
        draft.sections[key] = [b for b in draft.sections[key] if all(kept(evidence[i]) for i in b.evidence)]
        if not draft.sections[key]:
            del draft.sections[key]
            given_up.add(key)


def _keep_other_cases_apart(draft: Any, evidence: list[Evidence], reports: list[Report]) -> None:
    """A case report's sentence under a general heading reads as a fact about this case or the disease. One
    that tells its own patient ("the lesion here had a sinus track") or states a finding this case does not
    have ("The fever argues against Ribbing disease" for a case without fever) is labelled as a reported
    case when it comes from the report that matches this case best, and kept out when it comes from
    another report (another patient, often another diagnosis)."""
    if not reports:
        return
    primary = reports[0]
    leading = primary.topic.names[0] if primary.topic and primary.topic.names else ""
    for key in [k for k in draft.sections if k in _GENERAL_SECTIONS]:
        kept = []
        for bullet in draft.sections[key]:
            action = _other_case_action([evidence[i] for i in bullet.evidence], primary, reports, key, leading)
            if action == "label" and not bullet.text.startswith((CASE_LABEL, SERIES_LABEL)):
                bullet = replace(bullet, text=as_case(bullet.text, series=primary.series))
            if action != "drop":
                kept.append(bullet)
        draft.sections[key] = kept


def _other_case_action(items: list[Evidence], primary: Report, reports: list[Report], key: str,
                       leading: str) -> str:
    """"keep", "label" or "drop" for a bullet quoting ``items`` under the general heading ``key``."""
    matched = {r.source.id for r in used_reports(reports)}
    action = "keep"
    for item in items:
        if item.kind != "sentence" or not (item.source.id in matched or item.source.grade.label in REPORT_GRADES):
            continue
        told = is_narrative(item) or bool(_DEICTIC.search(item.statement)) or \
            bool(_OWN_REASONING.search(item.statement))
        topic = primary.topic
        absent = key in _CASE_FACT_SECTIONS and topic is not None and not _GENERAL_WORDS.search(item.statement) \
            and bool(topic.absent_findings(item.statement))
        if not (told or absent):
            continue
        same_disease = bool(leading) and topic is not None and topic.named(item.source.title) == leading
        if item.source.id == primary.source.id or same_disease:
            action = "label"
        else:
            return "drop"
    return action


def lead_with_management(answer: Any, asks_management: bool, verdict: bool = False) -> None:
    """A management question leads with what to do: the first Management bullet is the bottom line, or opens
    it before the differential's framing when the question asks for the diagnosis too. A yes/no question that
    asks what to do as well (``verdict``: "Is it safe ..., and what is advised?") keeps its verdict first."""
    if not asks_management or answer.abstained:
        return
    section = next((s for s in answer.sections if s.key == "management" and s.bullets), None)
    # Advice against a step is no step to lead with ("Intubation ... should be avoided" says what not to do).
    first = next((b for b in section.bullets if not advises_against(b.text)), None) if section is not None else None
    if first is None:
        return
    framing = answer.question_type in ("diagnosis", "differential")
    if verdict and answer.bottom_line:
        if first.text not in answer.bottom_line:
            answer.bottom_line = f"{answer.bottom_line.rstrip()} {first.text.strip()}"
            answer.bottom_line_citations = list(answer.bottom_line_citations) + [replace(c) for c in first.citations]
    elif answer.bottom_line and framing and first.text not in answer.bottom_line:
        answer.bottom_line = f"{first.text.rstrip()} {answer.bottom_line}"
        answer.bottom_line_citations = [replace(c) for c in first.citations] + list(answer.bottom_line_citations)
    elif not framing or not answer.bottom_line:
        answer.bottom_line = first.text
        answer.bottom_line_citations = [replace(c) for c in first.citations]


# The sections whose bullets say what to do: advice against a step follows the step there.
STEP_SECTIONS = ("management", "first_line", "alternatives")


def steps_before_advice_against(answer: Any) -> None:
    """Advice against a step is shown right after the step it qualifies, not first
    (:func:`~clinicite.compose.advice_against.steps_before_advice`)."""
    for section in answer.sections:
        if section.key in STEP_SECTIONS:
            section.bullets = steps_before_advice(section.bullets, lambda b: b.text)


def lead_with_reported_diagnosis(draft: Any, evidence: list[Evidence], reports: list[Report],
                                 texts: dict[str, str]) -> None:
    """A diagnosis question answered by a matching report: the bottom line says what that case turned out to
    be ("In a reported case, ... histiocytic necrotizing lymphadenitis was diagnosed [1]"), not a finding."""
    from clinicite.compose.composer import DraftBullet
    for report in reports[:1]:
        found = stated_diagnosis(report, texts.get(report.source.id, ""))
        if found is not None:
            item, shown = found
            draft.bottom_line = DraftBullet(shown, [_index_of(evidence, item)])


WEAK_LEAD = 0.2     # a leading probability below this frames nothing a matching report does not say better


def add_reported_diagnosis(answer: Any, reports: list[Report], texts: dict[str, str]) -> None:
    """A diagnosis question's bottom line says what the matching reported case turned out to be, quoted and
    cited; it replaces the differential's framing when that framing only says the candidates are weak."""
    if answer.abstained or not reports or answer.question_type not in ("diagnosis", "differential"):
        return
    found = stated_diagnosis(reports[0], texts.get(reports[0].source.id, ""))
    if found is None:
        return
    item, shown = found
    bullet = next((b for s in answer.sections for b in s.bullets
                   if any(c.document_id == item.source.id and c.start == item.spans[0].start for c in b.citations)),
                  None)
    if bullet is None or shown in answer.bottom_line or item.statement in answer.bottom_line:
        return
    weak = bool(answer.differential) and (answer.differential[0].probability or 0.0) < WEAK_LEAD
    if weak and answer.bottom_line.startswith("On the findings given"):
        answer.bottom_line, answer.bottom_line_citations = shown, [replace(c) for c in bullet.citations]
    else:
        answer.bottom_line = f"{answer.bottom_line.rstrip()} {shown}".strip()
        answer.bottom_line_citations = list(answer.bottom_line_citations) + [replace(c) for c in bullet.citations]


# Facts about a disease (its inheritance, prevalence, definition) tell nothing this patient was found to have.
_CASE_FINDING_SECTIONS = ("key_findings",)


def disease_facts_apart(draft: Any, evidence: list[Evidence], plan: list[str]) -> list[str]:
    """A knowledge record's fact under a case's Key findings ("Ribbing disease is inherited in an autosomal
    recessive pattern") is about the disease, not what this case showed: it moves under Key facts, a heading
    that speaks of the diseases; return the plan with that heading when it was added."""
    moved = []
    for key in _CASE_FINDING_SECTIONS:
        bullets = draft.sections.get(key, [])
        facts = [b for b in bullets if b.evidence and all(evidence[i].kind == "fact" for i in b.evidence)]
        if not facts:
            continue
        draft.sections[key] = [b for b in bullets if b not in facts]
        if not draft.sections[key]:
            del draft.sections[key]
        moved += facts
    if not moved:
        return plan
    draft.sections["key_facts"] = list(draft.sections.get("key_facts", [])) + moved
    return plan if "key_facts" in plan else [*plan, "key_facts"]


_FRAMING = re.compile(r"\b(?:intro\w*|background)\b", re.I)


def drop_field_framing(draft: Any, evidence: list[Evidence], reports: list[Report]) -> None:
    """A study's BACKGROUND (or introduction) sentence speaks of its field, not of this patient: under a case
    answer's general headings it is left out unless it comes from a report that matches the case (a report's
    short background is its own summary of the disease)."""
    matched = {r.source.id for r in used_reports(reports)}

    def framing(item: Evidence) -> bool:
        return item.kind == "sentence" and item.source.id not in matched and bool(
            _FRAMING.search(item.section or "") or _FRAMING.search(item.role or ""))
    for key in [k for k in draft.sections if k in (*_GENERAL_SECTIONS, "summary")]:
        kept = [b for b in draft.sections[key] if not (b.evidence and all(framing(evidence[i]) for i in b.evidence))]
        if kept:
            draft.sections[key] = kept
        else:
            del draft.sections[key]

