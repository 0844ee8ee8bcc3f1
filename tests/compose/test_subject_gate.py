"""Round 7 of issue 9: a weighed sentence is about the question's agent and condition; a study's background
counts as its source's general statement."""

from __future__ import annotations

from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_subject import SubjectGate, asked_of


def _sentence(text: str, source_id: str, title: str = "", role: str | None = "conclusions") -> Evidence:
    grade = grade_source("pubmed", [], [], "", text)
    source = Source(id=source_id, title=title, source_type="pubmed", grade=grade)
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0, role=role)


LITHIUM = "Is lithium effective for ALS?"


def test_the_question_names_its_agent_and_condition():
    asked = asked_of(LITHIUM)
    assert asked.agent == {"lithium"} and asked.condition == {"als"}
    asked = asked_of("Does xaliproden improve prognosis of amyotrophic lateral sclerosis?")
    assert "xaliproden" in asked.agent and "als" in asked.condition      # the initials name it too
    assert asked_of("Is MEDI2228 a bispecific antibody?").agent == {"medi2228"}
    assert asked_of("What is the dose of lithium?") == asked_of("")     # not a yes/no question: no gate


def test_another_agents_trial_is_not_weighed_for_the_asked_one():
    evidence = [
        _sentence("Lithium did not slow the progression of ALS compared with placebo.", "pmid:1"),
        _sentence("Levosimendan was not superior to placebo in maintaining respiratory function in ALS.", "pmid:2"),
        _sentence("Headache and increased heart rate were more frequent on the study drug.", "pmid:2"),
    ]
    weighed = weigh(LITHIUM, evidence, [0, 1, 2])
    assert [w.source for w in weighed] == ["pmid:1"]
    verdict = decide(LITHIUM, evidence, [0, 1, 2])
    assert verdict is not None and verdict.answer == "no" and verdict.cited == [0]


def test_a_sentence_speaks_for_the_study_its_source_names_and_for_an_abbreviation():
    evidence = [
        _sentence("The drug did not change the course of the disease.", "pmid:3",
                  title="Lithium in patients with amyotrophic lateral sclerosis: a randomised trial"),
        _sentence("Riluzole prolongs survival in amyotrophic lateral sclerosis (ALS).", "pmid:6", role="background"),
        _sentence("Lithium is widely used in bipolar disorder.", "pmid:4", role="background"),
    ]
    gate = SubjectGate(LITHIUM, evidence)
    assert gate.about(evidence[0])          # the title names lithium and ALS (its long form, defined in pmid:6)
    assert not gate.about(evidence[2])      # lithium, but another disease
    assert not gate.about(evidence[1])      # ALS, but another drug


def test_no_source_naming_the_agent_leaves_the_sentences_to_their_shared_words():
    # A synonym or misspelling ("istadefylline" asked, "istradefylline" held): nothing to gate on, so nothing
    # is dropped for it.
    question = "Has istadefylline been considered as a treatment for Parkinson's disease?"
    evidence = [_sentence("Istradefylline was approved in Japan as adjunctive treatment of Parkinson's disease.",
                          "pmid:5")]
    assert SubjectGate(question, evidence).about(evidence[0])
    assert decide(question, evidence, [0]) is not None


def test_a_question_that_asks_what_is_advised_leads_with_the_advice_then_the_verdict():
    from clinicite.compose.composer import Draft, DraftBullet
    from clinicite.compose.direct import ADVICE_PREFIX, lead_with_advice
    from clinicite.compose.question import asks_management
    question = "Is it safe to give parenteral typhoid vaccine to a frail man, and what is advised?"
    assert asks_management(question) and not asks_management("Is parenteral typhoid vaccine safe?")
    evidence = [
        _sentence("Parenteral typhoid vaccination led to death through anaphylactic shock in a frail man.", "pmid:7"),
        _sentence("Only healthy persons should receive the parenteral typhoid vaccination.", "pmid:7"),
    ]
    verdict = decide(question, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    draft = Draft({}, DraftBullet(verdict.text, verdict.cited), "extractive")
    lead_with_advice(draft, verdict, evidence)
    assert draft.bottom_line is not None
    assert draft.bottom_line.text.startswith(f"{ADVICE_PREFIX} Only healthy persons should receive")
    assert draft.bottom_line.text.endswith(verdict.text) and draft.bottom_line.evidence[0] == 1
    # Sources that advise nothing leave the verdict alone.
    harm_only = decide(question, evidence[:1], [0])
    assert harm_only is not None
    alone = Draft({}, DraftBullet(harm_only.text, harm_only.cited), "extractive")
    lead_with_advice(alone, harm_only, evidence[:1])
    assert alone.bottom_line is not None and alone.bottom_line.text == harm_only.text



def test_a_yes_no_summary_quotes_no_other_agents_finding():
    from clinicite.compose.composer import ComposeRequest, Draft
    from clinicite.compose.direct import SUMMARY_SECTION, lead_answer
    from clinicite.compose.question import analyse
    question = "Is levosimendan effective for ALS?"
    evidence = [
        _sentence("There is evidence to suggest that lithium has no short-term benefits in ALS.", "pmid:20"),
        _sentence("Levosimendan did not achieve the primary endpoint of improving sitting capacity in ALS.", "pmid:21"),
    ]
    draft = Draft({}, None, "extractive")
    lead = lead_answer(ComposeRequest(analyse(question), evidence), draft)
    assert lead.verdict is not None and lead.verdict.answer == "no" and lead.verdict.cited == [1]
    summary = draft.sections.get(SUMMARY_SECTION, [])
    assert summary and all("lithium" not in b.text for b in summary)
