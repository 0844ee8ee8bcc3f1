"""Round 12 of issue 9 (answers12): factoid and list answers name things of the asked subject, of the asked kind.

Corpus: the shared compose fixture (which holds Marfan syndrome literature) or, for the off-subject case, only
``fixtures/compose/answers12/off_subject_and_lithium.xml``: hand-written MEDLINE records of a skeletal-muscle
transcriptome study ("skeletal muscle (SM)", "Malays", "8000 differentially expressed genes"), a Cornelia de
Lange syndrome gene study, and lithium in ALS (an open-label pilot study, then two randomised trials).
"""

from __future__ import annotations

import pytest

from clinicite.compose import answer_question
from clinicite.compose.answer_types import GENERIC, abbreviates_plain_words, type_fit
from clinicite.compose.entities import rank_candidates, shown_candidates
from clinicite.compose.entities_subject import SubjectSources, subject_of
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.ingest.medline import read_medline_xml_path
from .conftest import FIXTURES, build_home, corpus, records

OFF_SUBJECT = FIXTURES / "answers12" / "off_subject_and_lithium.xml"
MARFAN = "Which gene is mutated in Marfan syndrome?"


@pytest.fixture(scope="module")
def off_subject_home(tmp_path_factory, ontology):
    return build_home(tmp_path_factory.mktemp("answers12-off"), ontology, list(read_medline_xml_path(OFF_SUBJECT)), [])


@pytest.fixture(scope="module")
def shared_home(tmp_path_factory, ontology):
    return build_home(tmp_path_factory.mktemp("answers12-shared"), ontology, corpus(), records())


def _sentence(text: str, source_id: str, title: str = "") -> Evidence:
    source = Source(id=source_id, title=title, source_type="pubmed", grade=grade_source("pubmed"))
    return Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0)


def test_the_subject_is_the_rare_words_outside_the_kind_asked_for():
    assert subject_of(MARFAN).terms == {"marfan"} and subject_of(MARFAN).text == "Marfan syndrome"
    als = subject_of("Which drugs delay progression of amyotrophic lateral sclerosis?")
    assert "als" in als.initials and "amyotroph" in als.terms
    # Frequent English words and participles name no subject ("main", "milk", "mutated").
    assert not subject_of("What are the main bacteria found in human milk?").terms


def test_a_source_is_about_the_subject_through_its_title_or_an_abbreviation():
    evidence = [_sentence("FBN1 mutations were found in 90% of the patients.", "pmid:1",
                          title="Fibrillin-1 in Marfan syndrome"),
                _sentence("Riluzole is approved for ALS.", "pmid:2", title="Riluzole: a review"),
                _sentence("NIPBL is mutated in Cornelia de Lange syndrome.", "pmid:3", title="Genes of CdLS"),
                _sentence("It is mutated in most patients.", "pmid:5")]
    gate = SubjectSources(MARFAN, evidence)
    assert gate.about(evidence[0]) and not gate.about(evidence[2]) and not gate.none_about
    assert gate.about(evidence[3])      # a snippet held without its title cannot be shown to be off the subject
    als = SubjectSources("Which drugs are approved for amyotrophic lateral sclerosis?", evidence)
    assert als.about(evidence[1])       # the initials of the question's words name it


def test_no_source_on_the_subject_abstains_and_says_what_is_missing(off_subject_home):
    answer = answer_question(MARFAN, context=off_subject_home.context())
    assert answer.abstained and answer.entities == []
    assert answer.bottom_line == "The sources held do not mention Marfan syndrome, so they cannot name the gene asked for."
    assert not any(s.bullets for s in answer.sections)        # no muscle-study sentence shown as on topic
    assert all(n not in answer.bottom_line for n in ("SM", "Malays", "NIPBL"))


def test_the_subject_held_is_answered_from_its_own_sources(shared_home):
    answer = answer_question("Which drug slows aortic root dilation in Marfan syndrome?",
                             context=shared_home.context())
    assert not answer.abstained and answer.entities
    assert "Losartan" in answer.entities[:3] or "losartan" in " ".join(answer.entities[:3]).lower()


def test_counts_participles_and_plain_abbreviations_are_not_genes():
    assert type_fit("8000 differentially expressed genes", "gene") == GENERIC
    assert type_fit("differentially expressed genes", "gene") == GENERIC
    assert type_fit("tumour suppressor genes", "gene") > 1.0
    assert type_fit("Tixagevimab-Cilgavimab", "drug") > 1.0 and type_fit("tixagevimab", "drug") > 1.0
    assert type_fit("Covid-19", "drug") == 1.0 and type_fit("Malays", "gene") == 1.0
    assert abbreviates_plain_words("skeletal muscle", "gene")
    assert not abbreviates_plain_words("fibrillin 1", "gene") and not abbreviates_plain_words("growth factor", "gene")
    text = ("Sequencing of skeletal muscle (SM) biopsies from Malays found 8000 differentially expressed genes; "
            "FBN1 was among them.")
    evidence = [_sentence(text, "pmid:4")]
    names = [c.text for c in shown_candidates("factoid", rank_candidates("Which gene is expressed in muscle?",
                                                                         evidence, [0]))]
    assert names[0] == "FBN1"
    assert not any(n.startswith("8000") for n in names)
    ranked = {c.text: c.fit for c in rank_candidates("Which gene is expressed in muscle?", evidence, [0])}
    assert ranked.get("SM", 1.0) == 1.0       # "skeletal muscle (SM)": no gene symbol, whatever its capitals


def test_names_of_no_recognised_kind_are_given_as_such():
    from clinicite.compose.entities import lead_with_entities
    evidence = [_sentence("Insulin resistance differs among Malays, Chinese and Indians in Singapore.", "pmid:6")]
    question = "Which genes are associated with insulin resistance?"
    ranked = rank_candidates(question, evidence, [0])
    lead = lead_with_entities("list", ranked, "gene")
    assert lead is not None and lead[0].startswith("No gene is recognised in the sources held; the names they give "
                                                   "are: ")
    factoid = lead_with_entities("factoid", ranked, "antibiotic")
    assert factoid is not None and factoid[0].startswith("No antibiotic is recognised in the sources held; the best "
                                                         "supported name is ")
    assert lead_with_entities("list", ranked, None)[0].startswith("The sources name: ")
    assert lead_with_entities("list", ranked, "erm protein")[0].startswith("The sources name: ")
