"""A short form the report never defines, right after a diagnosis cue, is its diagnosis: not what follows it (round
15; round 14's rule, lost, rebuilt). Sentences and names are written for the test; the lexicon is a plain mapping."""

from __future__ import annotations

from clinicite.reason.mentions import find_mentions
from clinicite.reason.similar_case import stated_diagnoses
from clinicite.reason.similar_case_abbreviation import is_undefined_short_form, undefined_short_form

LEXICON = {"cytomegalovirus pneumonitis": None, "pneumonitis": None, "retroperitoneal fibrosis": None,
           "encephalitis": None, "erdheim-chester disease": None, "bacterial pneumonia": None}


def _stated(text: str) -> set[str]:
    return stated_diagnoses(text, find_mentions(text, LEXICON, {}))


def test_the_disease_after_an_undefined_short_form_is_not_the_diagnosis():
    assert _stated("Induced sputum was positive, and the diagnosis was PJP and cytomegalovirus pneumonitis "
                   "was less of a concern.") == set()
    assert _stated("These findings established ECD with retroperitoneal fibrosis around both kidneys.") == set()


def test_a_short_form_that_qualifies_a_disease_or_is_defined_is_read_as_before():
    # "HSV-1 encephalitis": the short form qualifies the disease named right after it
    assert _stated("PCR of the fluid was positive and the diagnosis was HSV-1 encephalitis.") == {"encephalitis"}
    # defined in the text, the short form is the disease's own (read by the abbreviation reader)
    text = ("Erdheim-Chester disease (ECD) is a histiocytosis. These findings established ECD with retroperitoneal "
            "fibrosis.")
    assert "erdheim chester disease" in _stated(text)
    # no short form at all: the first disease after the cue is the diagnosis
    assert _stated("The diagnosis was bacterial pneumonia.") == {"bacterial pneumonia"}


def test_where_the_short_form_is_read():
    text = "These findings established precursor B-cell ALL, with a hyperdiploid karyotype."
    at = text.index("established") + len("established")
    assert undefined_short_form(text, at, []) == "ALL"
    assert is_undefined_short_form("ECD", "We report a case of ECD.")
    assert not is_undefined_short_form("ECD", "Erdheim-Chester disease (ECD) is rare. We report a case of ECD.")
    assert not is_undefined_short_form("Ribbing disease", "A case of Ribbing disease.")
