"""Gene symbols and variants named in a case: "a homozygous LYST mutation", "COL1A1 c.769G>A".

A symbol counts only when it is one the caller knows (the disease genes of the
knowledge base, from Orphanet) and is written as a symbol (case-sensitive, the
HGNC style of capitals and digits). Many symbols are also ordinary words or
abbreviations ("CAT", "MET", "ALL", "REST"), so a symbol without a digit, or
shorter than four characters, needs genetic context within a few words: "gene",
"mutation", "variant", "deletion", a zygosity, or HGVS notation (c./p.).
A symbol in a negated phrase ("no pathogenic variant in LYST") is not taken.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

_SYMBOL = re.compile(r"(?<![\w\-])([A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,4})?)(?![\w\-])")
_CONTEXT = re.compile(r"\b(?:genes?|mutations?|mutated|variants?|deletions?|duplications?|insertions?|"
                      r"frameshift|nonsense|missense|splice|pathogenic|homozygous|heterozygous|hemizygous|"
                      r"compound|biallelic|de novo|sequencing|genotyp\w*)\b|\b[cpg]\.\s?[\w*>_+-]+", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:no|without|negative for|ruled out|excluded)\b[^.;]{0,60}$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.;!?]\s")
WINDOW = 60                 # characters either side that count as the symbol's context


@dataclass(frozen=True)
class GeneMention:
    symbol: str
    start: int
    end: int
    context: str            # the words around it that make it a gene ("homozygous ... mutation")


def find_genes(text: str, symbols: Collection[str]) -> list[GeneMention]:
    """Known gene symbols stated in ``text``, in order, each once (the first mention)."""
    found: dict[str, GeneMention] = {}
    for match in _SYMBOL.finditer(text or ""):
        symbol = match.group(1)
        if symbol not in symbols or symbol in found:
            continue
        # Context counts within the symbol's own sentence ("c.769G>A" keeps its dots: a break needs a space).
        before = _SENTENCE_BREAK.split(text[max(0, match.start() - WINDOW):match.start()])[-1]
        after = _SENTENCE_BREAK.split(text[match.end():match.end() + WINDOW])[0]
        context = _CONTEXT.search(before + " " + after)
        if context is None and (len(symbol) < 4 or not any(c.isdigit() for c in symbol)):
            continue
        if _NEGATION.search(before):
            continue
        found[symbol] = GeneMention(symbol, match.start(), match.end(), context.group(0) if context else "")
    return list(found.values())
