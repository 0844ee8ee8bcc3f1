"""understand stage: what a clinical question or case says about the patient.

Public API::

    understand_case(text, ontology=None) -> CaseFacts
    ConceptRecognizer(ontology).recognize(text) -> list[Finding]
    layperson_label(hpo_id, ontology=None) -> str | None
"""

from clinicite.understand.case import layperson_label, recognizer_for, understand_case
from clinicite.understand.facts import CaseFacts, Finding, Span, TestResult
from clinicite.understand.lexicon import ConceptRecognizer

__all__ = ["CaseFacts", "ConceptRecognizer", "Finding", "Span", "TestResult", "layperson_label",
           "recognizer_for", "understand_case"]
