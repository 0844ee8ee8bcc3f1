"""Round 6 of issue 9: a study's background is never its finding; the summary quotes the sentences that
best answer the question; a record without a title is labelled as such in the references."""

from __future__ import annotations

from clinicite.compose.bottom_line import summary_sentences
from clinicite.compose.direct import label
from clinicite.compose.evidence import Evidence, QuotedSpan, Source, opening_words, shown_title
from clinicite.compose.grading import grade_source
from clinicite.compose.verdict import decide, weigh
from clinicite.compose.verdict_role import finding_role, label_role

LITHIUM = "Is lithium effective for amyotrophic lateral sclerosis?"


def _sentence(text: str, source_id: str, *, section: str | None = None, role: str | None = "results",
              publication_types: tuple[str, ...] = (), relevance: float = 1.0) -> Evidence:
    grade = grade_source("pubmed", list(publication_types), [], "", text)
    source = Source(id=source_id, title="", source_type="pubmed", grade=grade,
                    publication_types=list(publication_types))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=relevance, section=section, role=role)


def test_structured_labels_name_the_part_of_the_abstract():
    assert label_role("OBJECTIVE") == label_role("Introduction") == label_role("BACKGROUND") == "background"
    assert label_role("METHODS") == label_role("Study design") == "methods"
    assert label_role("RESULTS") == "results"
    assert label_role("CONCLUSIONS") == label_role("Interpretation") == "conclusions"
    assert label_role(None) is None and label_role("Lithium") is None


def test_the_label_outranks_the_classifier_and_a_leading_label_counts_as_one():
    # The classifier called this background sentence a conclusion (as it did for the LiCALS snippet).
    leading = _sentence("BACKGROUND Lithium has neuroprotective effects in cell and animal models of ALS.",
                        "pmid:1", role="conclusions")
    assert finding_role(leading) == ("background", True)
    labelled = _sentence("Lithium did not improve survival.", "pmid:1", section="RESULTS", role="background")
    assert finding_role(labelled) == ("results", True)
    assert finding_role(_sentence("Survival was longer.", "pmid:1", role="results")) == ("results", False)
    # Capitals that are not a label leave the classifier's role.
    assert finding_role(_sentence("ALS patients were treated with lithium.", "pmid:1", role="methods")) == \
        ("methods", False)


