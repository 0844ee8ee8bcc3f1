"""What a source says about its differential: the diagnoses it weighs, and the features that separate them.

Case reports and reviews discuss the alternatives to their diagnosis in a few
recurring forms (the "differential diagnosis" discussion; cf. the discourse cues of
clinical-text negation and speculation work, Chapman et al., J Biomed Inform 2001,
NegEx; Vincze et al., BMC Bioinformatics 2008, BioScope):

- a differential statement: "the differential diagnosis includes A, B and C",
  "A must be distinguished from B", "A mimics B", "unlike A, ...", "B was ruled
  out"; every disease it names is ``named_in_differential``;
- a discriminator: a feature and what it says about some diagnoses, "the absence
  of increased vascularity on the flow images makes malignancy, infection and
  stress fracture unlikely", "no family history argues against Ribbing disease",
  "a nidus is typical of osteoid osteoma".

A :class:`Discriminator` keeps the candidates (disease keys, and categories named
by word: "malignancy"), the :class:`Feature` as the source states it (its words,
whether it is stated absent, HPO terms recognised in it with
:mod:`clinicite.understand`, imaging words HPO lacks, family history), the
direction, and the exact sentence span for a citation. :func:`case_state` reads
whether the patient has the feature, so the literature stage can weigh it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clinicite.reason.mentions import Mention, category_mentions

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|\n+")
DIFFERENTIAL_CUE = re.compile(
    r"\bdifferential diagnos[ie]s\b|\bdifferentials?\b|\b(?:should|must|needs? to|has to|have to|had to|were|was|"
    r"is|are|be) (?:also |then |initially |first |later |further |therefore )?(?:be )?"
    r"(?:excluded|ruled out|considered|distinguished|differentiated)\b|"
    r"\bmimic(?:s|ked|king|ry)?\b|\b(?:distinguish(?:ed|ing|es)?|differentiat(?:e|ed|ing|es)) (?:\w+ )?from\b|"
    r"\bunlike\b|\brul(?:e|ed|ing) out\b|\bexclud(?:e|ed|ing)\b|\bconfused with\b|\balternatives?\b|"
    r"\bwas suspected\b|\bsuspicion (?:of|that)\b|\bresembl(?:e|ed|es|ing|ance)\b|\bmasquerad\w*|"
    r"\bmistaken for\b|\bmisdiagnos\w*", re.I)
# Feature first, then the diagnoses it speaks about: "F makes X unlikely", "F argues against X", "F suggests X".
_FORWARD_AGAINST = re.compile(
    r"\b(?:makes?|made|renders?|rendered)\b(?=.*\b(?:unlikely|less likely|improbable)\b)|\bargu(?:es|ed|ing) "
    r"against\b|\bspeaks? against\b|\b(?:excludes?|excluded|excluding)\b|\brul(?:es|ed|ing) out\b|"
    r"\bis against\b|\bagainst (?:a |the )?diagnosis of\b|\b(?:does|did) not support\b", re.I)
_FORWARD_FOR = re.compile(
    r"\bfavou?r(?:s|ed|ing)?\b|\bsuggest(?:s|ed|ing|ive of)\b|\bsupport(?:s|ed|ing)?\b|\bargu(?:es|ed) for\b|"
    r"\b(?:is|are|was|were) (?:typical|characteristic|diagnostic|pathognomonic|indicative|suggestive) of\b|"
    r"\bin favou?r of\b|\bpoints? (?:to|towards?)\b|\bconsistent with\b|\bindicat(?:es|ed|ing)\b", re.I)
# Diagnoses first, then the feature: "X is unlikely given F", "X was excluded by F".
_BACKWARD = re.compile(
    r"\b(?:is|are|was|were|seems?|seemed|appears?|appeared)\s+(?:therefore\s+|thus\s+|also\s+)?"
    r"(?P<verdict>unlikely|less likely|improbable|excluded|ruled out|favou?red|likely|more likely|supported)\s+"
    r"(?:given|because(?: of)?|as|since|in view of|owing to|due to|by|on account of|with|in the (?=absence|presence))\b",
    re.I)
_ABSENT = re.compile(r"^\s*(?:the\s+)?(?:absence|lack|paucity) of\b|\bno\b|\bnot\b|\bwithout\b|\bnormal\b|"
                     r"\bnegative\b|\babsent\b|\bunremarkable\b|\bnever\b|\babsence of\b|\black of\b", re.I)
# Imaging and history features that HPO has no term for, as the words a report uses.
FEATURE_WORDS = {
    "vascularity": r"vascular(?:ity)?|hyper(?:a)?emi\w*|blood[- ]pool|\bflow\b|perfusion",
    "uptake": r"uptake|tracer accumulation|\bavid\w*",
    "nidus": r"\bnidus\b",
    "soft tissue mass": r"soft[- ]tissue (?:mass|component|extension)",
    "marrow oedema": r"marrow (?:o?edema|signal)",
    "fracture line": r"fracture line|lucent line|cortical break",
}
_TRAILING = re.compile(r"(?:[\s,;]+(?:which|that|and|this|these|it|as|so))+[\s,;]*$", re.I)
_FAMILY = re.compile(r"\bfamil(?:y|ial)\b|\bhereditary\b|\binherited\b|\brelatives?\b|\bsiblings?\b", re.I)
_NEGATION_BEFORE = re.compile(r"\b(?:no|not|without|absent|absence of|lack of|negative|normal)\b[^.;]{0,60}$", re.I)


@dataclass
class Feature:
    """A feature as the source states it."""

    text: str
    absent: bool                               # stated absent: "no nidus", "absence of increased vascularity"
    hpo_ids: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)     # FEATURE_WORDS keys found in it
    family_history: bool = False


@dataclass
class Discriminator:
    """A feature and what it says, in one source sentence, about one or more diagnoses."""

    candidates: list[str]                      # mention keys of the diseases spoken about
    categories: list[str]                      # categories named by word ("malignancy" -> malignant, metastatic)
    feature: Feature
    direction: str                             # "for" / "against": what the feature, as stated, says of them
    document_id: str
    start: int                                 # the sentence's offsets in the document
    end: int
    quote: str
    cue: str


@dataclass
class DifferentialStatement:
    """A source sentence that weighs diagnoses against each other."""

    candidates: list[str]
    document_id: str
    start: int
    end: int
    quote: str
    cue: str


def sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _clauses(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The sentence's clauses at semicolons: "A differs from B; the lack of X argues against B"."""
    spans, start = [], lo
    for match in re.finditer(";", text[lo:hi]):
        spans.append((start, lo + match.start()))
        start = lo + match.end()
    spans.append((start, hi))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def recognisable(feature: Feature) -> bool:
    """A feature that can be compared with a patient: an HPO term, an imaging word or the family history."""
    return bool(feature.hpo_ids or feature.words or feature.family_history)


