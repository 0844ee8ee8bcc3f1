"""Round 13 typo tolerance: slips that HPO's own definitions happen to contain, and stems shared with a rare
word of a definition, no longer block a fix; a respelling with the name word's stem is taken (one-word
names are matched on lighter forms than the stem); among equally near name words the neighbours choose."""

from __future__ import annotations

from clinicite.understand.spelling import Speller

NAMES = ["Intellectual disability", "Decreased fetal movement", "Seizure", "Dystonia", "Peroneal muscle weakness",
         "Perineal fistula", "Perineal hypospadias", "Hyporeflexia", "Reduced reflexes"]
# definitions with their own slips and rare words, as HPO's have
OTHER = ["A decresaed amount of movement, sometimes refelx related.", "A disabling condition."]


def test_a_slip_in_a_definition_does_not_block_the_fix():
    speller = Speller(NAMES, OTHER)
    assert speller.correct("decresed") == "decreased"      # stem "decres" is only a definition's slip
    assert speller.correct("refelxes") == "reflexes"
    assert speller.correct("disablity") == "disability"    # shares its stem with "disabling" only
    assert speller.correct("decresaed") is None            # the definition's word itself is known


def test_a_respelling_with_the_same_stem_is_taken():
    speller = Speller(NAMES, OTHER)
    assert speller.correct("seizurs") == "seizure"         # stem "seizur", as "seizure"
    assert speller.correct("seizure") is None              # a name word itself


def test_equally_near_words_are_all_offered():
    speller = Speller(NAMES, OTHER)
    assert set(speller.candidates("perneal")) == {"perineal", "peroneal"}
    assert speller.correct("perneal") == "perineal"        # alone, the more frequent word


def test_the_neighbours_choose_among_equally_near_words_and_one_word_names_take_the_fix():
    from pathlib import Path

    from clinicite.ingest.hpo import read_obo
    from clinicite.understand import ConceptRecognizer

    recognizer = ConceptRecognizer(read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" /
                                            "spelling13.obo"))
    assert [f.hpo_id for f in recognizer.recognize("weaknss of the perneal muscles")] == ["HP:0009077"]
    assert [f.hpo_id for f in recognizer.recognize("break-through seizurs")] == ["HP:0001250"]
    assert [f.hpo_id for f in recognizer.recognize("decresed fetal movements")] == ["HP:0001558"]


def test_a_far_slip_is_fixed_when_it_completes_a_four_word_name():
    from pathlib import Path

    from clinicite.ingest.hpo import read_obo
    from clinicite.understand import ConceptRecognizer

    recognizer = ConceptRecognizer(read_obo(Path(__file__).resolve().parents[1] / "fixtures" / "understand" /
                                            "spelling13.obo"))
    # two edits off "secundum": taken only because it then names the four-word term with its neighbours
    assert [f.hpo_id for f in recognizer.recognize("an ostium seundmu atrial septal defect")] == ["HP:0001684"]
    assert [f.hpo_id for f in recognizer.recognize("seundmu")] == []
