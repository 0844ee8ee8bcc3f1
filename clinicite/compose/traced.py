"""Nothing invented: every number and age an answer shows traces to the user's words or a cited source.

Checked over the prose a reader reads: title, bottom line, section intros and bullets, the differential's
names and findings. A number passes when the question states it, or a span the answer cites states it, or a
cited reference's metadata does (a year). The differential's probabilities are clinicite's own estimates,
shown as such, and are not checked here. Used by the tests and by ``bench/report_answers.py``.
"""

from __future__ import annotations

import re
from typing import Any

from clinicite.compose.answer import format_probability

_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?(?![\d])")
_PERCENT = re.compile(r"(\d+)%")


def numbers_in(text: str) -> set[float]:
    found = set()
    for match in _NUMBER.finditer(text or ""):
        try:
            found.add(float(match.group(0).replace(",", ".")))
        except ValueError:
            continue
    return found


_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen twenty").split()


def _number_words(text: str) -> set[float]:
    """Numbers the user wrote as words ("a seven-year-old"): the title may show them as digits."""
    lowered = (text or "").lower()
    return {float(n) for n, word in enumerate(_WORDS) if re.search(rf"\b{word}\b", lowered)}


def shown_texts(answer: Any) -> list[tuple[str, str]]:
    """(where, text) of every piece of prose the answer shows."""
    shown = [("title", answer.title), ("bottom line", answer.bottom_line)]
    for section in answer.sections:
        if section.intro:
            shown.append((f"{section.heading} intro", section.intro))
        shown += [(section.heading, b.text) for b in section.bullets]
    for row in answer.differential:
        shown += [("differential", row.name)] + [("differential", w) for w in [*row.for_, *row.against]]
    return [(where, text) for where, text in shown if text]


def untraced_numbers(answer: Any) -> list[str]:
    """Each number shown that neither the question nor any cited span nor a cited reference states."""
    allowed = numbers_in(answer.question) | _number_words(answer.question)
    for citation in answer.citations():
        allowed |= numbers_in(citation.quote)
    for reference in answer.references:
        allowed |= numbers_in(" ".join(str(x) for x in (reference.title, reference.year) if x))
    estimates = {float(n) for row in answer.differential for n in numbers_in(format_probability(row.probability))}
    problems = []
    for where, text in shown_texts(answer):
        # A differential's probability, shown as clinicite's estimate ("12% estimated from ..."), is no claim.
        own = {float(n) for n in _PERCENT.findall(text)} & estimates
        for value in sorted(numbers_in(text) - allowed - own):
            problems.append(f"{where}: {value:g} in {text[:90]!r} is in neither the question nor a cited source")
    return problems
