"""What a report's discussion says an alternative is like, weighed against the case (issue 8: findings for and
against each alternative, with the quoted sentence).

A two-paragraph case report written for these tests: a boy with testicular torsion, and a discussion that describes
the alternatives in the generic present tense ("Epididymitis ... develops gradually, often with dysuria or pyuria,
and keeps or increases blood flow on Doppler"). Knowledge: ``characteristic.obo`` / ``characteristic.hpoa``
(invented ids HP:991...), vocabulary ``vocabulary_supplement_characteristic.tsv``.
"""

from __future__ import annotations

import pytest

from .indexed import index_documents

from clinicite.reason.characteristic import characteristic_statements
from clinicite.reason.discourse import case_state, read_discourse, read_feature
from clinicite.reason.feature_polarity import MISSING, NORMAL, RAISED, agree, polarities
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.reason.literature import literature_candidates
from clinicite.reason.mention_lexicon import DiseaseLexicon, disease_lexicon
from clinicite.reason.mentions import find_mentions
from clinicite.reason.onset_tempo import GRADUAL, SUDDEN, case_tempo, stated_tempo
from clinicite.reason.site_names import site_variants
from clinicite.reason.vocabulary import Vocabulary, read_supplement
from clinicite.reason.weighing import CHARACTERISTIC_LOG_LR, weigh

from .tiny_vocabulary import FOLDER

NAMES = DiseaseLexicon.from_mapping({n: None for n in (
    "epididymitis", "testicular torsion", "torsion of appendix testis", "transient synovitis", "septic arthritis")})
EPIDIDYMITIS = ("Epididymitis, the condition with which torsion is most often confused, develops gradually, often "
                "with dysuria or pyuria, and keeps or increases blood flow on Doppler.")
REPORT_CASE = ("A 14-year-old boy woke with sudden, severe pain in the left testis and vomited. The cremasteric reflex "
               "was absent on the left. Exploration found the spermatic cord twisted and testicular torsion was "
               "treated by detorsion and orchidopexy.")
REPORT_DISCUSSION = (f"{EPIDIDYMITIS} Torsion of the appendix testis causes pain at the upper pole and a normal "
                     "cremasteric reflex.")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.from_files(hpo_obo=FOLDER / "characteristic.obo", hpoa=FOLDER / "characteristic.hpoa")


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    vocabulary = Vocabulary(source="characteristic")
    for concept in read_supplement(FOLDER / "vocabulary_supplement_characteristic.tsv"):
        vocabulary.add(concept)
    return vocabulary


def features(text: str, ontology=None):
    return [d for d in read_discourse(text, find_mentions(text, NAMES, {}), "doc", 0, ontology)[1]
            if d.kind == "characteristic"]


def test_onset_tempo_words():
    assert stated_tempo("develops gradually") == GRADUAL and stated_tempo("an abrupt onset") == SUDDEN
    assert stated_tempo("dysuria or pyuria") is None
    assert case_tempo("He woke with sudden, severe pain.")[0] == SUDDEN
    assert case_tempo("Two months of insidious thigh pain.")[0] == GRADUAL
    # In a case, "acute" and "chronic" are as often part of a disease's name as a course.
    assert case_tempo("A boy with acute lymphoblastic leukaemia.") == (None, "")
    assert case_tempo("The pain was not sudden.") == (None, "")
    assert case_tempo("Sudden pain after gradual swelling.") == (None, "")         # both: says neither
    assert case_tempo("Off carbimazole for months, now agitated.") == (None, "")   # a duration of something else
    assert stated_tempo("no free gas, which excluded acute mesenteric ischaemia") is None


def test_normal_is_the_opposite_of_raised_and_of_missing():
    assert agree(polarities("a raised ESR"), polarities("the ESR was normal")) is False
    assert agree(polarities("without raised inflammatory markers"), polarities("the markers were normal")) is True
    assert polarities("the CRP was not raised") == {NORMAL}
    assert agree({NORMAL}, polarities("the cremasteric reflex was absent")) is False
    assert agree(polarities("keeps or increases blood flow"), polarities("absent intratesticular flow")) is False
    assert agree(polarities("keeps or increases blood flow"), polarities("increased flow")) is True
    assert agree({RAISED}, set()) is None                  # a case that only names the ESR says nothing of it
    assert agree({MISSING}, polarities("there was no fever")) is True


