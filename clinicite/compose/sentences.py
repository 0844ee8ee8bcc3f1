"""Sentences with their exact character offsets, and the words they share.

Extractive answers quote whole sentences, so each one keeps the ``start``/``end``
of the document text it came from. The splitter is a rule-based one in the
manner of Punkt (Kiss & Strunk, 2006) without training: a full stop ends a
sentence unless it follows a known abbreviation, an initial or a decimal.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from clinicite.understand.normalize import STOPWORDS, stem

_ABBREVIATIONS = frozenset("""e.g i.e et al vs dr mr mrs ms fig figs approx ca cf incl resp ref eq
jr sr inc ltd dept univ""".split())
_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])|[.!?]+[\"')\]]*$|\n{2,}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d+(?:\.\d+)?")
_EXTRA_STOP = frozenset("""what which how when why does do did can could should would may might will shall
not no yes there here than then such other others also more most less least patient patients case cases""".split())


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text``; offsets are shifted by ``offset`` so they point into the whole document."""
    sentences: list[Sentence] = []
    begin = 0
    for match in _END.finditer(text):
        stop = match.end()
        if match.group().startswith(".") and _abbreviation_before(text, match.start()):
            continue
        _add(sentences, text, begin, stop, offset)
        begin = stop
    _add(sentences, text, begin, len(text), offset)
    return sentences


def _abbreviation_before(text: str, dot: int) -> bool:
    word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1


def _add(sentences: list[Sentence], text: str, begin: int, stop: int, offset: int) -> None:
    chunk = text[begin:stop]
    lead = len(chunk) - len(chunk.lstrip())
    chunk = chunk.strip()
    if len(chunk) >= 3:
        start = offset + begin + lead
        sentences.append(Sentence(chunk, start, start + len(chunk)))


def content_terms(text: str) -> list[str]:
    """Stems of the content words of ``text`` (function and question words dropped)."""
    terms = []
    for word in _WORD.findall(text):
        lowered = word.lower()
        if lowered in STOPWORDS or lowered in _EXTRA_STOP or len(lowered) < 2:
            continue
        terms.append(stem(lowered))
    return terms


def term_vector(text: str) -> Counter[str]:
    return Counter(content_terms(text))


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(value * b.get(key, 0) for key, value in a.items())
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def containment(statement: str, source: str) -> float:
    """Share of the statement's content terms that occur in the source (0..1)."""
    wanted = set(content_terms(statement))
    if not wanted:
        return 0.0
    return len(wanted & set(content_terms(source))) / len(wanted)
