"""Ranking exactly the options a question names, on the bone ontology of tests/reason/test_engine.py."""

from __future__ import annotations

import pytest

from clinicite.reason.engine import CaseInput
from clinicite.reason.options import detect_options, rank_options, resolve_option_ids

from .tiny_vocabulary import tiny_vocabulary

METAPHYSEAL, SHORT, MACRO = "HP:0004979", "HP:0004322", "HP:0000256"


def test_lettered_options_are_ranked_each_with_its_evidence(bone_kb):
    question = ("A 2-year-old has dense metaphyseal bands. Which of the following is the most likely diagnosis?\n"
                "A. Scurvy\nB. Lead poisoning\nC. Sclerosing metaphyseal dysplasia X")
    options = detect_options(question, bone_kb)
    assert options == ["Scurvy", "Lead poisoning", "Sclerosing metaphyseal dysplasia X"]
    differential = rank_options(bone_kb, CaseInput([METAPHYSEAL], age_years=2), options)
    assert len(differential.diagnoses) == 3 and differential.uncovered_options == []
    assert all(any(w.label == "Metaphyseal sclerosis" and w.weight > 0 for w in d.for_)
               for d in differential.diagnoses)
    assert differential.diagnoses[0].source == "curated"          # a common cause leads one finding in a child


def test_the_kb_decides_a_shared_head_the_words_do_not(bone_kb):
    assert not resolve_option_ids(bone_kb, "Granule", family=False)
    assert resolve_option_ids(bone_kb, "Granule disorder Z", family=False)
    assert detect_options("Is this granule or lysosomal disorder Z?", bone_kb) == \
        ["granule disorder Z", "lysosomal disorder Z"]
    assert detect_options("Is this granule or lysosomal disorder Z?") == ["granule", "lysosomal disorder Z"]


def test_an_option_the_vocabulary_knows_but_nothing_weighs_is_reported_not_guessed(bone_kb):
    case = CaseInput([METAPHYSEAL], age_years=2, vocabulary=tiny_vocabulary())
    differential = rank_options(bone_kb, case, ["Scurvy", "Melanoma", "Kryptonite fever"])
    assert [d.name.split(" (")[0] for d in differential.diagnoses] == ["Scurvy"]
    assert differential.uncovered_options == ["Melanoma", "Kryptonite fever"]
    assert "Melanoma (a known" in differential.note and "Kryptonite fever:" in differential.note


def test_no_named_option_held_says_so(bone_kb):
    differential = rank_options(bone_kb, CaseInput([METAPHYSEAL], age_years=2), ["Kryptonite fever", "Moon pox"])
    assert differential.status == "not_covered" and differential.diagnoses == []
    assert "Kryptonite fever, Moon pox" in differential.reason


def test_an_option_inside_another_syndromes_name_is_not_that_syndrome():
    from clinicite.reason.options import _kind_of
    assert _kind_of(["osteopetrosis"], "autosomal recessive osteopetrosis".split())
    assert _kind_of(["albinism"], "albinism oculocutaneous type iii".split())
    assert not _kind_of(["vitiligo"], "deafness vitiligo syndrome".split())
    assert not _kind_of(["rubella"], "congenital rubella syndrome".split())


def test_named_options_without_any_finding_are_listed_not_ranked(bone_kb):
    differential = rank_options(bone_kb, CaseInput([], age_years=2), ["Scurvy", "Lead poisoning"])
    assert differential.status == "no_findings" and differential.diagnoses == []
    assert "Scurvy, Lead poisoning" in differential.reason and "not ranked" in differential.reason


def test_option_probabilities_cover_every_named_option(bone_kb):
    case = CaseInput([METAPHYSEAL], age_years=2)
    differential = rank_options(bone_kb, case, ["Scurvy", "Lead poisoning", "Kryptonite fever"])
    shown = sum(d.probability for d in differential.diagnoses)
    assert shown + differential.unlisted_probability == pytest.approx(1.0)
    assert differential.unlisted_probability > 0.0          # the option nothing weighs keeps its share
    assert f"{differential.unlisted_probability:.0%}" in differential.note
    assert all(d.probability < 0.99 for d in differential.diagnoses)