def test_a_description_in_the_present_tense_gives_features_for_the_disease():
    found = features(EPIDIDYMITIS)
    # Without an ontology "dysuria or pyuria" is compared on its two content words.
    assert [d.feature.text for d in found] == ["gradually", "dysuria or pyuria",
                                               "keeps or increases blood flow on Doppler"]
    assert all(d.candidates == ["epididymitis"] and d.direction == "for" and not d.excludes for d in found)
    assert all(d.quote == EPIDIDYMITIS for d in found)
    gradually = found[0]
    from clinicite.reason.discourse import feature_label
    assert feature_label(gradually) == "gradual onset"
    assert EPIDIDYMITIS[gradually.feature_start:gradually.feature_end] == "gradually"
    assert gradually.feature.tempo == GRADUAL


def test_the_features_are_split_at_their_coordination(kb):
    spans = characteristic_statements(EPIDIDYMITIS, 0, len(EPIDIDYMITIS), find_mentions(EPIDIDYMITIS, NAMES, {}))
    texts = [EPIDIDYMITIS[d.start:d.end].strip() for d in spans]
    assert texts == ["gradually", "often with dysuria or pyuria", "keeps or increases blood flow on Doppler."]
    dysuria = next(d for d in features(EPIDIDYMITIS, kb.ontology) if d.feature.hpo_ids)
    assert dysuria.feature.text == "dysuria or pyuria" and len(dysuria.feature.hpo_ids) == 2


def test_what_is_no_description_of_the_disease_gives_nothing():
    assert features("Epididymitis developed gradually in our patient, with dysuria.") == []     # one patient's course
    unlike = features("Unlike epididymitis, testicular torsion begins suddenly.")
    assert [d.candidates for d in unlike] == [["testicular torsion"]]
    assert features("The pain of epididymitis begins gradually.") == []           # the disease is no subject
    assert features("Epididymitis is a common condition in adolescents.") == []      # no feature described


def described(text: str, names: tuple[str, ...]) -> list[tuple[str, str, bool]]:
    lexicon = DiseaseLexicon.from_mapping({n: None for n in names})
    return [(d.key, text[d.start:d.end].strip(" ."), d.negative)
            for d in characteristic_statements(text, 0, len(text), find_mentions(text, lexicon, {}))]


def test_the_forms_a_discussion_describes_an_alternative_in():
    assert described("The boy had no features of epididymitis, which develops gradually.", ("epididymitis",)) == [
        ("epididymitis", "gradually", False)]                                     # a relative clause
    assert described("Tuberculosis and lymphoma also cause hilar adenopathy.", ("tuberculosis", "lymphoma")) == [
        ("tuberculosis", "hilar adenopathy", False), ("lymphoma", "hilar adenopathy", False)]
    assert described("Mesenteric adenitis is the most frequent mimic but rarely produces peritoneal signs.",
                     ("mesenteric adenitis",)) == [("mesenteric adenitis", "peritoneal signs", True)]
    assert described("A stress fracture hurts with activity rather than at night.", ("stress fracture",)) == [
        ("stress fracture", "with activity", False), ("stress fracture", "at night", True)]
    assert described("Hypopituitarism causes neither hyperpigmentation nor hyperkalaemia.", ("hypopituitarism",)) == [
        ("hypopituitarism", "hyperpigmentation", True), ("hypopituitarism", "hyperkalaemia", True)]
    assert described("Acute suppurative thyroiditis is usually unilateral and febrile.",
                     ("acute suppurative thyroiditis",)) == [("acute suppurative thyroiditis", "unilateral", False),
                                                             ("acute suppurative thyroiditis", "febrile", False)]


