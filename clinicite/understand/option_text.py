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
# "A. Scurvy", "(B) Rickets", "C) Lead poisoning", "A: Vitiligo, B: Albinism", "a - Gout", '"A": "Gout"' (a
# pasted record): the letters must run A, B, C ... in order, all capitals or all small letters.
_LETTER = re.compile(r"""(?:^|(?<=[\s{,]))["']?(\(?)([A-Ja-j])["']?([.):]|\s+[-\u2013])\s+(?=\S)""", re.MULTILINE)
# "- Scurvy", "* Rickets", "\u2022 Lead poisoning": one option a line under the question.
_BULLET = re.compile(r"^[ \t]*[-*\u2022\u2013][ \t]+(\S[^\n]*)$", re.MULTILINE)
MAX_OPTION_WORDS = 12
_MODIFIER_WORDS = {"acute", "chronic", "subacute", "primary", "secondary", "tertiary", "borderline", "benign",
                   "malignant", "early", "late", "juvenile", "adult", "infantile", "congenital", "acquired",
                   "central", "peripheral", "left", "right", "upper", "lower", "focal", "diffuse", "simple",
                   "complex", "mild", "severe", "major", "minor", "partial", "total", "unstable", "stable"}
_MODIFIER_END = re.compile(r"(?:ic|al|ous|ive|ant|ent|oid|ary|ar|ile|ed)$", re.IGNORECASE)
_TYPE = re.compile(r"^(?:type|stage|grade|class|group)\s+\S+$|^(?:[ivx]+|\d+[a-z]?|[a-d])$", re.IGNORECASE)


def lettered_options(text: str) -> list[str]:
    """The options of a multiple-choice block ("A. ... B. ...", "A: ..., B: ...", a bulleted list under the
    question), in order; [] when there is none."""
    block = _lettered_block(text or "")
    return block[2] if block else []


def _lettered_block(text: str) -> tuple[int, int, list[str]] | None:
    """``(where the block starts, where it ends, its options)``, or None. A lettered block runs to the end of
    the text (what follows the last option is the asker's, not the patient's)."""
    marks = list(_LETTER.finditer(text))
    for start, first in enumerate(marks):
        if first.group(2) not in "Aa" or not _opens_options(text, first):
            continue
        run = _letter_run(marks[start:])
        options = _pieces(text, run)
        if options and not _species_names(text, run, options):
            return first.start(), len(text), options
    return _bulleted_block(text)


def _letter_run(marks: list[re.Match]) -> list[re.Match]:
    """A, B, C ... from the first mark on, in one letter style ("B: C. difficile colitis" holds no option "C.");
    of several marks of the next letter, the last before the letter after it ("B. C. difficile colitis
    C. Norovirus infection D. ...")."""
    run = [marks[0]]
    while True:
        letter = chr(ord(run[-1].group(2)) + 1)
        later = [m for m in marks if m.start() > run[-1].start() and _style(m) == _style(marks[0])]
        found = [m for m in later if m.group(2) == letter]
        if not found:
            return run
        bound = next((m.start() for m in later if m.group(2) == chr(ord(letter) + 1) and m.start() > found[0].start()),
                     len(marks[0].string))
        run.append([m for m in found if m.start() < bound][-1])


def _style(mark: re.Match) -> tuple[str, str]:
    return mark.group(1), mark.group(3).strip()


def _pieces(text: str, run: list[re.Match]) -> list[str]:
    """The option texts between the letters; [] when a piece reads as a sentence, not an option."""
    if len(run) < 2:
        return []
    options = []
    for here, following in zip(run, [*run[1:], None]):
        piece = text[here.end(): following.start() if following else len(text)]
        if following is None:            # the last option ends at its line or sentence
            piece = re.split(r"\n|(?<=[a-z)\"'])\.\s|[\"']?\s*}", piece)[0]
        piece = piece.strip(" \t\n.;,\"'{}")
        if not piece or len(piece.split()) > MAX_OPTION_WORDS:
            return []                     # a sentence, not an option: "hepatitis A. Then vitamin B. ..."
        options.append(piece)
    return options


def _species_names(text: str, run: list[re.Match], options: list[str]) -> bool:
    """"Serology: A. fumigatus raised. B. cereus not grown." reads as options only after a question mark."""
    capital_dot = run[0].group(2) == "A" and run[0].group(3) == "."
    after_question = text[: run[0].start()].rstrip().endswith("?")
    return capital_dot and not after_question and any(o[:1].islower() for o in options)


def _bulleted_block(text: str) -> tuple[int, int, list[str]] | None:
    """Two or more bulleted lines in a row right after a line ending with "?" or ":"."""
    bullets = list(_BULLET.finditer(text))
    for index, first in enumerate(bullets):
        if not text[: first.start()].rstrip(" \t\n").rstrip("\"'\u201d").endswith(("?", ":")):
            continue
        run = [first]
        for bullet in bullets[index + 1:]:
            if text[run[-1].end(): bullet.start()].strip():
                break
            run.append(bullet)
        options = [b.group(1).strip(" .;,") for b in run]
        if len(run) >= 2 and all(o and len(o.split()) <= MAX_OPTION_WORDS for o in options):
            return first.start(), run[-1].end(), options
    return None


def _opens_options(text: str, mark: re.Match) -> bool:
    """An options block starts a line, follows the question ("?", ":") or is bracketed: "(A) ..."."""
    before = text[: mark.start()].rstrip(" \t").rstrip("\"'\u201d")      # 'diagnosis?" A. ...': a closing quote
    return mark.group().lstrip("\"'").startswith("(") or not before or before.endswith(("\n", "?", ":", "{"))


def without_lettered_options(text: str) -> str:
    """The text before its multiple-choice block (the case the options are asked about)."""
    block = _lettered_block(text or "")
    return text[: block[0]].rstrip(" \t\n{") if block else text


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
    block = _lettered_block(text or "")
    if block:
        spans.append((block[0], block[1]))
    parts, start, end = _choice(text)
    if parts:
        spans.append((start, end))
    return spans
