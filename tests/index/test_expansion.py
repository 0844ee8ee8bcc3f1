"""Abbreviations from the corpus (Schwartz & Hearst 2003) and HPO synonyms widen queries."""

from __future__ import annotations

from clinicite.index.expansion import (AbbreviationTable, QueryExpander, SynonymTable, best_long_form,
                                       find_abbreviations)
from clinicite.ingest.hpo import Ontology, Synonym, Term


def tiny_ontology() -> Ontology:
    """Three terms::

        HP:0000001 All
         ├── HP:0002659 Increased susceptibility to fractures   (layperson: "brittle bones")
         └── HP:0001945 Fever                                    (exact: "Pyrexia"; abbreviation "PUO" ignored)
    """
    return Ontology([
        Term("HP:0000001", "All"),
        Term("HP:0002659", "Increased susceptibility to fractures", parents=["HP:0000001"],
             synonyms=[Synonym("Brittle bones", "EXACT", "layperson"), Synonym("Bone fragility", "EXACT")]),
        Term("HP:0001945", "Fever", parents=["HP:0000001"],
             synonyms=[Synonym("Pyrexia", "EXACT"), Synonym("PUO", "EXACT", "abbreviation")]),
    ])


def test_schwartz_hearst_pairs():
    text = ("We saw intramedullary osteosclerosis (IMOS) in two women. Serum tumor necrosis factor alpha "
            "(TNF-alpha) rose (p < 0.05) and (n = 4); heart rate (HR) fell.")
    assert find_abbreviations(text) == [("IMOS", "intramedullary osteosclerosis"),
                                        ("TNF-alpha", "tumor necrosis factor alpha"), ("HR", "heart rate")]
    assert best_long_form("OI", "patients with osteogenesis imperfecta") == "osteogenesis imperfecta"
    assert best_long_form("XYZ", "nothing here matches") is None


def test_abbreviation_table_round_trips_and_expands_both_ways(tmp_path):
    table = AbbreviationTable(tmp_path / "abbreviations.json")
    table.add_text("Findings of intramedullary osteosclerosis (IMOS) are rare.")
    table.save()
    loaded = AbbreviationTable(tmp_path / "abbreviations.json")
    expander = QueryExpander(loaded, use_hpo=False)
    assert expander.expand("IMOS tibia") == [("intramedullary osteosclerosis", expander.weight)]
    assert expander.expand("intramedullary osteosclerosis of the tibia") == [("IMOS", expander.weight)]
    assert expander.expand("tibia pain") == []


def test_layperson_terms_add_the_hpo_label():
    expander = QueryExpander(None, SynonymTable(tiny_ontology()))
    phrases = [p for p, _ in expander.expand("child with brittle bones")]
    assert phrases == ["Increased susceptibility to fractures", "Bone fragility"]
    assert [p for p, _ in expander.expand("pyrexia of unknown origin")] == ["Fever"]
    assert all(w < 1 for _, w in expander.expand("fever"))


def _per_character(short: str, candidate: str) -> str | None:
    """Schwartz & Hearst's right-to-left match as written before round 8: each character lowered alone."""
    s_index, l_index = len(short) - 1, len(candidate) - 1
    while s_index >= 0:
        char = short[s_index].lower()
        if not char.isalnum():
            s_index -= 1
            continue
        while l_index >= 0 and (candidate[l_index].lower() != char
                                or (s_index == 0 and l_index > 0 and candidate[l_index - 1].isalnum())):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    start = candidate.rfind(" ", 0, l_index + 1) + 1
    return candidate[start:].strip()


def test_long_form_lowered_once_matches_lowering_each_character():
    from clinicite.index.expansion import best_long_form
    cases = [("TNF", "tumour necrosis factor"), ("MRI", "magnetic resonance imaging"),
             ("IIS", "İstanbul İnfection Score"),        # "İ".lower() is two characters
             ("AS", "ΑΣ Ankylosing Spondylitis"),          # "Σ" lowers by context (final sigma)
             ("ΣΑ", "Σπονδυλίτιδα Αγκυλωτική"), ("HbA1c", "glycated haemoglobin A1c"),
             ("XYZ", "nothing to match here")]
    for short, candidate in cases:
        assert best_long_form(short, candidate) == _per_character(short, candidate), (short, candidate)
