"""A literature-only candidate whose passages share no finding with the case is not a row (issue 8: "a candidate
whose passages share nothing with the case is not shown"): a differential statement in a document that shares only
a few words with a long vignette is no evidence for the patient."""

from __future__ import annotations

from clinicite.reason.engine import CaseInput, build_differential

from .test_literature import real_index
from .tiny_vocabulary import tiny_vocabulary

NYSTAGMUS = "HP:0000639"
PASSAGES = [
    ("PMID:300", "Training injuries in marathon runners",
     "In marathon runners who raise their training mileage quickly, osteoid osteoma should be excluded."),
    ("PMID:301", "Nystagmus in adults",
     "Acquired nystagmus in an adult is uncommon; osteosarcoma should be excluded before a benign cause is accepted."),
]
CASE = "A 30-year-old marathon runner raised his training mileage quickly and now has nystagmus."


def _rows(tiny_kb, tmp_path_factory):
    index = real_index(PASSAGES, tmp_path_factory.mktemp("unsupported-rows"))
    case = CaseInput([NYSTAGMUS], age_years=30, sex="male", text=CASE, vocabulary=tiny_vocabulary())
    return {d.name.lower(): d for d in build_differential(tiny_kb, case, index, top=20).diagnoses}


def test_a_differential_statement_sharing_only_words_with_the_case_is_no_row(tiny_kb, tmp_path_factory):
    rows = _rows(tiny_kb, tmp_path_factory)
    assert "osteoid osteoma" not in rows              # its document shares "marathon", "training", "mileage" only
    named = rows["osteosarcoma"]                      # its document names the case's nystagmus: shown, and cited
    assert named.source == "literature" and any(p.get("findings") for p in named.passages)
