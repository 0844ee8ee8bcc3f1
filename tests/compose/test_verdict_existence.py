"""Existence questions ("Is there a vaccine for X?") are answered only by sentences naming the thing asked."""

from __future__ import annotations

from clinicite.compose.direct import WEIGHED_SECTION, section_order
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_existence import existence_object, existence_stance

QUESTION = "Is there a vaccine for peanut allergy?"


def _sentence(text: str, source_id: str, title: str = "") -> Evidence:
    source = Source(id=source_id, title=title, source_type="pubmed", grade=grade_source("pubmed"))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role="conclusions")


def test_the_object_of_an_existence_question_is_read_and_relation_nouns_are_not_objects():
    assert existence_object(QUESTION) == ("vaccin",)
    assert existence_object("Are there any drugs approved for progeria?") == ("drug",)
    assert existence_object("Is there an association between smoking and psoriasis?") == ()
    assert existence_object("Is there evidence that coffee prevents gout?") == ()
    assert existence_object("Is lithium effective for ALS?") == ()


def test_only_sentences_naming_the_object_weigh_and_naming_it_says_it_exists():
    evidence = [
        # Its source's title names a vaccine, but the sentence is about oral immunotherapy.
        _sentence("Oral immunotherapy studies have shown good efficacy in achieving desensitization to peanut.",
                  "pmid:1", title="Immunotherapy and vaccine development for peanut allergy"),
        _sentence("Efforts have been made to develop a vaccine for peanut allergy.", "pmid:1",
                  title="Immunotherapy and vaccine development for peanut allergy"),
    ]
    weighed = weigh(QUESTION, evidence, [0, 1])
    assert [w.index for w in weighed] == [1] and weighed[0].stance == "for"
    verdict = decide(QUESTION, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "yes" and verdict.cited == [1]


def test_a_sentence_saying_none_exists_answers_no():
    assert existence_stance(("vaccin",), "There is currently no vaccine for peanut allergy.", "neutral") == "against"
    assert existence_stance(("vaccin",), "No vaccine has been approved for peanut allergy.", "neutral") == "against"
    # A vaccine trial's own stance is kept; a sentence on something else stays neutral.
    assert existence_stance(("vaccin",), "The vaccine did not reduce reactions.", "against") == "against"
    assert existence_stance(("vaccin",), "Peanut allergy affects 2% of children.", "neutral") == "neutral"


def test_a_yes_no_answer_does_not_plan_the_template_sections_its_sources_left_empty():
    sections = {WEIGHED_SECTION: ["weighed"], "first_line": [], "pitfalls": ["a pitfall"]}
    assert section_order(sections, ["first_line", "dosing", "pitfalls"]) == [WEIGHED_SECTION, "pitfalls"]
    # Other answers keep their whole plan, so the notice names what the sources do not cover.
    assert section_order({"first_line": ["x"]}, ["first_line", "dosing"]) == ["first_line", "dosing"]


def test_the_summary_of_an_existence_question_names_the_thing_asked():
    from clinicite.compose.composer import ComposeRequest, Draft
    from clinicite.compose.direct import lead_answer
    from clinicite.compose.question import analyse
    title = "Immunotherapy and vaccine development for peanut allergy"
    evidence = [_sentence("Efforts have been made to develop a vaccine for peanut allergy.", "pmid:1", title),
                _sentence("Oral immunotherapy for peanut allergy has shown good efficacy in desensitization.",
                          "pmid:1", title)]
    draft = Draft(sections={}, bottom_line=None, composer="extractive")
    lead_answer(ComposeRequest(analyse(QUESTION), evidence), draft)
    assert draft.bottom_line.text.startswith("Yes")
    assert [b.evidence for b in draft.sections["summary"]] == [[0]]
