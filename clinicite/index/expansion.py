"""Query expansion: HPO synonyms (incl. layperson terms) and abbreviations defined in the corpus.

* HPO: a query phrase that equals a term's label or one of its exact or
  layperson synonyms ("brittle bones") adds the label and the exact synonyms.
* Abbreviations: "long form (SF)" pairs found in indexed passages by the
  algorithm of Schwartz & Hearst (2003, "A simple algorithm for identifying
  abbreviation definitions in biomedical text") are kept in
  ``abbreviations.json`` in the index folder; a query naming the short form adds
  its long form, and the other way round.

Expansion phrases carry a lower weight than the user's own words, so they widen
recall without outranking literal matches.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from clinicite.index.analysis import query_words

EXPANSION_WEIGHT = 0.4
MAX_NGRAM = 6
MAX_EXPANSIONS = 8
_PAREN = re.compile(r"\(([^()]{1,12})\)")


def best_long_form(short: str, candidate: str) -> str | None:
    """Schwartz & Hearst (2003): match the short form's characters right to left in the candidate.

    Every character of ``short`` must appear in order, and its first character must start a word.
    """
    # Lower-cased once rather than a character at a time (a tenth of an ingest's writer CPU went to
    # str.lower here). Character by character as before where the two differ: a character whose lower
    # case is longer ("İ") or context-dependent (str.lower's final-sigma rule for "Σ").
    whole = candidate.lower()
    lowered: Sequence[str] = whole if len(whole) == len(candidate) and "Σ" not in candidate \
        else [c.lower() for c in candidate]
    s_index, l_index = len(short) - 1, len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        if type(lowered) is str and len(char) == 1:
            # str.rfind does the leftward scan in C; the first character must also start a word.
            l_index = lowered.rfind(char, 0, l_index + 1)
            while s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum():
                l_index = lowered.rfind(char, 0, l_index)
        else:
            while l_index >= 0 and (lowered[l_index] != char
                                    or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())):
                l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    return candidate[start:].strip()


def _short_form_shape(short: str) -> bool:
    """2-10 characters, at most two words, starting alphanumeric, with a letter and an upper-case one."""
    if not (2 <= len(short) <= 10 and len(short.split()) <= 2 and short[0].isalnum()):
        return False
    if short.isascii():     # the usual case, without a Python-level loop per character
        return _ASCII_UPPER.search(short) is not None
    return any(c.isalpha() for c in short) and any(c.isupper() for c in short)


_ASCII_UPPER = re.compile("[A-Z]")       # in ASCII an upper-case character is a letter too
_CLAUSE_END = re.compile(r"[.;:!?()\[\]]\s")


def find_abbreviations(text: str) -> list[tuple[str, str]]:
    """(short form, long form) pairs defined in ``text`` as "long form (SF)"."""
    pairs: list[tuple[str, str]] = []
    if "(" not in text:
        return pairs
    for match in _PAREN.finditer(text):
        short = match.group(1).strip()
        if not _short_form_shape(short):
            continue
        before = text[max(0, match.start() - 200):match.start()]
        before = _CLAUSE_END.split(before)[-1].rstrip()
        words = before.split()
        limit = min(len(short) + 5, 2 * len(short))
        candidate = " ".join(words[-limit:])
        long = best_long_form(short, candidate)
        if not long or len(long) <= len(short) or short.lower() in long.lower().split():
            continue
        if len(long.split()) < 2 and len(long) < 2 * len(short):
            continue
        pairs.append((short, long))
    return pairs


class AbbreviationTable:
    """Short form -> long forms with counts, collected at sync time; kept as named JSON."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.forms: dict[str, Counter] = {}
        self._long_to_short: dict[str, str] | None = None
        if path is not None and path.is_file():
            raw = json.loads(path.read_text(encoding="utf-8"))
            self.forms = {short: Counter(longs) for short, longs in raw.items()}

    def add_text(self, text: str) -> int:
        return self.add_pairs(find_abbreviations(text))

    def add_pairs(self, found: Sequence[tuple[str, str]]) -> int:
        """Count (short form, long form) pairs found by :func:`find_abbreviations` (here or elsewhere)."""
        for short, long in found:
            self.forms.setdefault(short, Counter())[long.lower()] += 1
        if found:
            self._long_to_short = None
        return len(found)

    def long_forms(self, short: str) -> list[str]:
        counts = self.forms.get(short) or self.forms.get(short.upper())
        return [long for long, _ in counts.most_common(2)] if counts else []

    def short_forms(self) -> dict[str, str]:
        if self._long_to_short is None:
            self._long_to_short = {" ".join(query_words(long)): short for short, counts in self.forms.items()
                                   for long in counts}
        return self._long_to_short

    def save(self) -> None:
        if self.path is None:
            return
        # Keep the few most frequent long forms per short form: the table stays small.
        data = {short: dict(counts.most_common(5)) for short, counts in sorted(self.forms.items())}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, self.path)


