"""Round 9 of issue 9: a sentence that names another value of the asked thing ("chromosome 17" for
"chromosome 1") or the opposite direction of effect ("blocks" for "stimulates") answers no."""

from __future__ import annotations

from clinicite.compose.direct import label
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_object import OPPOSITE, asked_relation, relation_stance, valued_names


def _sentence(text: str, source_id: str, role: str | None = "conclusions") -> Evidence:
    source = Source(id=source_id, title="", source_type="pubmed", grade=grade_source("pubmed", [], [], "", text))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role=role)


MILLER_DIEKER = "Is Miller-Dieker syndrome associated with abnormalities of chromosome 1?"


def test_a_numbered_name_and_a_chromosome_band_give_their_values():
    assert valued_names("deletions of chromosome 17p13.3") == {"chromosom": {"17"}}
    assert valued_names("a microdeletion of the distal 17p region")["chromosom"] == {"17"}
    assert valued_names("chromosomes 15 and 17 and type II collagen")["chromosom"] == {"15", "17"}
    assert "patient" not in valued_names("patients 12 and 14 were treated")
    assert asked_relation(MILLER_DIEKER, "Miller-Dieker syndrome").values == (("chromosom", "1"),)


def test_another_chromosome_denies_the_asked_one_and_the_bottom_line_says_which():
    evidence = [_sentence("The Miller-Dieker syndrome is caused by deletions of chromosome 17p13.3.", "pmid:1"),
                _sentence("Familial Miller-Dieker syndrome associated with pericentric inversion of chromosome 17.",
                          "pmid:2"),
                _sentence("Miller-Dieker syndrome with a 1q21 duplication was not reported.", "pmid:3")]
    weighed = weigh(MILLER_DIEKER, evidence, [0, 1])
    assert [w.stance for w in weighed] == ["against", "against"]
    assert {w.instead for w in weighed} == {"chromosome 17"}
    verdict = decide(MILLER_DIEKER, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    assert "relate it to chromosome 17 instead" in verdict.text
    assert "names chromosome 17, not the one asked" in label(weighed[0])
    # The asked value in a band ("1q21") is the asked chromosome: the sentence keeps its own stance.
    assert relation_stance(asked_relation(MILLER_DIEKER, "Miller-Dieker syndrome"),
                           "Miller-Dieker syndrome is associated with a 1q21 duplication.", "for")[0] == "for"


def test_the_opposite_direction_on_the_asked_object_denies_it():
    question = "Does curare function by stimulating the acetylcholine receptor?"
    asked = asked_relation(question, "curare function by stimulating")
    assert asked.direction == "up" and asked.object_terms == {"acetylcholin", "receptor"}
    assert relation_stance(asked, "Curare, a competitive antagonist, blocks the acetylcholine receptor.",
                           "for") == ("against", OPPOSITE)
    # Another object (not the receptor) or the asked direction as well: left as it was.
    assert relation_stance(asked, "Curare blocks sodium channels.", "for") == ("for", None)
    assert relation_stance(asked, "Curare blocks and then activates the acetylcholine receptor.", "for") == \
        ("for", None)


def test_the_direct_object_is_not_the_condition():
    asked = asked_relation("Does metformin reduce mortality in diabetes?", "metformin")
    assert asked.direction == "down" and asked.object_terms == {"mortal"}
    # An effect on another outcome in the same disease is not the opposite of the asked one.
    assert relation_stance(asked, "Metformin increased insulin sensitivity in diabetes.", "for") == ("for", None)
    assert relation_stance(asked, "Metformin increased mortality in diabetes.", "for") == ("against", OPPOSITE)


def test_sources_that_never_name_the_asked_agent_give_no_verdict():
    from clinicite.compose.verdict_subject import SubjectGate
    question = "Is lithium effective for amyotrophic lateral sclerosis?"
    evidence = [_sentence("The Awaji criteria increase the diagnostic sensitivity for amyotrophic lateral "
                          "sclerosis.", "pmid:4"),
                _sentence("Riluzole prolongs survival in amyotrophic lateral sclerosis.", "pmid:5")]
    gate = SubjectGate(question, evidence)
    assert gate.agent_absent and not gate.about(evidence[0])
    assert decide(question, evidence, [0, 1]) is None          # the answer abstains rather than say "Yes"
    # A misspelt agent is still read under its nearest held spelling.
    misspelt = "Is istadefylline effective for Parkinson's disease?"
    held = [_sentence("Istradefylline reduced off time in Parkinson's disease.", "pmid:6")]
    assert not SubjectGate(misspelt, held).agent_absent and SubjectGate(misspelt, held).about(held[0])


def test_several_other_values_are_all_named():
    asked = asked_relation(MILLER_DIEKER, "Miller-Dieker syndrome")
    sentence = "The karyotype combines abnormalities of chromosomes 15 and 17 in Miller-Dieker syndrome."
    assert relation_stance(asked, sentence, "for") == ("against", "chromosomes 15 and 17")


def test_a_comparator_that_did_better_is_against_efficacy():
    from clinicite.compose.verdict_object import COMPARATOR
    asked = asked_relation("Is aptiganel effective for stroke?", "aptiganel")
    assert relation_stance(asked, "Placebo-treated patients exhibited greater neurological improvement than "
                                  "aptiganel patients.", "for") == ("against", COMPARATOR)
    assert relation_stance(asked, "Mortality in patients treated with aptiganel was higher than in patients who "
                                  "received placebo.", "for") == ("against", COMPARATOR)
    assert relation_stance(asked, "The control group had fewer relapses than the aptiganel group.", "for")[0] == \
        "against"
    # The agent's arm doing better, or the comparator's harm, is the effect asked about.
    for sentence in ("Mortality was higher in the placebo group than in the aptiganel group.",
                     "The control group had more adverse events than the aptiganel group.",
                     "Patients on aptiganel had more improvement than controls."):
        assert relation_stance(asked, sentence, "for") == ("for", None)
    # Not asked about efficacy: left as it is.
    harm = asked_relation("Does aptiganel increase mortality?", "aptiganel")
    assert not harm.efficacy
