"""What a source says a disease is like: "Epididymitis develops gradually, often with dysuria or pyuria, and keeps
or increases blood flow on Doppler", "Patients with X typically present with F and G", "X rarely brings a high
fever".

A case report's discussion describes the alternatives it set aside in the generic present tense, and what it says
of each is a feature the patient can be compared on (the "typical presentation" of a textbook differential; the
same statements that disease-characteristic extraction mines, e.g. the disease-symptom relations of Xia et al.,
*Scientific Reports* 2018). :func:`characteristic_statements` reads a clause whose subject is a disease mention
(optionally after "patients with", and past an appositive: "X, the condition with which torsion is most often
confused, develops ..."), then a present-tense predicate of description (:data:`_PREDICATE`; a past tense tells
one patient, not the disease), and splits the rest of the clause into its coordinated features. Each feature is a
:class:`clinicite.reason.discourse.Discriminator` *for* that disease of kind ``characteristic``; a negative
frequency ("rarely", "does not") states it absent. :mod:`clinicite.reason.weighing` weighs them: the case's "no
dysuria" counts against epididymitis, its "sudden pain" against a disease that "develops gradually".
"""

from __future__ import annotations

import re

from clinicite.reason.mentions import Mention

# Between the subject and its predicate: a parenthesis, or an appositive or relative clause set off by commas.
_APPOSITIVE = r"(?:\s*\([^()]{0,80}\))?(?:\s*,\s*(?:the|a|an|which|that|who|whose|also|like|one)\b[^,;.]{0,150},)?"
_FREQUENCY = (r"(?:typically|usually|classically|characteristically|commonly|often|generally|mostly|frequently|"
              r"more often|most often|invariably|almost always|always|tends? to|may|can|will|rarely|seldom|never|"
              r"does not|do not|doesn't|don't|cannot|can't|hardly ever)")
_VERB = (r"(?:presents?|present)\s+(?:with|as)|(?:is|are)\s+(?:\w+ly\s+)?(?:characteri[sz]ed|marked|accompanied|"
         r"heralded)\s+by|manifests?\s+(?:as|with)|develops?|begins?|starts?|evolves?|causes?|produces?|gives?\s+"
         r"rise\s+to|(?:is|are)\s+(?:\w+ly\s+)?associated\s+with|shows?|keeps?|brings?|lacks?")
_PREDICATE = re.compile(rf"{_APPOSITIVE}\s+(?P<frequency>(?:{_FREQUENCY}\s+)*)(?P<verb>{_VERB})\b", re.I)
_NEGATIVE_FREQUENCY = re.compile(r"\b(?:rarely|seldom|never|not|doesn't|don't|cannot|can't|hardly)\b", re.I)
_LACKS = re.compile(r"^lacks?$", re.I)
# Where the features end: a contrast or a new subject ("..., whereas torsion begins suddenly").
_FEATURES_END = re.compile(r"[;:]|\b(?:whereas|while|but|unlike|in contrast|although|though|which|so that)\b", re.I)
# Coordinated features: at commas and "and" (an "or" joins one feature's alternatives: "dysuria or pyuria").
_CONJUNCT = re.compile(r",\s*(?:and\s+)?|\s+and\s+", re.I)
_SUBJECT_BEFORE = re.compile(r"(?:^|[,;(]\s*|\b(?:patients|children|adults|people|those|cases|women|men|infants)\s+"
                             r"(?:with|who have|suffering from)\s+)$", re.I)


def characteristic_statements(text: str, lo: int, hi: int, mentions: list[Mention]):
    """``(disease key, feature start, feature end, negative)`` for each feature a clause ``text[lo:hi]`` states of
    a disease; ``negative`` when the source says the disease rarely has it."""
    found = []
    for mention in sorted((m for m in mentions if lo <= m.start < hi and not m.phenotype), key=lambda m: m.start):
        if not _SUBJECT_BEFORE.search(text[lo:mention.start]):
            continue           # the disease is no subject: "unlike X", "the pain of X", or a clause already begun
        predicate = _PREDICATE.match(text, mention.end, hi)
        if predicate is None:
            continue
        negative = bool(_NEGATIVE_FREQUENCY.search(predicate.group("frequency"))) or bool(
            _LACKS.match(predicate.group("verb")))
        end = _FEATURES_END.search(text, predicate.end(), hi)
        features_hi = end.start() if end else hi
        start = predicate.end()
        for cut in [*_CONJUNCT.finditer(text, start, features_hi), None]:
            stop = cut.start() if cut else features_hi
            if text[start:stop].strip(" ,.;"):
                found.append((mention.key, start, stop, negative))
            if cut:
                start = cut.end()
    return found
