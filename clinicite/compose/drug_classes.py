"""Which drug classes a drug name belongs to, so that "SGLT2 inhibitors" speaks for "empagliflozin".

Two sources, both general rather than a hand list of drugs:

- **the held sources themselves**: a sentence that states a membership ("empagliflozin, an SGLT2
  inhibitor", "SGLT2 inhibitors such as empagliflozin", "the SGLT2 inhibitor empagliflozin") links the drug
  to the class wherever it occurs, by the hyponymy patterns of Hearst (1992, "Automatic acquisition of
  hyponyms from large text corpora");
- **the drug's INN stem**: International Nonproprietary Names carry their class in a common stem
  ("-gliflozin", "-statin", "-sartan"), by the WHO's published scheme (WHO, 2018, "The use of stems in the
  selection of International Nonproprietary Names (INN) for pharmaceutical substances"); the stems and
  their class names are kept in ``data/inn_stems.json``.

A class is returned as the set of content stems that name it ({"sglt2", "inhibitor"}); a sentence names
the class when it holds all of them.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from clinicite.compose.sentences import content_terms

_HEAD = r"(?:inhibitors?|agonists?|antagonists?|blockers?|antibod(?:y|ies)|analogues?|analogs?|modulators?|" \
        r"activators?|antibiotics?|statins?|diuretics?|anticoagulants?|antiplatelets?|corticosteroids?|" \
        r"bisphosphonates?|vaccines?|DMARDs?)"
_CLASS = rf"((?:[\w()/-]+\s+){{1,4}}?{_HEAD})"
_DRUG = r"([A-Za-z][a-z]{4,}(?:-[a-z]+)?)"
# "X, an SGLT2 inhibitor" / "X (an SGLT2 inhibitor)" / "X is an SGLT2 inhibitor"
_MEMBER_FIRST = re.compile(rf"\b{_DRUG}\s*(?:,|\(|\bis|\bwas)\s*(?:an?|the)\s+(?:\w+\s+){{0,2}}?{_CLASS}\b", re.I)
# "SGLT2 inhibitors such as X" / "SGLT2 inhibitors (X, Y)" / "SGLT2 inhibitors, including X"
_CLASS_FIRST = re.compile(rf"\b{_CLASS}\s*(?:,\s*)?(?:such as|including|like|e\.g\.,?|\()\s*{_DRUG}", re.I)
# "the SGLT2 inhibitor X"
_ATTRIBUTIVE = re.compile(rf"\bthe\s+{_CLASS}\s+{_DRUG}\b", re.I)
_GENERIC_CLASS = frozenset({"new", "novel", "oral", "selective", "potent", "first", "second", "drug", "agent",
                            "highly", "potential", "known", "approved", "class", "type", "this", "these", "other"})


@lru_cache(maxsize=1)
def _table() -> dict:
    text = resources.files("clinicite.compose").joinpath("data", "inn_stems.json").read_text(encoding="utf-8")
    return json.loads(text)


def drug_name_endings(level: str = "inn") -> tuple[str, ...]:
    """The endings that mark a drug's name, longest first, from the one table of ``data/inn_stems.json``:
    "inn" the INN stems (those that name a class and those that do not), "chemical" with the endings of
    chemical and biological names ("-amine", "-globulin"), "weak" with the shortest endings as well ("-ol")."""
    table = _table()
    endings = list(table["stems"]) + table["name_stems"]
    if level in ("chemical", "weak"):
        endings += table["chemical_endings"]
    if level == "weak":
        endings += table["weak_endings"]
    return tuple(sorted(dict.fromkeys(e.lower() for e in endings), key=lambda e: (-len(e), e)))


@lru_cache(maxsize=1)
def _stems() -> tuple[tuple[str, tuple[frozenset[str], ...]], ...]:
    """(INN stem, class stem sets), longest stem first (``-gliflozin`` before ``-flozin``)."""
    table = _table()["stems"]
    rows = [(stem.lower(), tuple(frozenset(_class_terms(name)) for name in names)) for stem, names in table.items()]
    return tuple(sorted(rows, key=lambda row: -len(row[0])))


def _class_terms(phrase: str) -> list[str]:
    """The stems that name a class, hyphenated names split, generic words left out ("the new oral ...")."""
    words = re.sub(r"(?<=\w)-(?=\w)", " ", phrase)
    return [t for t in content_terms(words) if t not in _GENERIC_CLASS]


def stem_classes(name: str) -> list[frozenset[str]]:
    """The classes a drug name's INN stem gives it ("empagliflozin": SGLT2 inhibitor); [] for none."""
    word = name.lower().strip()
    if not re.fullmatch(r"[a-z]{5,}", word):
        return []
    for stem, classes in _stems():
        if word.endswith(stem) and len(word) > len(stem) + 1:
            return [c for c in classes if c]
    return []


def stated_classes(texts: list[str]) -> dict[str, list[frozenset[str]]]:
    """Drug name (its stem, as ``content_terms`` gives it) -> the classes the texts state it belongs to."""
    found: dict[str, list[frozenset[str]]] = {}
    for text in texts:
        pairs = [(m.group(1), m.group(2)) for m in _MEMBER_FIRST.finditer(text)]
        pairs += [(m.group(2), m.group(1)) for m in _CLASS_FIRST.finditer(text)]
        pairs += [(m.group(2), m.group(1)) for m in _ATTRIBUTIVE.finditer(text)]
        for drug, kind in pairs:
            drug_terms, kind_terms = content_terms(drug), frozenset(_class_terms(kind))
            if len(drug_terms) != 1 or len(kind_terms) < 2 or drug_terms[0] in kind_terms:
                continue          # one word named, and a class more specific than its head ("an inhibitor")
            found.setdefault(drug_terms[0], [])
            if kind_terms not in found[drug_terms[0]]:
                found[drug_terms[0]].append(kind_terms)
    return found
