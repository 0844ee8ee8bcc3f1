"""Coordinated findings: one head shared by two or more modifiers, or one modifier by two heads.

"short and broad thumbs" names Short thumb and Broad thumb; "hypoplasia of the tibiae and fibulae"
names hypoplasia of each bone; "atrial and ventricular septal defects" names both defects. Clinical
text saves words this way all the time, and a dictionary matcher that only reads contiguous runs of
words finds the last conjunct alone. The expansion follows the coordination-ellipsis patterns of
biomedical named-entity normalisation (Buyko et al., 2007, "Resolution of coordination ellipses in
biological named entities"): the shared part is copied to each conjunct and the result looked up again.

Guards keep it from inventing findings: the conjunct next to the shared part must itself form a
term with it ("broad thumbs", "hypoplasia of the tibiae"), so the shared part is known to be a head
or a modifier; the conjunct the shared part is copied to must not be a finding on its own ("generalized
hypotonia, areflexia and weakness" is not generalized weakness) nor the start of a longer term
("small mouth, head lag" is not a small head); each conjunct and the shared part are short (at most three content words); and a
conjunct that takes a shared head before it is no longer than the first one ("bilateral clubfoot
and undescended testes" is two findings, not bilateral cryptorchidism); conjuncts between the two
are single words ("short and broad thumbs, hypoplastic nails" is no short nail).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from clinicite.understand.normalize import Token

MAX_PART = 3       # content words in one conjunct or in the shared part
MAX_LIST = 6       # content words between the shared part and the conjunct it is copied to
COORDINATING = ("", ",", "and", "or")
COPULA = re.compile(r"\b(?:is|are|was|were|be|been|became|becomes|remained|seemed|appeared)\b", re.I)

# Words that say how a whole coordination came about, not what one conjunct is: "hereditary breast and
# ovarian cancer" is breast cancer and ovarian cancer, both hereditary.
FRAMING = frozenset({"hereditary", "familial", "inherited", "sporadic", "congenital", "acquired", "bilateral",
                     "multiple", "recurrent", "early-onset", "late-onset", "childhood", "juvenile", "adult"})

Lookup = Callable[[tuple[str, ...]], object]
Standalone = Callable[[list[Token]], bool]


def coordinated(lookup: Lookup, standalone: Standalone, clause: str, content: list[Token], joined: list[str],
                offset: int):
    """``((start, end, entry), (shown_start, shown_end))`` for each term read through a coordination.

    ``content`` are the content words of ``clause``, ``joined[i]`` the conjunction or comma before
    ``content[i]`` ("" for none); "with" and "but" join findings, never coordinate one. ``(start, end)`` covers only the copied-to conjunct, so the term the
    words form without the coordination keeps its own span; the shown span covers the phrase.
    """
    found = []
    if any(j not in COORDINATING for j in joined):
        joined = [j if j in COORDINATING else "|" for j in joined]
    glued = [False] + [not clause[a.end:b.start].strip(" -") for a, b in zip(content, content[1:])]
    for k in range(1, len(content)):
        if joined[k] in COORDINATING and joined[k]:
            found.extend(_shared_after(lookup, standalone, clause, content, joined, glued, k, offset))
            found.extend(_shared_before(lookup, standalone, content, joined, glued, k, offset))
            found.extend(_shared_around(lookup, content, joined, k, offset))
    return found


def _shared_around(lookup: Lookup, content: list[Token], joined: list[str], k: int, offset: int):
    """"dilatation of the lateral and third ventricles": two one-word conjuncts share both the words
    before them and the head after them; each reading must name a term, or neither is taken.

    Only "and"/"or" join the two conjuncts: a comma alone lists findings ("hypoplasia of the femurs,
    fibular aplasia" is two findings, not a shared "hypoplasia ... aplasia"). And the words are shared
    only when neither conjunct already forms a term with them on its own side: "fibular aplasia" is a
    finding, so its "aplasia" is its own and not a head the first conjunct could take."""
    found = []
    n = len(content)
    if k < 2 or joined[k] not in ("and", "or") or joined[k - 1] or k + 1 >= n or joined[k + 1]:
        return found
    for before in range(1, 3):
        if k - 1 - before < 0 or not _plain(joined, k - 1 - before, k):
            continue
        for after in range(1, 3):
            if k + 1 + after > n or not _plain(joined, k, k + 1 + after):
                continue
            shared_before = _norms(content[k - 1 - before:k - 1])
            shared_after = _norms(content[k + 1:k + 1 + after])
            if lookup(shared_before + (content[k - 1].norm,)) is not None \
                    or lookup((content[k].norm,) + shared_after) is not None:
                continue            # each side's words already make a finding of their own
            first = lookup(shared_before + (content[k - 1].norm,) + shared_after)
            second = lookup(shared_before + (content[k].norm,) + shared_after)
            if first is None or second is None or first == second:
                continue
            whole = (offset + content[k - 1 - before].start, offset + content[k + after].end)
            found.append(((offset + content[k - 1].start, offset + content[k - 1].end, first), whole))
            found.append(((offset + content[k].start, offset + content[k].end, second), whole))
    return found


def _longer(lookup: Lookup, content: list[Token], lo: int, hi: int) -> bool:
    """``content[lo:hi]`` is the start of a longer term ("head" of "head lag")."""
    return any(lookup(_norms(content[lo:end])) is not None for end in range(hi + 1, min(len(content), hi + 2) + 1))


def _plain(joined: list[str], lo: int, hi: int) -> bool:
    """No conjunction or comma inside ``content[lo:hi]``, and no "with"/"but" anywhere in it."""
    return not any(joined[x] for x in range(lo + 1, hi))


def _norms(tokens: list[Token]) -> tuple[str, ...]:
    return tuple(t.norm for t in tokens)


def _shared_after(lookup: Lookup, standalone: Standalone, clause: str, content: list[Token], joined: list[str],
                  glued: list[bool], k: int, offset: int):
    """"short and broad thumbs": the conjunct ``content[i:k]`` takes the head after the list."""
    found = []
    n = len(content)
    for m in range(k + 1, min(n, k + MAX_LIST) + 1):
        if m >= n or joined[m] or "|" in joined[k:m]:
            continue
        last = max(x for x in range(k, m) if x == k or joined[x])      # the conjunct touching the head
        if not all(joined[x] for x in range(k + 1, last + 1)):   # "broad thumbs, hypoplastic nails": a list of findings
            continue
        for j in range(m + 1, min(n, m + MAX_PART) + 1):
            if not _plain(joined, m, j) or lookup(_norms(content[last:j])) is None or _longer(lookup, content, last, j):
                continue
            for i in range(max(0, k - MAX_PART), k):
                # "facial dysmorphia, prominent forehead": a conjunct glued to the word before it is
                # the end of another finding, not a modifier of the head; unless that word only frames
                # the whole coordination ("hereditary breast and ovarian cancer")
                if not _plain(joined, i, k) or standalone(content[i:k]) or (
                        i and glued[i] and not joined[i] and content[i - 1].text.lower() not in FRAMING):
                    continue
                # "hypoplasia of the femurs and fibular aplasia": a conjunct that closes a finding begun
                # before it ("hypoplasia of the femurs") is that finding's end, not a modifier of the head
                if any(lookup(_norms(content[h:k])) is not None for h in range(max(0, i - MAX_PART), i)
                       if _plain(joined, h, k)):
                    continue
                entry = lookup(_norms(content[i:k]) + _norms(content[m:j]))
                # "fingers and the toes were short": a verb before the head opens a clause of its own
                if entry is not None and not COPULA.search(clause, content[k - 1].end, content[m].start):
                    found.append(((offset + content[i].start, offset + content[k - 1].end, entry),
                                  (offset + content[i].start, offset + content[j - 1].end)))
    return found


def _shared_before(lookup: Lookup, standalone: Standalone, content: list[Token], joined: list[str],
                   glued: list[bool], m: int, offset: int):
    """"hypoplasia of the tibiae and fibulae": the conjunct ``content[m:j]`` takes the head before it."""
    found = []
    n = len(content)
    for j in range(m + 1, min(n, m + MAX_PART) + 1):
        if not _plain(joined, m, j) or standalone(content[m:j]) or _longer(lookup, content, m, j):
            continue
        if j < n and glued[j] and not joined[j]:      # "small hippocampi": the conjunct goes on
            continue
        for k in range(max(1, m - MAX_LIST), m):
            if joined[k] or "|" in joined[k:m]:
                continue
            first = min([x for x in range(k + 1, m + 1) if joined[x]], default=m)   # end of the first conjunct
            if j - m > first - k or not all(joined[x] for x in range(first, m + 1)):
                continue        # "bilateral clubfoot and undescended testes", "a b c, d e and f": not parallel
            for i in range(max(0, k - MAX_PART), k):
                if not _plain(joined, i, k + 1) or lookup(_norms(content[i:first])) is None:
                    continue
                entry = lookup(_norms(content[i:k]) + _norms(content[m:j]))
                if entry is not None:
                    found.append(((offset + content[m].start, offset + content[j - 1].end, entry),
                                  (offset + content[i].start, offset + content[j - 1].end)))
    return found


__all__ = ["coordinated"]