def test_a_negative_frequency_states_the_feature_absent(kb):
    text = "Transient synovitis rarely brings a high fever."
    lexicon = DiseaseLexicon.from_mapping({"transient synovitis": None})
    (fever,) = [d for d in read_discourse(text, find_mentions(text, lexicon, {}), "doc", 0, kb.ontology)[1]
                if d.kind == "characteristic"]
    assert fever.feature.absent and fever.feature.hpo_ids
    from clinicite.understand import understand_case
    weighed = weigh(fever, understand_case("A boy with a limp and a fever of 39.5 C.", kb.ontology), kb.ontology)
    assert weighed is not None and weighed.log_lr == pytest.approx(-CHARACTERISTIC_LOG_LR)


def test_the_case_weighs_each_feature_for_or_against(kb):
    from clinicite.understand import understand_case
    found = features(EPIDIDYMITIS, kb.ontology)
    torsion = understand_case("Sudden testicular pain. There was no dysuria. Doppler showed absent flow in the left "
                              "testis.", kb.ontology)
    weighed = {d.feature.text: weigh(d, torsion, kb.ontology) for d in found}
    assert all(w is not None and w.log_lr == pytest.approx(-CHARACTERISTIC_LOG_LR) for w in weighed.values())
    assert weighed["dysuria or pyuria"].case_text == "There was no dysuria"     # the case's own clause
    infection = understand_case("Three days of gradually worsening testicular pain with dysuria.", kb.ontology)
    assert all(weigh(d, infection, kb.ontology).log_lr > 0 for d in found if d.feature.text != "keeps or increases "
               "blood flow on Doppler")
    silent = understand_case("Testicular pain and vomiting.", kb.ontology)
    assert [weigh(d, silent, kb.ontology) for d in found] == [None] * len(found)


def test_normal_in_the_case_against_a_source_s_raised(kb):
    from clinicite.understand import understand_case
    feature = read_feature("raised inflammatory markers", kb.ontology)
    normal = understand_case("Limp. The inflammatory markers were normal.", kb.ontology)
    assert case_state(feature, normal, kb.ontology)[0] == "absent"
    raised = understand_case("Limp. The inflammatory markers were raised.", kb.ontology)
    assert case_state(feature, raised, kb.ontology)[0] == "present"
    reflex = read_feature("a normal cremasteric reflex", kb.ontology)
    absent = understand_case("The cremasteric reflex was absent on the left.", kb.ontology)
    assert case_state(reflex, absent, kb.ontology)[0] == "present"     # the converse of the source's "normal"


def test_of_the_variants_name_the_same_disease(kb, vocabulary):
    assert site_variants("torsion of spleen") == ["torsion of the spleen", "splenic torsion"]
    assert site_variants("femoral osteomyelitis") == ["osteomyelitis of the femur", "osteomyelitis of femur"]
    assert site_variants("torsion of ovary and ovarian pedicle") == []
    lexicon = disease_lexicon(kb, vocabulary)
    for text, key in (("Torsion of the spleen was found.", "torsion of spleen"),
                      ("A splenic torsion was found.", "torsion of spleen"),
                      ("Osteomyelitis of the femur was excluded.", "femoral osteomyelitis"),
                      ("Torsion of the appendix testis causes pain.", "torsion of appendix testis")):
        assert [m.key for m in find_mentions(text, lexicon, {})] == [key], text


@pytest.fixture(scope="module")
def report_index(tmp_path_factory):
    """The two-paragraph report stored and indexed by the real store and SearchIndex."""
    from clinicite.ingest.document import Document, Section
    report = Document(id="pmid:90000701", source="pubmed", title="Testicular torsion on waking",
                      pmid="90000701", sections=[Section(REPORT_CASE, label="CASE"),
                                               Section(REPORT_DISCUSSION, label="DISCUSSION")]).assemble()
    return index_documents(tmp_path_factory.mktemp("characteristic-home"), [report])


