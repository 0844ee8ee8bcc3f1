"""Round 13 of issue 9 (answers13): factoid and list answers of the kind the question asks for.

The sentences below are written for these tests (no source's wording): counts, shares and dates read as such;
the name before the asked type word; an antibody's target; the sources' usual spelling; INN drug names and
development codes in a drug list; graded type phrases that name nothing; initialisms folded into the typed
long form; a type named after a trailing "which"; and, through a home, a list question whose subject is named
once per sentence keeps those sentences.
"""

from __future__ import annotations

import pytest

from clinicite.compose import answer_question
from clinicite.compose.answer_types import FIT, GENERIC, PARTIAL_FIT, type_fit
from clinicite.compose.entities import rank_candidates, shown_candidates
from clinicite.compose.entities_numbers import quantity_kind
from clinicite.compose.evidence import Evidence, QuotedSpan, Source
from clinicite.compose.grading import grade_source
from clinicite.ingest.document import Document, Section
from clinicite.reason.vocabulary import Concept, Vocabulary
from clinicite.understand.question import answer_type
from .conftest import build_home


def _sentences(*texts: str) -> list[Evidence]:
    out = []
    for n, text in enumerate(texts):
        source = Source(id=f"pmid:{n}", title="", source_type="pubmed", grade=grade_source("pubmed"))
        out.append(Evidence(source, text, [QuotedSpan(0, len(text), text)], relevance=1.0 / (1 + 0.1 * n)))
    return out


def _names(question: str, *texts: str, form: str = "factoid", vocabulary=None) -> list[str]:
    evidence = _sentences(*texts)
    ranked = rank_candidates(question, evidence, list(range(len(evidence))), vocabulary=vocabulary)
    return [c.text for c in shown_candidates(form, ranked)]


def test_the_wh_phrase_says_when_a_number_or_a_date_is_asked_for():
    assert quantity_kind("How many copies of the gene does the genome hold?") == "count"
    assert quantity_kind("What percentage of patients relapse?") == "share"
    assert quantity_kind("When was the vaccine first licensed?") == "date"
    assert quantity_kind("In which year was the trial stopped?") == "date"
    assert quantity_kind("Which gene is mutated in the syndrome?") is None


def test_a_count_is_the_number_next_to_the_counted_thing_not_a_noun_run():
    names = _names("How many copies of TP53 does the elephant genome contain?",
                   "The elephant genome encodes 20 copies of TP53, and 38 alleles were sequenced.",
                   "Of these 20 copies, 19 are retrogenes.")
    # The number alone is the exact answer; the noun runs stay after the numbers, as context.
    assert names[0] == "20"
    assert names.index("20 copies") > names.index("38")


def test_a_share_and_a_date_are_read_whole():
    assert _names("What percentage of the genes reside in operons?",
                  "About 15% of the genes reside in operons, against 2.5 in a related worm.")[0] == "15%"
    dated = _names("When was the oral vaccine first licensed?",
                   "The oral vaccine was first licensed on 10 June 2016 after a trial begun in 2014.")
    assert dated[:2] == ["10 June 2016", "2016"]


def test_the_name_before_the_asked_type_word_is_the_answer():
    names = _names("Under which environment does the toolbox run?",
                   "The toolbox runs in the MATLAB environment under a free licence.",
                   "It needs the MATLAB environment, version 7 or later.")
    assert names[0] == "MATLAB"
    # A composite kind keeps its type word, as its name does.
    assert _names("Through which pathway does the drug act?",
                  "The drug acts through the AMPK/Sirt1 pathway in the liver.")[0] == "AMPK/Sirt1 pathway"


def test_an_antibodys_target_is_read_from_anti_x():
    names = _names("What is the target of the antibody?",
                   "It is an anti-CD19 antibody given intravenously.", "The anti-CD19 antibodies deplete B cells.")
    assert names[0] == "CD19"


