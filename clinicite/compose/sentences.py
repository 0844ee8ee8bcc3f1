"""Sentences with their exact character offsets, and the words they share.

Extractive answers quote whole sentences, so each one keeps the ``start``/``end``
of the document text it came from. The splitter is the index's
(:func:`clinicite.index.passages.sentence_spans`), so a quote and the passage
it comes from agree on where a sentence ends.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from clinicite.index.passages import sentence_spans
from clinicite.understand.normalize import STOPWORDS, stem

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'-]*|\d+(?:\.\d+)?")
_EXTRA_STOP = frozenset("""what which how when why does do did can could should would may might will shall
not no yes there here than then such other others also more most less least patient patients case cases""".split())


@dataclass(frozen=True)
class Sentence:
    text: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text`` (the index's splitter, so quotes and passages agree on where a sentence ends);
    offsets are shifted by ``offset`` so they point into the whole document. Fragments under 3 characters
    are no quote."""
    return [Sentence(text[start - offset:end - offset], start, end) for start, end in sentence_spans(text, offset)
            if end - start >= 3]


# A compound code spelt with a hyphen ("cpx-351", "abt-199") is the same name as without one ("CPX351").
_HYPHENED_CODE = re.compile(r"^([a-z]{2,6})-(\d{1,6})$")


def content_terms(text: str) -> list[str]:
    """Stems of the content words of ``text`` (function and question words dropped); a letters-and-digits
    code is one term however its hyphen is written ("CPX-351" and "CPX351" are both "cpx351")."""
    terms = []
    for word in _WORD.findall(text):
        lowered = _HYPHENED_CODE.sub(r"\1\2", word.lower())
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
