"""Disease mentions in passage text: a lexicon of known names, disease-like words, defined abbreviations.

Three recognisers, in order of trust:

1. the knowledge base's disease names and synonyms (longest match wins);
2. disease-like words: a head ending in -itis, -oma, -osis, -pathy, or a noun
   such as "fracture", "syndrome", "disease", "dysplasia", "tumour", with the one modifier before it when that
   modifier is not a generic qualifier ("chronic", "left" ...): "osteomyelitis",
   "stress fracture", "Ewing sarcoma";
3. abbreviations defined in the text, "intramedullary osteosclerosis (IMOS)",
   found with the Schwartz & Hearst algorithm (PSB 2003): the long form is the
   shortest run of words before the parenthesis whose letters spell the short
   form in order, starting at a word's first letter. A defined abbreviation of a
   disease mention then counts wherever it recurs.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z][A-Za-z'\-]*[A-Za-z]|[A-Za-z]")
_TOKEN = re.compile(r"\w[\w'\-]*")
_DISEASE_SUFFIX = re.compile(r"(?:itis|omas?|osis|pathy)$", re.IGNORECASE)
_HEAD_NOUNS = {"fracture", "fractures", "syndrome", "disease", "dysplasia", "tumor", "tumour", "cancer"}
_SINGLE_WORD_DISEASES = {"leukemia", "leukaemia", "sarcoidosis", "rickets", "scurvy"}
_NOT_DISEASES = {"diagnosis", "prognosis", "diagnoses", "empathy", "sympathy", "telepathy", "diploma", "aroma",
                 "stoma", "soma", "coma", "hypothesis", "osmosis", "stenosis"}
# Qualifiers that describe a course or side rather than name a different disease.
_GENERIC = {"a", "an", "the", "of", "and", "or", "with", "without", "in", "on", "to", "for", "by", "as", "at", "is",
            "was", "were", "be", "this", "that", "these", "those", "its", "their", "his", "her", "no", "not",
            "acute", "chronic", "subacute", "severe", "mild", "recurrent", "bilateral", "unilateral", "left", "right",
            "primary", "secondary", "multiple", "rare", "typical", "atypical", "early", "late", "possible",
            "probable", "suspected", "known", "new", "other", "such", "common", "like", "from", "had", "has",
            "have", "which", "who", "may", "can", "also", "both", "each", "more", "less", "most", "patients",
            "patient", "case", "cases", "diagnosed", "including", "include", "includes",
            # Epidemiology and study vocabulary: "first disease", "population cancer" name no disease.
            "first", "second", "third", "population", "incident", "prevalent", "monophasic", "biphasic", "overall",
            "total", "any", "all", "various", "different", "several", "underlying", "associated", "related",
            "existing", "previous", "prior", "current", "history", "risk", "human", "general", "major", "minor",
            "active", "advanced", "initial", "final", "higher", "lower", "increased", "reduced", "novel", "similar",
            "same", "specific", "clinical", "cohort", "study", "studies", "control", "controls", "baseline",
            "annual", "national", "worldwide", "global", "age-adjusted", "fatal", "nonfatal", "non-fatal", "onset",
            "index", "comorbid", "concomitant", "coexisting", "isolated", "progressive", "stable", "mean",
            "median", "high", "low", "non", "our", "we", "one", "two", "three", "many", "some", "every", "per"}
_ABBREVIATION = re.compile(r"\(\s*([A-Z][A-Za-z0-9\-]{1,9})\s*\)")
MAX_LEXICON_WORDS = 8


@dataclass(frozen=True)
class Mention:
    key: str                     # normalised name that groups mentions of one disease
    surface: str                 # as written
    start: int                   # offsets within the passage text
    end: int
    disease_id: str | None       # knowledge-base id when the lexicon knows the name
    kind: str                    # "lexicon", "pattern" or "abbreviation"


def normalise(text: str) -> str:
    return " ".join(t.lower() for t in _TOKEN.findall(text))


_LEXICONS: "weakref.WeakKeyDictionary[object, dict[str, str]]" = weakref.WeakKeyDictionary()


def disease_lexicon(kb) -> dict[str, str]:
    """Normalised disease name or synonym -> primary id (built once per knowledge base)."""
    lexicon = _LEXICONS.get(kb)
    if lexicon is None:
        lexicon = {}
        for disease_id in kb.diseases:
            primary = kb.equivalent_ids(disease_id)[0]
            for name in kb.names_of(disease_id):
                key = normalise(name)
                if len(key) > 3 and len(key.split()) <= MAX_LEXICON_WORDS:
                    lexicon.setdefault(key, primary)
        _LEXICONS[kb] = lexicon
    return lexicon


def _lexicon_mentions(text: str, lexicon: dict[str, str]) -> list[Mention]:
    tokens = list(_TOKEN.finditer(text))
    words = [t.group().lower() for t in tokens]
    found, i = [], 0
    while i < len(tokens):
        for size in range(min(MAX_LEXICON_WORDS, len(tokens) - i), 0, -1):
            key = " ".join(words[i:i + size])
            if key in lexicon:
                start, end = tokens[i].start(), tokens[i + size - 1].end()
                found.append(Mention(key, text[start:end], start, end, lexicon[key], "lexicon"))
                i += size
                break
        else:
            i += 1
    return found


def _pattern_mentions(text: str) -> list[Mention]:
    words = list(_WORD.finditer(text))
    found = []
    for index, word in enumerate(words):
        lowered = word.group().lower()
        if lowered in _NOT_DISEASES or len(lowered) < 5:
            continue
        head_noun = lowered in _HEAD_NOUNS
        if not head_noun and not _DISEASE_SUFFIX.search(lowered) and lowered not in _SINGLE_WORD_DISEASES:
            continue
        start = word.start()
        if index > 0:
            before = words[index - 1]
            gap = text[before.end():word.start()]
            if gap.strip() == "" and before.group().lower() not in _GENERIC:
                start = before.start()
        if head_noun and start == word.start():
            continue                     # "syndrome" alone names nothing
        key = normalise(text[start:word.end()]).removesuffix("s") if head_noun else normalise(text[start:word.end()])
        found.append(Mention(key, text[start:word.end()], start, word.end(), None, "pattern"))
    return found


def long_form(words_before: str, short: str) -> str | None:
    """Schwartz & Hearst: the shortest tail of ``words_before`` whose letters spell ``short`` in order."""
    letters = [c.lower() for c in short if c.isalnum()]
    text = words_before.rstrip()
    s, position = len(letters) - 1, len(text) - 1
    while s >= 0:
        c = letters[s]
        # The first letter of the short form must start a word of the long form.
        while position >= 0 and (text[position].lower() != c or
                                 (s == 0 and position > 0 and text[position - 1].isalnum())):
            position -= 1
        if position < 0:
            return None
        position -= 1
        s -= 1
    candidate = text[position + 1:].strip()
    if len(candidate.split()) > min(len(letters) + 5, 2 * len(letters)) or len(candidate) <= len(short):
        return None
    return candidate


def abbreviation_definitions(text: str) -> list[tuple[str, str]]:
    """``(short form, long form)`` for each "long form (SF)" in the text."""
    found = []
    for match in _ABBREVIATION.finditer(text):
        window = text[max(0, match.start() - 120):match.start()]
        window = re.split(r"[.;:()\[\]]", window)[-1]
        definition = long_form(window, match.group(1))
        if definition:
            found.append((match.group(1), definition))
    return found


def find_mentions(text: str, lexicon: dict[str, str], abbreviations: dict[str, Mention]) -> list[Mention]:
    """Disease mentions in one passage; ``abbreviations`` (short form -> mention) is updated and reused."""
    mentions = _lexicon_mentions(text, lexicon)
    taken = [(m.start, m.end) for m in mentions]
    for mention in _pattern_mentions(text):
        if not any(s < mention.end and mention.start < e for s, e in taken):
            mentions.append(mention)
            taken.append((mention.start, mention.end))
    for short, definition in abbreviation_definitions(text):
        key = normalise(definition)
        named = next((m for m in mentions if m.key in key or key in m.key), None)
        if named is not None or key in lexicon:
            abbreviations.setdefault(short, Mention(named.key if named else key, definition, 0, 0,
                                                    named.disease_id if named else lexicon.get(key), "abbreviation"))
    for short, mention in abbreviations.items():
        for match in re.finditer(rf"\b{re.escape(short)}\b", text):
            if not any(s <= match.start() < e for s, e in taken):
                mentions.append(Mention(mention.key, short, match.start(), match.end(), mention.disease_id,
                                        "abbreviation"))
    return sorted(mentions, key=lambda m: m.start)
