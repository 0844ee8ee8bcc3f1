"""The case's own content words, as crude stems, and the documents that share them.

Literature evidence is read in the case's words as well as in its HPO findings: a passage is relevant when it
names a finding or shares a few content words, and a retrieved report's coverage of those words is one route to a
similar published case (:mod:`clinicite.reason.first_document`). The stems fold spelling ("haemophilia",
"hemophilia") and inflection ("diaphyseal", "diaphysis") by truncating at six letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from clinicite.reason.mentions import normalise
from clinicite.reason.vocabulary import name_key
from clinicite.understand.option_text import option_spans

# Words of a case text that say nothing about which disease it is.
CASE_STOPWORDS = {"with", "without", "and", "the", "for", "from", "year", "years", "old", "month", "months", "week",
                  "weeks", "day", "days", "woman", "man", "male", "female", "girl", "boy", "child", "patient",
                  "presents", "presented", "history", "family", "no", "not", "of", "after", "since", "has", "had",
                  "was", "who", "which", "this", "that", "there", "their", "his", "her", "she", "he", "on", "in",
                  "women", "healthy", "previously", "develops", "developed", "after", "both", "sides", "becomes",
                  "several", "were", "have", "been", "showed", "shows", "normal", "three", "four", "five", "two"}
# A passage is relevant when it names one of the case's findings, or shares this many case words; a
# document supports a candidate when it names a case finding or shares CANDIDATE_SHARED_STEMS case words.
MIN_SHARED_STEMS = 2
CANDIDATE_SHARED_STEMS = 3


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude stem: "diaphyseal" and "diaphysis", "sclerosis" and "sclerotic" meet at six letters, after the
    name matcher's spelling folds ("haemophilia" and "hemophilia" are one word)."""
    return name_key(word).replace(" ", "")[:6] or word[:6]


def folded(key: str) -> tuple[str, ...]:
    """A disease key as its words' stems: "pathological fracture" and "pathologic fracture" are one name."""
    return tuple(stem(w) for w in key.split())


def without_options(text: str | None) -> str:
    """The case text with the question's options blanked: a pasted multiple-choice block and the items of an
    inline "is this A, B or C?" (:func:`clinicite.understand.option_text.option_spans`). Those names are the
    asker's candidates, so they are neither case words nor a stated exposure; blanked with spaces, not cut, so
    that offsets into the text still hold."""
    if not text:
        return text or ""
    for start, end in option_spans(text):
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def case_stems(case_text: str, observed_labels: list[str]) -> set[str]:
    """Content-word stems of the case text and of its findings' labels."""
    words = normalise(f"{case_text} {' '.join(observed_labels)}").split()
    return {stem(w) for w in words if len(w) >= 4 and w not in CASE_STOPWORDS and not w.isdigit()}


def findings_in(text: str, labels: list[str]) -> list[str]:
    """The finding labels that ``text`` names, as whole words."""
    lowered = normalise(text)
    return [label for label in labels if label and re.search(rf"\b{re.escape(normalise(label))}\b", lowered)]


def shared_stems(text: str, stems: set[str]) -> set[str]:
    return {stem(w) for w in normalise(text).split() if len(w) >= 4} & stems


def is_relevant(text: str, findings: list[str], stems: set[str]) -> bool:
    """Names a case finding, or shares at least ``MIN_SHARED_STEMS`` content words with the case."""
    if findings:
        return True
    return len(shared_stems(text, stems)) >= MIN_SHARED_STEMS