def read_feature(text: str, ontology=None) -> Feature:
    """The feature in ``text``: absent or present, HPO terms, imaging words, family history."""
    hpo_ids = []
    if ontology is not None and text.strip():
        from clinicite.understand import recognizer_for
        hpo_ids = list(dict.fromkeys(f.hpo_id for f in recognizer_for(ontology).recognize(text)))
    words = [name for name, pattern in FEATURE_WORDS.items() if re.search(pattern, text, re.I)]
    text = _TRAILING.sub("", text).strip(" ,;:.")
    return Feature(text, bool(_ABSENT.search(text)), hpo_ids, words, bool(_FAMILY.search(text)))


def _spoken_of(text: str, lo: int, hi: int, mentions: list[Mention]) -> tuple[list[str], list[str]]:
    keys = list(dict.fromkeys(m.key for m in mentions if lo <= m.start < hi))
    categories = sorted({c for _, cats, s, _ in category_mentions(text[lo:hi]) for c in cats})
    return keys, categories


def read_discourse(text: str, mentions: list[Mention], document_id: str, offset: int = 0,
                   ontology=None) -> tuple[list[DifferentialStatement], list[Discriminator]]:
    """Differential statements and discriminators in ``text`` (a passage starting at ``offset`` in its document).

    ``mentions`` are the passage's disease mentions (:func:`clinicite.reason.mentions.find_mentions`).
    """
    statements, discriminators = [], []
    for lo, hi in sentence_spans(text):
        sentence = text[lo:hi]
        quote_span = (offset + lo, offset + hi)
        keys, categories = _spoken_of(text, lo, hi, mentions)
        if not keys and not categories:
            continue
        cue = DIFFERENTIAL_CUE.search(sentence)
        if cue and len(keys) + len(categories) >= 1:
            statements.append(DifferentialStatement(keys, document_id, *quote_span, sentence, cue.group()))
        for clause_lo, clause_hi in _clauses(text, lo, hi):
            found = _discriminator(text, clause_lo, clause_hi, mentions, ontology)
            if found is not None:
                candidates, cats, feature, direction, cue_text = found
                discriminators.append(Discriminator(candidates, cats, feature, direction, document_id,
                                                    *quote_span, sentence, cue_text))
    return statements, discriminators


