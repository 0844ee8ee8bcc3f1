"""Biomedical text normalisation shared by indexing and querying.

tantivy's ``en_stem`` analyser (lower case, English Porter stemming) runs after
:func:`normalise`, which makes spelling variants meet on one form *before* that:

* Greek letters become their names: ``TNF-α`` -> ``tnf-alpha``, ``β2`` -> ``beta2``;
* British spellings become American: oedema -> edema, haemorrhage -> hemorrhage,
  tumour -> tumor, paediatric -> pediatric, oesophagus -> esophagus, anaemia ->
  anemia, orthopaedic -> orthopedic, randomised -> randomized;
* hyphenated and split compounds are indexed in all three forms: ``X-ray`` ->
  ``x ray xray``, so "xray", "x ray" and "X-ray" all match each other, as do
  "non-ossifying" and "nonossifying".

The same function runs on passages and on queries, so both sides always agree.
"""

from __future__ import annotations

import re

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK_RE = re.compile("[" + "".join(GREEK) + "]")

# British -> American, by word start or word part (lower case): the one spelling table, used by the
# index here and by the understand stage (clinicite.understand.normalize.spell). Prefix rules touch any
# word beginning with the key (haemoglobin, haematoma); infix rules any word containing it.
BRITISH_PREFIXES = {
    "haem": "hem", "anaem": "anem", "paed": "ped", "orthopaed": "orthoped", "oesophag": "esophag",
    "oedem": "edem", "oestr": "estr", "aetiol": "etiol", "foet": "fet", "gynaec": "gynec",
    "leukaem": "leukem", "ischaem": "ischem", "septicaem": "septicem", "hypoglycaem": "hypoglycem",
    "hyperglycaem": "hyperglycem", "glycaem": "glycem", "anaesth": "anesth", "haemat": "hemat",
    "coeliac": "celiac", "diarrhoe": "diarrhe", "dyspnoe": "dyspne", "apnoe": "apne",
    "amenorrhoe": "amenorrhe", "gonorrhoe": "gonorrhe", "oesophageal": "esophageal",
    "manoeuvre": "maneuver", "manoeuv": "maneuv", "tumour": "tumor", "colour": "color", "behaviour": "behavior",
    "labour": "labor", "favour": "favor", "odour": "odor", "centre": "center", "fibre": "fiber",
    "litre": "liter", "millilitre": "milliliter", "metre": "meter", "calibre": "caliber",
    "analogue": "analog", "catalogue": "catalog", "dialys": "dialys", "programme": "program",
    "grey": "gray", "sulph": "sulf", "aluminium": "aluminum", "caesarean": "cesarean", "mould": "mold",
}
BRITISH_INFIXES = {"aemia": "emia", "haem": "hem", "oedema": "edema", "paedi": "pedi", "tumour": "tumor",
            "aesthe": "esthe", "rrhoea": "rrhea", "oesoph": "esoph"}
# -ise/-isation -> -ize/-ization, except words where "ise" is not the suffix.
_ISE = re.compile(r"\b([a-z]{3,}?)is(e|ed|es|ing|ation|ations|er|ers)\b")
_ISE_KEEP = frozenset(
    "exerc otherw prec conc expert franch merchand comprom enterpr superv telev rev dev exc inc circumc "
    "chast desp dem surpr advert parad treat prem prom likew clockw no po ra pra ar bru cru an disgu "
    "improv compr appr repr w r adv rev wh".split()
    ).union({"exercis", "advis", "hois", "mais", "pois", "nois"})

_WORD = re.compile(r"[a-z0-9]+")
_COMPOUND = re.compile(r"\b[a-z0-9]+(?:[-/][a-z0-9]+)+\b")
_WORD_PREFIX = re.compile(r"\b(" + "|".join(sorted(BRITISH_PREFIXES, key=len, reverse=True)) + r")")
_INFIX = re.compile("|".join(sorted(BRITISH_INFIXES, key=len, reverse=True)))
# Anything a rule of _normalise_chunk could rewrite in lower-case ASCII: a British spelling, an -ise ending, a compound.
_ANY_RULE = re.compile("|".join([_WORD_PREFIX.pattern, _INFIX.pattern, r"is(?:e|ed|es|ing|ation|ations|er|ers)\b",
                                 r"[-/]"]))


def _greek(match: re.Match) -> str:
    return GREEK[match.group(0)]


def _greek_in_context(text: str) -> str:
    text = text.replace("\u00b5", "u")  # the micro sign of units: µg -> ug, not a Greek mu
    # A letter glued to a word ("TNFα", "IL-1β") becomes a hyphenated part so compounds apply.
    text = re.sub(r"(?<=[A-Za-z0-9])([" + "".join(GREEK) + "])", lambda m: "-" + GREEK[m.group(1)], text)
    return _GREEK_RE.sub(_greek, text)


def _ise(match: re.Match) -> str:
    stem, ending = match.group(1), match.group(2)
    if stem in _ISE_KEEP:
        return match.group(0)
    return f"{stem}iz{ending}"


def _compound(match: re.Match) -> str:
    parts = re.split(r"[-/]", match.group(0))
    joined = "".join(parts)
    # All three forms, so "x-ray", "x ray" and "xray" meet; numbers are kept apart from letters too.
    return " ".join(parts) + " " + joined


class _ChunkCache(dict):
    """Normalised chunks by chunk, emptied when full. A miss is filled by ``__missing__``, so every lookup
    is ``dict.__getitem__`` called from C through ``map`` (an ``lru_cache`` hit costs a Python-level call
    and its recency bookkeeping: 12,205 MEDLINE passages 0.43 -> 0.17 CPU s; ``map(dict.get)`` with a second
    pass for the misses -> ``__missing__``: 0.17 -> 0.15 CPU s, identical output)."""

    def __missing__(self, chunk: str) -> str:
        if len(self) >= CHUNK_CACHE_LIMIT:
            self.clear()
        value = self[chunk] = _normalise_chunk(chunk)
        return value


_CHUNKS = _ChunkCache()
_chunk = _CHUNKS.__getitem__
CHUNK_CACHE_LIMIT = 500_000


def normalise(text: str) -> str:
    """Lower-cased text with Greek letters spelled out, American spelling and compound variants.

    Every rule works inside a whitespace-separated chunk, so chunks are normalised one by one through a
    cache: a corpus repeats its vocabulary, and this was the largest cost of indexing.
    """
    return " ".join(map(_chunk, text.split()))


def _normalise_chunk(text: str) -> str:
    if text.isascii():
        # Most chunks are plain words no rule touches: one search for anything a rule could change, instead
        # of the four substitutions (a fresh ingest meets ~20 new chunks per abstract; 5,000 SciFact
        # abstracts: 1.99 -> 1.57 CPU s cold, identical output).
        lowered = text.lower()
        if _ANY_RULE.search(lowered) is None:
            return lowered
    text = _greek_in_context(text).lower()
    text = american(text)
    text = _ISE.sub(_ise, text)
    return _COMPOUND.sub(_compound, text)


def american(text: str) -> str:
    """Lower-case ``text`` with British spellings made American by :data:`BRITISH_PREFIXES` and
    :data:`BRITISH_INFIXES` (-ise endings are left to the caller: their exceptions depend on the word)."""
    text = _WORD_PREFIX.sub(lambda m: BRITISH_PREFIXES[m.group(1)], text)
    return _INFIX.sub(lambda m: BRITISH_INFIXES[m.group(0)], text)


def query_words(text: str) -> list[str]:
    """The normalised words of a query, free of any query-language syntax."""
    return _WORD.findall(normalise(text))
