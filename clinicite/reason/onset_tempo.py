"""How fast a complaint began, as a source describes a disease and as the case tells it: sudden or gradual.

The tempo of onset is one of the oldest discriminators of a differential (e.g. testicular torsion, sudden, against
epididymitis, gradual: Kadish & Bolte, Pediatrics 1998; the "onset" of the OPQRST / SOCRATES history of a pain). A
source states it of a disease ("epididymitis develops gradually", "an abrupt onset"); the case tells it of its
patient ("woke with sudden pain", "two months of insidious ache"). :func:`stated_tempo` reads the source's words,
:func:`case_tempo` the case's; in both, "acute" and "chronic" name a course only before a course noun ("acute
onset", "chronic pain") or alone, since they are as often part of a disease's name ("acute mesenteric ischaemia",
"chronic kidney disease"), and a duration says a tempo only as "over months" ("off treatment for months" is no
onset). Either reads nothing when its words say both tempos.
"""

from __future__ import annotations

import re

SUDDEN, GRADUAL = "sudden", "gradual"
_COURSE_NOUN = r"(?:onset|pain|presentation|course|history|symptoms?|illness|swelling|ache|complaint)"
_SOURCE = {
    SUDDEN: re.compile(rf"\b(?:sudden(?:ly)?|abrupt(?:ly)?|acutely|acute {_COURSE_NOUN}|acute$|hyperacute|"
                       r"precipitous(?:ly)?|rapid(?:ly)? (?:onset|progressing)|within (?:minutes|hours))\b", re.I),
    GRADUAL: re.compile(rf"\b(?:gradual(?:ly)?|insidious(?:ly)?|slow(?:ly)?|chronically|chronic {_COURSE_NOUN}|"
                        r"chronic$|indolent|over (?:several |many |a few )?(?:weeks|months|years))\b", re.I),
}
_CASE = {
    SUDDEN: re.compile(rf"\b(?:sudden(?:ly)?|abrupt(?:ly)?|acutely|hyperacute|acute {_COURSE_NOUN}|"
                       r"rapid onset|within (?:minutes|an hour|hours) of)\b", re.I),
    GRADUAL: re.compile(rf"\b(?:gradual(?:ly)?|insidious(?:ly)?|slowly|long-?standing|chronic {_COURSE_NOUN}|"
                        r"over (?:the )?(?:past |last |several |many |a few )?(?:\d+ |two |three |four |five |"
                        r"six |several )?(?:months|years))\b", re.I),
}
# "not sudden", "no abrupt onset": the word is denied.
_DENIED = re.compile(r"\b(?:not|no|without|never)\s+(?:\w+\s+)?$", re.I)


def _found(patterns: dict[str, re.Pattern], text: str) -> tuple[str | None, str]:
    kinds: dict[str, str] = {}
    for kind, pattern in patterns.items():
        for match in pattern.finditer(text):
            if not _DENIED.search(text[max(0, match.start() - 20):match.start()]):
                kinds.setdefault(kind, match.group())
    if len(kinds) != 1:
        return None, ""
    return next(iter(kinds.items()))


def stated_tempo(text: str) -> str | None:
    """:data:`SUDDEN` or :data:`GRADUAL` when a source's feature states one tempo ("develops gradually")."""
    return _found(_SOURCE, text)[0]


def case_tempo(text: str) -> tuple[str | None, str]:
    """The case's tempo of onset and the words that say it; ``(None, "")`` when it says none, or both."""
    return _found(_CASE, text)
