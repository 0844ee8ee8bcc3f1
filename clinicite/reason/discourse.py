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

from clinicite.reason.characteristic import characteristic_statements
from clinicite.reason.feature_polarity import DENIED, LOWERED, NORMAL, RAISED, agree, polarities
from clinicite.reason.mentions import Mention, category_mentions
from clinicite.reason.onset_tempo import case_tempo, stated_tempo

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])|\n+")
# A diagnosis set aside by what it does not fit: "emphysema and LIP were not compatible with the pattern", "X and Y
# do not cause anterior chamber inflammation", "but neither causes haemolysis", "X was unlikely". What follows the
# cue in its clause is what they do not fit: a finding's name there is no candidate.
SET_ASIDE_CUE = re.compile(
    r"\b(?:not (?:compatible|consistent) with|incompatible with|inconsistent with)\b|"
    r"\b(?:do|does|did) not (?:cause|explain|produce|account for|fit)\b|"
    r"\bneither (?:of (?:these|them|which) )?(?:causes?|explains?|produces?|accounts? for|fits?)\b|"
    r"\b(?:is|are|was|were|seems?|seemed|appeared) (?:considered |thought |deemed |felt |therefore |thus )?"
    r"(?:to be )?(?:unlikely|improbable|less likely)\b|"
    r"\b(?:can |may |might |could )?(?:produces?|causes?|gives?) (?:a |an )?(?:similar|identical|the same)\b", re.I)
DIFFERENTIAL_CUE = re.compile(
    r"\bdifferential diagnos[ie]s\b|\bdifferentials?\b|\b(?:should|must|needs? to|has to|have to|had to|were|was|"
    r"is|are|be) (?:also |then |initially |first |later |further |therefore )?(?:be )?"
    r"(?:excluded|ruled out|considered|distinguished|differentiated)\b|"
    r"\bmimic(?:s|ked|king|ry)?\b|\b(?:distinguish(?:ed|ing|es)?|differentiat(?:e|ed|ing|es)) (?:\w+ )?from\b|"
    r"\bunlike\b|\brul(?:e|ed|ing) out\b|\bexclud(?:e|ed|ing)\b|\bconfused with\b|\balternatives?\b|"
    r"\bwas suspected\b|\bsuspicion (?:of|that)\b|\bresembl(?:e|ed|es|ing|ance)\b|\bmasquerad\w*|"
    r"\bmistaken for\b|\bmisdiagnos\w*|"
    # An alternative likened to the diagnosis: "X and Y share some of its features", "X can look identical",
    # "X is clinically identical", "X, which can present similarly"
    r"\bshar(?:e|es|ed|ing) (?:some|many|several|most|all) of (?:its|their|the) (?:features|findings|signs)\b|"
    r"\b(?:can|may|might|could) (?:look|appear|present) (?:the same|identical|similar(?:ly)?|alike)\b|"
    r"\b(?:is|are) (?:clinically|radiologically|histologically) (?:identical|indistinguishable)\b|" + SET_ASIDE_CUE.pattern,
    re.I)
# The cue of "no F to suggest X" (the absence of F argues against X), read only after a negation in its clause.
_TO_SUGGEST = re.compile(r"\bto (?:suggest|indicate|support|point to)\b", re.I)
_NEGATION_IN_CLAUSE = re.compile(r"\b(?:no|nothing|without|neither|nor|never)\b[^.;]*$", re.I)
# Feature first, then the diagnoses it speaks about: "F makes X unlikely", "F argues against X", "F suggests X".
_FORWARD_AGAINST = re.compile(
    r"\b(?:makes?|made|renders?|rendered)\b(?=.*\b(?:unlikely|less likely|improbable)\b)|\bargu(?:es|ed|ing) "
    r"against\b|\bspeaks? against\b|\b(?:excludes?|excluded|excluding)\b|\brul(?:es|ed|ing) out\b|"
    r"\bis against\b|\bagainst (?:a |the )?diagnosis of\b|\b(?:does|did) not support\b", re.I)
