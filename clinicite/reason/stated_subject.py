"""What a case report says it reports, read from its own sentences when the disease vocabulary does not name it.

A case report announces its subject in a few fixed rhetorical moves (the "Case presentation" and title conventions
of the CARE guideline, Gagnier et al., Headache 2013; sentence roles in abstracts, Teufel & Moens, Computational
Linguistics 2002): "we report the first case of human ocular thelaziasis", a title "Propofol-Induced Green Urine in a
Patient with ...", "X: a case report", and the opening definition "Hemolacria is a very rare entity". A vignette
written from such a report is diagnosed by that phrase even when no vocabulary (HPO, Orphanet, ICD-10-CM) holds it,
so :func:`subject_phrases` reads the phrase itself, with its offsets, for a report already judged a similar
published case (:mod:`clinicite.reason.similar_case`); the phrase is never read from a document that is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinicite.reason.mentions import Mention, abbreviation_definitions, find_mentions
from clinicite.reason.similar_case_abbreviation import is_undefined_short_form
from clinicite.reason.similar_case_eponym import eponym_spans
from clinicite.reason.vocabulary import name_key

# The moves, strongest first: the report's own "case of X", then its title, then its opening definition.
_CASE_OF = re.compile(r"\b(?:we (?:report|present|describe)|report(?:s|ed)?|present(?:s|ed)?|describe[sd]?|"
                      r"this is|here is)\b[^.;]{0,60}?\bcases? (?:of|with)\s+", re.I)
_DEFINITION = re.compile(r"\s+(?:\([A-Za-z0-9-]{2,10}\)\s+)?(?:is|are) (?:an? |the )?(?:[\w-]+ ){0,3}?"
                         r"(?:rare|uncommon|unusual|infrequent|serious|benign|rapidly|recogni[sz]ed|known|entity|"
                         r"disease|disorder|condition|syndrome|infection|complication|tumou?r|neoplasm|malformation|"
                         r"anomaly|bacterium|pathogen|parasite|variant|subtype)\b", re.I)
_TITLE_AFTER = re.compile(r"\s*(?::\s*(?:an? )?(?:rare )?(?:case report|case|report)\b|\s+in (?:an? |two |three )?(?:[\w-]+ ){0,4}?"
                          r"(?:\d+[- ](?:year|month|week|day)s?[- ]old|young|adult|elderly|patients?|(?:wo)?m[ae]n|boy|"
                          r"girl|child(?:ren)?|infants?|neonates?|newborn|adolescents?)\b)", re.I)
# Where the phrase ends: a preposition or verb that opens what follows the disease's name.
_END = re.compile(r"\s*(?:[,.;:()\[\]]|\b(?:in|with|after|following|preceded|caused|due|presenting|who|that|which|"
                  r"treated|from|at|during|associated|secondary|involving|and|or|was|were|is|are|has|had|as|on|by|"
                  r"for|to|without|complicated|diagnosed|mimicking|masquerading|should|must|may|might|can|could|will|"
                  r"would)\b|(?<![\w-])(?:seen|observed|noted|occurring|"
                  r"arising|developing|revealed|together|presented|reported|identified|found)\b)", re.I)
_LEADING = re.compile(r"^(?:(?:a|an|the|this|rare|very|unusual|unique|first|novel|interesting|atypical|exceptional|"
                      r"two|three|four|several|additional|further|new|uncommon|extremely|previously|unreported|"
                      r"such|our|late[- ]stage)\s+)+", re.I)
# A phrase about the patient, not the disease ("a 52-year-old man").
_PATIENT_WORDS = re.compile(r"^\d+$|\b(?:year|month|week|day)s?\b|\b(?:old|patients?|(?:wo)?m[ae]n|male|female|boy|girl|"
                            r"child(?:ren)?|infants?|neonates?|lady|gentleman|adult|family|families|individuals?|"
                            r"persons?|subjects?|siblings?|brothers?|sisters?|twins?|case|cases|report|literature|"
                            r"review|treatment|management|approach|use|study)\b", re.I)
# The title's second subject: what the patient had ("X with VHL disease", "X in a patient with Y", "patients carrying
# 1p21.3 microdeletions"); the report's diagnosis when its lead phrase only restates a finding (clinicite.reason.literature).
_PERSONS = r"(?:patients?|(?:wo)?m[ae]n|boys?|girls?|child(?:ren)?|infants?|adults?|neonates?|newborns?|adolescents?)"
_TITLE_WITH = re.compile(r"\s*(?:\bin (?:an? |two |three )?(?:[\w-]+ ){0,3}?)?(?:\b" + _PERSONS + r"\s+)?"
                         r"\b(?:with|carrying|harbou?ring)\s+", re.I)
_PATIENTS_WITH = re.compile(r"\b" + _PERSONS + r"\s+(?:with|carrying|harbou?ring)\s+", re.I)
MAX_WORDS = 6
_NOT_A_NAME = {"it", "this", "that", "these", "those", "there", "which", "he", "she", "they", "we", "its", "their"}


# How a finding is qualified in a title without becoming another finding: its onset, course, severity and side.
_FINDING_QUALIFIERS = re.compile(r"^(?:(?:sudden|sudden-onset|acute|acute-onset|subacute|chronic|severe|mild|recurrent|"
                                 r"progressive|persistent|intermittent|transient|episodic|massive|isolated|painful|"
                                 r"painless|bilateral|unilateral|left|right|left-sided|right-sided|new-onset|"
                                 r"refractory|unexplained|prolonged|nocturnal|early|late)\s+)+", re.I)


# The head words of a complaint: what a patient presents with, never what a report diagnoses. HPO holds many diseases
# as phenotypes too ("Inguinal hernia", "Aortic dissection"), so a finding's name alone does not make a title's lead
# a complaint; its head word does.
_COMPLAINT_HEADS = frozenset({
    "pain", "pains", "ache", "aches", "vomiting", "swelling", "fever", "cough", "rash", "headache", "dizziness",
    "syncope", "dyspnoea", "dyspnea", "breathlessness", "weakness", "numbness", "itching", "pruritus", "diarrhoea",
    "diarrhea", "lump", "limp", "discharge", "tenderness", "stiffness", "fatigue", "palpitations", "collapse"})


def presenting_complaint(phrase: str, whole: Mention | None, lexicon) -> bool:
    """The phrase names a presenting complaint ("Sudden scrotal pain", "Projectile vomiting"): a finding's name,
    once its onset, course, severity or side words are set aside, whose head word is a complaint's."""
    phrase = _LEADING.sub("", phrase.strip())
    words = phrase.lower().split()
    if not words or words[-1] not in _COMPLAINT_HEADS:
        return False
    if whole is not None and whole.phenotype:
        return True
    is_finding = getattr(lexicon, "is_finding", None)
    bare = _FINDING_QUALIFIERS.sub("", phrase)
    return is_finding is not None and (is_finding(phrase) or is_finding(bare))


