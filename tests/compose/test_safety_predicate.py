"""A safety question is answered by harms, not by effects.

Round 6's fresh management set asked whether typhoid and cholera vaccines are safe for a frail man; the
answer read "Yes (weak evidence): one case report reports an effect or association", because the report's
own warning ("only healthy persons should receive the vaccine") is an effect to the stance reader.
"""

from __future__ import annotations

from clinicite.compose.verdict_predicate import aligned_stance, predicate_of

QUESTION = "Are typhoid and cholera vaccines safe for a frail 80-year-old man?"


def test_a_safety_question_is_recognised_and_a_comparison_of_safety_stays_a_sameness_question():
    assert predicate_of(QUESTION).safety
    assert predicate_of("Is the new stent well tolerated?").safety
    compared = predicate_of("Is drug A as safe as drug B?")
    assert compared.sameness and not compared.safety
    assert not predicate_of("Does lithium slow the progression of ALS?").safety


def test_a_reported_harm_answers_no_and_no_harm_answers_yes():
    safety = predicate_of(QUESTION)
    assert aligned_stance(safety, "Only healthy persons should receive the vaccine.", "for") == "against"
    assert aligned_stance(safety, "Severe adverse reactions led to hospitalisation.", "for") == "against"
    assert aligned_stance(safety, "It is not safe in pregnancy.", "for") == "against"
    assert aligned_stance(safety, "No serious adverse events were reported.", "against") == "for"
    assert aligned_stance(safety, "The vaccine was safe and well tolerated.", "neutral") == "for"


def test_an_effect_on_the_disease_says_nothing_of_safety():
    assert aligned_stance(predicate_of(QUESTION), "The vaccine reduced infection rates.", "for") == "neutral"


def test_other_questions_keep_the_effect_reading():
    effect = predicate_of("Does the vaccine reduce infection rates?")
    assert aligned_stance(effect, "Severe adverse reactions led to hospitalisation.", "for") == "for"


def test_the_verdict_on_a_reported_harm_says_no_and_names_the_harm():
    from clinicite.compose.evidence import Evidence, QuotedSpan, Source
    from clinicite.compose.grading import grade_source
    from clinicite.compose.verdict import decide

    texts = ["Simultaneous parenteral vaccination against typhoid and cholera led to death through anaphylactic "
             "shock in a debilitated man.",
             "Only healthy persons should receive the parenteral typhoid vaccination."]
    evidence = []
    for text in texts:
        grade = grade_source("pubmed", ["Case Reports"], [], "", text)
        source = Source(id="pmid:1", title="Lethal complications of typhoid-cholera vaccination", source_type="pubmed",
                        grade=grade, publication_types=["Case Reports"])
        evidence.append(Evidence(source, text, [QuotedSpan(0, len(text), text)], role="results"))
    verdict = decide("Are parenteral typhoid and cholera vaccines safe for a debilitated man?", evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    assert "harm" in verdict.text and "no effect" not in verdict.text
