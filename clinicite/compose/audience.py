"""Who the answer is for: clinician (default), trainee or patient.

Clinicians get the evidence as it stands. Trainees also get a "Terms explained"
section: the definitions of the case's findings from the Human Phenotype
Ontology, cited to the ontology term. Patients get short section introductions
(fixed template text that states no facts), knowledge facts in HPO layperson
words, and the simplest cited sentences. A cited sentence above US school grade
8 by the Flesch-Kincaid formula (Kincaid et al., 1975) is reworded in plain
words and checked against its source (:mod:`clinicite.compose.plain_language`;
when the check fails it is kept as written, its hard terms explained); the
answer says that it rewords its sources. Only then are the hardest bullets left
out until the whole answer is at grade 8.
"""

from __future__ import annotations

from typing import Any


from clinicite.compose.evidence import Evidence, Source, QuotedSpan
from clinicite.compose.grading import grade_source
from clinicite.compose.readability import (readability_grade, sentence_grade,  # noqa: F401 - re-exported
                                           syllable_count, syllables_per_word)

AUDIENCES = ("clinician", "trainee", "patient")
PATIENT_GRADE_LIMIT = 8.0

# Template text for patients: it frames cited facts and states no facts itself.
PATIENT_INTROS = {
    "presentation": "These are signs that people may notice.",
    "key_findings": "These are things doctors may find.",
    "differential": "Other health problems can look like this.",
    "workup": "Your doctor may talk with you about these tests.",
    "management": "This is what the sources say about care.",
    "pitfalls": "Keep these points in mind.",
    "follow_up": "Check-ups may be part of care.",
    "first_line": "These are the first treatments the sources name.",
    "alternatives": "There may be other choices.",
    "dosing": "Your doctor or pharmacist sets the dose.",
    "monitoring": "You may need checks while you are treated.",
    "adverse_effects": "Medicines can have side effects.",
    "interactions": "Some things may not mix well.",
    "outcomes": "This is what the studies found about how things go.",
    "prognostic_factors": "Some things can change the outlook.",
    "key_facts": "Here are the main points.",
    "terms": "Here is what some words mean.",
}
PATIENT_BOTTOM_LINE = "Here is what the sources say. Talk with your doctor about what it means for you."
PATIENT_ABSTAIN = ("We could not find enough good information to answer this. "
                   "Please ask your doctor or nurse.")


REWORDED_NOTICE = ("Where a cited sentence was hard to read, this version for patients rewords it in plain "
                   "words; each still cites its source, where the original wording can be checked.")
EXPLAINED_NOTICE = ("Some cited sentences could not be put in plain words without changing what they say, so "
                    "they are shown as written, with hard words explained in brackets.")


def reword_for_patients(draft: Any, evidence: list[Evidence], ontology: Any) -> None:
    """Reword the draft's cited sentences that are above grade 8, in place, and say so in its notices.

    Knowledge facts are already written in layperson words and are left alone. Each bullet keeps its
    evidence indices, so its citations are unchanged.
    """
    from clinicite.compose.plain_language import lexicon_for, reword

    lexicon = lexicon_for(ontology)
    bullets = [b for items in draft.sections.values() for b in items]
    if draft.bottom_line is not None:
        bullets.append(draft.bottom_line)
    reworded = explained = 0
    for bullet in bullets:
        sources = [evidence[i] for i in bullet.evidence if 0 <= i < len(evidence)]
        if not sources or any(e.kind == "fact" for e in sources) or sentence_grade(bullet.text) <= PATIENT_GRADE_LIMIT:
            continue
        result = reword(bullet.text, [e.quote for e in sources], lexicon)
        if result.text == bullet.text:
            continue
        bullet.text = result.text
        reworded += result.reworded
        explained += not result.reworded
    if reworded:
        draft.notices.append(REWORDED_NOTICE)
    if explained:
        draft.notices.append(EXPLAINED_NOTICE)


def layperson_labeller(ontology: Any):
    """HPO id -> plain words (an HPO layperson synonym when there is one), else None."""
    if ontology is None:
        return None
    try:
        from clinicite.understand import layperson_label
    except ImportError:
        layperson_label = None

    def label_of(hpo_id: str) -> str | None:
        if layperson_label is not None:
            found = layperson_label(hpo_id, ontology)
            if found:
                return found
        term = ontology.get(hpo_id)
        if term is None:
            return None
        return term.layperson[0] if term.layperson else None
    return label_of


def term_definitions(hpo_ids: list[str], ontology: Any, limit: int = 5) -> list[Evidence]:
    """Definitions of findings from the ontology, each citing the HPO term record it quotes."""
    if ontology is None:
        return []
    found: list[Evidence] = []
    for hpo_id in hpo_ids:
        term = ontology.get(hpo_id)
        if term is None or not term.definition:
            continue
        source = Source(id=term.id, title=f"{term.name} (Human Phenotype Ontology)", source_type="knowledge",
                        grade=grade_source("knowledge"),
                        url=f"https://hpo.jax.org/browse/term/{term.id}", publication_types=["Ontology term"])
        span = QuotedSpan(0, len(term.definition), term.definition)
        found.append(Evidence(source, f"{term.name}: {term.definition}", [span], relevance=0.5,
                              section="Definition", kind="fact", fact="term"))
        if len(found) >= limit:
            break
    return found


def term_record(hpo_id: str, ontology: Any) -> list[Evidence]:
    """The ontology's own record of a term, for a differential row that rests on it: its definition, or,
    when the term has none (HPO's "Vitiligo"), where the ontology classes it ("Vitiligo: a kind of
    Hypopigmented skin patches (HPO)"), which is what the row's findings-for are weighed by."""
    found = term_definitions([hpo_id], ontology, limit=1)
    term = ontology.get(hpo_id) if ontology is not None and not found else None
    if term is None:
        return found
    parents = [p.name for p in (ontology.get(i) for i in term.parents) if p is not None]
    if not parents:
        return []
    statement = f"a kind of {'; '.join(parents)} in the Human Phenotype Ontology"
    source = Source(id=term.id, title=f"{term.name} (Human Phenotype Ontology)", source_type="knowledge",
                    grade=grade_source("knowledge"),
                    url=f"https://hpo.jax.org/browse/term/{term.id}", publication_types=["Ontology term"])
    return [Evidence(source, f"{term.name}: {statement}", [QuotedSpan(0, len(statement), statement)],
                     relevance=0.5, section="Definition", kind="fact", fact="term")]