class SynonymTable:
    """Normalised HPO names -> the label and exact synonyms of their term."""

    def __init__(self, ontology) -> None:
        self.names: dict[str, list[str]] = {}
        for term in ontology.terms.values():
            # Short abbreviations ("MI") are ambiguous across specialties: match on them, never add them.
            exact = [s.text for s in term.synonyms if s.scope == "EXACT"
                     and s.kind not in ("obsolete_synonym", "abbreviation") and len(s.text) > 3]
            layperson = term.layperson
            targets = list(dict.fromkeys([term.name, *exact]))
            for name in dict.fromkeys([term.name, *exact, *layperson]):
                key = " ".join(query_words(name))
                if key and len(key) > 3:
                    self.names.setdefault(key, [])
                    self.names[key].extend(t for t in targets if t not in self.names[key])

    def lookup(self, words: list[str]) -> list[tuple[str, list[str]]]:
        """(matched phrase, its synonyms) for the longest matching word n-grams of the query."""
        found, i = [], 0
        while i < len(words):
            for n in range(min(MAX_NGRAM, len(words) - i), 0, -1):
                phrase = " ".join(words[i:i + n])
                if phrase in self.names:
                    found.append((phrase, self.names[phrase]))
                    i += n - 1
                    break
            i += 1
        return found


_SYNONYMS: dict[int, SynonymTable] = {}


def synonym_table(ontology=None) -> SynonymTable:
    """The HPO synonym table, built once per process (loading HPO takes a few seconds)."""
    if ontology is None:
        from clinicite.ingest.hpo import load_ontology
        ontology = load_ontology()
    if id(ontology) not in _SYNONYMS:
        _SYNONYMS[id(ontology)] = SynonymTable(ontology)
    return _SYNONYMS[id(ontology)]


class QueryExpander:
    """Adds weighted phrases to a query from HPO synonyms and corpus abbreviations."""

    def __init__(self, abbreviations: AbbreviationTable | None = None, synonyms: SynonymTable | None = None,
                 weight: float = EXPANSION_WEIGHT, use_hpo: bool = True) -> None:
        self.abbreviations = abbreviations
        self._synonyms = synonyms
        self.use_hpo = use_hpo
        self.weight = weight

    @property
    def synonyms(self) -> SynonymTable | None:
        if self._synonyms is None and self.use_hpo:
            self._synonyms = synonym_table()
        return self._synonyms

    def expand(self, query: str) -> list[tuple[str, float]]:
        words = query_words(query)
        joined = " ".join(words)
        phrases: dict[str, None] = {}
        if self.synonyms is not None:
            for matched, targets in self.synonyms.lookup(words):
                for target in targets:
                    if " ".join(query_words(target)) not in (matched, joined):
                        phrases.setdefault(target)
        if self.abbreviations is not None:
            for token in re.findall(r"[A-Za-z0-9][A-Za-z0-9-]{1,9}", query):
                for long in self.abbreviations.long_forms(token):
                    phrases.setdefault(long)
            for long, short in self.abbreviations.short_forms().items():
                if long and f" {long} " in f" {joined} ":
                    phrases.setdefault(short)
        return [(phrase, self.weight) for phrase in list(phrases)[:MAX_EXPANSIONS]]
