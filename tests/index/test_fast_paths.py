"""The ingest's faster text routines give exactly what the plain versions they replaced gave.

Each reference below is the earlier, simpler implementation (round 11), kept here as the specification;
the strings are random over the characters each rule looks at (a fixed seed), plus hand-picked cases.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache

from clinicite.index import analysis, expansion, passages

# --- sentence ends -----------------------------------------------------------------------------------
PLAIN_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])|[.!?]+[\"')\]]*$|\n{2,}")


def _random_texts(alphabet: str, count: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest))) for _ in range(count)]


def test_the_sentence_end_pattern_matches_the_plain_alternation():
    texts = _random_texts(".!?\"')]([ \n\tAa1e", 20_000, 30, seed=12)
    texts += ["Fig. 2 shows it.) Then", "end.\n", "end.\n\n", "Done!\"", "a... B", "x.)\ny", "Q?!) (A", ""]
    for text in texts:
        assert ([m.span() for m in passages._SENTENCE_END.finditer(text)]
                == [m.span() for m in PLAIN_SENTENCE_END.finditer(text)]), repr(text)


def test_the_word_before_a_dot_is_found_as_by_slicing():
    def plain(text: str, dot: int) -> bool:
        word = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, dot - 12):dot])
        if not word:
            return False
        token = word.group(1).lower().rstrip(".")
        return token in passages.ABBREVIATIONS or len(token) == 1

    for text in _random_texts("ab.eg i.Fz ", 5_000, 24, seed=7):
        for dot in range(len(text) + 1):
            assert passages._abbreviation_before(text, dot) == plain(text, dot), (text, dot)


# --- abbreviation definitions -------------------------------------------------------------------------
def plain_best_long_form(short: str, candidate: str) -> str | None:
    lowered = [c.lower() for c in candidate]
    s_index, l_index = len(short) - 1, len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (lowered[l_index] != char
                                or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    return candidate[start:].strip()


def test_best_long_form_matches_the_character_by_character_scan():
    rng = random.Random(3)
    candidates = _random_texts("abcAB -1ΣİI", 3_000, 20, seed=5)
    for candidate in candidates:
        for _ in range(4):
            short = "".join(rng.choice("abAB1-İ") for _ in range(rng.randint(1, 4)))
            assert expansion.best_long_form(short, candidate) == plain_best_long_form(short, candidate), \
                (short, candidate)


def plain_shape(short: str) -> bool:
    return (2 <= len(short) <= 10 and len(short.split()) <= 2 and short[0].isalnum()
            and any(c.isalpha() for c in short) and any(c.isupper() for c in short))


def test_the_short_form_test_is_unchanged():
    for short in _random_texts("aA1 -.éÉΣß", 20_000, 12, seed=9) + ["", "A", "ab", "1A", "Ab Cd Ef", "ΣΦ", "é1"]:
        if short:
            assert expansion._short_form_shape(short) == plain_shape(short), repr(short)


def test_abbreviations_found_in_a_passage():
    text = ("Patients with chronic kidney disease (CKD) and tumour necrosis factor-α (TNF-α) levels; "
            "magnetic resonance imaging (MRI) showed no (clear) lesion. No parenthesis here")
    assert expansion.find_abbreviations(text) == [("CKD", "chronic kidney disease"),
                                                  ("TNF-α", "tumour necrosis factor-α"),
                                                  ("MRI", "magnetic resonance imaging")]
    assert expansion.find_abbreviations("no brackets at all") == []


# --- normalisation ------------------------------------------------------------------------------------
@lru_cache(maxsize=None)
def _plain_chunk(chunk: str) -> str:
    return analysis._normalise_chunk(chunk)


def test_normalise_gives_what_chunk_by_chunk_normalisation_gives():
    texts = _random_texts("aeis-/ αβTNF\u00b5 haem\tX\n", 3_000, 40, seed=11)
    texts += ["Oedema of the TNF-α and IL-1β X-ray tumours, randomised", "", "   ", "µg/kg"]
    for text in texts:
        assert analysis.normalise(text) == " ".join(map(_plain_chunk, text.split())), repr(text)


def test_the_chunk_cache_is_emptied_when_full(monkeypatch):
    monkeypatch.setattr(analysis, "CHUNK_CACHE_LIMIT", 3)
    analysis._CHUNKS.clear()
    assert analysis.normalise("one two three four five Haemoglobin") == "one two three four five hemoglobin"
    assert len(analysis._CHUNKS) <= 3