def test_the_alternative_s_row_quotes_what_the_case_contradicts(report_index, kb, vocabulary):
    from clinicite.reason.differential import Diagnosis
    from clinicite.reason.merge import literature_support
    case = ("A 15-year-old boy with sudden testicular pain and vomiting. No dysuria. The cremasteric reflex was "
            "absent.")
    found = {c.key: c for c in literature_candidates(report_index, case, ["Testicular pain", "Vomiting"], kb,
                                                     vocabulary=vocabulary)}
    epididymitis = found["epididymitis"]
    against = {w.discriminator.feature.text: w for w in epididymitis.discriminators_against}
    assert set(against) == {"gradually", "dysuria or pyuria"}
    assert all(w.discriminator.document_id == "pmid:90000701" and "develops gradually" in w.quote
               for w in against.values())
    appendix = found["torsion of appendix testis"]
    (reflex,) = appendix.discriminators_against
    assert reflex.case_text.startswith("The cremasteric reflex was absent")
    row = Diagnosis(id="literature:epididymitis", ids=[], name=epididymitis.name, probability=0.01,
                    log_likelihood_ratio=0.0, rank=0, source="literature")
    literature_support(row, epididymitis)
    lines = [line for line in row.against if line.label == "dysuria or pyuria"]
    assert lines and lines[0].weight < 0 and EPIDIDYMITIS in lines[0].explanation
    quoted = [p for p in row.passages if p.get("discriminator", {}).get("feature") == "dysuria or pyuria"]
    assert quoted and quoted[0]["document_id"] == "pmid:90000701"


def test_an_absence_the_statement_gives_is_compared_as_one(kb):
    from clinicite.understand import understand_case
    text = "A stress fracture shows a linear lucency rather than a round nidus."
    lexicon = DiseaseLexicon.from_mapping({"stress fracture": None})
    (lucency, nidus) = [d for d in read_discourse(text, find_mentions(text, lexicon, {}), "doc", 0, kb.ontology)[1]
                        if d.kind == "characteristic"]
    assert nidus.feature.text == "round nidus" and nidus.feature.absent
    case = understand_case("Thigh pain. CT showed no nidus.", kb.ontology)
    weighed = weigh(nidus, case, kb.ontology)
    assert weighed is not None and weighed.log_lr == pytest.approx(CHARACTERISTIC_LOG_LR)   # both without one
    assert weigh(lucency, case, kb.ontology) is None
    from clinicite.reason.discourse import feature_label
    assert feature_label(nidus) == "without round nidus" and feature_label(lucency) == "linear lucency"


def test_an_alternative_likened_to_the_diagnosis_is_named_in_its_differential():
    lexicon = DiseaseLexicon.from_mapping({n: None for n in ("scarlet fever", "measles", "lupus lymphadenitis",
                                                             "sympathetic ophthalmia")})
    for text, named in (("Scarlet fever and measles share some of its features.", ["scarlet fever", "measles"]),
                        ("Lupus lymphadenitis can look identical on histology.", ["lupus lymphadenitis"]),
                        ("Sympathetic ophthalmia is clinically identical but follows ocular trauma.",
                         ["sympathetic ophthalmia"])):
        statements, _ = read_discourse(text, find_mentions(text, lexicon, {}), "doc")
        assert [s.candidates for s in statements] == [named], text


def test_a_second_name_of_one_disease_keeps_what_the_sources_weigh(kb):
    from clinicite.reason.engine import carry_weighed
    from clinicite.reason.literature_candidate import LiteratureCandidate
    from clinicite.understand import understand_case
    (dysuria,) = [d for d in features(EPIDIDYMITIS, kb.ontology) if d.feature.hpo_ids]
    weighed = weigh(dysuria, understand_case("Testicular pain. No dysuria.", kb.ontology), kb.ontology)
    kept = LiteratureCandidate("epididymitis", "Epididymitis", "X:1", 1.0)
    other = LiteratureCandidate("acute epididymitis", "Acute epididymitis", "X:1", 0.5,
                                discriminators_against=[weighed])
    assert carry_weighed(kept, other) == pytest.approx(-CHARACTERISTIC_LOG_LR)
    assert kept.discriminators_against == [weighed] and kept.log_lr == pytest.approx(1.0 - CHARACTERISTIC_LOG_LR)
    assert carry_weighed(kept, other) == 0.0                   # the same sentence's feature is counted once