def test_a_trials_background_sentence_is_never_its_finding():
    trial = ("Randomized Controlled Trial",)
    evidence = [
        _sentence("BACKGROUND Lithium has neuroprotective effects in animal models of amyotrophic lateral sclerosis, "
                  "and a small pilot study in patients showed a significant effect of lithium on survival.",
                  "pmid:23453347", role="conclusions", publication_types=trial),
        _sentence("Lithium did not improve survival of patients with amyotrophic lateral sclerosis compared with "
                  "placebo.", "pmid:2", section="RESULTS", publication_types=trial),
    ]
    weighed = weigh(LITHIUM, evidence, [0, 1])
    background = weighed[0]
    assert background.role == "background" and background.labelled
    assert background.design == "background statement"      # not the trial's design
    assert background.weight < weighed[1].weight / 3         # a general statement, not the trial's result
    verdict = decide(LITHIUM, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    # It is named as what it is, a background statement, never as a randomised trial that found an effect.
    assert "randomised trial reported an effect" not in verdict.text
    assert label(background).startswith("For, background of the source")
    assert "not its own finding" in label(background)


def test_a_background_sentence_counts_as_its_sources_general_statement():
    # A source with findings of its own still states, in its introduction, what the cited trials found
    # (the figitumumab shape of BioASQ 7B-9B): round 6 dropped it; it now counts, as a background statement.
    question = "Is figitumumab effective for non-small cell lung cancer?"
    evidence = [
        _sentence("Phase III trials of the antibody figitumumab in non-small cell lung cancer patients have been "
                  "discontinued owing to lack of survival benefit.", "pmid:23826179", role="background"),
        _sentence("Tumour IGF1R expression was measured in 120 samples of non-small cell lung cancer.",
                  "pmid:23826179", role="methods"),
    ]
    verdict = decide(question, evidence, [0, 1])
    assert verdict is not None and verdict.answer == "no"
    assert verdict.weighed[0].design == "background statement" and 0 in verdict.cited
    assert verdict.text.startswith("No") and "background statement" in verdict.text


def test_the_summary_quotes_the_sentences_that_answer_the_question_without_repeats():
    question = "What is the role of zinc in the common cold?"
    evidence = [
        _sentence("Zinc lozenges shortened the duration of the common cold by two days.", "pmid:1", relevance=0.9),
        _sentence("Zinc lozenges shortened the duration of the common cold by two days in adults.", "pmid:2",
                  relevance=0.8),
        _sentence("Participants were recruited from three clinics.", "pmid:3", relevance=1.0),
        _sentence("The common cold is caused by rhinoviruses; zinc may block rhinovirus replication.", "pmid:4",
                  relevance=0.5),
    ]
    chosen = summary_sentences(question, evidence, [0, 1, 2, 3])
    assert chosen[0] == 0 and 3 in chosen
    assert 1 not in chosen          # a near-repeat of the first sentence is not quoted twice
    assert 2 not in chosen          # the most relevant passage, but it shares no word with the question
    assert 0 not in summary_sentences(question, evidence, [0, 1, 2, 3], exclude={0})


def test_a_record_without_a_title_is_labelled_so_and_never_shows_a_bare_id():
    text = "Despite several positive case reports and short studies, further controlled researches have failed."
    opening = opening_words(text)
    assert opening == "Despite several positive case reports and short studies, further controlled"
    assert shown_title("PubMed 29400298", opening) == f'Title not held; the record begins: "{opening} ..."'
    assert shown_title("", "") == "Title not held"
    assert shown_title("PMID: 123") == "Title not held"
    real = "Lithium in patients with amyotrophic lateral sclerosis (LiCALS)"
    assert shown_title(real, opening) == real
    source = Source(id="pmid:29400298", title="", source_type="pubmed", grade=grade_source("pubmed"),
                    opening=opening)
    assert source.display_title.startswith("Title not held; the record begins: \"Despite")


# ------------------------------------------------------------------ through the pipeline

def _untitled_home(tmp_path, ontology):
    from clinicite.ingest.document import Document, Section
    from .conftest import build_home, corpus
    untitled = Document(id="pmid:29400298", source="pubmed", title="", pmid="29400298", sections=[Section(
        "Despite several positive case reports and short studies, further controlled researches have failed to "
        "substantiate any positive effects of lithium in amyotrophic lateral sclerosis.")]).assemble()
    return build_home(tmp_path, ontology, corpus() + [untitled], [])


def test_a_summary_question_leads_with_a_cited_summary_and_untitled_records_say_so(tmp_path, ontology):
    from clinicite.compose import answer_question
    from .checks import assert_traceable
    built = _untitled_home(tmp_path, ontology)
    answer = answer_question("What is the role of zinc in the common cold?", context=built.context())
    assert answer.sections and answer.sections[0].key == "summary"
    summary = answer.sections[0].bullets
    assert 1 <= len(summary) <= 3 and all(b.citations for b in summary)
    assert all("zinc" in b.text.lower() or "cold" in b.text.lower() for b in summary)
    assert answer.bottom_line not in [b.text for b in summary]      # the bottom line is not repeated
    assert_traceable(answer, built.documents)
    lithium = answer_question("Is lithium effective for amyotrophic lateral sclerosis?", context=built.context())
    untitled = [r for r in lithium.references if r.id == "pmid:29400298"]
    assert untitled and untitled[0].title.startswith('Title not held; the record begins: "Despite several')
    assert "PubMed 29400298" not in untitled[0].citation


def test_a_treatment_question_still_leads_with_what_to_do(tmp_path, ontology):
    from clinicite.compose import answer_question
    from .conftest import build_home, corpus
    built = build_home(tmp_path, ontology, corpus(), [])
    answer = answer_question("How is Kawasaki disease treated?", context=built.context())
    assert answer.sections[0].key == "first_line"
    assert all(s.key != "summary" for s in answer.sections)


def test_the_summary_leaves_out_a_sources_labelled_background():
    from clinicite.compose.composer import ComposeRequest, Draft
    from clinicite.compose.direct import add_summary
    from clinicite.compose.question import analyse
    question = "Is levosimendan effective for amyotrophic lateral sclerosis?"
    evidence = [_sentence("BACKGROUND Lithium has neuroprotective effects in amyotrophic lateral sclerosis, and a "
                          "pilot study showed an effect of lithium.", "pmid:5", role="conclusions", relevance=1.0),
                _sentence("Levosimendan did not improve respiratory function in amyotrophic lateral sclerosis.",
                          "pmid:6", section="CONCLUSIONS", relevance=0.6)]
    draft = Draft(sections={}, bottom_line=None, composer="extractive")
    add_summary(ComposeRequest(analyse(question), evidence), draft, quoted_bottom_line=False)
    assert [b.evidence for b in draft.sections["summary"]] == [[1]]


def test_a_verdict_never_contradicts_every_finding_it_counts():
    from clinicite.compose.verdict import _stated, Weighed
    against = [Weighed(0, "against", "unclassified", 1.0), Weighed(1, "neutral", "unclassified", 1.0)]
    assert _stated("yes", against) == "no"
    assert _stated("no", [Weighed(0, "for", "unclassified", 1.0)]) == "yes"
    assert _stated("yes", [Weighed(0, "neutral", "unclassified", 1.0)]) == "yes"
    assert _stated("uncertain", against) == "uncertain"
