"""The verdict answers the predicate the question asks, not effect against no effect; titles use the
user's words; knowledge facts are cited only for a topic disease."""

from __future__ import annotations

import pytest

from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.title import article_title
from clinicite.compose.topic import Topic
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_predicate import aligned_stance, predicate_of


def _evidence(texts: list[str], one_source: bool = True) -> list[Evidence]:
    items = []
    for n, text in enumerate(texts):
        source = Source(id="pmid:1" if one_source else f"pmid:{n}", title="", source_type="pubmed",
                        grade=grade_source("pubmed"))
        items.append(Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role="results"))
    return items


def test_predicate_kinds_are_read_from_the_question():
    assert predicate_of("Are endometrial polyps from pre-menopausal women similar to post-menopausal women?").sameness
    assert predicate_of("Can predilatation in transcatheter aortic valve implantation be omitted?").sameness
    assert predicate_of("Clinician assessment for acute chest syndrome: is it accurate enough?").adequacy
    assert predicate_of("Is carotid screening always necessary?").universal
    plain = predicate_of("Does drug X reduce mortality?")
    assert not (plain.sameness or plain.adequacy or plain.universal)


def test_a_difference_denies_a_sameness_question_and_no_difference_supports_it():
    same = predicate_of("Are interstitial concentrations equivalent to plasma concentrations?")
    assert aligned_stance(same, "Interstitial concentrations were significantly lower than plasma "
                                "concentrations.", "for") == "against"
    assert aligned_stance(same, "There were no significant differences between the groups.", "against") == "for"
    effect = predicate_of("Does drug X reduce mortality?")
    assert aligned_stance(effect, "There were no significant differences between the groups.", "against") == "against"


def test_an_accuracy_question_is_answered_no_by_findings_of_little_value():
    question = ("Clinician assessment for acute chest syndrome in febrile patients with sickle cell disease: "
                "is it accurate enough?")
    evidence = _evidence(["History and physical examination appear to be of little value in identifying the "
                          "syndrome.", "Overall physician sensitivity for predicting the syndrome was only 39%."])
    stances = [w.stance for w in weigh(question, evidence, [0, 1])]
    assert stances == ["against", "against"]
    verdict = decide(question, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    # The same sentences asked as an effect question keep their plain reading.
    plain = weigh("Does examination identify acute chest syndrome?", evidence, [0, 1])
    assert [w.stance for w in plain] != ["against", "against"]


def test_a_pilot_study_does_not_balance_a_finding_citing_controlled_trials():
    evidence = _evidence(["In a pilot study, lithium delayed progression of ALS in 16 patients.",
                          "Further controlled trials have failed to substantiate any positive effect of lithium in ALS."],
                         one_source=False)
    verdict = decide("Is lithium effective for ALS?", evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    assert "earlier" not in verdict.text       # no years given: nothing is said about which came first


@pytest.mark.parametrize("question, title", [
    ("A woman aged 52 presented with buttock pain and leg weakness. What is the diagnosis?",
     "Buttock pain and leg weakness in a 52-year-old woman: diagnosis"),
    ("She has fever and a rash on her palms. What is the diagnosis?", "Fever and rash: diagnosis"),
    ("What causes dense metaphyseal bands on a child's radiograph?",
     "Causes of dense metaphyseal bands on a child's radiograph"),
    ("How is Ribbing disease treated?", "Treatment of Ribbing disease"),
    ("Is lithium effective for ALS?", "Is lithium effective for ALS?"),
])
def test_titles_are_made_of_the_users_words(question, title):
    from clinicite.compose.question import analyse
    made = article_title(question, analyse(question))
    assert made == title
    assert "woman" not in made or "woman" in question       # a pronoun never becomes "a woman"


def test_a_knowledge_fact_passes_the_case_topic_gate_only_for_a_topic_disease():
    from clinicite.compose.case_answer import on_case_topic
    record = Source(id="ORPHA:1", title="Cornelia de Lange syndrome", source_type="knowledge",
                    grade=grade_source("knowledge"))
    other = Source(id="ORPHA:2", title="Trichotillomania", source_type="knowledge", grade=grade_source("knowledge"))
    facts = [Evidence(s, f"Common features of {s.title} include hair loss.", [QuotedSpan(0, 10, "Phenotypes")],
                      kind="fact", section="Phenotypes") for s in (record, other)]
    topic = Topic(names=["Trichotillomania"])
    kept = on_case_topic(facts, topic, [])
    assert [f.source.title for f in kept] == ["Trichotillomania"]
    assert len(on_case_topic(facts, Topic(), [])) == 2      # no topic disease named: nothing to gate on


@pytest.mark.parametrize("question", [
    "In which tissues is the lincRNA Xist expressed?",
    "Mutations in which genes cause X-linked developmental and epileptic encephalopathy?",
    "Which are the main G1/S transcription factors in yeast?",
    "What are the 3 main bacteria found in human milk?",
])
def test_a_plural_head_after_a_preposition_or_mid_sentence_asks_for_a_list(question):
    from clinicite.understand.question import question_form
    assert question_form(question) == "list"


@pytest.mark.parametrize("question", ["What causes ocular thelaziasis?", "Which gene is mutated in Rett syndrome?"])
def test_a_singular_head_or_a_verb_stays_a_factoid(question):
    from clinicite.understand.question import question_form
    assert question_form(question) == "factoid"


def test_list_items_spread_over_lower_ranked_sentences_are_still_named():
    from clinicite.compose.entities import rank_candidates, shown_candidates
    texts = ["Mutations in EMD cause Emery-Dreifuss muscular dystrophy.",
             "LMNA mutations were found in Emery-Dreifuss muscular dystrophy families.",
             "SYNE1 variants were also reported in Emery-Dreifuss muscular dystrophy."]
    evidence = _evidence(texts, one_source=False)
    for item, relevance in zip(evidence, (1.0, 0.3, 0.25)):      # the fused ranks of a search fall steeply
        item.relevance = relevance
    question = "Which genes are related to Emery-Dreifuss muscular dystrophy?"
    names = [c.text for c in shown_candidates("list", rank_candidates(question, evidence, [0, 1, 2]))]
    assert {"EMD", "LMNA", "SYNE1"} <= set(names)


def test_a_count_in_the_introduction_is_not_the_studys_size():
    # The introduction reports the 2008 pilot's 16 patients; the review it opens has no size of its own.
    items = _evidence(["INTRODUCTION: Lithium was proposed in 2008 after a report that none of the 16 patients "
                       "treated with lithium plus riluzole had died during follow-up.",
                       "CONCLUSIONS: There is evidence to suggest that lithium has no short-term benefits in ALS."])
    weighed = weigh("Is lithium effective for ALS?", items, [0, 1])
    assert weighed and all(w.size is None for w in weighed)
    items = _evidence(["METHODS: We randomised 214 patients with ALS to lithium or placebo.",
                       "RESULTS: Lithium did not slow progression of ALS."])
    assert {w.size for w in weigh("Is lithium effective for ALS?", items, [0, 1])} == {214}
