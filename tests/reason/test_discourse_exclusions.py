"""Alternatives a report rules out, and the feature it rules them out by (issue 8, the differential's discourse).

Sentences and a two-paragraph case report written for these tests. The report's discussion rules out three
alternatives, two of them in one sentence with a coordinated ellipsis ("A was excluded by F, and B by G"). Knowledge:
``scrotal.obo`` / ``scrotal.hpoa`` (invented ids HP:99...; Parotitis is a finding there), vocabulary
``vocabulary_supplement_scrotal.tsv`` (where "Parotitis" is a synonym of Sialoadenitis, as in ICD-10-CM K11.2).
"""

from __future__ import annotations

import pytest

from .indexed import index_documents

from clinicite.reason.discourse import case_state, in_features, read_discourse, read_feature, stated_exclusions
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import literature_candidates
from clinicite.reason.mention_lexicon import DiseaseLexicon
from clinicite.reason.mentions import find_mentions
from clinicite.reason.vocabulary import Vocabulary, read_supplement

from .tiny_vocabulary import FOLDER

NAMES = DiseaseLexicon.from_mapping({n: None for n in (
    "incarcerated inguinal hernia", "mumps orchitis", "epididymitis", "sarcoidosis", "tuberculosis", "gout",
    "septic arthritis", "slipped capital femoral epiphysis")})

REPORT_CASE = ("A 13-year-old boy had testicular pain and vomiting that began suddenly during football training. The "
               "right testis was swollen and tender. Exploration found the cord twisted twice and testicular torsion "
               "was treated by detorsion and fixation of both testes.")
REPORT_DISCUSSION = ("Epididymitis was considered unlikely because the urinalysis was normal. An incarcerated inguinal "
                     "hernia was excluded by the normal inguinal canal, and mumps orchitis by the absence of "
                     "parotitis.")


def read(text: str):
    return read_discourse(text, find_mentions(text, NAMES, {}), "doc")


def test_a_coordinated_ellipsis_gives_each_alternative_its_own_reason():
    text = ("An incarcerated inguinal hernia was excluded by the normal inguinal canal, and mumps orchitis by the "
            "absence of parotitis.")
    statements, discriminators = read(text)
    by_key = {d.candidates[0]: d for d in discriminators}
    assert set(by_key) == {"incarcerated inguinal hernia", "mumps orchitis"}
    hernia, mumps = by_key["incarcerated inguinal hernia"], by_key["mumps orchitis"]
    assert hernia.feature.text == "the normal inguinal canal" and mumps.feature.text == "the absence of parotitis"
    assert all(d.direction == "against" and d.excludes and d.feature.absent for d in discriminators)
    assert text[mumps.feature_start:mumps.feature_end].startswith("the absence of parotitis")
    assert set(statements[0].candidates) == {"incarcerated inguinal hernia", "mumps orchitis"}


def test_two_exclusions_in_one_sentence_and_a_clause_after_the_feature():
    _, discriminators = read("Sarcoidosis was excluded by a normal chest radiograph, and tuberculosis was ruled out "
                             "by three negative sputum smears.")
    assert {d.candidates[0]: d.feature.text for d in discriminators} == {
        "sarcoidosis": "a normal chest radiograph", "tuberculosis": "three negative sputum smears"}
    _, discriminators = read("Septic arthritis was excluded by the absence of fever, and a slipped capital femoral "
                             "epiphysis is unusual below the age of ten.")
    assert [(d.candidates, d.feature.text) for d in discriminators] == [(["septic arthritis"], "the absence of fever")]
    _, discriminators = read("Gout was excluded by the absence of crystals, and septic arthritis by the negative "
                             "culture, although the two may coexist.")
    assert {d.candidates[0]: d.feature.text for d in discriminators} == {
        "gout": "the absence of crystals", "septic arthritis": "the negative culture"}


def test_fronted_and_because_forms():
    _, (fronted,) = read("Given the absence of dysuria, epididymitis was thought unlikely.")
    assert fronted.candidates == ["epididymitis"] and fronted.feature.text == "the absence of dysuria"
    _, (because,) = read("Epididymitis was considered unlikely because the urinalysis was normal.")
    assert because.candidates == ["epididymitis"] and because.feature.absent and because.excludes


def test_a_favouring_statement_is_no_exclusion():
    _, discriminators = read("Tuberculosis was favoured given the caseating granulomas on the biopsy.")
    assert discriminators == [] or not any(d.excludes for d in discriminators)


