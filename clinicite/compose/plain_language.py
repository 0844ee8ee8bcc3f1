"""Plain words for patients: a cited sentence too hard to read is reworded, then checked against its source.

A sentence above school grade 8 (Flesch-Kincaid, see :mod:`clinicite.compose.audience`)
is rewritten in three steps: medical terms are replaced by everyday words (the
HPO layperson synonyms of phenotype terms, and a small curated glossary,
``data/plain_words.json``, for procedures, anatomy and study words), long
sentences are split at semicolons and at ", but" / ", and" between clauses, and
pure abbreviation brackets ("(IMOS)") are left out. This is the lexical
simplification of Siddharthan (2014, "A survey of research on text
simplification") without a learned model: every change is a lookup a reader can
check.

The rewording must still say what the source says (:func:`matches_source`):
each content word of the plain sentence is a word of the cited span or of a
glossary entry for one of its words; the numbers are the same; no negation is
lost or added (beyond one an entry itself carries, "afebrile" -> "without
fever"). When the check fails, the sentence is kept as written with the hard
terms explained in brackets, never dropped and never replaced unchecked.
"""

from __future__ import annotations

import json
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from clinicite.compose.readability import sentence_grade, syllable_count, syllables_per_word
from clinicite.compose.sentences import content_terms

GLOSSARY_FILE = Path(__file__).with_name("data") / "plain_words.json"
MAX_TERM_WORDS = 6
SPLIT_MIN_WORDS = 6           # each part of a split sentence keeps at least this many words
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'-]*")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NEGATION = re.compile(r"\b(no|not|non|without|never|neither|nor|none|absent|absence|cannot|unable|"
                       r"fail(?:s|ed)? to)\b|n't\b", re.I)
_ABBREVIATION_BRACKET = re.compile(r"\s*\((?:[A-Z][A-Za-z]{0,2}[A-Z0-9-]{1,8}s?)\)")
# Breaks between main clauses only: ", although ..." or ", while ..." would leave a fragment behind.
_CLAUSE_BREAK = re.compile(r";\s+|,\s+(?=but\s)|,\s+and\s+(?=(?:the|this|these|it|"
                           r"they|he|she|its|their|his|her|all|no|none|most|some|one|[a-z]+ (?:was|were|is|are|"
                           r"had|has|did|showed|improved|remained)\b))")


@dataclass
class PlainLexicon:
    """Lower-case terms and their plain words; looked up as word n-grams, longest first."""

    entries: dict[str, str]
    longest: int = MAX_TERM_WORDS

    def matches(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, plain words) of every known term in ``text``, longest match first, no overlaps."""
        tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        found, i = [], 0
        while i < len(tokens):
            for n in range(min(self.longest, len(tokens) - i), 0, -1):
                start, end = tokens[i][0], tokens[i + n - 1][1]
                plain = self.lookup(text[start:end])
                if plain is not None:
                    found.append((start, end, plain))
                    i += n
                    break
            else:
                i += 1
        return found

    def lookup(self, phrase: str) -> str | None:
        key = " ".join(phrase.lower().split())
        if key in self.entries:
            return self.entries[key]
        for suffix, replacement in (("ies", "y"), ("es", ""), ("s", "")):
            if key.endswith(suffix) and len(key) > 4 and key[: -len(suffix)] + replacement in self.entries:
                return self.entries[key[: -len(suffix)] + replacement]
        return None


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    data = json.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))
    return {key.lower(): value for key, value in data.items() if not key.startswith("_")}


_lexicons: dict[int, tuple[Any, PlainLexicon]] = {}
_lock = threading.Lock()


def lexicon_for(ontology: Any) -> PlainLexicon:
    """The glossary plus the ontology's layperson synonyms, built once per ontology."""
    with _lock:
        known = _lexicons.get(id(ontology))
        if known is not None and known[0] is ontology:
            return known[1]
        entries = dict(hpo_layperson_entries(ontology)) if ontology is not None else {}
        entries.update(glossary())          # curated words win over the ontology's
        lexicon = PlainLexicon(entries)
        _lexicons[id(ontology)] = (ontology, lexicon)
        return lexicon


PHENOTYPIC_ABNORMALITY = "HP:0000118"
HARD_WORD_SYLLABLES = 3


def hpo_layperson_entries(ontology: Any) -> dict[str, str]:
    """HPO phenotype names and exact synonyms -> the term's layperson synonym, where that is easier to read.

    Only phenotypic abnormalities: the ontology's modifiers ("Onset", "Severe") have layperson labels
    that do not fit back into a sentence. A name is replaced only when it holds a hard word (three or
    more syllables) and its layperson words are shorter per word.
    """

    terms = getattr(ontology, "terms", None)
    terms = terms() if callable(terms) else terms
    terms = terms.values() if isinstance(terms, dict) else (terms or [])
    entries: dict[str, str] = {}
    phenotypes = ontology.descendants(PHENOTYPIC_ABNORMALITY) if PHENOTYPIC_ABNORMALITY in ontology else set()
    for term in terms:
        if term.id not in phenotypes:
            continue
        lay = [s.text for s in term.synonyms if s.kind == "layperson" and s.scope == "EXACT"] or term.layperson
        if not lay:
            continue
        plain = lay[0]
        if plain.lower().startswith(("having ", "being ")):
            continue            # a verb phrase ("Having too much body fat") does not fit where the noun stood
        names = [term.name] + [s.text for s in term.synonyms
                               if s.scope == "EXACT" and s.kind not in ("layperson", "abbreviation")]
        for name in names:
            key = " ".join(name.lower().split())
            if len(key) < 4 or key == plain.lower() or len(key.split()) > MAX_TERM_WORDS:
                continue
            hard = max((syllable_count(word) for word in re.findall(r"[A-Za-z]+", name)), default=0)
            if hard >= HARD_WORD_SYLLABLES and syllables_per_word(plain) < syllables_per_word(name):
                entries.setdefault(key, plain[0].lower() + plain[1:] if not plain[:2].isupper() else plain)
    return entries


