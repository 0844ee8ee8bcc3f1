"""Whether a source's feature and the case's words for it say the same thing: raised, lowered, normal, missing,
denied or simply present.

A source and a case rarely phrase a feature alike. "Normal" is the opposite of a source's "raised", "elevated" or
"increased" ("ESR was normal" against "a raised ESR"), and agrees with a source's "no" or "without" ("without
raised inflammatory markers"); but a normal structure is the opposite of a missing one ("a normal cremasteric
reflex" against "the cremasteric reflex was absent", "preserved flow" against "absent flow"). So each side's words
are read as a set of :data:`POLARITIES` (NegEx-style trigger words, Chapman et al., J Biomed Inform 2001, with the
direction words of lexical variant generation, McCray et al., 1994) and compared with :data:`_AGREE`. A denial
just before a direction word is a normal value ("not raised", "no increase"). A disjunction the source allows ("keeps
or increases blood flow") agrees with the case when one of its polarities does.
"""

from __future__ import annotations

import re

RAISED, LOWERED, NORMAL, MISSING, DENIED, PRESENT = "raised", "lowered", "normal", "missing", "denied", "present"
POLARITIES = (RAISED, LOWERED, NORMAL, MISSING, DENIED, PRESENT)
_WORDS = {
    RAISED: r"raised|elevated|elevation|increased?|increases|increasing|high|higher",
    LOWERED: r"low|lower|lowered|decreased?|decreases|reduced|reduction|diminished",
    NORMAL: r"normal|normally|unremarkable|preserved|intact|within normal limits",
    MISSING: r"absent|absence|lack|lacking|missing",
    DENIED: r"no|not|without|negative|never|nil|denies|denied|free of",
}
_PATTERNS = {kind: re.compile(rf"\b(?:{words})\b", re.I) for kind, words in _WORDS.items()}
_DENIED_DIRECTION = re.compile(rf"\b(?:{_WORDS[DENIED]})\s+(?:\w+\s+)?(?:{_WORDS[RAISED]}|{_WORDS[LOWERED]})\b", re.I)
# Pairs that say the same of a feature (True) or opposite things (False); a pair absent here says nothing either way
# ("a raised ESR" beside a case that only names the ESR).
_AGREE: dict[frozenset[str], bool] = {
    frozenset({NORMAL, DENIED}): True, frozenset({NORMAL, MISSING}): False, frozenset({NORMAL, RAISED}): False,
    frozenset({NORMAL, LOWERED}): False, frozenset({RAISED, LOWERED}): False, frozenset({RAISED, DENIED}): False,
    frozenset({RAISED, MISSING}): False, frozenset({LOWERED, DENIED}): False, frozenset({LOWERED, MISSING}): True,
    frozenset({MISSING, DENIED}): True, frozenset({MISSING, PRESENT}): False, frozenset({DENIED, PRESENT}): False,
}


def polarities(text: str) -> set[str]:
    """The polarities ``text`` states; empty when it states none (the feature is then simply there)."""
    found = {kind for kind, pattern in _PATTERNS.items() if pattern.search(text)}
    if _DENIED_DIRECTION.search(text):
        found = (found - {DENIED, RAISED, LOWERED}) | {NORMAL}       # "not raised" is a normal value
    return found


def agree(source: set[str], case: set[str]) -> bool | None:
    """Whether the case's polarities say what the source's do (an empty set is :data:`PRESENT`): True when one pair
    agrees, False when some pair is opposite and none agrees, None when no pair says."""
    verdicts = [s == c or _AGREE.get(frozenset({s, c})) for s in (source or {PRESENT}) for c in (case or {PRESENT})]
    if True in verdicts:
        return True
    return False if False in verdicts else None
