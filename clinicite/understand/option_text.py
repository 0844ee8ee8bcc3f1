"""Reading the candidate diagnoses a question names: "is this A, B or C?", "A vs B", lettered options.

A list often shares its head noun ("histrionic, borderline, dependent or narcissistic personality
disorder", "type 1 or type 2 diabetes"): the earlier items are modifiers of the last item's head and are
expanded to full names. An item is a modifier when it reads like one (an adjective ending, a type or stage
number, a word such as "acute"), or, when the caller can tell which names the sources hold, when the item
alone is no disease and the expanded name is one. Lettered multiple-choice options ("A. Scurvy  B. Rickets",
one per line or inline) are read as they stand.
"""

from __future__ import annotations

import re
from typing import Callable

_LEAD = re.compile(r"\b(?:is (?:it|this|that)|could (?:it|this) be|between|diagnosis of|consistent with|"
                   r"differentiate|distinguish|suggest|(?:which|what)(?: of (?:these|the following))?"
                   r"(?: (?:is|are|seems?))?(?: the)? most likely(?: diagnosis)?(?: here)?\s*[:,-]?|"
                   r"(?:which|what) (?:of )?(?:these|the following)(?: (?:is|are))?\s*[:,-]?)\s+"
                   r"(?:an?\s+|the\s+)?", re.IGNORECASE)
_SPLIT = re.compile(r"\s*(?:,|;|\bor\b|\bversus\b|\bvs\.?\b|\band\b)\s*", re.IGNORECASE)
# "A. Scurvy", "(B) Rickets", "C) Lead poisoning": the letters must run A, B, C ... in order.
_LETTER = re.compile(r"(?:^|(?<=\s))\(?([A-J])[.)]\s+(?=\S)", re.MULTILINE)
MAX_OPTION_WORDS = 12
_MODIFIER_WORDS = {"acute", "chronic", "subacute", "primary", "secondary", "tertiary", "borderline", "benign",
                   "malignant", "early", "late", "juvenile", "adult", "infantile", "congenital", "acquired",
                   "central", "peripheral", "left", "right", "upper", "lower", "focal", "diffuse", "simple",
                   "complex", "mild", "severe", "major", "minor", "partial", "total", "unstable", "stable"}
_MODIFIER_END = re.compile(r"(?:ic|al|ous|ive|ant|ent|oid|ary|ar|ile|ed)$", re.IGNORECASE)
_TYPE = re.compile(r"^(?:type|stage|grade|class|group)\s+\S+$|^(?:[ivx]+|\d+[a-z]?|[a-d])$", re.IGNORECASE)


def lettered_options(text: str) -> list[str]:
    """The options of a multiple-choice block ("A. ... B. ..."), in order; [] when there is none."""
    marks = list(_LETTER.finditer(text or ""))
    start = next((i for i, m in enumerate(marks) if m.group(1).upper() == "A" and _opens_options(text, m)), None)
    if start is None:
        return []
    run = [marks[start]]
    for mark in marks[start + 1:]:
        if ord(mark.group(1).upper()) == ord(run[-1].group(1).upper()) + 1:
            run.append(mark)
    if len(run) < 2:
        return []
    options = []
    for here, following in zip(run, [*run[1:], None]):
        piece = text[here.end(): following.start() if following else len(text)]
        if following is None:            # the last option ends at its line or sentence
            piece = re.split(r"\n|(?<=[a-z)])\.\s", piece)[0]
        piece = piece.strip(" \t\n.;,")
        if not piece or len(piece.split()) > MAX_OPTION_WORDS:
            return []                     # a sentence, not an option: "hepatitis A. Then vitamin B. ..."
        options.append(piece)
    return options


def _opens_options(text: str, mark: re.Match) -> bool:
    """An options block starts a line, follows the question ("?", ":") or is bracketed: "(A) ..."."""
    before = text[: mark.start()].rstrip(" \t")
    return mark.group().startswith("(") or not before or before.endswith(("\n", "?", ":"))


