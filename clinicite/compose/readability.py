"""How hard a text is to read: the Flesch-Kincaid grade (Kincaid et al., 1975) and syllable counts.

Used by the patient version of an answer (:mod:`clinicite.compose.audience`) and by the plain-language
rewording that it checks (:mod:`clinicite.compose.plain_language`).
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen
    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=20_000)
def _syllables(word: str) -> int:
    return len(_hyphenator().positions(word)) + 1


_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def readability_grade(text: str) -> float:
    """Flesch-Kincaid grade level of ``text`` (Kincaid et al., 1975).

    Words are runs of letters and digits, sentences end at ., ! or ?. Syllables
    come from pyphen's English hyphenation dictionary, and a number counts about
    one syllable a digit (up to four), as it is read out: textstat's counter
    downloads the CMU dictionary at run time (which clinicite never does) and
    importing textstat pulls in NLTK, seconds on every process's first answer.
    """
    words = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’-]*", text)
    if not words:
        return 0.0
    sentences = max(1, len([p for p in _SENTENCE_END.split(text) if re.search(r"[A-Za-z0-9]", p)]))
    syllables = sum(_syllables(w.lower()) for w in re.findall(r"[A-Za-z]+", text))
    # A number is read out in words ("34.4%": thirty-four point four percent): about one syllable a digit.
    syllables += sum(min(4, len(re.sub(r"\D", "", n))) for n in re.findall(r"\d[\d.,]*%?", text))
    return round(0.39 * len(words) / sentences + 11.8 * syllables / len(words) - 15.59, 2)


def sentence_grade(sentence: str) -> float:
    return readability_grade(sentence)


def syllable_count(word: str) -> int:
    return _syllables(word.lower())


def syllables_per_word(text: str) -> float:
    words = re.findall(r"[A-Za-z]+", text)
    return sum(_syllables(w.lower()) for w in words) / len(words) if words else 0.0