_FORWARD_FOR = re.compile(
    r"\bfavou?r(?:s|ed|ing)?\b|\bsuggest(?:s|ed|ing|ive of)\b|\bsupport(?:s|ed|ing)?\b|\bargu(?:es|ed) for\b|"
    r"\b(?:is|are|was|were) (?:typical|characteristic|diagnostic|pathognomonic|indicative|suggestive) of\b|"
    r"\bin favou?r of\b|\bpoints? (?:to|towards?)\b|\bconsistent with\b|\bindicat(?:es|ed|ing)\b", re.I)
# Diagnoses first, then the feature: "X is unlikely given F", "X was excluded by F", "X was considered unlikely
# because F", "X was ruled out on the basis of F".
_BY = (r"(?:given|because(?: of)?|as|since|in view of|in light of|owing to|due to|by|on account of|on the basis of|"
       r"based on|without|with|in the (?=absence|presence))")
_BACKWARD = re.compile(
    r"\b(?:is|are|was|were|seems?|seemed|appears?|appeared)\s+(?:therefore\s+|thus\s+|also\s+|then\s+|easily\s+|"
    r"readily\s+|further\s+|subsequently\s+|clinically\s+)?(?:(?:considered|deemed|thought|felt|judged)\s+"
    r"(?:to be\s+)?)?"
    r"(?P<verdict>unlikely|less likely|improbable|excluded|ruled out|favou?red|likely|more likely|supported)\s+"
    rf"{_BY}\b", re.I)
_AGAINST_VERDICTS = ("unlikely", "less likely", "improbable", "excluded", "ruled out")
# The coordinated ellipsis of a backward statement: "A was excluded by F, and B by G" (B's verb is A's).
_ELLIPSIS_JOIN = re.compile(r"(?:[,;]\s*(?:and|while|whereas|but)?|\s+(?:and|while|whereas))\s*$", re.I)
_ELLIPSIS_BY = re.compile(rf"\s*(?:,\s*)?{_BY}\b", re.I)
# A new clause after the feature ("excluded by the negative culture, although the two may coexist"): the feature
# ends before it.
_CLAUSE_BREAK = re.compile(r"[,;]\s*(?:and|but|although|though|while|whereas|which|as|so)\b(?=[^,;]*\b(?:is|are|was|"
                           r"were|has|have|had|may|might|can|could|must|should|did|does|do|will|would)\b)", re.I)
# Feature first, with a fronted preposition: "Given the absence of parotitis, mumps orchitis was unlikely".
_FRONTED = re.compile(r"^\s*(?:given|in view of|in light of|because of|owing to|on account of)\s+"
                      r"(?P<feature>[^,;]{3,}),", re.I)
_FRONTED_VERDICT = re.compile(r"\b(?:unlikely|less likely|improbable|excluded|ruled out)\b", re.I)
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
    tempo: str | None = None                   # the onset it states, sudden or gradual (clinicite.reason.onset_tempo)


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
    feature_start: int = -1                    # the feature's words, offsets in the document (-1: not located)
    feature_end: int = -1
    excludes: bool = False                     # the source rules the diagnoses out by the feature ("excluded by")
    kind: str = "discriminator"                # or "characteristic": what the source says the disease is like


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
    """A feature that can be compared with a patient: an HPO term, an imaging word, the family history or the tempo
    of onset."""
    return bool(feature.hpo_ids or feature.words or feature.family_history or feature.tempo)


def read_feature(text: str, ontology=None) -> Feature:
    """The feature in ``text``: absent or present, HPO terms, imaging words, family history."""
    hpo_ids = []
    if ontology is not None and text.strip():
        from clinicite.understand import recognizer_for
        hpo_ids = list(dict.fromkeys(f.hpo_id for f in recognizer_for(ontology).recognize(text)))
    words = [name for name, pattern in FEATURE_WORDS.items() if re.search(pattern, text, re.I)]
    text = _TRAILING.sub("", text).strip(" ,;:.")
    return Feature(text, bool(_ABSENT.search(text)), hpo_ids, words, bool(_FAMILY.search(text)), stated_tempo(text))


