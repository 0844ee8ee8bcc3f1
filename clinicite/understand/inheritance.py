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

from clinicite.ingest.hpo import MODE_OF_INHERITANCE, Ontology
from clinicite.understand.facts import Span

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
    """Each stated mode of inheritance as a :class:`Span` (``value`` the HPO id, ``kind`` "inheritance")."""
    spans: list[Span] = []
    for pattern, term_id in _patterns(ontology):
        for match in pattern.finditer(text):
            stated = match.end() > match.start() + len(match.group().split()[0]) and _has_noun(match.group())
            if not (stated or _AFTER_VERB.search(text[max(0, match.start() - 40):match.start()])):
                continue
            if any(s.start < match.end() and match.start() < s.end for s in spans):
                continue
            spans.append(Span(value=term_id, text=match.group(), start=match.start(), end=match.end(),
                              kind="inheritance"))
    return sorted(spans, key=lambda s: s.start)


def _has_noun(phrase: str) -> bool:
    return re.search(rf"\b{_MODE_NOUN}$", phrase, re.I) is not None


__all__ = ["inheritance_modes"]
