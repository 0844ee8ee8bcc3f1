"""What a source says a disease is like: "Epididymitis develops gradually, often with dysuria or pyuria, and keeps
or increases blood flow on Doppler", "Patients with X typically present with F", "X rarely produces peritoneal
signs", "preseptal cellulitis, which spares the globe", "Tuberculosis and lymphoma also cause hilar adenopathy".

A case report's discussion describes the alternatives it set aside in the generic present tense, and what it says
of each is a feature the patient can be compared on (the "typical presentation" of a textbook differential; the
disease-symptom statements that relation extraction mines from text, e.g. Xia et al., *Scientific Reports* 2018).
:func:`characteristic_statements` reads a disease mention that is the subject of its clause (at the clause's start,
after "patients with", coordinated with another subject, or before a relative "which"), then a present-tense
predicate of description (:data:`_VERB`, with its frequency words; a past tense tells one patient, not the
disease), and any further predicate the same subject takes after "but" or "and" ("X is the commonest mimic but
rarely produces F"). The rest of each predicate is split into its coordinated features. A negative frequency
("rarely", "does not", "neither ... nor"), "spares" and "lacks" state the features absent, and so does what follows
"rather than" ("hurts with activity rather than at night"). :mod:`clinicite.reason.discourse` makes each feature a
discriminator for the disease of kind ``characteristic``; :mod:`clinicite.reason.weighing` weighs it against the
case: the case's "no dysuria" counts against epididymitis, its "sudden pain" against a disease that "develops
gradually".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinicite.reason.mentions import Mention

# Between the subject and its predicate: a parenthesis, or an appositive or relative clause set off by commas.
_APPOSITIVE = r"(?:\s*\([^()]{0,80}\))?(?:\s*,\s*(?:the|a|an|which|that|who|whose|like|one)\b[^,;.]{0,150},)?"
_FREQUENCY = (r"(?:typically|usually|classically|characteristically|commonly|often|generally|mostly|frequently|"
              r"more often|most often|invariably|almost always|always|also|tends? to|may|can|will|would|rarely|seldom|"
              r"never|does not|do not|doesn't|don't|cannot|can't|hardly ever|only)")
_VERB = (r"(?:presents?|present)\s+(?:with|as)|(?:is|are)\s+(?:\w+ly\s+)?(?:characteri[sz]ed|marked|accompanied|"
         r"heralded)\s+by|manifests?\s+(?:as|with)|develops?|begins?|starts?|evolves?|causes?|cause|produces?|"
         r"gives?\s+rise\s+to|gives?|(?:is|are)\s+(?:\w+ly\s+)?associated\s+with|shows?|brings?|lacks?|"
         r"involves?|spares?|comes?\s+with|has|have|lasts?|leaves?|shares?|follows?|requires?|differs?\s+(?:by|in)|"
         r"hurts?")
_PREDICATE = re.compile(rf"{_APPOSITIVE}\s+(?P<frequency>(?:{_FREQUENCY}\s+)*)(?P<verb>{_VERB})\b(?!\s+of\b)", re.I)
# A bare "is"/"are" describes only with a frequency word: "is usually unilateral and febrile" (not "is a rare ...").
_IS_USUALLY = re.compile(rf"{_APPOSITIVE}\s+(?:is|are)\s+(?P<frequency>(?:{_FREQUENCY}\s+)+)(?P<verb>)", re.I)
# A further predicate of the same subject: "... but rarely produces", ", and it causes", "but they do not cause".
_THEN = re.compile(rf"(?:,\s*)?\b(?:but|and|yet)\s+(?:it\s+|they\s+)?(?P<frequency>(?:{_FREQUENCY}\s+)*)"
                   rf"(?P<verb>{_VERB})\b(?!\s+of\b)", re.I)
# A new subject before a further predicate: "..., but the normal markers and lack of ...".
_NEW_SUBJECT = re.compile(r";|\b(?:but|and|yet)\s+(?:the|a|an|his|her|its|their|this|these|there|we|our)\b", re.I)
_RELATIVE = re.compile(r"\s*,\s*(?:which|who|that)\b", re.I)
_NEGATIVE = re.compile(r"\b(?:rarely|seldom|never|not|doesn't|don't|cannot|can't|hardly)\b", re.I)
_NEGATIVE_VERB = re.compile(r"^(?:lacks?|spares?)$", re.I)
# Where a predicate's features end: a contrast, a new clause, or a new subject ("whereas torsion begins suddenly").
_FEATURES_END = re.compile(r"[;:]|\b(?:whereas|while|but|unlike|in contrast|although|though|which|so that|as it|"
                           r"because)\b|"
                           # a new clause with its own verb: ", and membranous nephropathy is rare", "and is the mimic"
                           r"(?:,\s*|\s+)and\s+(?:(?:[\w'-]+\s+){0,5}?)(?:is|are|was|were|has been|have been)\b", re.I)
# Coordinated features: at commas, "and", "nor" (an "or" joins one feature's alternatives: "dysuria or pyuria");
# "rather than" and "instead of" open a feature stated absent.
_CONJUNCT = re.compile(r",\s*(?:and\s+|nor\s+)?|\s+(?:and|nor)\s+|\s+(?P<contrast>rather than|instead of)\s+", re.I)
_NEITHER = re.compile(r"\s*neither\s+", re.I)
_SUBJECT_BEFORE = re.compile(r"(?:^\s*(?:the|a|an)?\s*|[,;(]\s*(?:the|a|an)?\s*|\b(?:patients|children|adults|people|"
                             r"those|cases|women|men|infants)\s+(?:with|who have|suffering from)\s+)$", re.I)
_COORDINATED = re.compile(r"^\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?:the\s+|a\s+|an\s+)?$", re.I)


@dataclass(frozen=True)
class Described:
    """One feature a clause states of a disease: its offsets in the passage, and whether it is stated absent."""
    key: str
    start: int
    end: int
    negative: bool
    verb: str


def characteristic_statements(text: str, lo: int, hi: int, mentions: list[Mention]) -> list[Described]:
    """Each feature that the clause ``text[lo:hi]`` states of a disease it names as the subject."""
    diseases = sorted((m for m in mentions if lo <= m.start < hi), key=lambda m: m.start)
    found: list[Described] = []
    used: set[int] = set()
    covered = lo                           # where the features read so far end: a finding's name there is one
    for index, mention in enumerate(diseases):
        if index in used or mention.start < covered:
            continue
        subjects = [mention]
        if _SUBJECT_BEFORE.search(text[lo:mention.start]):
            joins = []
            while index + len(subjects) < len(diseases):
                join = _COORDINATED.match(text[subjects[-1].end:diseases[index + len(subjects)].start])
                if join is None:
                    break
                joins.append(join.group())
                subjects.append(diseases[index + len(subjects)])     # "Tuberculosis and lymphoma also cause ..."
            while joins and not re.search(r"\b(?:and|or)\b", joins[-1]):
                joins.pop()                                          # "Unlike A, B begins ...": no list
                subjects.pop()
        used.update(range(index, index + len(subjects)))
        last = subjects[-1]
        relative = _RELATIVE.match(text, last.end, hi)
        if relative is None and not _SUBJECT_BEFORE.search(text[lo:mention.start]):
            continue           # the disease is no subject: "unlike X", "the pain of X", or a clause already begun
        after = relative.end() if relative else last.end
        # A finding's name ("hypoglycaemia") may be a feature; another disease's ends the subject's features.
        following = next((m.start for m in diseases[index + len(subjects):] if m.start >= after and not m.phenotype),
                         hi)
        predicates = [p for p in [_PREDICATE.match(text, after, hi) or _IS_USUALLY.match(text, after, hi)] if p]
        for then in _THEN.finditer(text, after, following):
            if predicates and then.start() < predicates[0].end():
                continue
            if _NEW_SUBJECT.search(text, after, then.start()):
                break                      # the clause has another subject by now
            predicates.append(then)
        for number, predicate in enumerate(predicates):
            end = _FEATURES_END.search(text, predicate.end(), hi)
            stop = min(end.start() if end else hi, predicates[number + 1].start() if number + 1 < len(predicates)
                       else hi, following if following > predicate.end() else hi)
            negative = bool(_NEGATIVE.search(predicate.group("frequency"))) or bool(
                _NEGATIVE_VERB.match(predicate.group("verb") or ""))
            for key in dict.fromkeys(s.key for s in subjects):
                found += _features(text, predicate.end(), stop, key, negative, predicate.group("verb") or "is")
            covered = max(covered, stop)
    return found


def _features(text: str, start: int, stop: int, key: str, negative: bool, verb: str) -> list[Described]:
    neither = _NEITHER.match(text, start, stop)
    if neither:
        start, negative = neither.end(), True                  # "causes neither hyperpigmentation nor ..."
    found, contrast = [], False
    for cut in [*_CONJUNCT.finditer(text, start, stop), None]:
        end = cut.start() if cut else stop
        if text[start:end].strip(" ,.;"):
            found.append(Described(key, start, end, negative != contrast, verb))
        if cut is not None:
            start = cut.end()
            contrast = contrast or bool(cut.group("contrast"))
    return found
