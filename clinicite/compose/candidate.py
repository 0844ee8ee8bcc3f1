"""One candidate answer of a factoid or list question: a name (or a number, a date) the sources state, with its
support. Shared by :mod:`clinicite.compose.entities` (names) and :mod:`clinicite.compose.entities_numbers`
(counts, shares and dates), which must not import each other."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Candidate:
    text: str
    score: float = 0.0
    sources: set[str] = field(default_factory=set)
    evidence: list[int] = field(default_factory=list)     # indices of the sentences that name it
    fit: float = 1.0        # how well it fits the kind of thing asked for (answer_types.type_fit)
