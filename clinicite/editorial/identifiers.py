"""A simple check for identifiers in a question before it is published: names after a title or "patient",
record numbers, dates of birth and phone numbers.

It flags, it does not judge: a flag asks the author to look again and redact; a miss is possible (this is
a screen, not de-identification in the sense of the HIPAA Safe Harbor list of 18 identifiers). Ages,
durations and doses are not flagged: a case needs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Z][a-z'\-]+(?:\s+[A-Z][a-z'\-]+)?"
_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("name", re.compile(rf"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Master)\.?\s+({_NAME})")),
    ("name", re.compile(rf"\b(?:[Pp]atient|[Pp]t\.?|[Nn]amed|[Cc]alled)\s+({_NAME})\b")),
    ("record number", re.compile(r"\b(?:MRN|NHS|UR|hospital|record|chart|case|patient)\s*(?:no\.?|number|#|id)?"
                                 r"\s*[:#]?\s*(\d[\d\s\-]{4,14}\d)\b", re.IGNORECASE)),
    ("record number", re.compile(r"(?<![\d.,])(\d{7,12})(?![\d.,]|\s*(?:mg|mcg|g|ml|mL|units|IU|/))")),
    ("date of birth", re.compile(r"\b(?:DOB|D\.O\.B\.?|date of birth|born(?: on)?)\s*[:\-]?\s*"
                                 r"(\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}|\d{1,2}\s+[A-Z][a-z]+\s+\d{4}|[A-Z][a-z]+\s+\d{1,2},?\s+\d{4})",
                                 re.IGNORECASE)),
    ("date", re.compile(r"\b(\d{1,2}[./]\d{1,2}[./](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b")),
    ("phone number", re.compile(r"(?<!\w)(\+?\d{1,3}[\s.\-]?\(?\d{2,4}\)?[\s.\-]\d{3,4}[\s.\-]\d{3,4})(?!\w)")),
)
# "Patient Has ..." at a sentence start is no name; these words after a title are not names either.
_NOT_NAMES = {"Has", "Had", "Is", "Was", "With", "Presents", "Presented", "Reports", "The", "A", "An", "In",
              "Who", "Whose", "Denies", "Complains", "History"}


@dataclass(frozen=True)
class IdentifierFlag:
    """What looks like an identifier, and where: ``question[start:end]`` is the flagged text."""

    kind: str
    start: int
    end: int
    text: str


def find_identifiers(question: str) -> list[IdentifierFlag]:
    """Identifier-like spans of ``question``, in order, without overlaps."""
    flags: list[IdentifierFlag] = []
    for kind, pattern in _RULES:
        for match in pattern.finditer(question):
            start, end = match.span(1)
            found = match.group(1)
            if kind == "name" and found.split()[0] in _NOT_NAMES:
                continue
            if any(f.start < end and start < f.end for f in flags):
                continue
            flags.append(IdentifierFlag(kind, start, end, found))
    return sorted(flags, key=lambda f: f.start)


def flag_view(question: str) -> list[dict]:
    return [{"kind": f.kind, "text": f.text, "start": f.start, "end": f.end} for f in find_identifiers(question)]
