"""The bottom line: the one gathered sentence that best answers the question.

Candidates are the best-ranked evidence sentences. Each is scored by

- BM25 (Robertson & Zaragoza, 2009, "The probabilistic relevance framework")
  of the question's words against the sentence, with document frequencies
  taken over the candidate sentences themselves, so words every candidate
  shares count less than the words that single out an answer. A handful of
  candidates gives noisy frequencies, so each word's weight is also scaled by
  how rare it is in abstracts at large (the word frequencies of the section
  classifier, :mod:`clinicite.compose.classify`): "used" or "disease" then
  weigh less than "YKL-40";
- dense similarity of question and sentence when an encoder is at hand
  (MiniLM sentence embeddings, Reimers & Gurevych, 2019), which catches
  paraphrase that shared words miss;
- the sentence's evidence relevance from gathering (passage rank, role,
  source grade). An extra prior for result and conclusion sentences was
  tried and lowered ROUGE-L on BioASQ with and without the encoder, so the
  role counts only through that relevance.

Scores are scaled to the best candidate per feature before they are mixed,
so no feature dominates by its units. Nothing is rewritten: the chosen
sentence is quoted exactly and cited by its span.
"""

from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
from typing import Any

from clinicite.compose.classify import default_classifier
from clinicite.compose.evidence import Evidence
from clinicite.compose.sentences import content_terms

# Mix of the scaled features, with and without an encoder (chosen on 200 BioASQ questions, bench/answers.py).
WEIGHTS_DENSE = {"bm25": 0.15, "dense": 0.75, "relevance": 0.10}
WEIGHTS_LEXICAL = {"bm25": 0.9, "dense": 0.0, "relevance": 0.1}
RARE_WORD_IDF = 8.0     # about the background IDF of a word too rare for the classifier's vocabulary
MAX_CANDIDATES = 30
DENSE_CANDIDATES = 4   # sentences encoded for the dense score (the lexically best ones); 8 scored no better
MAX_WORDS = 60          # a bottom line is one sentence a reader takes in at a glance


@lru_cache(maxsize=20000)
def background_idf(term: str) -> float:
    """-log of a word stem's mean frequency over the sections of PubMed abstracts (rare words: high)."""
    classifier = default_classifier()
    if classifier is None:
        return RARE_WORD_IDF
    tables = classifier.likelihoods
    mean = sum(math.exp(tables[role].get(term, classifier.unseen[role])) for role in tables) / len(tables)
    return -math.log(mean)


def bm25_scores(question: str, sentences: list[str], k1: float = 1.2, b: float = 0.5) -> list[float]:
    """BM25 of ``question`` against each sentence, the sentences being the collection.

    ``b`` is lower than the usual 0.75: a longer sentence that names more of the question is what a
    bottom line should be, and one-clause fragments should not win by their shortness.
    """
    documents = [content_terms(s) for s in sentences]
    if not documents:
        return []
    asked = set(content_terms(question))
    frequency = Counter(t for words in documents for t in set(words))
    total = len(documents)
    average = sum(len(words) for words in documents) / total or 1.0
    scores = []
    for words in documents:
        counts = Counter(words)
        score = 0.0
        for term in asked & counts.keys():
            idf = math.log(1 + (total - frequency[term] + 0.5) / (frequency[term] + 0.5))
            idf *= background_idf(term) / RARE_WORD_IDF
            tf = counts[term]
            score += idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(words) / average))
        scores.append(score)
    return scores


def dense_scores(question: str, sentences: list[str], encoder: Any) -> list[float] | None:
    """Cosine similarity of question and sentences (one batched encoder call); None without an encoder."""
    if encoder is None or not sentences:
        return None
    try:
        vectors = encoder.encode([question, *sentences])
    except Exception:     # a broken encoder must not cost the answer; lexical scoring still works
        return None
    import numpy as np
    vectors = np.asarray(vectors, dtype=np.float32)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    return [max(0.0, float(v)) for v in vectors[1:] @ vectors[0]]


