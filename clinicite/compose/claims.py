"""What a written statement claims, checked against the span it cites.

Word overlap (:func:`clinicite.compose.sentences.containment`) lets through a
statement that shares most words with its source and still gets the one that
matters wrong: a dose, a drug, the direction of an effect, the species. Each
check here looks at one of those and names what failed:

- **numbers**: every number the statement gives appears in the span, with the
  same unit when it has one ("5 g/kg" is not supported by "2 g/kg");
- **terms**: every specific term (an acronym, a capitalised name, a word shaped
  like a drug, disease or procedure name: ``-itis``, ``-mab``, ``-azole``...)
  appears in the span, as the same word, a variant of it, an expanded acronym
  or a listed synonym; a near-miss ("antmalarimathine") is named as misspelled;
- **direction**: the statement says increase, decrease or no effect, and the
  span does not say the contrary without also saying the same;
- **species**: a span about animals or cells is not written as a human result.

These are the rule-based checks of claim verification in the sense of
FEVER-style fact checking (Thorne et al., 2018) applied to numbers and entities,
the kinds of error most often found in generated medical summaries
(Wallace et al., 2021).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from clinicite.compose.drug_classes import drug_name_endings

_UNITS = (r"%|percent|per cent|mg/kg(?:/day|/d)?|g/kg|µg/kg|mcg/kg|mg/m2|mg/dl|mg/l|g/dl|g/l|mmol/l|µmol/l|"
          r"umol/l|ng/ml|pg/ml|iu/ml|iu|units?|mg|mcg|µg|ug|ng|g|kg|ml|l|mmhg|bpm|"
          r"years?|yrs?|months?|weeks?|wks?|days?|hours?|hrs?|h|minutes?|min|seconds?|s|fold|times|"
          r"patients|cases|children|subjects|participants|cm|mm")
_VALUE = r"\d+(?:[.,]\d+)?"
_NUMBER = re.compile(rf"(?<![\w.])({_VALUE})(?:\s*(?:-|–|to)\s*({_VALUE}))?\s*({_UNITS})?(?![\w/])", re.I)
_SPREAD = re.compile(rf"\s*(?:±|\+/-|\+-)\s*{_VALUE}")      # "51 ± 15%": the spread is not the value
_UNIT_ALIASES = {"percent": "%", "per cent": "%", "yrs": "years", "yr": "years", "year": "years",
                 "months": "months", "month": "months", "week": "weeks", "wks": "weeks", "wk": "weeks",
                 "day": "days", "hour": "hours", "hrs": "hours", "hr": "hours", "h": "hours", "min": "minutes",
                 "minute": "minutes", "second": "seconds", "s": "seconds", "unit": "units", "iu": "units",
                 "mcg": "µg", "ug": "µg", "mcg/kg": "µg/kg", "umol/l": "µmol/l", "times": "fold"}

# Word shapes of drug, disease, organism and procedure names (INN stems, WHO 2018; medical suffixes).
# The drug endings come from the one table of INN stems and chemical endings (data/inn_stems.json).
_SPECIFIC_SHAPE = re.compile(
    r"\w+(?:itis|osis|oma|omas|emia|aemia|pathy|algia|plasia|trophy|ectomy|otomy|ostomy|plasty|scopy|graphy|"
    + "|".join(drug_name_endings("chemical")) + r"|coccus|cocci|bacter|virus|viruses|cyte|cytes|genic)\b", re.I)
_NOT_SPECIFIC = {"medicine", "examine", "determine", "determined", "routine", "baseline", "online", "decline",
                 "combine", "define", "machine", "genuine", "outline", "guideline", "guidelines", "discipline",
                 "provide", "decide", "include", "guide", "wide", "side", "outside", "inside", "beside",
                 "nationwide", "worldwide", "override", "divide", "reside", "slide", "decide", "undermine",
                 "mine", "line", "fine", "pipeline", "timeline", "feminine", "famine", "imagine", "engine",
                 "genetic", "diagnosis", "prognosis", "hypothesis", "analysis", "basis", "thesis", "emphasis",
                 "synthesis", "diagnoses", "diagnostic", "pathogenic", "iatrogenic", "cytes", "osis", "amine",
                 "offline", "deadline", "hygiene", "vaccine", "vaccines", "gene", "genes", "whole", "pathology"}
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}s?\b")
_CAPITALISED = re.compile(r"(?<=[a-z,;] )[A-Z][a-z]{3,}\b")
_WORD = re.compile(r"[a-zA-Zµ][\w'-]*")

# Synonyms of common clinical terms (lower case; each set is one concept). Small on purpose: a miss
# makes the statement fail, which is the safe side.
SYNONYMS: list[set[str]] = [
    {"ivig", "igiv", "intravenous immunoglobulin", "intravenous immune globulin", "immunoglobulin"},
    {"aspirin", "acetylsalicylic acid", "asa", "salicylate"},
    {"myocardial infarction", "heart attack", "mi"},
    {"hypertension", "high blood pressure", "htn"},
    {"paracetamol", "acetaminophen"},
    {"adrenaline", "epinephrine"}, {"noradrenaline", "norepinephrine"},
    {"ciclosporin", "cyclosporine", "cyclosporin"},
    {"glucocorticoid", "glucocorticoids", "corticosteroid", "corticosteroids", "steroid", "steroids"},
    {"antimalarial", "antimalarials", "hydroxychloroquine", "chloroquine"},
    {"cancer", "carcinoma", "malignancy", "tumour", "tumor", "neoplasm"},
    {"stroke", "cerebrovascular accident", "cva"},
]

_NO_EFFECT = re.compile(
    r"\b(no|not|without)\s+(?:\w+\s+){0,3}?(difference|effect|change|association|benefit|improvement|"
    r"reduction|increase|impact|influence)s?\b|\b(did|does|do|was|were|is|are)\s+not\s+(?:\w+\s+){0,2}?"
    r"(reduce|increase|improve|change|affect|alter|differ|lower|raise|prevent|associated|effective|"
    r"significant\w*)\b|\bfailed to\b|\bunchanged\b|\bsimilar\b|\bcomparable\b|\bno significant\b|\bineffective\b",
    re.I)
_INCREASE = re.compile(r"\b(increas\w*|up-?regulat\w*|higher|elevat\w*|rais\w*|rise|rises|rose|improv\w*|enhanc\w*|greater|"
                       r"more\s+(?:likely|frequent|common)|promot\w*|boost\w*)\b", re.I)
_DECREASE = re.compile(r"\b(decreas\w*|down-?regulat\w*|reduc\w*|lower\w*|declin\w*|diminish\w*|fell|drop\w*|inhibit\w*|"
                       r"suppress\w*|attenuat\w*|less\s+(?:likely|frequent|common)|fewer|shorten\w*)\b", re.I)

_ANIMAL = re.compile(r"\b(mice|mouse|murine|rats?|rodents?|canine|dogs?|porcine|pigs?|piglets?|rabbits?|"
                     r"primates?|monkeys?|macaques?|zebrafish|animals?|bovine|ovine|sheep|hamsters?|"
                     r"guinea pigs?|drosophila|yeast|in vitro|cell lines?|cultured cells|xenografts?)\b", re.I)
_HUMAN = re.compile(r"\b(patients?|humans?|people|persons?|children|adults?|women|men|infants?|neonates?|"
                    r"participants?|volunteers?|clinical trials?|cohort)\b", re.I)


def numbers(text: str) -> set[tuple[float, str | None]]:
    """(value, normalised unit or None) for each number in ``text``; years of publication included."""
    found = set()
    for first, second, unit in _NUMBER.findall(_SPREAD.sub("", text)):
        unit = _UNIT_ALIASES.get(unit.lower(), unit.lower()) if unit else None
        for value in (first, second) if second else (first,):     # "10-12 hours": both ends in hours
            found.add((float(value.replace(",", ".")), unit))
    return found


def number_problems(statement: str, span: str) -> list[str]:
    have = numbers(span)
    values = {v for v, _ in have}
    problems = []
    for value, unit in sorted(numbers(statement), key=lambda x: (x[0], x[1] or "")):
        shown = f"{value:g}" + (f" {unit}" if unit else "")
        if value not in values:
            problems.append(f"the number {shown} is not in its source")
        elif unit is not None and (value, unit) not in have:
            problems.append(f"{shown} is not in its source with that unit")
    return problems


def specific_terms(text: str) -> list[str]:
    """The terms of ``text`` that name a particular drug, disease, organism, test or procedure."""
    terms = [m.group(0) for m in _SPECIFIC_SHAPE.finditer(text) if m.group(0).lower() not in _NOT_SPECIFIC
             and len(m.group(0)) >= 5]
    terms += [a.rstrip("s") if a.endswith("s") and len(a) > 2 else a for a in _ACRONYM.findall(text)]
    terms += _CAPITALISED.findall(text)
    return list(dict.fromkeys(terms))


def _variant(a: str, b: str) -> bool:
    """Same word up to inflection: equal, or sharing all but a short ending (at least 5 letters)."""
    if a == b:
        return True
    shared = len(_common_prefix(a, b))
    return shared >= 5 and shared >= max(len(a), len(b)) - 3


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _acronym_of(acronym: str, span_words: list[str]) -> bool:
    """``acronym`` (IVIG) spelled by consecutive span words (IntraVenous ImmunoGlobulin).

    Each word gives its first letter and, in order, any more of its letters.
    """
    letters = acronym.lower()
    return any(_spells(letters, span_words[start:start + len(letters)]) for start in range(len(span_words)))


def _spells(letters: str, words: list[str]) -> bool:
    if not letters:
        return True
    if not words or words[0][:1] != letters[0]:
        return False
    for k in range(len(letters), 0, -1):
        if _subsequence(letters[1:k], words[0][1:]) and _spells(letters[k:], words[1:]):
            return True
    return False


def _subsequence(part: str, word: str) -> bool:
    letters = iter(word)
    return all(c in letters for c in part)


def _synonym_in(term: str, span_lower: str) -> bool:
    for group in SYNONYMS:
        if term in group and any(re.search(rf"\b{re.escape(s)}", span_lower) for s in group if s != term):
            return True
    return False


def term_problems(statement: str, span: str) -> list[str]:
    span_lower = span.lower()
    words = [w.lower() for w in _WORD.findall(span)]
    # "oxacillin-resistant" names oxacillin: hyphenated words count whole and by their parts
    span_words = list(dict.fromkeys(words + [part for w in words if "-" in w for part in w.split("-") if part]))
    problems = []
    terms = specific_terms(statement)
    for term in terms:
        lowered = term.lower()
        if any(_variant(lowered, w) for w in span_words) or _synonym_in(lowered, span_lower):
            continue
        if term.isupper() and _acronym_of(term, span_words):
            continue
        near = _nearest(lowered, span_words)
        problems.append(f'"{term}" is not in its source' + (f'; it looks like a misspelling of "{near}"'
                                                              if near else ""))
    # any other long word that is a near miss of a source word ("immunoglubolin") is a misspelling too
    for word in dict.fromkeys(_WORD.findall(statement)):
        lowered = word.lower()
        if len(word) < 6 or word in terms or _INCREASE.fullmatch(word) or _DECREASE.fullmatch(word) \
                or any(_variant(lowered, w) for w in span_words):
            continue
        near = _nearest(lowered, span_words, 0.8)
        if near:
            problems.append(f'"{word}" is not in its source; it looks like a misspelling of "{near}"')
    return problems


def _nearest(word: str, candidates: list[str], at_least: float = 0.7) -> str | None:
    """The candidate most like ``word`` when it is at least ``at_least`` alike (difflib's ratio)."""
    best = max(candidates, key=lambda w: SequenceMatcher(None, word, w).ratio(), default=None)
    return best if best and SequenceMatcher(None, word, best).ratio() >= at_least else None


def direction(text: str) -> set[str]:
    """The directions of effect ``text`` states: "none" (no effect), "up", "down"."""
    found = set()
    if _NO_EFFECT.search(text):
        found.add("none")
    rest = _NO_EFFECT.sub(" ", text)
    if _INCREASE.search(rest):
        found.add("up")
    if _DECREASE.search(rest):
        found.add("down")
    return found


def direction_problems(statement: str, span: str) -> list[str]:
    said, source = direction(statement), direction(span)
    if not said or not source or said & source:
        return []
    names = {"none": "no effect", "up": "an increase", "down": "a decrease"}
    return [f"it states {' and '.join(names[d] for d in sorted(said))} where its source states "
            f"{' and '.join(names[d] for d in sorted(source))}"]


def species_problems(statement: str, span: str) -> list[str]:
    if _ANIMAL.search(span) and not _HUMAN.search(span) and not _ANIMAL.search(statement):
        return ["its source reports an animal or laboratory finding, which it states as a human one"]
    return []


def claim_problems(statement: str, span: str) -> list[str]:
    """Every way ``statement`` goes beyond or against ``span``; empty when none is found."""
    return (number_problems(statement, span) + term_problems(statement, span)
            + direction_problems(statement, span) + species_problems(statement, span))
