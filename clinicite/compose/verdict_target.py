"""Whether the thing a sentence relates the agent to is the asked target or a larger entity named after it.

"Does erenumab target the calcitonin gene-related peptide?" names the peptide; the sources say erenumab
targets "the calcitonin gene-related peptide receptor" (the peptide is what the other three antibodies
target). The subject gate and the stance both read the sentence as a yes: it names the agent, the asked
words and the verb. But "X receptor" is another entity than X, and so are X's antagonist, inhibitor, gene
or antibody. When the asked object's mention nearest to the agent's is followed by such a head noun, the
sentence relates the agent to that entity instead, which answers *no* to the one asked.

Reading the object's whole noun phrase, not its words, is the entity-boundary check of relation
extraction (the nominal's head decides the entity type, as in the "head noun" rule of Collins, 1999,
"Head-driven statistical models for natural language parsing"); here a cue list of head nouns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "Does X target / bind (to) / inhibit / block / activate / act on Y?"
_ASKED = re.compile(r"^\s*(?:does|do|did|can|could|is|are)\s+(?P<agent>.+?)\s+(?:directly\s+|specifically\s+)?"
                    r"(?:target|targets|targeting|bind|binds|binding|bind to|binds to|inhibit|inhibits|block|"
                    r"blocks|activate|activates|act on|acts on|antagoni[sz]e|antagoni[sz]es)\s+(?:to\s+)?"
                    r"(?:the\s+|a\s+|an\s+)?(?P<object>[^?]+?)\s*\??\s*$", re.I)
# Head nouns that make a larger entity of the name before them ("CGRP receptor", "TNF inhibitor").
_EXTENDING = r"(?:receptors?|antagonists?|agonists?|inhibitors?|antibod(?:y|ies)|genes?|binding proteins?|" \
             r"ligands?|transporters?|channels?|precursors?)"


@dataclass(frozen=True)
class AskedTarget:
    """The agent's words and the object's phrase of a targeting question (empty when it is none)."""

    agent: str = ""
    object: str = ""


def asked_target(question: str) -> AskedTarget:
    """The agent and the target of "Does X target Y?"; empty when the question is of another shape or its
    object already ends in an extending head ("Does erenumab target the CGRP receptor?")."""
    found = _ASKED.match(question or "")
    if not found:
        return AskedTarget()
    agent, target = found.group("agent").strip(), found.group("object").strip()
    if re.search(rf"\b{_EXTENDING}$", target, re.I) or len(target.split()) > 6 or len(agent.split()) > 4:
        return AskedTarget()
    return AskedTarget(agent, target)


def _spelling(phrase: str) -> str:
    """A pattern for ``phrase`` that allows a hyphen or a space between its words and parts."""
    parts = [re.escape(p) for p in re.split(r"[\s-]+", phrase) if p]
    return r"[\s-]+".join(parts)


def target_stance(asked: AskedTarget, sentence: str, stance: str) -> tuple[str, str | None]:
    """("against", the larger entity) when the mention of the asked target nearest to the agent is followed
    by an extending head noun; else (``stance``, None)."""
    if not asked.object or stance == "against":
        return stance, None
    agents = [m.span() for m in re.finditer(rf"(?<![\w-]){_spelling(asked.agent)}(?![\w-])", sentence, re.I)]
    mentions = list(re.finditer(rf"(?<![\w-]){_spelling(asked.object)}(?P<head>[\s-]+{_EXTENDING})?(?![\w-])",
                                sentence, re.I))
    if not agents or not mentions:
        return stance, None
    # The characters between the two mentions: "the CGRP receptor (erenumab)" is 2 apart.
    nearest = min(mentions, key=lambda m: min(max(start - m.end(), m.start() - end, 0) for start, end in agents))
    if nearest.group("head"):
        return "against", nearest.group(0).strip()
    return stance, None