def test_the_sources_usual_spelling_is_shown():
    names = _names("Which class of drugs causes muscle pain?",
                   "Statin use was linked to muscle pain.", "Muscle pain is frequent with statins.",
                   "Patients on statins reported myalgia.")
    assert "statins" in names and "Statin" not in names


def test_a_bare_type_word_never_leads_a_factoid():
    names = _names("Which gene is most often mutated in the cardiomyopathy?",
                   "Mutations were found in LMNA in most families.", "Mutations of LMNA explain 8% of cases.",
                   "Mutations in a sarcomere gene were rarer.")
    assert names[0] == "LMNA" and "Mutations" not in names


def test_drug_names_by_inn_stem_and_codes_fit_a_drug_question():
    assert type_fit("cetuximab", "drug") == FIT and type_fit("palonosetron", "drug") == FIT
    assert type_fit("leptin", "drug") < FIT           # a chemical ending, not an INN stem
    assert type_fit("S63845", "mcl-1 inhibitor") == PARTIAL_FIT
    # Graded, not named: the asked kind itself.
    assert type_fit("potent MCL-1 inhibitor", "mcl-1 inhibitor", asked_words=frozenset({"mcl-1"})) == GENERIC
    assert type_fit("subunit vaccine", "vaccine") == FIT


def test_a_typed_list_keeps_the_drugs_and_drops_context():
    names = _names("Please list drugs that have EGFR as their primary target.",
                   "EGFR is targeted by the antibodies cetuximab and panitumumab.",
                   "Gefitinib and erlotinib inhibit the EGFR kinase in lung cancer.",
                   "Cetuximab and gefitinib were compared in lung cancer.", form="list")
    assert {"cetuximab", "gefitinib"} <= {n.lower() for n in names}
    assert "lung cancer" not in names and "antibodies" not in names


def test_an_initialism_folds_into_the_disease_it_spells():
    vocabulary = Vocabulary()
    vocabulary.add(Concept("TEST:1", "multiple sclerosis", "demyelinating disease"))
    names = _names("The central vein sign is characteristic of which disease?",
                   "The central vein sign is frequent in MS lesions.", "MS lesions show a central vein.",
                   "It separates multiple sclerosis from its mimics.", vocabulary=vocabulary)
    assert names[0] == "multiple sclerosis" and "MS" not in names


def test_a_trailing_which_names_the_type():
    assert answer_type("Sweat chloride testing is used for which disease?") == "disease"
    assert answer_type("What is molecular radiotherapy?") is None
    # "types of X" reads the type from X; a disease named there is the subject, not a kind asked for.
    assert answer_type("List the types of multiple sclerosis.") is None


@pytest.fixture(scope="module")
def pill_home(tmp_path_factory, ontology):
    documents = [Document(id="pmid:9913001", source="pubmed", pmid="9913001", title="",
                          sections=[Section("An oral fixed combination of netupitant and palonosetron (Zavrenta) "
                                            "is used against nausea after chemotherapy.")]).assemble(),
                 Document(id="pmid:9913002", source="pubmed", pmid="9913002", title="",
                          sections=[Section("Ledipasvir with sofosbuvir was approved for hepatitis C in the "
                                            "same year.")]).assemble()]
    return build_home(tmp_path_factory.mktemp("answers13-pill"), ontology, documents, [])


def test_a_list_question_keeps_the_sentence_naming_its_subject(pill_home):
    # "list", "two", "included" and "pill" ask; only "Zavrenta" names the subject, and one mention suffices.
    answer = answer_question("List two drugs that are included in the Zavrenta pill?", context=pill_home.context())
    assert not answer.abstained
    assert "palonosetron" in answer.entities
    assert all(c.document_id == "pmid:9913001" for c in answer.bottom_line_citations)


def test_a_count_is_an_integer_before_the_counted_noun_not_a_p_value():
    names = _names("How many SNPs at the locus were associated with the risk?",
                   "Three SNPs at the locus (r2<0.25) were associated with the risk, p=0.001.")
    assert names[0] == "Three" and "0.25" not in names
