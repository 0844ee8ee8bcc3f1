"""Patient answers in plain words: hard cited sentences reworded, checked against their source, cited still."""

from __future__ import annotations

from clinicite.compose import answer_question
from clinicite.compose.audience import PATIENT_GRADE_LIMIT, sentence_grade
from clinicite.compose.plain_language import (PlainLexicon, explain_terms, hard_words, lexicon_for,
                                              matches_source, plain_version, reword, split_long)

CASE = ("Radiographs showed intramedullary osteosclerosis of the tibia (IMOS) in 3 patients; open biopsy and "
        "curettage relieved the pain in 2 of them, but the lesion did not resolve spontaneously.")


def test_hard_sentence_is_reworded_split_and_still_matches_its_source(ontology):
    lexicon = lexicon_for(ontology)
    result = reword(CASE, [CASE], lexicon)
    assert result.reworded and result.reason is None
    assert result.text == ("X-rays showed hardening and thickening inside the bone of the shin bone in 3 patients. "
                           "Surgery to take a small sample of tissue and scraping out the affected tissue relieved "
                           "the pain in 2 of them. But the abnormal area did not go away on its own.")
    assert sentence_grade(result.text) < sentence_grade(CASE)
    assert ("osteosclerosis", "hardening and thickening of bone") not in result.terms  # the longer term won


def test_hpo_layperson_synonyms_replace_phenotype_names(ontology):
    sentence = "Fever with conjunctivitis and cervical lymphadenopathy persisted for 5 days despite antipyretics."
    plain, used = plain_version(sentence, lexicon_for(ontology))
    assert "swollen neck glands" in plain and "red eyes" in plain and "5 days" in plain
    assert ("cervical lymphadenopathy", "swollen neck glands") in [(t.lower(), p) for t, p in used]


def test_check_refuses_added_words_changed_numbers_and_lost_negations():
    source = "Open biopsy did not relieve the pain in 2 of 5 patients."
    used = [("Open biopsy", "surgery to take a small sample of tissue")]
    good = "Surgery to take a small sample of tissue did not relieve the pain in 2 of 5 patients."
    assert matches_source(good, source, [source], used) is None
    assert matches_source(good.replace("relieve", "cure"), source, [source], used).startswith("words not in")
    assert matches_source(good.replace("2 of 5", "2 of 6"), source, [source], used) == \
        "the numbers differ from the source"
    assert matches_source(good.replace("did not relieve", "relieved"), source, [source], used) == \
        "a negation was lost or added"
    # A negation an entry carries itself is fine: "afebrile" -> "without fever".
    assert matches_source("She was without fever.", "She was afebrile.", ["She was afebrile."],
                          [("afebrile", "without fever")]) is None


def test_a_failed_check_keeps_the_original_with_its_terms_explained():
    # An entry that would drop a number: the check refuses it, and the sentence stays as written.
    lexicon = PlainLexicon({"3rd finger": "middle finger", "clinodactyly": "curved finger"})
    text = "Clinodactyly of the 3rd finger was seen in two of the four affected siblings of the family."
    result = reword(text, [text], lexicon)
    assert not result.reworded and result.reason == "the numbers differ from the source"
    assert result.text == ("Clinodactyly (curved finger) of the 3rd finger (middle finger) was seen in two of the "
                           "four affected siblings of the family.")
    # A composer's paraphrase with words its source lacks is explained, not reworded further.
    quote = "Osteotomy relieved the pain."
    lexicon = PlainLexicon({"osteotomy": "bone cut"})
    result = reword("Osteotomy cured the pain completely in everyone.", [quote], lexicon)
    assert not result.reworded and result.reason == "words not in the source: cured, completely, everyone"
    assert result.text == "Osteotomy (bone cut) cured the pain completely in everyone."


def test_long_sentences_split_only_between_whole_clauses():
    assert split_long("Short sentence; kept whole.") == "Short sentence; kept whole."
    text = ("The pain persisted for two years after the first operation on the leg, although the patient "
            "returned to work within a few weeks of the operation.")
    assert split_long(text) == text     # ", although" would leave a fragment
    explained, _ = explain_terms("An intravenous dose.", PlainLexicon({"intravenous": "(given into a vein)"}))
    assert explained == "An intravenous (given into a vein) dose."


def test_patient_answer_rewords_keeps_citations_and_says_so(built):
    question = "How is Kawasaki disease treated?"
    clinician = answer_question(question, context=built.context(), audience="clinician")
    patient = answer_question(question, context=built.context(), audience="patient")
    shown = [b for s in patient.sections for b in s.bullets]
    assert shown and all(b.citations for b in shown)
    for bullet in shown:       # every citation is still an exact span of the cited document
        for citation in bullet.citations:
            assert built.documents[citation.document_id].text[citation.start:citation.end] == citation.quote
    reworded = [b for b in shown if all(b.text != c.quote for c in b.citations)]
    assert reworded, [b.text for b in shown]
    assert any(n.startswith("Where a cited sentence was hard to read") for n in patient.notices)
    assert not any("plain words" in n for n in clinician.notices)
    for bullet in reworded:     # plain words: fewer hard words, or a lower grade, than the source
        quote = bullet.citations[0].quote
        assert hard_words(bullet.text) < hard_words(quote) or sentence_grade(bullet.text) < sentence_grade(quote)
    assert patient.readability_grade is not None and patient.readability_grade <= PATIENT_GRADE_LIMIT + 4
