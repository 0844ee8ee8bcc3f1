"""The mode of inheritance a text states: "inherited in an autosomal recessive manner".

Modes are HPO terms too (the Mode of inheritance subtree), but not findings of the patient, so they
are kept apart from :attr:`CaseFacts.findings` in :attr:`CaseFacts.inheritance`. A mode word is read as
the mode only where the text says it is one: followed by a word for inheritance or for the condition
("autosomal dominant inheritance", "an X-linked recessive disorder"), or after "inherited"/"transmitted"
("inherited as an autosomal dominant trait"). Before a disease's own name ("autosomal dominant
congenital cataract") it names a subtype, and the words are left to the finding they qualify; this is
the convention of HPO gold corpora such as the OMIM-derived set of Groza et al. (2015).
"""

from __future__ import annotations

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

from clinicite.ingest.hpo import MODE_OF_INHERITANCE, Ontology
from clinicite.understand.facts import Span
from clinicite.understand.spelling import MIN_LENGTH, english, max_edits

_MODE_NOUN = (r"(?:inheritance|inherited|transmission|transmitted|trait|pattern|fashion|manner|mode|"
              r"segregation|syndrome|disorder|disease|condition)s?")
_AFTER_VERB = re.compile(r"\b(?:inherited|transmitted)\s+(?:(?:in|as)\s+)?(?:an?\s+)?$", re.I)


@lru_cache(maxsize=4)
def _patterns(ontology: Ontology) -> tuple[tuple[re.Pattern, str], ...]:
    """One pattern per name of two or more words of a mode term ("... inheritance"), the trailing
    "inheritance" made optional."""
    found: dict[str, str] = {}
    for term_id in sorted(ontology.subontology(MODE_OF_INHERITANCE) - {MODE_OF_INHERITANCE}):
        term = ontology.terms[term_id]
        if not term.name.lower().endswith(" inheritance"):    # penetrance, anticipation: a family's, not a mode
            continue
        for name in [term.name] + [s.text for s in term.synonyms if s.scope == "EXACT"]:
            core = re.sub(r"\s+inheritance$", "", name.strip(), flags=re.I)
            words = re.findall(r"[A-Za-z0-9]+", core)
            if len(words) >= 2 and "_" not in name:
                found.setdefault(r"[\s-]+".join(re.escape(w) for w in words).lower(), term_id)
    # longest names first, so "X-linked recessive" is read before "X-linked"
    return tuple((re.compile(rf"\b{core}\b(?:\s+{_MODE_NOUN}\b)?", re.I), term_id)
                 for core, term_id in sorted(found.items(), key=lambda item: -len(item[0])))


def inheritance_modes(text: str, ontology: Ontology) -> list[Span]:
    """Each stated mode of inheritance as a :class:`Span` (``value`` the HPO id, ``kind`` "inheritance").

    Slips in the mode's long words ("auosomal reessive inhreitance") are read first (:func:`_respelt`);
    each span keeps the text's own words and offsets."""
    spans: list[Span] = []
    read, where = _respelt(text, _vocabulary(ontology))
    for pattern, term_id in _patterns(ontology):
        for match in pattern.finditer(read):
            stated = match.end() > match.start() + len(match.group().split()[0]) and _has_noun(match.group())
            if not (stated or _AFTER_VERB.search(read[max(0, match.start() - 40):match.start()])):
                continue
            start, end = where[match.start()], where[match.end()]
            if any(s.start < end and start < s.end for s in spans):
                continue
            spans.append(Span(value=term_id, text=text[start:end], start=start, end=end, kind="inheritance"))
    return sorted(spans, key=lambda s: s.start)


_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=4)
def _vocabulary(ontology: Ontology) -> frozenset[str]:
    """The words of the mode patterns and their nouns, 6+ letters: the only words a slip is read as."""
    words = {w.lower() for pattern, _ in _patterns(ontology)
             for w in _WORD.findall(re.sub(r"\\[a-z]", " ", pattern.pattern))}     # escapes are no words
    words |= set(_WORD.findall(_MODE_NOUN))
    return frozenset(w for w in words if len(w) >= 6)


def _respelt(text: str, vocabulary: frozenset[str]) -> tuple[str, list[int]]:
    """The text with each word of 7+ letters that is no English word (wordfreq) read as the mode word one
    edit away (two from 11 letters; same first letter), and for each position of that text its position
    in ``text`` (a respelt word maps onto the whole typed word). As :mod:`clinicite.understand.spelling`
    does for term names, with RapidFuzz's optimal string alignment distance."""
    pieces: list[str] = []
    where: list[int] = []
    last = 0
    for match in _WORD.finditer(text):
        word = match.group()
        fix = _nearest_mode_word(word.lower(), vocabulary)
        if fix is None:
            continue
        pieces.append(text[last:match.start()])
        where.extend(range(last, match.start()))
        pieces.append(fix)
        where.extend([match.start()] + [match.end()] * (len(fix) - 1) if len(fix) > 1 else [match.start()])
        last = match.end()
    pieces.append(text[last:])
    where.extend(range(last, len(text) + 1))
    return "".join(pieces), where


def _nearest_mode_word(word: str, vocabulary: frozenset[str]) -> str | None:
    if len(word) < MIN_LENGTH or word in vocabulary:
        return None
    limit = max_edits(word)
    near = [(OSA.distance(word, v), v) for v in vocabulary if v[0] == word[0] and abs(len(v) - len(word)) <= limit]
    near = sorted(n for n in near if n[0] <= limit)
    if not near or (len(near) > 1 and near[0][0] == near[1][0]) or english(word):
        return None
    return near[0][1]


def _has_noun(phrase: str) -> bool:
    return re.search(rf"\b{_MODE_NOUN}$", phrase, re.I) is not None


__all__ = ["inheritance_modes"]
