"""Advice against a step, kept beside the step it qualifies and never shown as what to do.

A case report's discussion often warns against something ("intubation before drainage can cause the
circulation to collapse and should be avoided", "platelet transfusion should be avoided unless bleeding threatens
life"). Such a sentence is strong advice, so it used to rank first in Management and become the bottom line: the
reader's first line was what NOT to do, without the step to take. Guideline writing keeps the two apart the
other way round: each recommendation names the action first, and a "do not" recommendation qualifies an action
(GRADE's wording of recommendations, Andrews et al., J Clin Epidemiol 2013; NICE's "do not" recommendations).
Here a bullet whose first clause advises against a step is placed right after the step it qualifies (the first
bullet sharing one of its distinctive words, else the first step shown), and it never leads the bottom line.

Only the first clause counts: "Magnesium sulfate 4 g was given ...; diazepam and phenytoin are not recommended"
tells the step taken, with advice against others after it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from clinicite.compose.sentences import content_terms

# Advice given in the present, of any patient: "should not be given", "should be avoided", "is not recommended",
# "must never", "avoid ...", "is contraindicated", "should not wait for", "should not delay".
GENERAL_AGAINST = re.compile(
    r"\b(?:should|must|need) (?:not|never)\b|\bshould(?:n't| be avoided)\b|\b(?:is|are) (?:best )?avoided\b"
    r"|\b(?:is|are) (?:not|never) (?:recommended|advised|indicated|helpful|needed)\b|\bnot to be (?:given|used)\b"
    r"|\b(?:is|are) contraindicated\b|^\W*(?:avoid|do not|never)\b", re.I)
# The same advice told of the reported patient: "Tonsillectomy was not advised after a single episode".
TOLD_AGAINST = re.compile(r"\b(?:was|were) (?:not|never) (?:advised|recommended)\b|\badvised against\b", re.I)
_FIRST_CLAUSE = re.compile(r";\s+|:\s+(?=[a-z])|,\s+(?:as|because|since|so that|and|but|while|whereas)\s+")


def first_clause(text: str) -> str:
    """The sentence up to its first clause break (a semicolon, or a comma before a conjunction)."""
    return _FIRST_CLAUSE.split(text, maxsplit=1)[0]


def advises_against(text: str) -> bool:
    """The sentence's first clause advises against a step, in general or for the reported patient."""
    clause = first_clause(text)
    return bool(GENERAL_AGAINST.search(clause) or TOLD_AGAINST.search(clause))


def advises_against_in_general(text: str) -> bool:
    """The first clause is general advice against a step ("Platelet transfusion should be avoided ..."), whatever
    the rest of the sentence tells of the reported patient ("...; she received none")."""
    return bool(GENERAL_AGAINST.search(first_clause(text)))


# Words of a warning that name no step: "avoided", "given", "before", "should".
_NO_STEP = frozenset(content_terms("""avoid avoided avoiding should must never given giving recommended advised
indicated contraindicated helpful needed before after unless until patient patients reported case because cause
causes delay delayed wait waiting""")) | frozenset({"reported", "case"})
MIN_WORD = 4

T = TypeVar("T")


def _step_words(text: str) -> set[str]:
    return {w for w in content_terms(text) if len(w) >= MIN_WORD and w not in _NO_STEP}


def steps_before_advice(items: Sequence[T], text_of: Callable[[T], str]) -> list[T]:
    """``items`` (bullets, best first) with each piece of advice against a step moved right after the step it
    qualifies: the first other item sharing one of its step words, else the first other item. Advice with no step
    to follow (every item advises against) keeps its order."""
    steps = [item for item in items if not advises_against(text_of(item))]
    if not steps:
        return list(items)
    after: dict[int, list[T]] = {}
    for item in items:
        text = text_of(item)
        if not advises_against(text):
            continue
        words = _step_words(text)
        target = next((n for n, step in enumerate(steps) if words & _step_words(text_of(step))), 0)
        after.setdefault(target, []).append(item)
    ordered: list[T] = []
    for n, step in enumerate(steps):
        ordered.append(step)
        ordered.extend(after.get(n, []))
    return ordered
