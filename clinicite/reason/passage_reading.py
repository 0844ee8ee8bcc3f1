"""Each retrieved passage read once: the disease mentions, the differential discussion, what it states as the
diagnosis or cause, what it describes each disease by, and the case findings and words it shares, gathered per
document.

:func:`read_passages` fills a :class:`Reading`; :mod:`clinicite.reason.literature` then judges which documents
are similar published cases and weighs the candidates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clinicite.reason.case_words import findings_in, is_relevant, shared_stems
from clinicite.reason.discourse import Discriminator, in_features, read_discourse
from clinicite.reason.literature_candidate import (LiteratureCandidate, SupportingPassage, new_candidate,
                                                   quote_sentence)
from clinicite.reason.mentions import Mention, find_mentions
from clinicite.reason.similar_case import stated_causes, stated_diagnoses, title_diagnoses


@dataclass
class Reading:
    """What the passages of the search say, per document id."""

    found: dict[str, LiteratureCandidate] = field(default_factory=dict)
    discriminators: list[Discriminator] = field(default_factory=list)
    shared: dict[str, set[str]] = field(default_factory=dict)       # case findings the document names
    words: dict[str, set[str]] = field(default_factory=dict)        # case word stems it shares
    present: dict[str, set[str]] = field(default_factory=dict)      # HPO ids it states present
    absent: dict[str, set[str]] = field(default_factory=dict)       # and absent
    stated: dict[str, set[str]] = field(default_factory=dict)       # disease keys it states as the diagnosis made
    causes: dict[str, set[str]] = field(default_factory=dict)       # ... as the cause of something
    texts: dict[str, list[str]] = field(default_factory=dict)       # its passages read, title first
    keys: dict[str, list[str]] = field(default_factory=dict)        # every disease key it names, in order
    titles: dict[str, list[str]] = field(default_factory=dict)      # the keys its title names
    weighed: dict[str, set[str]] = field(default_factory=dict)      # keys it names as alternatives weighed
    # disease key -> the features the passages describe it by ("epididymitis develops gradually, often with
    # dysuria"; clinicite.reason.characteristic), each with its sentence and span
    described: dict[str, list[Discriminator]] = field(default_factory=dict)


def stated_terms(text: str, ontology) -> tuple[set[str], set[str]]:
    """HPO ids that ``text`` states as present, and those it states as absent ("no fever")."""
    if ontology is None or not text.strip():
        return set(), set()
    from clinicite.understand import recognizer_for
    from clinicite.understand.context import apply_context
    found = recognizer_for(ontology).recognize(text)
    apply_context(text, found)
    present = {f.hpo_id for f in found if f.observed and not getattr(f, "family_history", False)}
    absent = {f.hpo_id for f in found if not f.observed and not getattr(f, "family_history", False)}
    return present, absent


def read_passages(hits: list, lexicon, labels: list[str], stems: set[str], finding_keys: set[str], observed: set[str],
                  ontology) -> Reading:
    """Read every relevant hit (:func:`clinicite.reason.case_words.is_relevant`); a document that matches the case
    closely (two findings or three content words) is read whole: its discussion names the alternatives without
    repeating every finding of the case."""
    reading = Reading()
    abbreviations: dict[str, Mention] = {}
    close = {h.document_id for h in hits if len(findings_in(f"{h.title} {h.text}", labels)) >= 2
             or len(shared_stems(f"{h.title} {h.text}", stems)) >= 3}
    for hit in hits:
        text = f"{hit.title} {hit.text}"
        findings = findings_in(text, labels)
        if hit.document_id not in close and not is_relevant(text, findings, stems):
            continue                  # a search hit about something else is no evidence for this patient
        _read_hit(reading, hit, text, findings, lexicon, abbreviations, stems, finding_keys, observed, ontology)
    return reading


def _read_hit(reading: Reading, hit, text: str, findings: list[str], lexicon, abbreviations: dict, stems: set[str],
              finding_keys: set[str], observed: set[str], ontology) -> None:
    document = hit.document_id
    present, absent = stated_terms(text, ontology)
    reading.present.setdefault(document, set()).update(present)
    reading.texts.setdefault(document, []).append(text)
    reading.absent.setdefault(document, set()).update(absent)
    hpo_ids = [h for h in present if h in observed]
    findings = list(dict.fromkeys([*findings, *(ontology.label(h) for h in hpo_ids)])) if ontology else findings
    reading.shared.setdefault(document, set()).update(findings)
    reading.words.setdefault(document, set()).update(shared_stems(text, stems))
    mentions = [m for m in find_mentions(hit.text, lexicon, abbreviations, phenotypes=True)
                if m.key not in finding_keys]
    statements, stated = read_discourse(hit.text, mentions, document, hit.start, ontology)
    reading.discriminators += stated
    for discriminator in stated:
        if discriminator.kind == "characteristic":
            reading.described.setdefault(discriminator.candidates[0], []).append(discriminator)
    # A finding's name inside the feature a source separates diagnoses by ("mumps orchitis by the absence of
    # parotitis"), and any name inside the reason a source rules a diagnosis out by, is that feature, not a
    # diagnosis the source weighs.
    mentions = [m for m in mentions if not in_features(m, stated, hit.start, excluding_only=not m.phenotype)]
    in_differential = {key for s in statements for key in s.candidates}
    # A disease the report describes in the generic present tense ("Torsion of the appendix testis causes pain at
    # the upper pole") is one it discusses as a type, as it does the alternatives it weighs: not its patient's
    # diagnosis when it states none (literature.sole_unweighed_disease).
    described = {d.candidates[0] for d in stated if d.kind == "characteristic"}
    reading.weighed.setdefault(document, set()).update(in_differential | described)
    # A disease a source argues against ("no recent diarrhoea or urethritis to suggest reactive arthritis") is one it
    # weighed and set aside: never the report's own subject, though it names no differential by a cue.
    reading.weighed[document].update(key for d in stated if d.direction == "against" for key in d.candidates)
    reported = stated_diagnoses(hit.text, mentions)
    if hit.title:
        in_title = find_mentions(hit.title, lexicon, dict(abbreviations), True)
        reported |= title_diagnoses(hit.title, in_title)
        reading.titles[document] = [m.key for m in in_title]
    # A phenotype's name ("aortic dissection") is a candidate only where the source weighs it as a diagnosis.
    mentions = [m for m in mentions if not m.phenotype or m.key in in_differential or m.key in reported]
    reading.stated.setdefault(document, set()).update(reported)
    reading.causes.setdefault(document, set()).update(stated_causes(hit.text, mentions))
    reading.keys.setdefault(document, []).extend(m.key for m in mentions if m.kind != "likened")
    seen_here: set[str] = set()
    for mention in mentions:
        candidate = reading.found.setdefault(mention.key, new_candidate(mention, lexicon))
        quote_sentence(candidate, hit, mention.start, mention.end)
        for statement in statements:
            if mention.key in statement.candidates and statement not in candidate.differential:
                candidate.differential.append(statement)
        if mention.key in seen_here:
            continue
        seen_here.add(mention.key)
        candidate.passages.append(SupportingPassage(
            document, hit.pmid, hit.title, hit.start, hit.end, float(hit.score), mention.surface,
            hit.start + mention.start, hit.start + mention.end, findings, hpo_ids, mention.key in in_differential))