def _discriminator(text: str, lo: int, hi: int, mentions: list[Mention], ontology):
    sentence = text[lo:hi]
    backward = _BACKWARD.search(sentence)
    if backward:
        keys, cats = _spoken_of(text, lo, lo + backward.start(), mentions)
        feature_text = sentence[backward.end():]
        verdict = backward.group("verdict").lower()
        direction = "against" if verdict in ("unlikely", "less likely", "improbable", "excluded", "ruled out") \
            else "for"
        feature = read_feature(feature_text, ontology)
        if (keys or cats) and len(feature_text.split()) >= 2 and recognisable(feature):
            return keys, cats, feature, direction, backward.group()
    for pattern, direction in ((_FORWARD_AGAINST, "against"), (_FORWARD_FOR, "for")):
        match = pattern.search(sentence)
        if not match:
            continue
        keys, cats = _spoken_of(text, lo + match.start(), hi, mentions)
        before_keys, _ = _spoken_of(text, lo, lo + match.start(), mentions)
        feature_text = sentence[:match.start()]
        for mention in mentions:                 # a disease named before the cue is not part of the feature
            if mention.key in before_keys and lo <= mention.start < lo + match.start():
                feature_text = feature_text.replace(mention.surface, " ")
        feature = read_feature(feature_text, ontology)
        if (keys or cats) and len(feature_text.split()) >= 2 and recognisable(feature):
            return keys, cats, feature, direction, match.group()
    return None


def case_state(feature: Feature, facts, ontology=None) -> tuple[str | None, str]:
    """Whether the patient has ``feature``: ``("present" | "absent" | None, the case's words for it)``."""
    states: list[tuple[str, str]] = []
    if facts is None:
        return None, ""
    for finding in facts.findings:
        if finding.family_history:
            continue
        if any(finding.hpo_id == h or (ontology is not None and h in ontology.ancestors(finding.hpo_id))
               for h in feature.hpo_ids):
            states.append(("absent" if finding.excluded else "present", finding.text))
    if feature.family_history and facts.family_history is not None:
        span = facts.family_history_span
        states.append(("present" if facts.family_history else "absent", span.text if span else "family history"))
    for word in feature.words:
        for match in re.finditer(FEATURE_WORDS[word], facts.text, re.I):
            clause_start = max(facts.text.rfind(c, 0, match.start()) for c in ".;,") + 1
            ends = [i for i in (facts.text.find(c, match.end()) for c in ".;,") if i >= 0]
            clause_end = min(ends) if ends else len(facts.text)
            before = facts.text[clause_start:match.start()]
            states.append(("absent" if _NEGATION_BEFORE.search(before) else "present",
                           facts.text[clause_start:clause_end].strip()))
    kinds = {s for s, _ in states}
    if len(kinds) != 1:
        return None, ""
    return kinds.pop(), "; ".join(dict.fromkeys(t for _, t in states))
