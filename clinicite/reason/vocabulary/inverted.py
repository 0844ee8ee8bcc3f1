"""OMIM's inverted names in reading order, so a literature mention finds the record it names.

OMIM titles put the head noun first and its modifiers after commas, the way a printed index sorts them
("Aortic aneurysm, abdominal"; "Metaphyseal chondrodysplasia, Schmid type"; "Corneal dystrophy, crystalline, of
Schnyder"; "OSTEOSCLEROSIS, INTRAMEDULLARY"). Papers write the noun phrase in English order, modifiers before the
head ("abdominal aortic aneurysm", "Schmid-type metaphyseal chondrodysplasia", "intramedullary osteosclerosis"), so
neither the name matcher nor the vocabulary link (:func:`clinicite.reason.vocabulary.build.link_knowledge_base`)
joins them, and one disease shows twice (a literature row and a knowledge row) or its passages support nothing.

:func:`reading_order` turns an inverted name back: the parts after the first comma, last first, go before the head
("of Schnyder" reads as "Schnyder"); a trailing "X type" is also kept after the head ("metaphyseal chondrodysplasia
Schmid type"). Names whose later parts are not plain modifiers are left alone: a number or a subtype ("Spinocerebellar
ataxia, autosomal recessive 7", "type 2"), an inclusion or susceptibility note ("..., included", "susceptibility
to"), a coordination or a clause ("with", "and", "due to"): re-ordering those would make a name nobody writes, or a
different disease.
"""

from __future__ import annotations

import re

# Words that make a comma part something other than a modifier of the head.
_NOT_MODIFIERS = re.compile(r"\d|\b(?:included|susceptibility|to|with|without|and|or|due|resistance|protection|"
                            r"modifier|autosomal|dominant|recessive|linked|x|y|mitochondrial|somatic|form|variant|"
                            r"group|complementation|subtype|formerly|late|early|onset|in|on|by|for|from|the|a|an)\b",
                            re.I)
_MAX_MODIFIER_WORDS = 3


def reading_order(name: str) -> list[str]:
    """The English-order forms of an inverted name ("Aortic aneurysm, abdominal" -> ["abdominal Aortic aneurysm"]),
    or [] when the name is not inverted or its later parts are not plain modifiers."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) < 2 or not all(parts):
        return []
    head, modifiers = parts[0], parts[1:]
    words: list[str] = []
    for modifier in reversed(modifiers):
        modifier = re.sub(r"^of\s+", "", modifier, flags=re.I)      # "of Schnyder": a describer's name
        if len(modifier.split()) > _MAX_MODIFIER_WORDS or _NOT_MODIFIERS.search(modifier.replace("type", "")):
            return []
        if not re.fullmatch(r"[A-Za-z][A-Za-z'\- ]*", modifier):
            return []
        words.append(modifier)
    forms = [" ".join([*words, head])]
    if len(modifiers) == 1 and re.search(r"\btype$", modifiers[0], re.I):
        forms.append(f"{head} {modifiers[0]}")                      # "metaphyseal chondrodysplasia Schmid type"
    return forms