def without_lettered_options(text: str) -> str:
    """The text before its multiple-choice block (the case the options are asked about)."""
    options = lettered_options(text)
    if not options:
        return text
    first = next(m for m in _LETTER.finditer(text) if m.group(1).upper() == "A" and _opens_options(text, m))
    return text[: first.start()].rstrip()


def _is_modifier(item: str) -> bool:
    words = item.split()
    if not 1 <= len(words) <= 2:
        return False
    if _TYPE.match(item):
        return True
    return all(w.lower() in _MODIFIER_WORDS or _MODIFIER_END.search(w) for w in words)


def expand_shared_head(parts: list[str], known: Callable[[str], bool] | None = None) -> list[str]:
    """"histrionic, borderline or narcissistic personality disorder" -> three full names.

    The head is what follows the last item's leading modifier (as many words as the longest earlier item
    has); an item is expanded when it is a modifier, or, with ``known``, when it alone is no disease the
    sources hold but the item with one of the last item's trailing word groups is.
    """
    if len(parts) < 2:
        return parts
    last = parts[-1].split()
    width = max(len(p.split()) for p in parts[:-1])
    if len(last) <= width:
        return parts
    head = " ".join(last[width:])
    heads = [" ".join(last[k:]) for k in range(1, len(last))]         # "cell disease", "disease"
    expanded = []
    for item in parts[:-1]:
        if _is_modifier(item):
            expanded.append(f"{item} {head}")
        elif known is not None and not known(item):
            expanded.append(next((f"{item} {h}" for h in heads if known(f"{item} {h}")), item))
        else:
            expanded.append(item)
    # A shared head is all-or-nothing in a list like this: most items must be modifiers.
    if sum(e != p for e, p in zip(expanded, parts)) * 2 < len(parts) - 1:
        return parts
    return [*expanded, parts[-1]]


def _choice(question: str) -> tuple[list[str], int, int]:
    """The raw items of an "is this A, B or C?" sentence and the span of the text they stand in."""
    offset = 0
    for sentence in re.split(r"(?<=[.?!])\s+", question or ""):
        offset = (question or "").find(sentence, offset)
        if "?" not in sentence and " vs" not in sentence.lower():
            continue
        matches = list(_LEAD.finditer(sentence))
        match = matches[-1] if matches else None
        tail = sentence[match.end():] if match else sentence
        if not match and not re.search(r"\bvs\.?\b|\bversus\b", tail, re.IGNORECASE):
            continue
        parts = [p.strip(" ?.!:") for p in _SPLIT.split(tail.rstrip(" ?.!"))]
        parts = [re.sub(r"^(?:an?|the)\s+", "", p, flags=re.IGNORECASE) for p in parts if p.strip(" ?.!:")]
        if len(parts) >= 2:
            start = offset + (match.end() if match else 0)
            return parts, start, offset + len(sentence)
    return [], 0, 0


def detect_options(question: str, known: Callable[[str], bool] | None = None) -> list[str]:
    """Candidate diagnoses a question offers: lettered options, "is this A, B or C?", "A vs B?"; [] if none.

    ``known(name)`` (optional) tells whether the sources hold a disease of that name; it decides a
    shared head noun when the words alone do not.
    """
    lettered = lettered_options(question)
    if lettered:
        return lettered
    parts, _, _ = _choice(question)
    return expand_shared_head(parts, known) if parts else []


def option_spans(text: str) -> list[tuple[int, int]]:
    """Where the text lists the options (a lettered block, the items of "is this A or B?"): the names there
    are the question's candidates, not the patient's findings."""
    spans = []
    if lettered_options(text):
        spans.append((len(without_lettered_options(text)), len(text)))
    parts, start, end = _choice(text)
    if parts:
        spans.append((start, end))
    return spans
