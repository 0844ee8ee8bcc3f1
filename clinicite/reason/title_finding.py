"""A title's bare finding is what the patient had, never a row of the differential.

Case-report titles often lead with the presenting finding ("Periorbital oedema and frothy urine in a boy of four",
"Night bone pain, a limp and petechiae in a boy of five"): the CARE guideline (Gagnier et al., Headache 2013) asks
a title to name the area of focus, and a descriptive title names it by what was seen. When the vocabulary names no
disease in such a lead, the phrase read from the title is a finding with a few qualifiers around it, and showing
it as a diagnosis ("Periorbital oedema" at 20%) is the error the differential must not make.

:func:`title_finding` says when a phrase is such a finding: it holds an HPO finding's name (a label or an exact
synonym, as matching keys in ``lexicon.findings``), no disease of the lexicon covers it, and no word outside the
finding reads as a disease head ("-itis", "-oma", "syndrome", ...); the finding must be the phrase's head or open it.
One exception keeps a syndrome named by its
features: parts joined by a hyphen that are each a finding ("Cutis verticis gyrata-intellectual disability") are
the convention of Orphanet's names for syndromes, not a complaint.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from clinicite.reason.vocabulary import name_key

# Words that make a phrase a disease whatever finding it holds ("tuberculous lymphadenitis", "Pancoast tumour").
_DISEASE_WORD = re.compile(r"(?:itis|omas?|osis|pathy|aemia|emia|syndrome|disease|disorder|deficiency|infection|"
                           r"poisoning|toxicity|tumou?r|cancer|carcinoma|sarcoma|leuka?emia|fracture|palsy|plegia)$")


def _finding_spans(words: list[str], findings: frozenset[str]) -> list[tuple[int, int]]:
    return [(i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
            if " ".join(words[i:j]) in findings]


def _syndrome_of_findings(phrase: str, findings: frozenset[str]) -> bool:
    """Hyphen-joined parts that each hold a finding's name: a syndrome named by its features."""
    parts = [name_key(p) for p in re.split(r"(?<=\w)-(?=[A-Za-z]{3})", phrase)]
    parts = [p for p in parts if p]
    return len(parts) >= 2 and all(_finding_spans(p.split(), findings) for p in parts) and \
        sum(len(p.split()) for p in parts) >= 3


def named_inside(phrase: str, lexicon):
    """The one disease the vocabulary names inside a title's phrase ("Podagra overnight": podagra, a name of gout),
    or None when it names none or several."""
    from clinicite.reason.mentions import find_mentions
    if not isinstance(lexicon, Mapping):
        return None
    named = [m for m in find_mentions(phrase, lexicon, {}, phenotypes=True) if m.kind in ("lexicon", "vocabulary")]
    if len({m.key for m in named}) != 1:
        return None
    entry = lexicon.entries.get(named[0].key) if hasattr(lexicon, "entries") else None
    # A name HPO lists as a finding ("Blindness") is the finding; a disease HPO lists by a synonym ("Podagra") is not.
    is_finding = getattr(lexicon, "is_finding", lambda name: False)
    if named[0].phenotype and (entry is None or is_finding(entry.name)):
        return None
    return named[0]


def title_finding(phrase: str, mention, lexicon) -> bool:
    """Whether ``phrase`` (read from a title, with its vocabulary ``mention`` or None) is a finding, not a disease."""
    if mention is not None or named_inside(phrase, lexicon) is not None:
        return False                      # the vocabulary names a disease there ("Podagra" is a name of gout)
    findings: frozenset[str] = getattr(lexicon, "findings", frozenset())
    entries = getattr(lexicon, "entries", {})
    key = name_key(phrase)
    words = key.split()
    if not words:
        return False
    entry = entries.get(key)
    if entry is not None and not entry.phenotype:
        return False
    if _DISEASE_WORD.search(words[-1]):
        return False                      # "Sciatic nerve schwannoma": HPO lists tumours, the head names a disease
    # The finding is the phrase's head ("Night bone pain"), or opens it before a postmodifier ("Pain out of
    # proportion"); a finding's word inside another phrase ("apical" in "stress-induced apical ballooning") is not.
    # A past participle after it still leaves the finding the head ("Night pain relieved [by aspirin]").
    spans = [s for s in _finding_spans(words, findings)
             if s[0] == 0 or all(w.endswith("ed") for w in words[s[1]:])]
    if not spans or _syndrome_of_findings(phrase, findings):
        return False
    longest = max(spans, key=lambda s: s[1] - s[0])
    outside = words[:longest[0]] + words[longest[1]:]
    return not any(_DISEASE_WORD.search(w) for w in outside)
