"""The document retrieved first for the case, judged as a similar published case by the case's words.

Two routes of :class:`clinicite.reason.similar_case.CaseMatch` look only at the first-ranked document: the text
route (it leads every other retrieved document by a clear margin and holds informative case words few others hold,
:func:`clinicite.reason.similar_case.text_match`) and the words route (it holds a large share of the case's own
content words, ``CaseMatch.by_words``). Both are read here, from the search's ranking.
"""

from __future__ import annotations

import re

from clinicite.reason.case_words import CASE_STOPWORDS, case_stems, shared_stems, stem
from clinicite.reason.mentions import normalise
from clinicite.reason.similar_case import CaseMatch, informative_terms, text_match


def first_document_routes(hits: list, matches: dict[str, CaseMatch], case_text: str,
                          stated: dict[str, set[str]] | None = None, similarity=None) -> None:
    """Rank the matched documents, and try the first-ranked one by the text and the words routes (in place).

    For the text route's margin every retrieved document, read or not, counts as "other", except another report
    of the same diagnosis: two reports of one disease do not compete for the margin (the next that states
    something else, or states nothing we read, does).

    ``similarity(texts)``: cosines of ``texts[0]`` to each of the others by a dense encoder, or None (no encoder);
    the case against its first and next documents, for the words route's dense margin."""
    stated = stated or {}
    best: dict[str, float] = {}
    texts: dict[str, list[str]] = {}
    for hit in hits:
        best[hit.document_id] = max(best.get(hit.document_id, 0.0), float(hit.score))
        texts.setdefault(hit.document_id, []).append(f"{hit.title} {hit.text}")
    ranked = sorted(best, key=lambda d: -best[d])
    stems = case_stems(re.sub(r"[^.?!]*\?", " ", case_text), [])
    for rank, document_id in enumerate(ranked):
        if document_id in matches:
            matches[document_id].rank = rank
            # The findings route asks for some of the case's words too (similar_case.MIN_FINDINGS_WORDS).
            held = shared_stems(" ".join(texts[document_id]), stems)
            matches[document_id].words_share = len(held) / len(stems) if stems else None
    if not ranked or ranked[0] not in matches:
        return
    first = ranked[0]
    diagnosis = stated.get(first, set())
    others = [d for d in ranked[1:] if not (diagnosis and stated.get(d, set()) & diagnosis)]
    words = [w for w in normalise(case_text).split() if w not in CASE_STOPWORDS]
    terms = informative_terms(words, " ".join(texts[first]), [" ".join(texts[d]) for d in others], stem)
    text_match(matches[first], best[first], best[others[0]] if others else 0.0, terms)
    # The words route: how much of the case's own wording the first document holds (similar_case.by_words).
    # The question asked about the case ("What is the diagnosis?") is not its wording.
    shared = shared_stems(" ".join(texts[first]), stems)
    match = matches[first]
    match.coverage = len(shared) / len(stems) if stems else 0.0
    match.shared = sorted(shared)
    match.case_stems = len(stems)
    match.runner_up = max((len(shared_stems(" ".join(texts[d]), stems)) for d in ranked[1:]), default=0)
    if similarity is not None and len(ranked) > 1:
        wording = re.sub(r"[^.?!]*\?", " ", case_text).strip()
        cosines = similarity([wording, *(" ".join(dict.fromkeys(texts[d])) for d in ranked[:2])])
        if cosines is not None and len(cosines) == 2:
            match.dense, match.dense_margin = float(cosines[0]), float(cosines[0] - cosines[1])
