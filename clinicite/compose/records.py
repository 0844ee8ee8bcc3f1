"""Facts from curated disease records, said as plain sentences that cite the record.

A knowledge record (HPO annotations, Orphanet) is rendered by
:meth:`DiseaseRecord.to_document` into labelled sections with exact offsets.
Each fact here is one plain sentence ("X is inherited in an autosomal recessive
pattern and begins in infancy.") whose citations point at the sections it
restates, so every word shown is traceable to the record.
"""

from __future__ import annotations

from collections.abc import Callable

from clinicite.compose.evidence import Evidence, Source, QuotedSpan
from clinicite.compose.grading import grade_source
from clinicite.compose.sentences import split_sentences
from clinicite.ingest.disease import DiseaseRecord
from clinicite.ingest.document import Document

_ONSET_PHRASES = {
    "antenatal": "before birth", "fetal": "before birth", "embryonal": "before birth",
    "congenital": "at birth", "neonatal": "in the newborn period", "infantile": "in infancy",
    "infancy": "in infancy", "childhood": "in childhood", "juvenile": "in adolescence",
    "adolescent": "in adolescence", "young adult": "in young adulthood", "middle age": "in middle age",
    "late": "late in life", "elderly": "late in life", "adult": "in adulthood", "all ages": "at any age",
}


def record_source(document: Document) -> Source:
    return Source(id=document.id, title=document.title, source_type="knowledge",
                  grade=grade_source("knowledge"), url=document.url, publication_types=document.publication_types)


def record_facts(record: DiseaseRecord, document: Document, label_of: Callable[[str], str | None] | None = None,
                 max_features: int = 6) -> list[Evidence]:
    """Plain-sentence facts of one record; ``label_of`` may give layperson words for HPO ids."""
    source = record_source(document)
    sections = {s.label: s for s in document.sections}
    facts: list[Evidence] = []

    def span(label: str) -> QuotedSpan | None:
        section = sections.get(label)
        if section is None or section.start < 0:
            return None
        return QuotedSpan(section.start, section.end, document.text[section.start:section.end])

    definition = sections.get("Definition")
    if definition is not None:
        for sentence in split_sentences(definition.text, offset=definition.start)[:2]:
            facts.append(Evidence(source, sentence.text, [QuotedSpan(sentence.start, sentence.end, sentence.text)],
                                  section="Definition", kind="fact", fact="definition"))
    inheritance = [_inheritance_phrase(i) for i in record.inheritance]
    onset = list(dict.fromkeys(p for p in (_onset_phrase(o) for o in record.onset) if p))
    clauses, spans = [], []
    if inheritance and span("Inheritance"):
        clauses.append("is inherited in " + _join([f"an {i}" if i[0] in "aeiou" else f"a {i}" for i in inheritance])
                       + (" pattern" if len(inheritance) == 1 else " patterns"))
        spans.append(span("Inheritance"))
    if onset and span("Onset"):
        clauses.append("begins " + _join(onset, "or"))
        spans.append(span("Onset"))
    if clauses:
        facts.append(Evidence(source, f"{record.name} " + " and ".join(clauses) + ".", spans,
                              section="Inheritance", kind="fact", fact="inheritance"))
    prevalence = sorted({p.prevalence_class for p in record.prevalence if p.prevalence_class
                         and p.prevalence_class.lower() != "unknown"})
    if prevalence and span("Prevalence"):
        facts.append(Evidence(source, f"{record.name} has a reported prevalence of {_join(prevalence, 'or')}.",
                              [span("Prevalence")], section="Prevalence", kind="fact", fact="prevalence"))
    facts.extend(_curated_facts(record, document, source))
    present = sorted((p for p in record.phenotypes if not p.excluded),
                     key=lambda p: -(p.frequency if p.frequency is not None else 0.5))
    names = _feature_names(present, label_of)[:max_features]
    if names and span("Phenotypes"):
        facts.append(Evidence(source, f"Common features of {record.name} include {_join(names)}.",
                              [span("Phenotypes")], section="Phenotypes", kind="fact", fact="phenotypes"))
    absent = _feature_names([p for p in record.phenotypes if p.excluded], label_of)[:max_features]
    if absent and span("Excluded features"):
        facts.append(Evidence(source, f"{record.name} is not known to cause {_join(absent, 'or')}.",
                              [span("Excluded features")], section="Excluded features", kind="fact",
                              fact="excluded"))
    return facts


# The sentences of a curated cause's definition that say what tells it apart, which tests help and how it is
# usually managed (clinicite.reason.common_causes writes them so); each becomes a fact quoting its exact span.
_CURATED_CUES = (("What tells it apart:", "discriminators"), ("Tests that help:", "tests"),
                 ("Usual management:", "management"))


def _curated_facts(record: DiseaseRecord, document: Document, source: Source) -> list[Evidence]:
    if record.disorder_type != "curated cause":
        return []
    facts = []
    definition = next((s for s in document.sections if s.label == "Definition" and s.start >= 0), None)
    if definition is None:
        return []
    for cue, fact in _CURATED_CUES:
        at = definition.text.find(cue)
        if at < 0:
            continue
        end = definition.text.find(". ", at)
        end = len(definition.text) if end < 0 else end + 1
        start = definition.start + at
        quoted = document.text[start:definition.start + end]
        # "Usual management of X: ..." reads as a sentence when it leads a bottom line; the other facts are
        # bullets under a heading that already says what they are ("X: tests that help: ...").
        shown = f"Usual management of {record.name}{quoted[len(cue) - 1:]}" if fact == "management" else \
            f"{record.name}: {quoted[0].lower()}{quoted[1:]}"
        facts.append(Evidence(source, shown,
                              [QuotedSpan(start, definition.start + end, quoted)], section="Definition", kind="fact",
                              fact=fact))
    return facts


def _feature_names(annotations, label_of) -> list[str]:
    names: list[str] = []
    for annotation in annotations:
        name = (label_of(annotation.hpo_id) if label_of else None) or annotation.label
        if name and name.lower() not in names:
            names.append(name.lower())
    return names


def _inheritance_phrase(label: str) -> str:
    phrase = label.lower().replace(" inheritance", "").replace("inheritance", "").strip()
    return phrase or label.lower()


def _onset_phrase(label: str) -> str | None:
    lowered = label.lower()
    for key, phrase in _ONSET_PHRASES.items():
        if key in lowered:
            return phrase
    return None


def _join(items: list[str], word: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