def test_a_finding_inside_the_feature_is_not_a_candidate():
    lexicon = DiseaseLexicon.from_mapping({"mumps orchitis": None, "parotitis": None})
    text = "Mumps orchitis was excluded by the absence of parotitis."
    mentions = find_mentions(text, lexicon, {})
    statements, discriminators = read_discourse(text, mentions, "doc")
    parotitis = next(m for m in mentions if m.key == "parotitis")
    assert in_features(parotitis, discriminators)
    assert statements[0].candidates == ["mumps orchitis"]


@pytest.fixture(scope="module")
def scrotal_kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=FOLDER / "scrotal.obo", hpoa=FOLDER / "scrotal.hpoa")


def test_a_feature_no_term_reads_is_compared_on_its_words(scrotal_kb):
    from clinicite.understand import understand_case
    feature = read_feature("the normal inguinal canal", scrotal_kb.ontology)
    stated = understand_case("Testicular pain. Both inguinal canals were normal on examination.", scrotal_kb.ontology)
    assert case_state(feature, stated, scrotal_kb.ontology)[0] == "absent"
    silent = understand_case("Testicular pain and vomiting.", scrotal_kb.ontology)
    assert case_state(feature, silent, scrotal_kb.ontology) == (None, "")


@pytest.fixture(scope="module")
def scrotal_index(tmp_path_factory):
    """The report stored and indexed by the real store and SearchIndex."""
    from clinicite.ingest.document import Document, Section
    report = Document(id="pmid:90000601", source="pubmed", title="Testicular torsion in a footballer",
                      pmid="90000601", sections=[Section(REPORT_CASE, label="CASE"),
                                               Section(REPORT_DISCUSSION, label="DISCUSSION")]).assemble()
    return index_documents(tmp_path_factory.mktemp("scrotal-home"), [report])


@pytest.fixture(scope="module")
def scrotal_vocabulary() -> Vocabulary:
    vocabulary = Vocabulary(source="scrotal")
    for concept in read_supplement(FOLDER / "vocabulary_supplement_scrotal.tsv"):
        vocabulary.add(concept)
    return vocabulary


def candidates_for(case: str, index, kb, vocabulary):
    found = literature_candidates(index, case, ["Testicular pain", "Vomiting"], kb, vocabulary=vocabulary)
    return {c.key: c for c in found}


def test_the_report_lists_what_it_ruled_out_with_its_reason(scrotal_index, scrotal_kb, scrotal_vocabulary):
    found = candidates_for("A 15-year-old boy with sudden testicular pain and vomiting.", scrotal_index, scrotal_kb,
                           scrotal_vocabulary)
    assert {"incarcerated inguinal hernia", "mumps orchitis", "epididymitis"} <= set(found)
    assert "sialoadenitis" not in found                    # "parotitis" in "absence of parotitis" is the feature
    mumps = found["mumps orchitis"]
    assert not mumps.discriminators_against                # the case says nothing of the parotid glands
    (shown,) = stated_exclusions(mumps)
    assert "the absence of parotitis" in shown.label and "(the case does not settle it)" in shown.label
    quote = shown.passage["mention"]
    assert "mumps orchitis by the absence of parotitis" in quote and shown.passage["document_id"] == "pmid:90000601"
    assert stated_exclusions(found["incarcerated inguinal hernia"])[0].label.startswith(
        "ruled out in a source by the normal inguinal canal")


def test_the_reason_weighs_when_the_case_shares_it(scrotal_index, scrotal_kb, scrotal_vocabulary):
    silent = candidates_for("A 15-year-old boy with sudden testicular pain and vomiting.", scrotal_index, scrotal_kb,
                            scrotal_vocabulary)
    shared = candidates_for("A 15-year-old boy with sudden testicular pain and vomiting. No parotitis.",
                            scrotal_index, scrotal_kb, scrotal_vocabulary)
    mumps = shared["mumps orchitis"]
    (weighed,) = mumps.discriminators_against
    assert weighed.case_state == "absent" and weighed.log_lr < 0
    assert "absence of parotitis" in weighed.quote
    assert stated_exclusions(mumps) == []                  # weighed, so not repeated as unweighed
    assert mumps.log_lr < silent["mumps orchitis"].log_lr
    assert shared["incarcerated inguinal hernia"].log_lr == pytest.approx(silent["incarcerated inguinal hernia"].log_lr)