def _scaled(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    return [v / top if top > 0 else 0.0 for v in values]


def best_sentence(question: str, evidence: list[Evidence], candidates: list[int], encoder: Any = None,
                  relevance: dict[int, float] | None = None) -> int | None:
    """Index (into ``evidence``) of the sentence that best answers ``question``; None without candidates."""
    pool = [i for i in candidates if len(evidence[i].statement.split()) <= MAX_WORDS] or list(candidates)
    if relevance is None:
        relevance = {i: evidence[i].relevance for i in pool}
    pool = sorted(pool, key=lambda i: -relevance[i])[:MAX_CANDIDATES]
    if not pool:
        return None
    texts = [evidence[i].statement for i in pool]
    lexical = _scaled(bm25_scores(question, texts))
    if encoder is not None and len(pool) > DENSE_CANDIDATES:
        # Encoding costs most of the time here: only the lexically most promising sentences are encoded.
        related = _scaled([relevance[i] for i in pool])
        keep = sorted(range(len(pool)), key=lambda n: -(WEIGHTS_LEXICAL["bm25"] * lexical[n]
                                                         + WEIGHTS_LEXICAL["relevance"] * related[n]))
        keep = sorted(keep[:DENSE_CANDIDATES])
        pool, texts, lexical = [pool[n] for n in keep], [texts[n] for n in keep], _scaled([lexical[n] for n in keep])
    dense = dense_scores(question, texts, encoder)
    weights = WEIGHTS_DENSE if dense is not None else WEIGHTS_LEXICAL
    dense = _scaled(dense) if dense is not None else [0.0] * len(pool)
    related = _scaled([relevance[i] for i in pool])

    def score(n: int) -> float:
        return weights["bm25"] * lexical[n] + weights["dense"] * dense[n] + weights["relevance"] * related[n]
    return pool[max(range(len(pool)), key=score)]


SUMMARY_SENTENCES = 3    # BM25 over each question's gold-snippet sentences (7B-9B, 200 questions), ROUGE-2 of the
SUMMARY_WORDS = 100      # first 1 / 2 / 3 / 4: 0.230 / 0.268 / 0.290 / 0.301; the best-matching snippet: 0.254
SAME_SENTENCE = 0.7      # content-word overlap (Jaccard) above which a sentence repeats one already chosen
# The search's relevance counts more here than for the one-sentence bottom line: through the pipeline on 150
# BioASQ 7B-9B questions (seed 11), ROUGE-2 of the summary was 0.223 / 0.234 / 0.229 / 0.232 at a BM25
# weight of 0.1 / 0.3 / 0.5 / 0.7 (the top-ranked snippet: 0.228); four sentences at 0.3 scored 0.232.
SUMMARY_WEIGHTS = {"bm25": 0.3, "relevance": 0.7}


def summary_sentences(question: str, evidence: list[Evidence], candidates: list[int],
                      exclude: set[int] = frozenset(), limit: int | None = None,
                      max_words: int | None = None) -> list[int]:
    """The sentences that best answer ``question``, best first: an extractive summary (each quoted and
    cited as it stands), scored as :func:`best_sentence` scores without an encoder, skipping repeats.

    Extractive summarisation by query relevance with a redundancy check, in the manner of maximal
    marginal relevance (Carbonell & Goldstein, 1998)."""
    limit, max_words = limit or SUMMARY_SENTENCES, max_words or SUMMARY_WORDS
    pool = [i for i in candidates if i not in exclude and len(evidence[i].statement.split()) <= MAX_WORDS]
    pool = sorted(pool, key=lambda i: -evidence[i].relevance)[:MAX_CANDIDATES]
    if not pool:
        return []
    lexical = _scaled(bm25_scores(question, [evidence[i].statement for i in pool]))
    related = _scaled([evidence[i].relevance for i in pool])
    order = sorted(range(len(pool)), key=lambda n: -(SUMMARY_WEIGHTS["bm25"] * lexical[n]
                                                     + SUMMARY_WEIGHTS["relevance"] * related[n]))
    seen = [set(content_terms(evidence[i].statement)) for i in exclude if i < len(evidence)]
    chosen: list[int] = []
    words = 0
    for n in order:
        if len(chosen) >= limit:
            break
        if lexical[n] <= 0:
            continue      # shares no word with the question: relevant to the search, not to what was asked
        index = pool[n]
        terms = set(content_terms(evidence[index].statement))
        if any(len(terms & other) / (len(terms | other) or 1) > SAME_SENTENCE for other in seen):
            continue
        length = len(evidence[index].statement.split())
        if chosen and words + length > max_words:
            continue
        chosen.append(index)
        seen.append(terms)
        words += length
    return _with_context(evidence, candidates, chosen, exclude, seen, max_words - words, limit)


def _with_context(evidence: list[Evidence], candidates: list[int], chosen: list[int], exclude: set[int],
                  seen: list[set[str]], room: int, limit: int) -> list[int]:
    """``chosen`` with the sentences its source puts just before and just after the best answering sentence
    (the bottom line's when it is quoted), when the summary has room: "TPMCalculator is a one-step software
    ..." reads as an answer after the sentence that says what it is for, which shares no word with the
    question, and a definition's next sentence usually says what the thing does. Context from the answer's
    own source, in the manner of the "lead" and neighbour extension of extractive summarisers (Nenkova &
    McKeown, 2011, "Automatic summarization", ch. 4). (The sentence after was added in round 10: BioASQ
    7B-9B, 150 through the pipeline, Summary ROUGE-2 0.2448 -> 0.2462, summary questions 0.352 -> 0.359.)"""
    anchors = sorted(exclude) + chosen
    if not anchors:
        return chosen
    anchor = evidence[anchors[0]]
    result, placed = list(chosen), 0      # placed: context sentences put ahead of an excluded anchor
    for side in ("before", "after"):
        if len(result) >= limit or room <= 0:
            break
        neighbour = _neighbour(evidence, candidates, anchor, side, set(result) | exclude)
        if neighbour is None:
            continue
        terms = set(content_terms(evidence[neighbour].statement))
        length = len(evidence[neighbour].statement.split())
        if length > min(room, MAX_WORDS) or \
                any(len(terms & other) / (len(terms | other) or 1) > SAME_SENTENCE for other in seen):
            continue
        # Reading order: before, the anchor (in the summary, or quoted above it as the bottom line), after.
        at = result.index(anchors[0]) + (side == "after") if anchors[0] in result else placed
        result.insert(at, neighbour)
        placed += 1
        seen.append(terms)
        room -= length
    return result


def _neighbour(evidence: list[Evidence], candidates: list[int], anchor: Evidence, side: str,
               taken: set[int]) -> int | None:
    """The candidate sentence of ``anchor``'s source just before (or after) it, if gathered."""
    same = [i for i in candidates if i not in taken and evidence[i].source.id == anchor.source.id]
    if side == "before":
        before = [i for i in same if evidence[i].spans[0].end <= anchor.spans[0].start]
        return max(before, key=lambda i: evidence[i].spans[0].end) if before else None
    after = [i for i in same if evidence[i].spans[0].start >= anchor.spans[0].end]
    return min(after, key=lambda i: evidence[i].spans[0].start) if after else None
