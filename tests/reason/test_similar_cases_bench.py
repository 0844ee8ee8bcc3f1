"""The similar-case benchmark's miss bands and its wider-grid check (bench/similar_cases_eval.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from similar_cases_eval import Record, fit_phenomizer_share, rank_buckets  # noqa: E402


def test_rank_bands_split_the_cases_by_where_the_true_disease_stands():
    bands = rank_buckets([1, 1, 4, 12, 60, 2000, float("inf"), 50])
    assert bands == {"1": 0.25, "2-10": 0.125, "11-50": 0.25, "51-1000": 0.125, ">1000": 0.25}
    assert rank_buckets([]) == {}


def _record(publication: str, split: str, true_group: int, model: list[float], phenomizer: list[float]) -> Record:
    """Three disease groups; one neighbour votes for group 2; the model and the Phenomizer reader as given."""
    record = Record("phenopacket-store", split, publication, {true_group}, 1.0, 1.0)
    record.union = np.array([0, 1, 2])
    record.union_p = np.array(model)
    record.neighbours = {0.0: (np.array([1.0]), np.array([2]))}
    record.union_q = {t: np.array(phenomizer) for t in (0.05, 0.1, 0.25)}
    record.top_groups, record.top_p = record.union, record.union_p       # what the share-0 fallback reads
    record.p = dict(enumerate(model))
    return record


def test_the_wider_grid_reports_only_its_cross_validated_fit_row():
    # the model ranks group 0 first; the Phenomizer reader, which favours the truth (group 1), needs a share
    records = [_record(f"PMID:{n}", "fit", 1, [0.5, 0.3, 0.2], [0.0, 1.0, 0.0]) for n in range(20)]
    records += [_record("PMID:99", "held-out", 1, [0.5, 0.3, 0.2], [0.0, 1.0, 0.0])]
    first = {"k": 5, "tau": 0.5, "conflict": 0.0}
    wide = {"alpha": (0.1,), "share": (0.0, 0.3), "temperature": (0.05,)}
    rows = fit_phenomizer_share(records, first, "model", wide, cv_only=True)
    assert [row["split"] for row in rows] == ["fit (5-fold CV by publication)"]
    assert rows[0]["top1"] == 1.0 and all(c["share"] == 0.3 for c in rows[0]["chosen_per_fold"])
    shipped = fit_phenomizer_share(records, first, "model", wide)
    held_out = next(row for row in shipped if row["split"] == "held-out")
    assert held_out["top1"] == 1.0 and held_out["rank_bands"]["1"] == 1.0
