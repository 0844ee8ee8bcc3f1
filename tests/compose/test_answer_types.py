"""Factoid and list answers lead with names of the kind asked for; the verdict model reads reporting cues.

Small hand-written sentences in the shape of BioASQ gold snippets and PubMedQA results sections.
"""

from __future__ import annotations

import pytest

from clinicite.compose.answer_types import FIT, GENERIC, family, type_fit
from clinicite.compose.entities import rank_candidates, shown_candidates
from clinicite.compose.evidence import Evidence, Source, QuotedSpan
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import Weighed
from clinicite.compose.verdict_model import FEATURE_NAMES, cue_features, features, model_scores
from clinicite.reason.vocabulary import Concept, Vocabulary
from clinicite.understand.question import answer_type


@pytest.mark.parametrize("question, expected", [
    ("Which gene is mutated in CLAPO syndrome?", "gene"),
    ("Mutations in which gene have been found in patients with the CLAPO syndrome?", "gene"),
    ("Which cancer types are associated with mutations in the TWIST1 gene?", "cancer"),
    ("List types of cancer where TBC1D16 is involved", "cancer"),
    ("List 3 human diseases caused by viruses in the family Paramyxoviridae.", "disease"),
    ("What are the most common side effects of amantadine ER?", "side effect"),
    ("What is the trade name of sildenafil?", "trade name"),
    ("Which type of pluripotency is Otx2 associated with?", "pluripotency"),
    ("PH motifs in which genes endow breast cancer growth?", "gene"),
    ("What is molecular radiotherapy?", None),
    ("Is lithium effective for ALS?", None),
])
def test_answer_type_is_the_head_noun_asked_for(question, expected):
    assert answer_type(question) == expected


def _evidence(texts: list[str]) -> list[Evidence]:
    items = []
    for n, text in enumerate(texts):
        source = Source(id=f"pmid:{n}", title="", source_type="pubmed", grade=grade_source("pubmed"))
        items.append(Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0))
    return items


def _vocabulary() -> Vocabulary:
    vocabulary = Vocabulary()
    for n, name in enumerate(("Breast cancer", "Prostate cancer", "Lung cancer")):
        vocabulary.add(Concept(f"TEST:{n}", name, "neoplasm: malignant"))
    return vocabulary


def test_type_fit_prefers_names_of_the_asked_kind():
    vocabulary = _vocabulary()
    assert family("cancer") == "disease" and family("transcription factor") == "gene" and family("city") is None
    assert type_fit("breast cancer", "cancer", vocabulary) == FIT
    assert type_fit("cells", "cancer", vocabulary) == 1.0
    assert type_fit("genes", "gene") == GENERIC and type_fit("antibody", "molecule") == GENERIC
    assert type_fit("PIK3CA", "gene") == FIT
    assert type_fit("mast cells", "cell") == FIT
    assert type_fit("Listeria monocytogenes", "organism") == FIT
    assert type_fit("Viagra", "trade name") == FIT
    assert type_fit("anything", None) == 1.0


def test_a_list_of_diseases_names_the_diseases_not_the_frequent_words():
    evidence = _evidence([
        "TWIST1 expression in tumour cells promotes invasion of cells in breast cancer.",
        "In prostate cancer cells, TWIST1 expression is raised and cells migrate.",
        "TWIST1 expression predicts metastasis of prostate cancer cells.",
        "Expression of TWIST1 in breast cancer cells is linked to relapse.",
    ])
    question = "Which cancer types are associated with mutations in the TWIST1 gene?"
    ranked = rank_candidates(question, evidence, list(range(len(evidence))), vocabulary=_vocabulary())
    shown = [c.text.lower() for c in shown_candidates("list", ranked)]
    assert set(shown[:2]) == {"breast cancer", "prostate cancer"}
    assert "cells" not in shown and "expression" not in shown


def test_an_abbreviation_of_the_question_s_own_term_is_not_an_answer():
    evidence = _evidence(["Coffin-Siris syndrome (CSS) is caused by mutations of the SWI/SNF complex.",
                          "In CSS, ARID1B variants alter the SWI/SNF complex."])
    ranked = rank_candidates('What protein complex is altered in "Coffin-Siris syndrome"?', evidence, [0, 1])
    names = [c.text for c in ranked]
    assert "CSS" not in names and names[0] == "SWI/SNF complex"


def _weighed(text: str, stance: str, role: str = "results") -> Weighed:
    return Weighed(0, stance, "unclassified", 1.0, role=role, overlap=0.6, last=True, source="s", text=text)


