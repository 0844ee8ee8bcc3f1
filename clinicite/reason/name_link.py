"""Join a disease phrase from the literature to the knowledge-base record it names, when no name matches exactly.

A report's title or a passage often names a disease with extra modifiers in front of a recorded name:
"Emotional stress-induced apical ballooning" is Orphanet's "Apical ballooning syndrome" (Tako-Tsubo
cardiomyopathy). Without a link the differential shows the disease twice: once as the literature's phrase and
once as the knowledge row. The rule follows the head-final structure of English noun phrases (the head of a
noun phrase is its last word; what precedes it modifies it): a phrase names a recorded disease when the phrase
*ends* with that disease's name core (the name less a trailing "syndrome", "disease", ...), the core has at
least two distinctive words (one word, such as "Marfan", is too often a family of distinct diseases), the
phrase carries no word that makes it another entity ("pseudo", "-like", "non") nor a subtype modifier in
front of the name ("juvenile", "X-linked": the subtype may be a record of its own), and every recorded name so
matched belongs to one disease (one equivalence group). Otherwise it stays unlinked: a false join would merge
two diseases, which is worse than a duplicate row.
"""

from __future__ import annotations

import re

from clinicite.reason.vocabulary.inverted import reading_order

# Trailing words that name the kind of entity, not the disease ("apical ballooning syndrome" = "apical ballooning").
GENERIC_TAIL = {"syndrome", "disease", "disorder", "condition"}
# Words that turn a phrase into a different entity from the name it ends with.
OTHER_ENTITY = {"pseudo", "like", "non", "not", "without", "mimicking", "mimic", "mimics", "versus", "vs",
                "excluding", "absence"}
# Modifiers that name a subtype (an age form, a mode of inheritance): the phrase may be a distinct record.
SUBTYPE = {"neonatal", "infantile", "juvenile", "childhood", "adult", "onset", "late", "early", "congenital",
           "familial", "hereditary", "autosomal", "dominant", "recessive", "linked", "x", "type", "form", "variant"}
STOPWORDS = {"of", "the", "and", "with", "in", "a", "an", "type"}
MIN_CORE_WORDS = 2


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def name_core(name: str) -> tuple[str, ...]:
    tokens = words(name)
    while tokens and tokens[-1] in GENERIC_TAIL:
        tokens.pop()
    return tuple(tokens)


def _index(kb) -> dict[tuple[str, ...], set[int]]:
    """Name core -> equivalence groups, over every candidate's names (built once per knowledge base)."""
    index = getattr(kb, "_name_core_index", None)
    if index is None:
        index = {}
        for row, disease_id in enumerate(kb.candidates):
            names = kb.names_of(disease_id)
            for name in [*names, *(form for n in names for form in reading_order(n))]:
                core = name_core(name)
                if len([w for w in core if w not in STOPWORDS]) >= MIN_CORE_WORDS:
                    index.setdefault(core, set()).add(int(kb.row_group[row]))
        kb._name_core_index = index
    return index


def headed_disease(kb, phrase: str) -> str | None:
    """The knowledge-base id (primary of its group) whose recorded name ends ``phrase``; None when no single one."""
    # A postmodifier ("heart disease of native coronary artery", "anaemia in pregnancy") follows the head: only
    # the words before it are the head noun phrase.
    head = re.split(r"\b(?:of|in|with|due to|after|from|following|secondary to)\b", phrase.lower(), maxsplit=1)[0]
    tokens = name_core(head)
    if not tokens or OTHER_ENTITY & set(tokens):
        return None
    index = _index(kb)
    groups: set[int] = set()
    for start in range(len(tokens)):
        found = index.get(tokens[start:], set())
        if found and SUBTYPE & set(tokens[:start]):
            return None      # "juvenile X", "X-linked X": a form of the recorded disease, maybe a record of its own
        groups |= found
    if len(groups) != 1:
        return None
    group = next(iter(groups))
    row = int(next(r for r, g in enumerate(kb.row_group) if g == group))
    return kb.equivalent_ids(kb.candidates[row])[0]