def test_a_diagnosis_set_aside_by_what_it_does_not_fit_is_weighed():
    lexicon = DiseaseLexicon.from_mapping({n: None for n in ("emphysema", "lymphoid interstitial pneumonia",
                                                             "posterior scleritis", "cryoglobulinemia", "gout")})
    for text, named in (
            ("Emphysema and lymphoid interstitial pneumonia were not compatible with the pattern.",
             {"emphysema", "lymphoid interstitial pneumonia"}),
            ("Posterior scleritis does not cause anterior chamber inflammation.", {"posterior scleritis"}),
            ("Acrocyanosis is blamed on cryoglobulinemia, but neither causes haemolysis.", {"cryoglobulinemia"}),
            ("Gout was thought unlikely.", {"gout"})):
        statements, _ = read_discourse(text, find_mentions(text, lexicon, {}), "doc")
        assert statements and set(statements[0].candidates) == named, text
    text = "Synovial biopsy was compatible with gout."                 # a diagnosis made, not one set aside
    assert read_discourse(text, find_mentions(text, lexicon, {}), "doc")[0] == []


def test_an_eponym_before_a_listed_head_is_the_eponym_disease():
    lexicon = DiseaseLexicon.from_mapping({"encephalopathy": None, "autoimmune encephalitis": None})
    keys = [m.key for m in find_mentions("Autoimmune encephalitis and Hashimoto encephalopathy were set aside.",
                                         lexicon, {})]
    assert keys == ["autoimmune encephalitis", "hashimoto encephalopathy"]
    assert [m.key for m in find_mentions("A metabolic encephalopathy.", lexicon, {})] == ["encephalopathy"]


def test_a_feature_of_several_parts_is_compared_part_by_part(scrotal_kb):
    from clinicite.understand import understand_case
    feature = read_feature("a normal glucose and a lymphocytic fluid", scrotal_kb.ontology)
    assert feature.absent
    both = understand_case("Headache. CSF glucose was normal; the fluid was lymphocytic.", scrotal_kb.ontology)
    assert case_state(feature, both, scrotal_kb.ontology)[0] == "absent"        # as the source states it
    one = understand_case("Headache. The CSF glucose was normal.", scrotal_kb.ontology)
    assert case_state(feature, one, scrotal_kb.ontology)[0] == "absent"
    other = understand_case("Headache. The CSF glucose was very low.", scrotal_kb.ontology)
    assert case_state(feature, other, scrotal_kb.ontology)[0] == "present"     # the converse


def test_what_a_set_aside_diagnosis_does_not_fit_is_no_candidate():
    from clinicite.reason.mention_lexicon import LexiconEntry
    lexicon = DiseaseLexicon.from_mapping({"post streptococcal glomerulonephritis": None, "iga nephropathy": None})
    lexicon.entries["hypertension"] = LexiconEntry("hypertension", "Hypertension", None, None, None, phenotype=True)
    text = ("Post-streptococcal glomerulonephritis was unlikely without hypertension, haematuria or low C3; IgA "
            "nephropathy presents with haematuria.")
    statements, (discriminator,) = read_discourse(text, find_mentions(text, lexicon, {}, phenotypes=True), "doc")
    assert statements[0].candidates == ["post streptococcal glomerulonephritis", "iga nephropathy"]
    assert discriminator.feature.text == "hypertension, haematuria or low C3" and discriminator.feature.absent


def test_an_adjective_before_a_finding_name_makes_a_disease_of_its_own():
    from clinicite.reason.mention_lexicon import LexiconEntry
    lexicon = DiseaseLexicon.from_mapping({"iga nephropathy": None})
    lexicon.entries["nephropathy"] = LexiconEntry("nephropathy", "Nephropathy", None, None, None, phenotype=True)
    found = find_mentions("Membranous nephropathy is rare at this age; a nephropathy was seen.", lexicon, {},
                          phenotypes=True)
    assert [(m.key, m.phenotype) for m in found] == [("membranous nephropathy", False), ("nephropathy", True)]


def test_parts_share_the_negation_of_without(scrotal_kb):
    from clinicite.understand import understand_case
    _, (discriminator,) = read("Tuberculosis was unlikely without a cough, night sweats or weight loss.")
    assert discriminator.feature.absent and discriminator.direction == "against"
    case = understand_case("Fever for a week. No cough.", scrotal_kb.ontology)
    assert case_state(discriminator.feature, case, scrotal_kb.ontology)[0] == "absent"    # as the source: against
