"""Plain words for a specific finding that HPO gives only to a grouping term or in the other direction,
on a small ontology of real HPO names (tests/fixtures/understand/grouping_words.obo)::

    Abnormality of the eye
    ├── Aplasia/Hypoplasia affecting the eye   ("Absent/small eye")
    │   ├── Microphthalmia                     ("Abnormally small eyeball")
    │   ├── Anophthalmia                       ("Absence of eyeballs")
    │   └── Aplasia/Hypoplasia affecting the uvea   (names both sides)
    └── Aplasia/Hypoplasia affecting the fundus ("Absent/small fundus"; no child)
    Hypotonia ("Low muscle tone"), Decreased body weight, High palate
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clinicite.ingest.hpo import read_obo
from clinicite.understand import ConceptRecognizer
from clinicite.understand.direction_words import direction_variants
from clinicite.understand.grouping import specific_child

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "understand" / "grouping_words.obo"


@pytest.fixture(scope="module")
def ontology():
    return read_obo(FIXTURE)


@pytest.fixture(scope="module")
def recognizer(ontology) -> ConceptRecognizer:
    return ConceptRecognizer(ontology)


def ids(recognizer, text):
    return sorted({f.hpo_id for f in recognizer.recognize(text)})


@pytest.mark.parametrize(("text", "expected"), [
    ("The eyes were small.", ["HP:0000568"]),             # Microphthalmia, not the grouping
    ("small eyes", ["HP:0000568"]),
    ("absent eyes", ["HP:0000528"]),                       # Anophthalmia
    ("The fundus was small.", ["HP:0008057"]),              # no child names that side: the grouping stays
])
def test_half_of_a_slash_grouping_is_read_as_the_child_it_describes(recognizer, text, expected):
    assert ids(recognizer, text) == expected


def test_a_child_naming_both_sides_is_never_chosen(ontology):
    assert specific_child(ontology, "HP:0008056", "small eye") == "HP:0000568"
    assert specific_child(ontology, "HP:0008056", "underdeveloped eye") == "HP:0000568"
    assert specific_child(ontology, "HP:0008056", "Aplasia affecting the eye") == "HP:0000528"
    assert specific_child(ontology, "HP:0008056", "affecting the eye") is None
    assert specific_child(ontology, "HP:0008057", "small fundus") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Muscle tone was decreased.", ["HP:0001252"]),        # HPO: "Low muscle tone"
    ("reduced muscle tone", ["HP:0001252"]),
    ("low body weight", ["HP:0004325"]),                   # HPO: "Decreased body weight"
    ("The palate was high.", ["HP:0000218"]),
])
def test_high_and_low_meet_increased_and_decreased(recognizer, text, expected):
    assert ids(recognizer, text) == expected


def test_the_direction_is_kept_and_only_the_opening_word_swapped(recognizer):
    assert ids(recognizer, "Muscle tone was increased.") == []
    assert ids(recognizer, "high body weight") == []
    assert direction_variants("Low muscle tone") == ["decreased muscle tone"]
    assert direction_variants("Reduced visual acuity") == ["low visual acuity"]
    assert direction_variants("Abnormality of the high-density lipoprotein") == []


def test_small_is_said_for_hypoplastic(ontology):
    from clinicite.understand.direction_words import small_variants
    assert small_variants("Hypoplasia of the corpus callosum") == ["small corpus callosum"]
    assert small_variants("Hypoplastic hippocampus") == ["small hippocampus"]
    assert small_variants("Optic nerve hypoplasia") == ["small Optic nerve"]
    assert small_variants("Aplasia/Hypoplasia of the ulna") == []      # a grouping: its halves decide
    assert small_variants("Microcephaly") == []


def test_small_hippocampi_are_a_hypoplastic_hippocampus(tmp_path):
    obo = tmp_path / "hippocampus.obo"
    obo.write_text(FIXTURE.read_text() + "\n[Term]\nid: HP:0025517\nname: Hypoplastic hippocampus\n"
                   "is_a: HP:0000118\n")
    recognizer = ConceptRecognizer(read_obo(obo))
    assert ids(recognizer, "MRI showed small hippocampi.") == ["HP:0025517"]     # Latin plural, size word
    assert ids(recognizer, "The hippocampi were small.") == ["HP:0025517"]


def test_a_short_misspelt_word_is_corrected_only_when_it_completes_a_term(recognizer):
    assert ids(recognizer, "He had low muscle tnoe.") == ["HP:0001252"]     # "tone": 4 letters, swapped
    assert ids(recognizer, "Muscle tnoe was decreased.") == ["HP:0001252"]
    assert ids(recognizer, "The tnoe was odd.") == []                          # no term to complete
    assert recognizer.speller.candidates("tnoe") == ["tone"]
    assert recognizer.speller.candidates("tone") == []                         # a known word is never changed


def test_a_reworded_name_never_takes_the_words_of_another_terms_synonym(tmp_path):
    """"small teeth" is Microdontia's own synonym; "Hypoplasia of teeth" said with "small" must not take it."""
    obo = tmp_path / "teeth.obo"
    obo.write_text(FIXTURE.read_text() + "\n[Term]\nid: HP:0000685\nname: Hypoplasia of teeth\nis_a: HP:0000118\n"
                   "\n[Term]\nid: HP:0000691\nname: Microdontia\nsynonym: \"Small teeth\" EXACT []\n"
                   "is_a: HP:0000118\n")
    recognizer = ConceptRecognizer(read_obo(obo))
    assert ids(recognizer, "His teeth were small.") == ["HP:0000691"]
    assert ids(recognizer, "hypoplastic teeth") == ["HP:0000685"]
