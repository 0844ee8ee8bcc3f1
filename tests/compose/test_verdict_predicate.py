"""The verdict answers the predicate the question asks, not effect against no effect; titles use the
user's words; knowledge facts are cited only for a topic disease."""

from __future__ import annotations

import pytest

from clinicite.compose.evidence import Evidence, Source, Span
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
        items.append(Evidence(source, text, [Span(0, len(text), text)], relevance=1.0, role="results"))
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
    facts = [Evidence(s, f"Common features of {s.title} include hair loss.", [Span(0, 10, "Phenotypes")],
                      kind="fact", section="Phenotypes") for s in (record, other)]
    topic = Topic(names=["Trichotillomania"])
    kept = on_case_topic(facts, topic, [])
    assert [f.source.title for f in kept] == ["Trichotillomania"]
    assert len(on_case_topic(facts, Topic(), [])) == 2      # no topic disease named: nothing to gate on