@pytest.mark.parametrize("option, name, kind", [
    ("osteopetrosis", "autosomal recessive osteopetrosis", True),
    ("squamous cell carcinoma", "squamous cell carcinoma of the esophagus", True),
    ("hemolytic anemia", "autoimmune hemolytic anemia warm type", True),
    ("vitiligo", "deafness vitiligo syndrome", False),
    ("retinal detachment", "retinal detachment occipital encephalocele syndrome", False),
    ("pregnancy", "hemolysis elevated liver enzymes low platelets in pregnancy", False),
    ("atopic dermatitis", "deafness neural with atypical atopic dermatitis", False),
])
def test_a_family_member_must_be_a_kind_of_the_option(option, name, kind):
    from clinicite.reason.options import _kind_of
    assert _kind_of(option.split(), name.split()) is kind


@pytest.mark.parametrize("name, head", [
    ("Albinism, oculocutaneous, type III", "albinism"),
    ("Squamous cell carcinoma of the esophagus", "carcinoma"),
    ("Congenital rubella pneumonitis", "pneumonitis"),
    ("Vitiligo-associated multiple autoimmune disease susceptibility 1", "susceptibility"),
    ("Kawasaki disease", "kawasaki syndrome"),
    ("Congenital rubella syndrome", "rubella syndrome"),
    ("Autosomal recessive osteopetrosis 1", "osteopetrosis"),
    ("Diabetes mellitus type 2", "diabetes"),
    ("Multiple fibroadenomas of the breast", "fibroadenoma"),
    ("Raynaud phenomenon", "raynaud syndrome"),
    ("Pyoderma gangrenosum", "pyoderma"),
    ("Retinal detachment-occipital encephalocele syndrome", "encephalocele syndrome"),
])
def test_the_head_of_a_disease_name(name, head):
    from clinicite.reason.options import head_word
    assert head_word(name) == head


def test_a_family_member_must_share_the_options_head_disease(bone_kb):
    # "Sclerosing metaphyseal dysplasia X" holds the word "metaphyseal" but is a dysplasia: an option
    # "Metaphyseal" does not stand for it; an option "Dysplasia" may.
    assert resolve_option_ids(bone_kb, "Metaphyseal") == []
    assert resolve_option_ids(bone_kb, "Dysplasia")


def test_an_option_only_the_phenotype_ontology_names_is_weighed_by_its_place_in_it(bone_kb):
    differential = rank_options(bone_kb, CaseInput([METAPHYSEAL], age_years=30), ["Macrocephaly", "Dense metaphyseal bands"])
    assert differential.uncovered_options == []
    rows = {d.name: d for d in differential.diagnoses}
    bands, fever = rows["Dense metaphyseal bands"], rows["Macrocephaly"]
    assert bands.source == fever.source == "phenotype" and bands.id == "HP:0100959"
    assert [w.label for w in bands.for_] == ["Metaphyseal sclerosis"]
    assert "implied by the phenotype Dense metaphyseal bands" in bands.for_[0].explanation
    assert fever.for_ == [] and bands.probability > fever.probability
    assert sum(d.probability for d in differential.diagnoses) == pytest.approx(1.0)


def test_option_probabilities_give_a_phenotype_named_option_its_fitted_prior():
    from clinicite.reason.calibration import fit_options, option_probabilities
    fitted = {"sharpness": 1.0, "prior_weight": 1.0, "uncovered": -10.0, "phenotype_prior": -2.0}
    p = option_probabilities([(1.0, -2.0), (1.0,), None], fitted)
    assert p[0] == pytest.approx(p[1]) and p[2] < p[0]
    fitted, _ = fit_options([([(0.0, -1.0), (3.0,)], 1), ([(2.0, -1.0), (0.0,)], 0)])
    assert "phenotype_prior" in fitted
