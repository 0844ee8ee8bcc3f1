"""Causes that need an exposure: does the case state it?

Bisphosphonate lines need bisphosphonate treatment, lead poisoning needs lead, hypervitaminosis D
needs vitamin D given in excess. Such a cause is a likely explanation of a finding only when the
patient had the exposure, so the history is evidence like a finding: its likelihood ratio is
P(the case reads so | cause) / P(the case reads so | another cause of the finding). A history that
states the exposure ("on pamidronate for osteogenesis imperfecta") is far more likely when the
cause is present; a history that does not mention it, or denies it, is less likely, because the
exposure is usually known and told (how much less depends on how often it goes unnoticed: lead is
hidden in old paint, an infusion of prostaglandin is not). The exposure, the words that state it
and both ratios are data, in each cause's ``exposure`` field of ``data/common_causes.json`` (the
clinicite authors' estimates from standard teaching, labelled so in its metadata); no cause is
named in this code.

Negation and whose history it is are read as for findings (NegEx / ConText,
:func:`clinicite.understand.context.apply_context`): "no history of lead exposure" denies it, "her
brother takes pamidronate" is a relative's.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from clinicite.understand.context import apply_context
from clinicite.understand.facts import Finding


@dataclass(frozen=True)
class Exposure:
    """What a cause needs the patient to have had, and how much the history weighs."""

    name: str                        # "bisphosphonate treatment"
    terms: tuple[str, ...]           # words that state it ("pamidronate", "zoledronic acid")
    stated_lr: float                 # likelihood ratio when the case states the exposure
    unstated_lr: float               # ... when it does not mention it, or denies it

    @classmethod
    def from_json(cls, item: dict | None) -> "Exposure | None":
        if not item:
            return None
        return cls(item["name"], tuple(item["terms"]), float(item["stated_lr"]), float(item["unstated_lr"]))


@dataclass(frozen=True)
class ExposureFinding:
    """How the case reads for one cause's exposure: ``status`` "stated", "denied" or "unstated"."""

    exposure: Exposure
    status: str
    quote: str = ""                  # the user's words that state or deny it

    @property
    def log_lr(self) -> float:
        return math.log(self.exposure.stated_lr if self.status == "stated" else self.exposure.unstated_lr)

    @property
    def label(self) -> str:
        if self.status == "stated":
            return f"History of {self.exposure.name}: '{self.quote}'"
        if self.status == "denied":
            return f"History of {self.exposure.name} denied: '{self.quote}'"
        return f"No history of {self.exposure.name} stated: ask about it"

    @property
    def cue(self) -> str:
        """The work-up cue a row carries when the case does not state the exposure."""
        if self.status == "stated":
            return f"The case states {self.exposure.name} ('{self.quote}'), which this cause needs."
        if self.status == "denied":
            return f"Only with a history of {self.exposure.name}, which the case denies ('{self.quote}'); confirm it."
        return f"Only with a history of {self.exposure.name}; ask about it."


def _pattern(terms: tuple[str, ...]) -> re.Pattern:
    words = sorted((re.escape(t) for t in terms), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(words) + r")(?:e?s)?\b", re.I)


def _mask(text: str, names: list[str]) -> str:
    """The text with the cause's own names blanked: "is this bisphosphonate-induced lines?" names the cause,
    it does not state the treatment."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(r"\b" + re.escape(name) + r"\b", lambda m: " " * len(m.group()), text, flags=re.I)
    return text


def read_exposure(text: str | None, exposure: Exposure, names: list[str] = ()) -> ExposureFinding:
    """Whether ``text`` states, denies or does not mention ``exposure``; ``names``: the cause's own names."""
    if not text:
        return ExposureFinding(exposure, "unstated")
    searched = _mask(text, list(names))
    mentions = [Finding("", exposure.name, m.group(), m.start(), m.end())
                for m in _pattern(exposure.terms).finditer(searched)]
    if not mentions:
        return ExposureFinding(exposure, "unstated")
    apply_context(text, mentions)
    own = [m for m in mentions if not m.family_history and m.context is None]
    stated = [m for m in own if not m.excluded]
    if stated:
        return ExposureFinding(exposure, "stated", stated[0].text)
    if own:
        return ExposureFinding(exposure, "denied", own[0].text)
    return ExposureFinding(exposure, "unstated")


__all__ = ["Exposure", "ExposureFinding", "read_exposure"]
