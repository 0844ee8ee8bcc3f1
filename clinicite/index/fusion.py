"""Fusion functions: one ranking from a lexical (BM25) and a dense (cosine) ranking.

A registry of small pure functions, chosen by name (:data:`FUSIONS`). Each takes
the scored rankings with a weight each, ``[( [(passage id, score), ...], weight ), ...]``,
and returns ``[(passage id, fused score), ...]``, best first (ties by id, so the
order is deterministic).

* ``"rrf"``: reciprocal rank fusion, ``sum_i w_i / (k + rank_i)`` (Cormack, Clarke &
  Büttcher, SIGIR 2009). Uses ranks only, so it needs no score calibration, but it
  throws away how far apart the scores are.
* ``"convex"``: a convex combination of min-max normalised scores,
  ``sum_i w_i * (s_i - min_i) / (max_i - min_i) / sum_i w_i``, the bounds taken over
  each ranking's retrieved list; a candidate missing from a ranking counts as its
  minimum (0). Bruch, Gai & Ingber ("An analysis of fusion functions for hybrid
  retrieval", ACM TOIS 2023) found convex combination beats RRF in and out of
  domain, because it keeps how far apart the scores are.
* ``"convex_tmm"``: the same with their "theoretical" min-max: the lower bound is
  the lowest score the scorer can give (0 for BM25, -1 for cosine), not the lowest
  retrieved.

Which is the default was decided on SciFact train claims split in two halves by
id (even positions to choose, odd to check; ``bench/retrieval.py --sweep``): with
equal weights, nDCG@10 on the choosing half was RRF 0.732, convex_tmm 0.745,
convex 0.761, and a weight sweep there chose equal weights for convex again. On
the other half: RRF 0.700, convex 0.712.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Scored = Sequence[tuple[int, float]]
Ranking = tuple[Scored, float]          # (scored ids best first, weight)
Fusion = Callable[..., list[tuple[int, float]]]

# Lowest score each scorer can give: BM25 is a sum of non-negative term weights; cosine is >= -1.
BM25_FLOOR = 0.0
COSINE_FLOOR = -1.0


def _ordered(scores: dict[int, float]) -> list[tuple[int, float]]:
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def reciprocal_rank_fusion(rankings: Sequence[tuple[Sequence[int], float]], k: int = 60) -> list[tuple[int, float]]:
    """RRF over ranked id lists, each with a weight (Cormack et al., 2009)."""
    scores: dict[int, float] = {}
    for ranking, weight in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + weight / (k + rank)
    return _ordered(scores)


def rrf(rankings: Sequence[Ranking], floors: Sequence[float] = (), k: int = 60) -> list[tuple[int, float]]:
    """The registry's RRF: scores are ignored, only the order of each ranking counts."""
    return reciprocal_rank_fusion([([key for key, _ in scored], weight) for scored, weight in rankings], k)


def min_max(scored: Scored, floor: float | None = None) -> dict[int, float]:
    """Scores mapped to [0, 1]: ``(s - low) / (best - low)``, ``low`` = ``floor`` or the worst score seen.

    With a ``floor`` this is Bruch et al.'s theoretical min-max (TMM): stable when a
    ranking is short or its scores are bunched, where plain min-max would stretch noise.
    """
    if not scored:
        return {}
    values = [score for _, score in scored]
    low = min(values) if floor is None else min(floor, min(values))
    span = max(values) - low
    if span <= 0:
        return {key: 1.0 for key, _ in scored}
    return {key: (score - low) / span for key, score in scored}


def convex(rankings: Sequence[Ranking], floors: Sequence[float | None] = (), k: int = 60
           ) -> list[tuple[int, float]]:
    """Convex combination of min-max normalised scores (Bruch et al., 2023); ``floors`` and ``k`` unused."""
    return _combine(rankings, ())


def convex_tmm(rankings: Sequence[Ranking], floors: Sequence[float | None] = (), k: int = 60
               ) -> list[tuple[int, float]]:
    """Convex combination with theoretical min-max: ``floors[i]`` is ranking i's lowest possible score."""
    return _combine(rankings, floors)


def _combine(rankings: Sequence[Ranking], floors: Sequence[float | None]) -> list[tuple[int, float]]:
    total = sum(weight for _, weight in rankings) or 1.0
    scores: dict[int, float] = {}
    for i, (scored, weight) in enumerate(rankings):
        floor = floors[i] if i < len(floors) else None
        for key, value in min_max(scored, floor).items():
            scores[key] = scores.get(key, 0.0) + weight * value / total
    return _ordered(scores)


FUSIONS: dict[str, Fusion] = {"rrf": rrf, "convex": convex, "convex_tmm": convex_tmm}
DEFAULT_FUSION = "convex"


def fuse(name: str, rankings: Sequence[Ranking], floors: Sequence[float | None] = (), k: int = 60
         ) -> list[tuple[int, float]]:
    """Fuse with the function registered under ``name`` (see :data:`FUSIONS`)."""
    from clinicite.errors import ConfigurationError

    if name not in FUSIONS:
        raise ConfigurationError(f"unknown fusion {name!r}: use one of {', '.join(sorted(FUSIONS))}")
    return FUSIONS[name](rankings, floors, k=k)
