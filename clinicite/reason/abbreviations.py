"""Abbreviations defined in the text, "intramedullary osteosclerosis (IMOS)", read with the Schwartz & Hearst
algorithm (PSB 2003): the long form is the shortest run of words before the parenthesis whose letters spell the
short form in order, starting at a word's first letter. A long form that reads as a disease counts, and so does
each later use of its short form. An abbreviation left undefined before a disease head ("VHL disease") is the one
lexicon disease whose name's words it spells by their initials (:func:`initialism_mentions`). Split from :mod:`clinicite.reason.mentions` (round 9).
"""

from __future__ import annotations

import re

from clinicite.reason.mention_lexicon import DiseaseLexicon, Mention
from clinicite.reason.mention_patterns import (_DISEASE_SUFFIX, _EPONYM_HEADS, _GENERIC, _HEAD_NOUNS, _NOT_DISEASES,
                                               _WORD)
from clinicite.reason.vocabulary import name_key

_ABBREVIATION = re.compile(r"\(\s*([A-Z][A-Za-z0-9\-]{1,9})\s*\)")


def _reads_as_disease(long_form_text: str, lexicon: DiseaseLexicon) -> bool:
    """A defined long form whose head word is disease-like and which is not a finding's name."""
    words = long_form_text.split()
    last = words[-1].lower() if words else ""
    # The head word may itself name a disease: "acute fibrinous and organizing pneumonia (AFOP)".
    # (a phenotype's name too: "organizing pneumonia" is an HPO term, "acute fibrinous and organizing pneumonia" a
    # disease with a name of its own)
    head_is_disease = any(name_key(" ".join(words[-n:])) in lexicon.entries for n in (1, 2) if len(words) > n)
    disease_like = (bool(_DISEASE_SUFFIX.search(last)) or last in _HEAD_NOUNS or last in _EPONYM_HEADS
                    or head_is_disease)
    # A long form that is also a finding's name ("acute necrotizing encephalopathy (ANE)") is kept by the caller,
    # marked as a phenotype's name: a diagnosis only where a source states or weighs it as one.
    return disease_like and last not in _NOT_DISEASES


def _more_specific(definition: str, start: int, named: Mention) -> bool:
    """A known disease name that is only the head of a longer defined name, with qualifiers that are not generic."""
    if named.start <= start or named.end != start + len(definition):
        return False
    qualifiers = [w.lower() for w in _WORD.findall(definition[:named.start - start])]
    return any(w not in _GENERIC for w in qualifiers)


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



_INITIALISM = re.compile(r"\b([A-Z]{3,6})[ -](disease|syndrome)\b")


def initialism_mentions(text: str, lexicon: DiseaseLexicon) -> list[Mention]:
    """"VHL disease" with VHL never defined: the disease whose name's words start with those letters, when exactly
    one disease of the lexicon ("von Hippel-Lindau disease|syndrome") has them, so the abbreviated name and the full
    one are one row. Two diseases with the same initials leave the mention to the other recognisers."""
    found = []
    for match in _INITIALISM.finditer(text):
        keys = lexicon.initialisms.get(match.group(1).lower(), set())
        entries = {lexicon.entries[k].concept_id or k: lexicon.entries[k] for k in keys if k in lexicon.entries}
        if len(entries) != 1:
            continue
        entry = next(iter(entries.values()))
        found.append(Mention(entry.key, match.group(0), match.start(), match.end(), entry.disease_id, "abbreviation",
                             entry.concept_id, entry.category, entry.phenotype))
    return found