def _spoken_of(text: str, lo: int, hi: int, mentions: list[Mention]) -> tuple[list[str], list[str]]:
    keys = list(dict.fromkeys(m.key for m in mentions if lo <= m.start < hi))
    categories = sorted({c for _, cats, s, _ in category_mentions(text[lo:hi]) for c in cats})
    return keys, categories


def read_discourse(text: str, mentions: list[Mention], document_id: str, offset: int = 0,
                   ontology=None) -> tuple[list[DifferentialStatement], list[Discriminator]]:
    """Differential statements and discriminators in ``text`` (a passage starting at ``offset`` in its document).

    ``mentions`` are the passage's disease mentions (:func:`clinicite.reason.mentions.find_mentions`). A mention
    inside a discriminator's feature ("mumps orchitis by the absence of *parotitis*") is what separates the
    diagnoses, not one of them: no statement names it as a candidate (:func:`in_features`).
    """
    statements, discriminators = [], []
    for lo, hi in sentence_spans(text):
        sentence = text[lo:hi]
        quote_span = (offset + lo, offset + hi)
        keys, categories = _spoken_of(text, lo, hi, mentions)
        if not keys and not categories:
            continue
        found: list[Discriminator] = []
        for clause_lo, clause_hi in _clauses(text, lo, hi):
            for candidates, cats, feature, direction, cue_text, span, excludes in _discriminators(
                    text, clause_lo, clause_hi, mentions, ontology):
                found.append(Discriminator(candidates, cats, feature, direction, document_id, *quote_span, sentence,
                                           cue_text, offset + span[0], offset + span[1], excludes))
            found += _characteristic(text, clause_lo, clause_hi, mentions, document_id, offset, quote_span, sentence,
                                     ontology)
        cue = DIFFERENTIAL_CUE.search(sentence)
        if cue:
            objects = _set_aside_objects(text, lo, hi)
            named = [k for k in keys if not all(in_features(m, found, offset) or (m.phenotype and any(
                a <= m.start < b for a, b in objects)) for m in mentions if m.key == k and lo <= m.start < hi)]
            if named or categories:
                statements.append(DifferentialStatement(named, document_id, *quote_span, sentence, cue.group()))
        discriminators += found
    return statements, discriminators


# Words that open a characteristic feature without naming any of it: "often with dysuria", "sometimes a blue dot sign".
_FEATURE_OPENING = re.compile(r"(?:\s*(?:often|usually|typically|sometimes|occasionally|commonly|frequently|also|"
                              r"with|by|as|a|an|the|and|or)\b)+\s*", re.I)
# Words that refer back to the case or another disease rather than name a feature ("shares some of its features",
# "both absent here").
_REFERRING_WORDS = {"both", "here", "same", "similar", "some", "such", "other", "features", "feature", "kind",
                    "another", "picture", "appearance", "presentation", "illness", "condition", "disease"}
# An HPO term that heads this many more specific terms ("Pain", 86 in HPO 2025-01-16; "Abnormality of the ...")
# says too little of a disease to weigh it; "Edema" (45) and "Fever" (8) still do.
MAX_CHARACTERISTIC_DESCENDANTS = 50


def _characteristic(text: str, lo: int, hi: int, mentions: list[Mention], document_id: str, offset: int,
                    quote_span: tuple[int, int], sentence: str, ontology) -> list[Discriminator]:
    """The features a clause states as characteristic of a disease (:mod:`clinicite.reason.characteristic`), each a
    discriminator for it that the patient can be compared on."""
    found = []
    for described in characteristic_statements(text, lo, hi, mentions):
        key, negative = described.key, described.negative
        opening = _FEATURE_OPENING.match(text, described.start, described.end)
        start, stop = _trimmed(text, opening.end() if opening else described.start, described.end)
        feature = read_feature(text[start:stop], ontology)
        if ontology is not None:
            feature.hpo_ids = [h for h in feature.hpo_ids
                               if len(ontology.descendants(h)) <= MAX_CHARACTERISTIC_DESCENDANTS]
        # A feature no term reads is compared on its content words (_stated_in_words): two at least, so that one
        # common word ("pain") does not decide it.
        words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]{3,}", feature.text)
                 if w.lower() not in _FEATURE_STOPWORDS and w.lower() not in _REFERRING_WORDS]
        if not feature.text or not (recognisable(feature) or len(words) >= 2):
            continue
        feature.absent = feature.absent != negative        # "rarely brings a high fever": fever stated absent
        found.append(Discriminator([key], [], feature, "for", document_id, *quote_span, sentence, described.verb,
                                   offset + start, offset + stop, False, "characteristic"))
    return found


