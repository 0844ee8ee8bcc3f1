"""Fusion functions: reciprocal rank fusion and the convex combination of normalised scores."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clinicite.errors import ConfigurationError
from clinicite.index.fusion import BM25_FLOOR, COSINE_FLOOR, FUSIONS, fuse, min_max, reciprocal_rank_fusion

LEXICAL = [(1, 12.0), (2, 6.0), (3, 5.5)]        # BM25: one clear winner, then a bunch
DENSE = [(3, 0.71), (2, 0.70), (4, 0.69), (1, 0.60)]   # cosine: near-ties, 1 a little behind


def test_rrf_rewards_agreement_between_rankings():
    fused = dict(reciprocal_rank_fusion([([1, 2, 3], 1.0), ([3, 2, 4], 1.0)], k=60))
    # 2 and 3 appear in both rankings, 1 and 4 in one each.
    assert min(fused[2], fused[3]) > max(fused[1], fused[4])
    assert fused[2] == pytest.approx(2 / 62) and fused[1] == pytest.approx(1 / 61)


def test_convex_keeps_score_gaps_that_rrf_throws_away():
    # Dense barely separates the four; BM25 prefers 1 by far. RRF sees only that dense put 1 last
    # (so 1 falls behind 2 and 3); the convex combination sees that BM25's margin is the large one.
    rrf = [key for key, _ in fuse("rrf", [(LEXICAL, 1.0), (DENSE, 1.0)])]
    convex = [key for key, _ in fuse("convex_tmm", [(LEXICAL, 1.0), (DENSE, 1.0)], (BM25_FLOOR, COSINE_FLOOR))]
    assert rrf.index(1) > rrf.index(2)
    assert convex[0] == 1


def test_convex_normalises_each_ranking_over_what_it_retrieved():
    fused = dict(fuse("convex", [([(1, 20.0), (2, 10.0)], 1.0), ([(2, 0.9), (3, 0.5)], 1.0)]))
    # Top of each ranking -> 1, bottom -> 0; equal weights average them.
    assert fused == {1: pytest.approx(0.5), 2: pytest.approx(0.5), 3: pytest.approx(0.0)}
    assert fuse("convex", [([(1, 5.0)], 1.0), ([], 1.0)]) == [(1, 0.5)]


def test_theoretical_min_max_uses_the_scorer_floor():
    assert min_max([(1, 10.0), (2, 5.0)], BM25_FLOOR) == {1: 1.0, 2: 0.5}
    assert min_max([(1, 10.0), (2, 5.0)]) == {1: 1.0, 2: 0.0}     # plain min-max: worst seen -> 0
    assert min_max([(7, 0.3)], COSINE_FLOOR) == {7: 1.0}
    assert min_max([]) == {}


def test_zero_weight_leaves_one_ranking_and_unknown_fusion_is_an_error():
    only_lexical = fuse("convex", [(LEXICAL, 1.0), (DENSE, 0.0)], (BM25_FLOOR, COSINE_FLOOR))
    assert [key for key, _ in only_lexical][:3] == [1, 2, 3]
    assert set(FUSIONS) >= {"rrf", "convex", "convex_tmm"}
    with pytest.raises(ConfigurationError, match="unknown fusion"):
        fuse("borda", [(LEXICAL, 1.0)])


scored = st.lists(st.tuples(st.integers(0, 50), st.floats(0, 40)), max_size=20, unique_by=lambda x: x[0])


@given(scored, scored, st.floats(0.05, 1.0), st.sampled_from(["convex", "convex_tmm"]))
def test_convex_scores_are_bounded_and_sorted(lexical, dense, weight, name):
    lexical = sorted(lexical, key=lambda x: -x[1])
    dense = sorted(((k, s / 40.0) for k, s in dense), key=lambda x: -x[1])
    fused = fuse(name, [(lexical, weight), (dense, 1.0 - weight + 0.05)], (BM25_FLOOR, COSINE_FLOOR))
    assert {k for k, _ in fused} == {k for k, _ in lexical} | {k for k, _ in dense}
    assert all(-1e-9 <= s <= 1 + 1e-9 for _, s in fused)
    assert [s for _, s in fused] == sorted((s for _, s in fused), reverse=True)