@dataclass(frozen=True)
class Subject:
    phrase: str          # as written
    start: int           # offsets in the text it was read from
    end: int
    move: str            # "case of", "title", "title lead", "title with", "definition" or "title topic"


def _phrase_at(text: str, start: int) -> tuple[int, int] | None:
    """The noun phrase that starts at ``start``: up to the first boundary word, without leading qualifiers."""
    tail = text[start:start + 160]
    end = _END.search(tail)
    phrase = tail[:end.start()] if end else tail
    lead = _LEADING.match(phrase)
    offset = lead.end() if lead else 0
    phrase = phrase[offset:].strip()
    if phrase.lower() in _NOT_A_NAME:
        return None
    if end and re.fullmatch(r"[\w-]+(?:ent|ive|ous|al|ed|ing|ary|ic)", phrase) and \
            re.fullmatch(r"\s*(?:and|or)", end.group(0)):
        return None           # "a case with recurrent and rapidly progressive ...": a modifier, not the name
    short = re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", phrase or "")   # an abbreviation, read as its long form later
    if not phrase or len(phrase.split()) > MAX_WORDS or _PATIENT_WORDS.search(phrase) or (len(phrase) < 4 and
                                                                                           not short):
        return None
    begin = start + offset + (len(tail[offset:]) - len(tail[offset:].lstrip()))
    return begin, begin + len(phrase)