def _set_aside_objects(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The spans after each set-aside cue of a sentence, to the end of its clause ("do not cause *anterior chamber
    inflammation*", "was unlikely *without hypertension*")."""
    spans = []
    for match in SET_ASIDE_CUE.finditer(text, lo, hi):
        end = text.find(";", match.end(), hi)
        spans.append((match.end(), hi if end < 0 else end))
    return spans


def in_features(mention: Mention, discriminators: list[Discriminator], offset: int = 0,
                excluding_only: bool = False) -> bool:
    """Whether the mention (offsets in a passage starting at ``offset``) lies in one of the discriminators'
    features (with ``excluding_only``, of those that rule diagnoses out) and is not a diagnosis it speaks about."""
    return any(d.feature_start <= offset + mention.start < d.feature_end and mention.key not in d.candidates
               and (d.excludes or not excluding_only) for d in discriminators)


def _feature_text(text: str, lo: int, hi: int, mentions: list[Mention], keep_phenotypes: bool = True) -> str:
    """The feature's words in ``text[lo:hi]``, without the diseases named there (a finding's name stays)."""
    feature_text = text[lo:hi]
    for mention in mentions:
        if lo <= mention.start < hi and not (keep_phenotypes and mention.phenotype):
            feature_text = feature_text.replace(mention.surface, " ")
    return feature_text


def _usable(keys, cats, feature: Feature, feature_text: str, excludes: bool) -> bool:
    """A discriminator needs diagnoses, a feature of two words or more, and a feature the patient can be compared
    on; a source's stated reason for ruling a diagnosis out is kept even when it is not (it is quoted on the row)."""
    return bool(keys or cats) and len(feature_text.split()) >= 2 and (recognisable(feature) or excludes)


def _discriminators(text: str, lo: int, hi: int, mentions: list[Mention], ontology) -> list[tuple]:
    """The discriminators of one clause: ``(keys, categories, feature, direction, cue, feature span, excludes)``."""
    sentence = text[lo:hi]
    found = []
    for keys, cats, verdict, cue_text, feature_lo, feature_hi in _backward_statements(text, lo, hi, mentions):
        direction = "against" if verdict in _AGAINST_VERDICTS else "for"
        excludes = direction == "against"
        for keys, cats, part_lo, part_hi in _coordinated(text, feature_lo, feature_hi, mentions, keys, cats):
            feature_text = text[part_lo:part_hi]
            feature = read_feature(feature_text, ontology)
            if re.search(r"\bwithout\s*$", cue_text, re.I):
                feature.absent = True           # "unlikely without hypertension": the feature is stated absent
            if _usable(keys, cats, feature, feature_text, excludes):
                found.append((keys, cats, feature, direction, cue_text, _trimmed(text, part_lo, part_hi), excludes))
    if found:
        return found
    fronted = _FRONTED.match(sentence)
    if fronted and _FRONTED_VERDICT.search(sentence, fronted.end()):
        keys, cats = _spoken_of(text, lo + fronted.end(), hi, mentions)
        span = (lo + fronted.start("feature"), lo + fronted.end("feature"))
        feature = read_feature(fronted.group("feature"), ontology)
        if _usable(keys, cats, feature, fronted.group("feature"), True):
            return [(keys, cats, feature, "against", fronted.group().split()[0], span, True)]
    for pattern, direction in ((_FORWARD_AGAINST, "against"), (_TO_SUGGEST, "against"), (_FORWARD_FOR, "for")):
        match = pattern.search(sentence)
        if not match:
            continue
        if pattern is _TO_SUGGEST and not _NEGATION_IN_CLAUSE.search(sentence[:match.start()]):
            continue                            # "features to suggest X", not negated: no verdict read
        keys, cats = _spoken_of(text, lo + match.start(), hi, mentions)
        # A disease named before the cue is not part of the feature ("Unlike A, F argues against B"); a finding's
        # name is ("the absence of parotitis argues against mumps orchitis").
        feature_text = _feature_text(text, lo, lo + match.start(), mentions)
        feature = read_feature(feature_text, ontology)
        if _usable(keys, cats, feature, feature_text, False):
            return [(keys, cats, feature, direction, match.group(), (lo, lo + match.start()), False)]
    return []


def _backward_statements(text: str, lo: int, hi: int, mentions: list[Mention]):
    """Each backward statement of a clause, "A was excluded by F, and B was ruled out by G": ``(keys, categories,
    verdict, cue, feature start, feature end)``. A statement's subject starts at the conjunction before its first
    disease ("..., and B"), so the feature before it ends there."""
    matches = list(_BACKWARD.finditer(text, lo, hi))
    bounds = [lo]
    for previous, match in zip(matches, matches[1:]):
        bounds.append(_subject_start(text, previous.end(), match.start(), mentions))
    for index, match in enumerate(matches):
        keys, cats = _spoken_of(text, bounds[index], match.start(), mentions)
        feature_hi = bounds[index + 1] if index + 1 < len(matches) else hi
        yield keys, cats, match.group("verdict").lower(), match.group(), match.end(), feature_hi


def _subject_start(text: str, lo: int, hi: int, mentions: list[Mention]) -> int:
    """Where the subject of a second statement starts in ``text[lo:hi]``: at the conjunction before its first
    disease named after one (a disease, before a finding's name), else at the last conjunction, else at ``lo``."""
    joined = []
    for mention in sorted((m for m in mentions if lo < m.start < hi), key=lambda m: (m.phenotype, m.start)):
        join = _ELLIPSIS_JOIN.search(text, lo, mention.start)
        if join:
            joined.append(join.start())
            break
    if joined:
        return joined[0]
    last = [m.start() for m in re.finditer(r"[,;]\s*(?:and|while|whereas|but)\b|\s(?:and|while|whereas)\s",
                                           text[lo:hi], re.I)]
    return lo + last[-1] if last else lo


def _coordinated(text: str, lo: int, hi: int, mentions: list[Mention], keys: list[str], cats: list[str]):
    """The feature after a backward cue, split at a coordinated ellipsis: in "A was excluded by F, and B by G" the
    cue's verb is also B's, so A goes with F and B with G. Yields ``(keys, categories, feature start, end)``."""
    parts = []
    for mention in sorted((m for m in mentions if lo < m.start < hi), key=lambda m: m.start):
        joined = _ELLIPSIS_JOIN.search(text[lo:mention.start])
        by = _ELLIPSIS_BY.match(text, mention.end)
        if joined and by and by.end() < hi:
            parts.append((lo + joined.start(), mention, by.end()))
    start = lo
    for cut, mention, next_start in parts:
        yield keys, cats, start, _clause_end(text, start, cut)
        keys, cats, start = [mention.key], [], next_start
    yield keys, cats, start, _clause_end(text, start, hi)


def _trimmed(text: str, lo: int, hi: int) -> tuple[int, int]:
    """The span without the spaces and punctuation around it."""
    while lo < hi and text[lo] in " ,;:.":
        lo += 1
    while hi > lo and text[hi - 1] in " ,;:.":
        hi -= 1
    return lo, hi


def _clause_end(text: str, lo: int, hi: int) -> int:
    found = _CLAUSE_BREAK.search(text, lo, hi)
    return found.start() if found else hi


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
            states.append(("absent" if finding.excluded else "present", _case_clause(facts.text, finding)))
    if feature.family_history and facts.family_history is not None:
        span = facts.family_history_span
        states.append(("present" if facts.family_history else "absent", span.text if span else "family history"))
    stated = "absent" if feature.absent else "present"
    for word in feature.words:
        for match in re.finditer(FEATURE_WORDS[word], facts.text, re.I):
            clause_start = max(facts.text.rfind(c, 0, match.start()) for c in ".;,") + 1
            ends = [i for i in (facts.text.find(c, match.end()) for c in ".;,") if i >= 0]
            clause_end = min(ends) if ends else len(facts.text)
            clause = facts.text[clause_start:clause_end]
            # "absent intratesticular flow" against a source's "keeps or increases blood flow", "normal flow" against
            # its "absent flow" (clinicite.reason.feature_polarity); a case that only names it says it is there.
            same = agree(_source_polarities(feature.text, feature.absent), polarities(clause))
            if same is None:
                before = facts.text[clause_start:match.start()]
                same = (stated == "absent") == bool(_NEGATION_BEFORE.search(before))
            states.append((stated if same else _OTHER_STATE[stated], clause.strip()))
    if feature.tempo:
        tempo, words = case_tempo(facts.text)
        if tempo is not None:
            states.append((stated if tempo == feature.tempo else _OTHER_STATE[stated], words))
    if not recognisable(feature):
        states += _stated_in_words(feature, facts.text)
    kinds = {s for s, _ in states}
    if len(kinds) != 1:
        return None, ""
    return kinds.pop(), "; ".join(dict.fromkeys(t for _, t in states))


_OTHER_STATE = {"present": "absent", "absent": "present"}


def _case_clause(text: str, finding) -> str:
    """The case's clause that states a finding ("No dysuria", "ESR and CRP were normal"), so a row quotes how the case
    says it rather than the bare term's words; the finding's words when its offsets do not fit the text."""
    start, end = getattr(finding, "start", -1), getattr(finding, "end", -1)
    if not 0 <= start < end <= len(text) or text[start:end].lower() != finding.text.lower():
        return finding.text
    lo = max(text.rfind(c, 0, start) for c in ".;") + 1
    ends = [i for i in (text.find(c, end) for c in ".;") if i >= 0]
    return text[lo:min(ends) if ends else len(text)].strip()


def feature_label(discriminator: Discriminator) -> str:
    """The feature as a row's line: its words (a lone tempo adverb as the onset it states), and "without ..." ("not ..." before a preposition) when the statement,
    not the words, says it is absent ("rarely comes with fever": "without fever"; "rather than at night": "not at
    night"); the sentence itself is quoted beside it."""
    text = discriminator.feature.text
    if discriminator.feature.tempo and re.fullmatch(r"\w+ly", text):
        text = f"{discriminator.feature.tempo} onset"            # "develops gradually": "gradual onset"
    if not discriminator.feature.absent or _ABSENT.search(text):
        return text
    return f"not {text}" if re.match(r"(?:at|in|on|with|after|before|during|by|from|for)\b", text, re.I) \
        else f"without {text}"


def _source_polarities(text: str, absent: bool) -> set[str]:
    """The polarities of a source's feature, with an absence its words do not carry but its statement does ("rather
    than a round nidus", "unlikely without hypertension", "rarely brings a high fever": a denied high value is a
    normal one)."""
    own = polarities(text)
    if not absent or _ABSENT.search(text):
        return own
    if own & {RAISED, LOWERED}:
        return (own - {RAISED, LOWERED}) | {NORMAL}
    return own or {DENIED}
# Words of a feature that name no part of it: determiners, negation and verdict words ("the normal inguinal canal").
_FEATURE_STOPWORDS = {"absence", "presence", "lack", "paucity", "normal", "absent", "present", "negative",
                      "positive", "unremarkable", "finding", "findings", "patient", "there", "which", "these", "this",
                      "that", "their", "also", "been", "being", "were", "with", "without", "from", "into", "than",
                      "then", "sign", "signs", "evidence", "clinical", "clinically"}
# Direction words a source writes before what it measures ("raised inflammatory markers"): the case may say "the
# inflammatory markers were normal", so they are compared as polarities, not required as words.
_DIRECTION_WORD = re.compile(r"raised|elevated|increased|high|low|decreased|reduced", re.I)
_CASE_NEGATION = re.compile(r"\b(?:no|not|without|absent|absence|lack|negative|normal|unremarkable|nil|denies|"
                            r"denied)\b", re.I)


def _stated_in_words(feature: Feature, case_text: str) -> list[tuple[str, str]]:
    """A feature that no HPO term or imaging word reads, compared on its content words, one conjunct at a time ("a
    normal glucose and a lymphocytic fluid"): every content word of the conjunct in one clause of the case ("normal
    inguinal canal" and the case's "inguinal canals normal"), present or, with a negation or "normal" in that
    clause, absent. A conjunct stated otherwise than the feature as a whole ("a lymphocytic fluid" beside "a normal
    glucose") agrees with the source when the case states it the same way: its state is given relative to the
    feature's."""
    from clinicite.reason.case_words import stem
    found = []
    clauses = [c for c in re.split(r"[.;,]|\band\b|\bbut\b", case_text) if c.strip()]
    conjuncts = re.split(r",|\band\b|\bor\b", feature.text)
    # Parts without a negation of their own share the feature's ("unlikely without a drug, an infection or target
    # lesions"), unless another part carries it ("a normal glucose and a lymphocytic fluid": the fluid is present).
    marked = any(_ABSENT.search(c) or polarities(c) for c in conjuncts)
    stated = "absent" if feature.absent else "present"
    for conjunct in conjuncts:
        words = {stem(w) for w in re.findall(r"[A-Za-z][A-Za-z-]+", conjunct) if len(w) >= 4
                 and w.lower() not in _FEATURE_STOPWORDS and not _CASE_NEGATION.fullmatch(w)
                 and not _DIRECTION_WORD.fullmatch(w)}
        if not words:
            continue
        own = polarities(conjunct) if marked else _source_polarities(conjunct, feature.absent)
        for clause in clauses:
            stems = {stem(w) for w in re.findall(r"[A-Za-z][A-Za-z-]+", clause) if len(w) >= 4}
            if words <= stems:
                # "a normal cremasteric reflex" against "the cremasteric reflex was absent": polarity, not negation.
                same = agree(own, polarities(clause))
                if same is None:
                    continue
                found.append((stated if same else _OTHER_STATE[stated], clause.strip()))
    return found


MAX_STATED_EXCLUSIONS = 2        # per row: a row lists its strongest evidence, not every source's remark


@dataclass
class StatedExclusion:
    """A source's reason for ruling a diagnosis out that the case does not speak to: shown against the row, with
    the quote and its span, at no weight (the patient may yet differ from the source's on that feature)."""

    label: str
    explanation: str
    passage: dict


def stated_exclusions(candidate) -> list[StatedExclusion]:
    """The unweighed discriminators of a literature candidate (``discriminators_unweighed``) by which a source
    rules out that very disease ("An incarcerated inguinal hernia was excluded by the normal inguinal canal"), one
    per feature; a category word's ("malignancy was excluded") is left to the rows of that category's diseases."""
    shown: dict[str, StatedExclusion] = {}
    own = getattr(candidate, "similar_report_id", None)     # the similar published case's reasons first
    unweighed = sorted(getattr(candidate, "discriminators_unweighed", []), key=lambda d: d.document_id != own)
    for d in unweighed:
        if len(shown) == MAX_STATED_EXCLUSIONS:
            break
        if not d.excludes or candidate.key not in d.candidates or d.feature.text.lower() in shown:
            continue
        shown[d.feature.text.lower()] = StatedExclusion(
            f"ruled out in a source by {d.feature.text} (the case does not settle it)",
            f"source: \u201c{d.quote}\u201d ({d.document_id}); the case does not state all of it, or states it both ways",
            {"document_id": d.document_id, "pmid": None, "title": "", "start": d.start, "end": d.end, "score": 0.0,
             "mention": d.quote, "mention_start": d.start, "mention_end": d.end, "findings": [],
             "discriminator": {"quote": d.quote, "document_id": d.document_id, "start": d.start, "end": d.end,
                               "feature": d.feature.text, "feature_absent": d.feature.absent,
                               "hpo_ids": d.feature.hpo_ids, "direction": d.direction, "case_state": None,
                               "case_text": "", "log_lr": 0.0}})
    return list(shown.values())
