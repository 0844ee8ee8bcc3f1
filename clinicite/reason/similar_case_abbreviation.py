"""A short form never defined in the report, right after a diagnosis cue, is the diagnosis the report made: what the
vocabulary reads later in the sentence is not.

Reports often state their diagnosis by a short form they never spell out ("These findings established ECD", "the
diagnosis was PJP and CMV pneumonitis was excluded", "consistent with precursor B-cell ALL, with ..."). The
Schwartz & Hearst reader (PSB 2003, :mod:`clinicite.reason.abbreviations`) links a short form to its long form only
where the text defines it; an undefined one names no disease we can show, so the cue's object is unknown. Without
this check the first disease named *after* the short form in the same sentence was read as the diagnosis made, and
a phrase that is only the short form was announced as a report's subject (a row "ECD" that joins no record).

:func:`undefined_short_form` reads the words right after a cue: a run of qualifiers ("relapsing-remitting",
"precursor B-cell") and then an upper-case token of two to six letters or digits that the text does not define and
that no disease mention covers, followed by the end of its noun phrase (punctuation, "and", "with", a verb) rather
than by a disease head ("HSV-1 encephalitis" names encephalitis, the short form qualifying it).
"""

from __future__ import annotations

import re

from clinicite.reason.abbreviations import abbreviation_definitions

# Up to three qualifier words, then the short form, then the end of the noun phrase.
_SHORT_AFTER_CUE = re.compile(
    r"\s*(?:(?:an?|the|his|her|their|of|[\w]+(?:-[\w]+)+|[a-z][\w]*)\s+){0,3}?"
    r"(?P<short>[A-Z][A-Z0-9]{1,5}(?:-[A-Z0-9]{1,2})?)(?=\s*(?:$|[.,;:)]|\s(?:and|or|with|was|were|is|in|on|after|"
    r"which|that|but|rather|as|by)\b))")
_SHORT_ONLY = re.compile(r"[A-Z][A-Z0-9]{1,5}(?:-[A-Z0-9]{1,2})?")


def defined_short_forms(text: str) -> set[str]:
    return {short for short, _ in abbreviation_definitions(text)}


def undefined_short_form(text: str, after: int, mentions, defined: set[str] | None = None) -> str | None:
    """The undefined short form that opens ``text[after:]`` (the words right after a diagnosis cue), or None."""
    match = _SHORT_AFTER_CUE.match(text, after)
    if match is None:
        return None
    short = match.group("short")
    if short in (defined_short_forms(text) if defined is None else defined):
        return None
    start, end = match.start("short"), match.end("short")
    if any(m.start < end and start < m.end for m in mentions):
        return None                       # a mention covers it: the vocabulary reads it ("MELAS")
    return short


def is_undefined_short_form(phrase: str, text: str) -> bool:
    """A phrase that is only a short form the text never defines ("ECD"): no subject we can name."""
    return bool(_SHORT_ONLY.fullmatch(phrase.strip())) and phrase.strip() not in defined_short_forms(text)