def test_reporting_cues_read_significance_p_values_and_intervals():
    question = "Does drug X reduce mortality?"
    denied = cue_features(question, [_weighed("Mortality did not differ between groups (p = 0.42).", "against")])
    shown = cue_features(question, [_weighed("Drug X significantly reduced mortality (OR 0.61, 95% CI 0.45-0.83; "
                                             "p < 0.01).", "for")])
    names = FEATURE_NAMES[-len(denied):]
    d, s = dict(zip(names, denied)), dict(zip(names, shown))
    assert d["not_significant"] == 1.0 and d["p_above_05"] == 1.0 and d["last_denies"] == 1.0
    assert s["significant"] == 1.0 and s["p_below_05"] == 1.0 and s["p_above_05"] == 0.0
    assert len(features(question, [_weighed("x", "neutral")])) == len(FEATURE_NAMES)


def test_the_fitted_verdict_model_says_no_to_a_denied_effect_and_yes_to_a_shown_one():
    question = "Does drug X reduce mortality?"
    no = model_scores(question, [_weighed("Drug X did not reduce mortality; no significant difference was found "
                                          "between groups (p = 0.61).", "against", "conclusions")])
    yes = model_scores(question, [_weighed("Drug X significantly reduced mortality compared with placebo "
                                           "(p < 0.001).", "for", "conclusions")])
    assert no is not None and yes is not None, "the fitted model (compose/data/verdict_model.json) is missing"
    assert max(no, key=no.get) == "no" and max(yes, key=yes.get) == "yes"


def test_a_finding_that_cites_controlled_trials_outweighs_a_pilot_study():
    from clinicite.compose.verdict import decide, reported_design
    assert reported_design("Further controlled trials failed to confirm any benefit.", "unclassified") == \
        "reported controlled trials"
    assert reported_design("A meta-analysis of 12 trials found no effect.", "case report") == "reported meta-analysis"
    assert reported_design("Patients were randomised to lithium or placebo.", "randomised controlled trial") == \
        "randomised controlled trial"      # a trial's own sentence keeps its design
    evidence = _evidence([
        "In a pilot study, lithium delayed progression of ALS in 16 patients.",
        "Further controlled trials have failed to substantiate any positive effect of lithium in ALS.",
        "Studies in ALS showed consistently negative results and evidence against the use of lithium.",
    ])
    verdict = decide("Is lithium effective for ALS?", evidence, [0, 1, 2])
    assert verdict.answer == "no"
    assert "source citing controlled trials" in verdict.text and "reported an effect" in verdict.text


def test_a_syndrome_is_named_by_its_name_not_its_abbreviation():
    evidence = _evidence(["Joubert syndrome (JBTS) is a recessive ciliopathy.",
                          "We found that TOGARAM1 variants cause JBTS.",
                          "Dysfunction of ARMC9 underlies JBTS."])
    vocabulary = Vocabulary()
    vocabulary.add(Concept("TEST:jbts", "Joubert syndrome", "congenital"))
    ranked = rank_candidates("Which syndrome is caused by dysfunction of the ARMC9/TOGARAM1 protein?", evidence,
                             [0, 1, 2], vocabulary=vocabulary)
    assert ranked[0].text == "Joubert syndrome" and "JBTS" not in [c.text for c in ranked]


@pytest.mark.parametrize("question, form", [
    ("Stage I non-small cell lung carcinoma: really an early stage?", "yesno"),
    ("Juvenile ankylosing spondylitis--is it the same disease as adult ankylosing spondylitis?", "yesno"),
    ("Prader-Willi syndrome: which gene is imprinted?", "factoid"),
    ("Hip pain in children: a review", "summary"),
])
def test_a_title_put_as_a_question_is_a_yes_no_question(question, form):
    from clinicite.understand.question import question_form
    assert question_form(question) == form


def test_drug_name_endings_come_from_one_table_for_every_reader():
    # data/inn_stems.json is the one list: a class stem, a stem without a class, and a chemical ending.
    from clinicite.compose.claims import _SPECIFIC_SHAPE
    from clinicite.compose.drug_classes import drug_name_endings, stem_classes
    assert {"xaban", "mab", "ine"} <= set(drug_name_endings("chemical"))
    assert "ol" not in drug_name_endings("chemical") and "ol" in drug_name_endings("weak")
    assert stem_classes("apixaban") and not stem_classes("adalimumab")     # -mab names no one class
    # A factor Xa inhibitor's name is a drug's shape for a "which drug" question and a term claims check.
    assert type_fit("apixaban", "drug") > 1.0 and type_fit("apixaban", None) == 1.0
    assert _SPECIFIC_SHAPE.fullmatch("apixaban") and _SPECIFIC_SHAPE.fullmatch("adalimumab")
    assert not _SPECIFIC_SHAPE.fullmatch("control")