def _expand(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A defined abbreviation read as its long form: "two rare cases of ANE" names acute necrotizing encephalopathy."""
    phrase = text[span[0]:span[1]]
    for short, long in abbreviation_definitions(text):
        if phrase == short:
            at = text.find(long)
            if at >= 0:
                return at, at + len(long)
    return span


def subject_phrases(title: str, text: str) -> list[tuple[str, Subject]]:
    """``(where, subject)`` for each announced subject, strongest move first; ``where`` is "title" or "text"."""
    found: list[tuple[str, Subject]] = []
    for match in _CASE_OF.finditer(text):
        span = _phrase_at(text, match.end())
        if span:
            span = _expand(text, span)
            if span[1] - span[0] < 4:
                continue
            found.append(("text", Subject(text[span[0]:span[1]], *span, "case of")))
    for where, source in (("title", title), ("text", text[:200])):
        # A title, or a text that opens with its title (PubMed records joined into one passage): its first phrase,
        # when the title is about a patient ("X in a patient with", "X with Y developing in a 37-year-old").
        first = re.split(r"(?<=[.!?\]])\s+", source.strip())[0]
        after = _TITLE_AFTER.search(first)
        if after is None or after.start() == 0:
            continue
        head = re.split(r"[.:;!?]\s+", first[:after.start()])[-1]
        begin = after.start() - len(head)
        span = _phrase_at(first, begin + len(head) - len(head.lstrip()))
        if span:
            # right before the patient ("X in a patient") it is the title's subject; further ahead, a weaker lead
            move = "title" if span[1] == after.start() else "title lead"
            found.append((where, Subject(first[span[0]:span[1]], *span, move)))
    found += [(where, subject) for where, subject in _title_with(title, text)]
    for match in _DEFINITION.finditer(text):
        # The sentence opens with the subject: "Iatrogenic colonic perforation following colonoscopy is rare".
        lo = max([0, *(text.rfind(mark, 0, match.start()) + len(mark) for mark in (". ", ": ", "\n")
                       if mark in text[:match.start()])])
        lo += len(text[lo:match.start()]) - len(text[lo:match.start()].lstrip())
        head = text[lo:match.start()]
        if head and len(head.split()) <= MAX_WORDS + 3:
            span = _phrase_at(text, lo)
            if span and span[0] == lo:
                found.append(("text", Subject(text[span[0]:span[1]], *span, "definition")))
    found += _title_topic(title)
    return found


def _title_with(title: str, text: str) -> list[tuple[str, Subject]]:
    """The title's second subject (:data:`_TITLE_WITH`): right after its lead phrase ("Recurrent hemangioblastomas
    with VHL disease treated with ..."), or after "patients with|carrying" anywhere in it."""
    found = []
    for where, source in (("title", title), ("text", text[:200])):
        first = re.split(r"(?<=[.!?\]])\s+", source.strip())[0]
        if not first or (where == "text" and not _TITLE_AFTER.search(first) and not _PATIENTS_WITH.search(first)):
            continue              # a text's opening sentence is read as a title only when it reads as one
        lead = _phrase_at(first, len(first) - len(first.lstrip()))
        starts = [m.end() for m in _PATIENTS_WITH.finditer(first)]
        if lead:
            joined = _TITLE_WITH.match(first, lead[1])
            starts += [joined.end()] if joined else []
        for start in dict.fromkeys(sorted(starts)):
            span = _phrase_at(first, start)
            if span:
                found.append((where, Subject(first[span[0]:span[1]], *span, "title with")))
        if found:
            break
    return found


# A title's topic before its colon, when it is named as a disease ("Interstitial 6q25 microdeletion syndrome: ARID1B is
# the key gene"): read last, for a similar report that states nothing else we read.
_TOPIC_HEAD = re.compile(r"(?:syndrome|disease|disorder|deficiency|microdeletion|microduplication|deletion|"
                         r"duplication|itis|oma|osis|pathy|emia|aemia|dysplasia|dystrophy|palsy|anomaly|infection|"
                         r"malformation|neuropathy|encephalopathy|fever)$", re.I)


def _title_topic(title: str) -> list[tuple[str, Subject]]:
    head = title.split(":", 1)[0] if ":" in title else ""
    if not head or len(head.split()) > MAX_WORDS or _PATIENT_WORDS.search(head) or not _TOPIC_HEAD.search(head):
        return []
    span = _phrase_at(title, len(title) - len(title.lstrip()))
    if span is None or span[1] != len(head.rstrip()):
        return []                 # "X in Y: ..." is not a topic named whole
    return [("title", Subject(title[span[0]:span[1]], *span, "title topic"))]


@dataclass(frozen=True)
class Announced:
    """A similar report's announced subject, located: the key it is ranked under and where its hit says it."""
    key: str
    phrase: str
    hit: object              # the search hit (passage) that announces it
    at: int                  # offset of the phrase in the hit's text (-1: only its title says it)
    mention: Mention | None  # the vocabulary's mention when the vocabulary names the phrase
    move: str = ""           # the move that announced it (Subject.move, or "title names": the title's one disease)


def announced_subject(hits: list, document_id: str, lexicon, background: set[str], states_some: bool,
                      fold, restates=None) -> Announced | None:
    """The subject a similar report announces (:func:`subject_phrases`): when the report states nothing we read
    (``states_some`` False), or announces it as its case ("a case of X"). A subject the vocabulary names takes that
    disease's key; one the case already names (its background) is none. ``fold`` says when two keys are one name
    ("pathological" and "pathologic").

    ``restates(key)``: the key only restates one of the case's findings ("Recurrent multiple CNS hemangioblastomas"
    for a case of haemangioblastomas). Such a title lead gives way to the title's second subject ("... with VHL
    disease"), which is read only then: "Green urine due to propofol" has none, and keeps its lead."""
    folded_background = {fold(b) for b in background}
    lead_restated = False
    fallback: Announced | None = None       # a restated lead, when the title has no second subject
    for hit in [h for h in hits if h.document_id == document_id]:
        for where, subject in subject_phrases(hit.title or "", hit.text):
            if states_some and subject.move != "case of":
                continue
            if subject.move == "title with" and not lead_restated:
                continue
            if where == "text" and any(lo <= subject.start and subject.end <= hi for lo, hi in eponym_spans(hit.text)):
                continue          # "first described by Boerhaave": a person, never a row (similar_case_eponym)
            if is_undefined_short_form(subject.phrase, f"{hit.title or ''} {hit.text}"):
                continue          # "a case of ECD", never spelt out: no disease we can name (similar_case_abbreviation)
            named = find_mentions(subject.phrase, lexicon, {}, phenotypes=True)
            whole = next((m for m in named if m.end - m.start >= 0.6 * len(subject.phrase)), None)
            key = whole.key if whole is not None else name_key(subject.phrase)
            if subject.move.startswith("title") and presenting_complaint(subject.phrase, whole, lexicon):
                # A descriptive title leads with the presenting finding ("Sudden scrotal pain on waking in a teenage
                # boy"): that is what the patient had, not the diagnosis; the title's second subject may still be.
                lead_restated = True
                continue
            if not key or key in background or fold(key) in folded_background:
                lead_restated |= subject.move.startswith("title")
                continue
            if restates is not None and subject.move in ("title", "title lead", "title topic") and restates(key):
                lead_restated = True
                if fallback is None:
                    at = hit.text.find(subject.phrase) if where == "title" else subject.start
                    fallback = Announced(key, subject.phrase, hit, at, whole, subject.move)
                continue
            at = hit.text.find(subject.phrase) if where == "title" else subject.start
            return Announced(key, subject.phrase, hit, at, whole, subject.move)
    if fallback is None and not states_some:
        return _title_names(hits, document_id, lexicon, folded_background, fold, restates)
    return fallback


def _title_names(hits: list, document_id: str, lexicon, folded_background: set, fold, restates) -> Announced | None:
    """A report that states nothing we read and announces no subject by a move, whose title names one disease (not a
    finding's name, not the case's background): that disease is its subject. A title that only describes
    ("Bilateral exudative retinal detachments with meningism: acute uveitic phase of Vogt-Koyanagi-Harada disease";
    "Spontaneous intracranial hypotension after yoga: orthostatic headache ...") names its diagnosis once, there."""
    for hit in [h for h in hits if h.document_id == document_id and h.title]:
        # Only a disease the knowledge base holds: a name read by a pattern, or one only the vocabulary holds (ICD-10's
        # "Weil's disease", leptospirosis icterohaemorrhagica), may be a form of another row (leptospirosis), and would
        # show one disease twice.
        named = [m for m in find_mentions(hit.title, lexicon, {}, phenotypes=True)
                 if not m.phenotype and m.kind == "lexicon" and m.disease_id and fold(m.key) not in folded_background
                 and not (restates is not None and restates(m.key))]
        if len({m.key for m in named}) == 1:
            mention = named[0]
            return Announced(mention.key, mention.surface, hit, hit.text.find(mention.surface), mention, "title names")
    return None
