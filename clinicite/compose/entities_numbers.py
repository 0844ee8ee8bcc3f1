"""Answers that are a quantity or a date: "How many copies of TP53 ...?", "When was vaxchora first licensed?".

The noun-run candidates of :mod:`clinicite.compose.entities` cut a count off its noun ("55 annotated
conserved human") or a date into words ("June 2017 received approval"); the exact answer of such a
question is the number or the date alone. The expected answer's class is read from the question's wh-phrase
("how many", "what percentage", "when", "which year"), as in the answer-type taxonomy of Li & Roth (2002,
"Learning question classifiers": NUM:count, NUM:perc, NUM:date), and candidates of that class are read from
the evidence sentences with patterns, each ranked by the redundancy principle of
:mod:`clinicite.compose.entities`: the relevance of the sentences stating it, more when the number stands
next to the thing the question counts ("20 copies" for "How many copies ...").
"""

from __future__ import annotations

import re

from clinicite.compose.answer_types import FIT
from clinicite.compose.candidate import Candidate
from clinicite.compose.evidence import Evidence
from clinicite.compose.sentences import content_terms

_COUNT_Q = re.compile(r"^\s*(?:roughly\s+|approximately\s+|about\s+)?how\s+many\b|^\s*what\s+(?:is\s+the\s+)?"
                      r"(?:total\s+)?number\s+of\b", re.I)
_SHARE_Q = re.compile(r"^\s*(?:what|which)\s+(?:is\s+the\s+)?(?:percentage|proportion|fraction|share)\b|"
                      r"^\s*how\s+(?:common|frequent)\b|\bwhat\s+percentage\b", re.I)
_DATE_Q = re.compile(r"^\s*(?:when\s+(?:was|were|did|has|is)\b|(?:in\s+)?(?:which|what)\s+year\b)", re.I)

_NUMBER_WORDS = {w: n for n, w in enumerate("""zero one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty""".split())}
# A number standing alone: not inside a symbol ("miR-181b-1", "H1N1", "p53") nor a range's second half.
_NUMBER = re.compile(r"(?<![\w.\-/])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s?%)?(?![\w/]|-\d|\.\d)")
_WORD_NUMBER = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", re.I)
_MONTHS = ("January February March April May June July August September October November December")
_MONTH = "(?:" + "|".join(_MONTHS.split()) + ")"
_DATE = re.compile(rf"\b(?:(\d{{1,2}})\s+)?({_MONTH})(?:\s+(\d{{1,2}}),?)?\s+((?:19|20)\d{{2}})\b|"
                   rf"(?<![\w\-/.])((?:18|19|20)\d{{2}})(?![\w\-/%]|\.\d)")
_YEAR_LIKE = re.compile(r"^(?:19|20)\d{2}$")
NEAR = 3            # words after a number where the counted noun is looked for
NEAR_BONUS = 3.0    # "20 copies" for "How many copies ...": the count of the thing asked about


def quantity_kind(question: str) -> str | None:
    """"count", "share" or "date" when the question asks for a number or a date, else None."""
    if _SHARE_Q.search(question):
        return "share"
    if _COUNT_Q.search(question):
        return "count"
    if _DATE_Q.search(question):
        return "date"
    return None


def quantity_candidates(question: str, evidence: list[Evidence], indices: list[int], kind: str) -> list:
    """Numbers (a count or a share) or dates stated by the sentences ``indices``, best supported first."""
    asked = set(content_terms(question))
    found: dict[str, Candidate] = {}

    def add(text: str, i: int, weight: float) -> None:
        candidate = found.setdefault(text.lower(), Candidate(text, fit=FIT))
        if i not in candidate.evidence:
            candidate.evidence.append(i)
        candidate.sources.add(evidence[i].source.id)
        candidate.score += weight

    for i in indices:
        item = evidence[i]
        if item.kind != "sentence":
            continue
        text = item.statement
        base = max(item.relevance, 0.05) ** 0.5
        for value, weight in _stated(text, kind, asked):
            add(value, i, base * weight)
    ranked = sorted(found.values(), key=lambda c: -c.score * (1.0 + 0.5 * (len(c.sources) - 1)))
    return ranked


def _counts_asked(after: str, asked: set[str]) -> bool:
    """True when a question word names the thing counted: among the words right after the number, before any
    verb or punctuation ("20 copies of", "Three SNPs at", not "0.25) were associated")."""
    words = re.match(r"[\s-]*([A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){0,%d})" % (NEAR - 1), after)
    if not words:
        return False
    run = re.split(r"\b(?:is|are|was|were|of|in|at|with|and|or|to|for|by|from|that|which)\b", words.group(1))[0]
    return bool(set(content_terms(run)) & asked)


def _stated(text: str, kind: str, asked: set[str]) -> list[tuple[str, float]]:
    """(value, weight) for each number or date of ``kind`` the sentence states."""
    out: list[tuple[str, float]] = []
    if kind == "date":
        for m in _DATE.finditer(text):
            if m.group(5):
                out.append((m.group(5), 1.0))
                continue
            day = m.group(1) or m.group(3)
            full = " ".join(p for p in (m.group(1), m.group(2), m.group(3), m.group(4)) if p)
            if day or m.group(2):
                out.append((full, 1.2))
            out.append((m.group(4), 1.0))
        return out
    for m in list(_NUMBER.finditer(text)) + list(_WORD_NUMBER.finditer(text)):
        value = m.group(0).strip()
        percent = "%" in value
        if kind == "share" and not percent:
            continue
        if kind == "count" and (percent or _YEAR_LIKE.match(value) or "." in value):
            continue      # a share, a year or a decimal (a p value, a ratio) is no count
        # The counted thing is the noun right after the number ("Three SNPs"), its adjectives allowed.
        following = content_terms(" ".join(text[m.end():].split()[:NEAR]))
        weight = NEAR_BONUS if kind != "count" and set(following) & asked or \
            kind == "count" and _counts_asked(text[m.end():], asked) else 1.0
        out.append((value.replace(" %", "%"), weight))
    return out
