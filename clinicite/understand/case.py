"""From a question or pasted case to :class:`~clinicite.understand.facts.CaseFacts`."""

from __future__ import annotations

import re
import threading

from clinicite.ingest.hpo import Ontology, load_ontology
from clinicite.understand.context import apply_context, family_history
from clinicite.understand.demographics import (find_age, find_course, find_duration, find_laterality,
                                               find_sex, find_sites)
from clinicite.understand.facts import CaseFacts, Finding, TestResult
from clinicite.understand.history import mark_history
from clinicite.understand.inheritance import inheritance_modes
from clinicite.understand.option_text import option_spans
from clinicite.understand.lexicon import ConceptRecognizer
from clinicite.understand.results import ANALYTES, test_results

_recognizers: dict[int, ConceptRecognizer] = {}
_lock = threading.Lock()


def recognizer_for(ontology: Ontology) -> ConceptRecognizer:
    """The recognizer of ``ontology``, built on first use and kept for the life of the process."""
    with _lock:
        recognizer = _recognizers.get(id(ontology))
        if recognizer is None or recognizer.ontology is not ontology:
            recognizer = _recognizers[id(ontology)] = ConceptRecognizer(ontology)
        return recognizer


def understand_case(text: str, ontology: Ontology | None = None) -> CaseFacts:
    """Read age, sex, course, site, HPO findings with their context, stated modes of inheritance and
    test results from ``text``."""
    ontology = ontology or load_ontology()
    facts = CaseFacts(text=text)
    facts.age_years, facts.age_group, facts.age, facts.age_approximate = find_age(text)
    facts.sex, facts.sex_span = find_sex(text)
    facts.duration_days, facts.duration = find_duration(text, facts.age)
    facts.course = find_course(text)
    facts.laterality = find_laterality(text)
    facts.sites = find_sites(text)
    facts.family_history, facts.family_history_span = family_history(text)
    facts.inheritance = inheritance_modes(text, ontology)
    findings = [f for f in recognizer_for(ontology).recognize(text) if not imaging_sign(text, f)]
    apply_context(text, findings)
    mark_history(text, findings)
    _mark_options(text, findings)
    facts.tests = test_results(text)
    findings.extend(_findings_from_tests(facts.tests, findings, ontology))
    facts.findings = sorted(findings, key=lambda f: (f.start, f.end))
    return facts


_IMAGING = re.compile(r"\b(?:x-?rays?|radiographs?|radiography|cxr|axr|ct|mri|mr|ultrasound|sonograph\w*|scans?|"
                      r"imaging|films?|fluoroscop\w*|angiogra\w*)\b", re.I)


def imaging_sign(text: str, finding: Finding) -> bool:
    """A named sign read on an imaging study ("CXR: ... with double ring sign", a button battery) is that study's
    sign, not HPO's finding of the same name (the fundus "double ring sign" of optic nerve hypoplasia): dropped when
    its sentence names an imaging study and the HPO label shares none of the sign's words (lit9, round 9)."""
    if not re.search(r"\bsigns?$", finding.text.strip(), re.I):
        return False
    lo = max(text.rfind(". ", 0, finding.start), text.rfind("\n", 0, finding.start)) + 1
    hi = text.find(". ", finding.end)
    if not _IMAGING.search(text[lo:len(text) if hi < 0 else hi]):
        return False
    words = set(re.findall(r"[a-z]+", finding.text.lower())) - {"sign", "signs", "the", "a", "an", "of"}
    return not words & set(re.findall(r"[a-z]+", finding.label.lower()))


def _mark_options(text: str, findings: list[Finding]) -> None:
    """Names in the question's list of options ("is this scurvy or rickets?") are candidates, not findings."""
    for start, end in option_spans(text):
        for finding in findings:
            if start <= finding.start and finding.end <= end and finding.context is None:
                finding.context = "options"


def _findings_from_tests(tests: list[TestResult], findings: list[Finding], ontology: Ontology) -> list[Finding]:
    """Laboratory results with a stated interpretation become findings: a normal ALP rules out
    "Elevated circulating alkaline phosphatase concentration"; a raised CRP observes its term."""
    made: list[Finding] = []
    taken = {(f.start, f.end) for f in findings}
    for test in tests:
        if test.kind != "lab" or test.interpretation is None or test.analyte not in ANALYTES:
            continue
        _, high, low = ANALYTES[test.analyte]
        if test.interpretation == "normal":
            chosen = [(term_id, True) for term_id in (high, low) if term_id]
        elif test.interpretation == "high":
            chosen = [(high, False)] if high else []
        else:
            chosen = [(low, False)] if low else []
        for term_id, excluded in chosen:
            if term_id not in ontology or any(f.hpo_id == term_id for f in findings + made):
                continue
            if any(s <= test.start < e for s, e in taken) and not excluded:
                continue
            made.append(Finding(hpo_id=term_id, label=ontology.label(term_id) or term_id, text=test.text,
                                start=test.start, end=test.end, excluded=excluded,
                                normal=True if excluded else False))
    return made


def layperson_label(hpo_id: str, ontology: Ontology | None = None) -> str | None:
    """The HPO layperson synonym of a term ("Small head" for Microcephaly), or None if it has none."""
    ontology = ontology or load_ontology()
    term = ontology.get(hpo_id)
    if term is None:
        return None
    exact = [s.text for s in term.synonyms if s.kind == "layperson" and s.scope == "EXACT"]
    names = exact or term.layperson
    return names[0] if names else None
