""""Does X target Y?" is answered no by a sentence that relates X to "the Y receptor" instead."""

from __future__ import annotations

from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide
from clinicite.compose.verdict_target import AskedTarget, asked_target, target_stance

QUESTION = "Does fremolimab target the hepcidin-binding peptide?"       # a made-up antibody, our own words


def _sentence(text: str, source_id: str) -> Evidence:
    source = Source(id=source_id, title="", source_type="pubmed", grade=grade_source("pubmed"))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role="conclusions")


def test_the_agent_and_target_of_a_targeting_question():
    assert asked_target(QUESTION) == AskedTarget("fremolimab", "hepcidin-binding peptide")
    assert asked_target("Does fremolimab target the hepcidin-binding peptide receptor?") == AskedTarget()
    assert asked_target("Is fremolimab effective for anaemia?") == AskedTarget()


def test_the_mention_nearest_the_agent_decides_which_entity_it_is_related_to():
    asked = asked_target(QUESTION)
    both = ("Two antibodies were made: one against the hepcidin-binding peptide receptor (fremolimab) and one "
            "against the hepcidin binding peptide itself (tolimab).")
    assert target_stance(asked, both, "for") == ("against", "hepcidin-binding peptide receptor")
    assert target_stance(asked, "Fremolimab binds the hepcidin binding peptide with high affinity.", "for") == \
        ("for", None)
    # A sentence not naming the agent is left to the other readings.
    assert target_stance(asked, "Tolimab binds the hepcidin-binding peptide receptor.", "for") == ("for", None)


def test_the_verdict_says_no_and_names_the_other_target():
    evidence = [_sentence("Two antibodies were made: one targeting the hepcidin-binding peptide receptor "
                          "(fremolimab) and one targeting the hepcidin-binding peptide (tolimab).", "pmid:1")]
    verdict = decide(QUESTION, evidence, [0])
    assert verdict is not None and verdict.answer == "no"
    assert "hepcidin-binding peptide receptor" in verdict.text