@dataclass
class Rewording:
    text: str
    reworded: bool                  # True: plain words that passed the check; False: the original, explained
    terms: list[tuple[str, str]] = field(default_factory=list)   # (term as written, plain words)
    reason: str | None = None       # why the plain version was refused


def replace_terms(text: str, lexicon: PlainLexicon) -> tuple[str, list[tuple[str, str]]]:
    """``text`` with each known term replaced by its plain words (a/an and capitals fixed)."""
    out, used, cursor = [], [], 0
    for start, end, plain in lexicon.matches(text):
        before = text[cursor:start]
        term = text[start:end]
        if plain.startswith("("):       # an adjective with no plain word: explained where it stands
            out += [before, f"{term} {plain}"]
            used.append((term, plain))
            cursor = end
            continue
        if term[0].isupper() and (start == 0 or text[:start].rstrip().endswith((".", ";", ":"))):
            plain = plain[0].upper() + plain[1:]
        article = re.search(r"\b(a|an|A|An)\s+$", before)
        if article:
            word = ("an" if plain[0].lower() in "aeiou" else "a")
            word = word.capitalize() if article.group(1)[0].isupper() else word
            before = before[:article.start(1)] + word + before[article.end(1):]
        out += [before, plain]
        used.append((term, plain))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), used


def split_long(text: str, limit: int = 20) -> str:
    """Sentences longer than ``limit`` words split at clause breaks, each part long enough to stand alone."""
    if len(text.split()) <= limit:
        return text
    parts, start = [], 0
    for match in _CLAUSE_BREAK.finditer(text):
        left, right = text[start:match.start()], text[match.end():]
        if right[:1] in "(0123456789" or left.count("(") > left.count(")"):
            continue            # an enumeration "(1) ...; (2) ..." or a bracket that is still open
        if len(left.split()) >= SPLIT_MIN_WORDS and len(right.split()) >= SPLIT_MIN_WORDS:
            parts.append(left.strip())
            start = match.end()
    if not parts:
        return text
    parts.append(text[start:].strip())
    sentences = []
    for part in parts:
        part = part.rstrip(" ,;")
        part = part[0].upper() + part[1:]
        sentences.append(part if part.endswith((".", "!", "?")) else part + ".")
    return " ".join(sentences)


def plain_version(text: str, lexicon: PlainLexicon) -> tuple[str, list[tuple[str, str]]]:
    without_brackets = _ABBREVIATION_BRACKET.sub("", text)
    replaced, used = replace_terms(without_brackets, lexicon)
    return split_long(replaced), used


def matches_source(plain: str, original: str, quotes: list[str], used: list[tuple[str, str]]) -> str | None:
    """None when ``plain`` still says what the cited ``quotes`` say; else the reason it does not.

    ``original`` is the sentence as shown before rewording (for extractive answers, the quote itself).
    """
    source = " ".join(quotes)
    allowed = set(content_terms(source))
    gloss_words = set()
    for term, words in used:
        if set(content_terms(term)) <= allowed or term.lower() in source.lower():
            gloss_words |= set(content_terms(words))
    # Words only: numbers are compared whole below ("0.01" is one number, not the words "0" and "01").
    unknown = [word for word in dict.fromkeys(re.findall(r"[A-Za-z][A-Za-z0-9'-]*", plain))
               if any(t not in allowed and t not in gloss_words for t in content_terms(word))]
    if unknown:
        return f"words not in the source: {', '.join(unknown[:5])}"
    if Counter(_NUMBER.findall(plain)) != Counter(_NUMBER.findall(original)) or \
            not set(_NUMBER.findall(plain)) <= set(_NUMBER.findall(source)):
        return "the numbers differ from the source"
    carried = sum(len(_NEGATION.findall(words)) - len(_NEGATION.findall(term)) for term, words in used)
    if len(_NEGATION.findall(plain)) != len(_NEGATION.findall(original)) + carried:
        return "a negation was lost or added"
    return None


def explain_terms(text: str, lexicon: PlainLexicon) -> tuple[str, list[tuple[str, str]]]:
    """The sentence as written, each hard term followed by its plain words in brackets."""
    out, used, cursor = [], [], 0
    for start, end, plain in lexicon.matches(text):
        term = text[start:end]
        out += [text[cursor:end], f" {plain}" if plain.startswith("(") else f" ({plain})"]
        used.append((term, plain))
        cursor = end
    out.append(text[cursor:])
    return "".join(out), used


def hard_words(text: str) -> int:
    """Words of three or more syllables: the "complex words" of Gunning's fog index (1952)."""
    return sum(1 for word in re.findall(r"[A-Za-z]+", text) if syllable_count(word) >= HARD_WORD_SYLLABLES)


def plainer(plain: str, text: str) -> bool:
    """Fewer hard words, or a lower grade: plain words may be more words than the term they replace."""
    return hard_words(plain) < hard_words(text) or sentence_grade(plain) < sentence_grade(text)


def reword(text: str, quotes: list[str], lexicon: PlainLexicon) -> Rewording:
    """Plain words for one cited sentence, checked against its source; the explained original if not."""
    plain, used = plain_version(text, lexicon)
    if plain == text or not plainer(plain, text):
        return Rewording(text, False)
    reason = matches_source(plain, text, quotes, used)
    if reason is None:
        return Rewording(plain, True, used)
    explained, terms = explain_terms(text, lexicon)
    return Rewording(explained, False, terms, reason)
