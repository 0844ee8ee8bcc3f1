"""Round 9 of issue 9: the summary gives the answering sentence its source's context; a factoid or list
question on a drug gets a summary; catch-all sections keep only sentences on the question's topic."""

from __future__ import annotations

from clinicite.compose.bottom_line import summary_sentences
from clinicite.compose.composer import ComposeRequest, Draft, DraftBullet
from clinicite.compose.direct import keep_on_topic
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.compose.question import analyse

ABSTRACT = ("The quantification of RNA sequencing abundance in transcripts per million is a key step to compare "
            "samples. TPMCalculator is a one-step software to process RNA-seq alignments in BAM format. "
            "Other tools need several steps.")


def _sentences(text: str, source_id: str) -> list[Evidence]:
    source = Source(id=source_id, title="", source_type="pubmed", grade=grade_source("pubmed"))
    out, start = [], 0
    for sentence in [s + "." for s in text.rstrip(".").split(". ")]:
        begin = text.index(sentence, start)
        out.append(Evidence(source, sentence, [QuotedSpan(begin, begin + len(sentence), sentence)], relevance=1.0))
        start = begin + len(sentence)
    return out


def test_the_answering_sentence_comes_with_the_sentence_its_source_puts_before_it():
    evidence = _sentences(ABSTRACT, "pmid:1")
    # Quoted as the bottom line, the answer is excluded; the sentence before it opens the summary, though it
    # shares no word with the question; the sentence after it follows, in the source's order.
    assert summary_sentences("What is TPMCalculator?", evidence, [0, 1, 2], exclude={1}) == [0, 2]
    # Without room for it, it is left out.
    assert summary_sentences("What is TPMCalculator?", evidence, [0, 1, 2], exclude={1}, max_words=4) == []


def test_catch_all_sentences_that_name_nothing_asked_are_left_out():
    question = "Describe CGmapTools"
    evidence = _sentences("DNA methylation is important for gene silencing. CGmapTools integrates 40 applications "
                          "to analyse methylomes. Contact: someone at an address.", "pmid:2")
    draft = Draft(sections={"key_facts": [DraftBullet(e.statement, [i]) for i, e in enumerate(evidence)]},
                  bottom_line=None, composer="extractive")
    keep_on_topic(ComposeRequest(analyse(question), evidence), draft)
    assert [b.evidence for b in draft.sections["key_facts"]] == [[1]]
    draft.sections = {"key_facts": [DraftBullet(evidence[0].statement, [0])]}
    keep_on_topic(ComposeRequest(analyse(question), evidence), draft)
    assert "key_facts" not in draft.sections


def test_a_list_question_on_a_drug_that_asks_for_no_action_gets_a_summary():
    from clinicite.compose.direct import lead_answer, names_no_action
    question = "Name 4 side effects of enasidenib"
    evidence = _sentences("Enasidenib is associated with adverse effects like elevated bilirubin, diarrhea and "
                          "differentiation syndrome. Enasidenib targets mutant IDH2.", "pmid:3")
    request = ComposeRequest(analyse(question), evidence)
    draft = Draft(sections={"monitoring": [DraftBullet(evidence[1].statement, [1])]}, bottom_line=None,
                  composer="extractive")
    lead_answer(request, draft)
    assert request.analysis.question_type == "drug" and list(draft.sections)[0] == "summary"
    assert draft.sections["summary"][0].evidence == [0]
    # Names that are something to do keep the plan's lead: tests, drugs, treatments.
    assert not names_no_action("What tests confirm the diagnosis of Kawasaki disease?", "list")
    assert not names_no_action("Which drugs are used to treat Kawasaki disease?", "list")
    assert names_no_action("How many genes are screened by the FoundationOne companion diagnostic?", "factoid")
    assert not names_no_action("How is Kawasaki disease treated?", "summary")


def test_a_yes_no_question_whose_agent_no_source_names_gets_no_sections_and_says_what_is_missing():
    from clinicite.compose.direct import lead_answer
    question = "Is pimavanserin effective for Parkinson's disease psychosis?"
    evidence = _sentences("Psychosis is common in advanced Parkinson's disease. Visual hallucinations predict "
                          "nursing home placement in Parkinson's disease.", "pmid:3")
    draft = Draft(sections={"key_facts": [DraftBullet(e.statement, [i]) for i, e in enumerate(evidence)]},
                  bottom_line=None, composer="extractive")
    lead = lead_answer(ComposeRequest(analyse(question), evidence), draft)
    assert lead.verdict is None
    assert lead.abstain_reason == "The sources held do not mention pimavanserin, so they cannot answer this question."
    assert draft.sections == {} and any("pimavanserin" in n for n in draft.notices)
    # A source that names the agent keeps the usual path (a verdict or no stance, never this abstention).
    named = _sentences("Pimavanserin reduced hallucinations and delusions in Parkinson's disease psychosis.", "pmid:4")
    draft = Draft(sections={}, bottom_line=None, composer="extractive")
    lead = lead_answer(ComposeRequest(analyse(question), named), draft)
    assert lead.abstain_reason is None or "do not mention" not in lead.abstain_reason


def test_the_sentence_after_the_answer_follows_it_in_the_sources_order():
    evidence = _sentences("Osteolectin is a secreted glycoprotein made by arteriolar cells in bone marrow. "
                          "It promotes the maintenance of the adult skeleton by osteogenic differentiation. "
                          "Unrelated work measured blood pressure in mice.", "pmid:4")
    # The anchor is chosen in the summary itself: the next sentence of its source comes right after it.
    assert summary_sentences("What is osteolectin?", evidence, [0, 1, 2]) == [0, 1]
    # The sentence after an answer from another source is not its context.
    other = _sentences("Osteolectin is also called Clec11a in the mouse literature.", "pmid:5")
    assert summary_sentences("What is osteolectin?", evidence[1:] + other, [0, 1, 2], exclude={2}) == []


def test_a_yes_no_question_on_a_treatment_gets_a_summary_after_its_verdict():
    from clinicite.compose.direct import lead_answer
    question = "Is fremolimab effective for treatment of anaemia?"      # a made-up drug, our own words
    evidence = _sentences("Fremolimab did not improve haemoglobin in anaemia compared with placebo. "
                          "Fremolimab was not effective for anaemia in the trial.", "pmid:6")
    request = ComposeRequest(analyse(question), evidence)
    draft = Draft(sections={"first_line": [DraftBullet(evidence[0].statement, [0])]}, bottom_line=None,
                  composer="extractive")
    lead = lead_answer(request, draft)
    assert request.analysis.question_type == "treatment" and lead.verdict is not None
    assert draft.bottom_line.text.startswith("No")
    # The verdict leads; the Summary quotes the sentences about the agent and condition.
    assert list(draft.sections)[0] == "summary" and draft.sections["summary"]
    assert {i for b in draft.sections["summary"] for i in b.evidence} <= {0, 1}
