"""Disease names in the forms texts write them, and the subject of a report that states no diagnosis."""

from __future__ import annotations

from clinicite.reason.mentions import DiseaseLexicon, LexiconEntry, find_mentions, name_variants
from clinicite.reason.similar_case import report_subject
from clinicite.reason.vocabulary import name_key


def _lexicon(*names: str) -> DiseaseLexicon:
    entries = {}
    for name in names:
        for key in name_variants(name_key(name)):
            entries.setdefault(key, LexiconEntry(name_key(name), name, None, f"TEST:{name}", None))
    return DiseaseLexicon(entries)


def test_a_deficiency_is_found_as_adjective_and_inverted():
    assert "vitamin e deficiency" in name_variants("deficiency of vitamin e")
    assert "vitamin e deficiency" in name_variants("obsolete vitamin e deficiency")
    lexicon = _lexicon("Deficiency of vitamin E")
    text = "Children deficient in vitamin E had ataxia; one girl was diagnosed as being vitamin E deficient."
    mentions = find_mentions(text, lexicon, {})
    assert [m.surface for m in mentions] == ["deficient in vitamin E", "vitamin E deficient"]
    assert {m.key for m in mentions} == {"deficiency of vitamin e"}


def test_a_defined_abbreviation_whose_head_word_is_a_disease_is_a_disease():
    lexicon = _lexicon("Pneumonia")
    text = ("Biopsy showed acute fibrinous and organizing pneumonia (AFOP). AFOP responded to steroids; "
            "magnetic resonance imaging (MRI) was normal.")
    mentions = find_mentions(text, lexicon, {})
    keys = [m.key for m in mentions]
    afop = "acute fibrinous and organizing pneumonia"
    assert keys[0] == afop and "pneumonia" not in keys       # the defined name, not its head word alone
    assert [m.surface for m in mentions if m.key == afop][-1] == "AFOP"    # and each later use of its short form
    assert not any("imaging" in k or k == "mri" for k in keys)


def test_an_eponym_before_a_hernia_or_triad_is_a_disease():
    keys = [m.key for m in find_mentions("An Amyand hernia and the Osler triad were reported.", _lexicon(), {})]
    assert keys == ["amyand hernia", "osler triad"]


def test_the_subject_is_the_disease_named_most_often_and_never_only_a_cause():
    assert report_subject(["cf", "vitamin e deficiency", "vitamin e deficiency", "friedreich ataxia"], {"cf"}) == \
        "vitamin e deficiency"
    assert report_subject(["aneurysm", "aneurysm"], {"aneurysm"}) is None          # named only as the cause
    assert report_subject(["a", "b", "a", "b"], set()) is None                       # a tie names no subject
    assert report_subject(["a"], set()) is None                                      # once is not a subject


def test_a_likened_disease_is_the_disease_it_is_likened_to():
    lexicon = _lexicon("Kawasaki disease", "Toxic shock syndrome", "Ewing sarcoma")
    text = ("Many of these children have a toxic shock-like syndrome or a Kawasaki-like illness; "
            "an Ewing sarcoma-like lesion was first suspected.")
    mentions = find_mentions(text, lexicon, {})
    assert [(m.key, m.kind) for m in mentions] == [("toxic shock syndrome", "likened"),
                                                   ("kawasaki disease", "likened"), ("ewing sarcoma", "likened")]
    assert mentions[0].surface == "toxic shock-like syndrome"


def test_hyphenated_names_before_syndrome_count_but_qualifiers_do_not():
    lexicon = _lexicon("Myasthenia gravis")
    text = ('It first resembled a " one-and-a-half syndrome ", then a hand-arm vibration syndrome; neither an '
            "X-linked syndrome, a well-known syndrome nor a drug-induced syndrome.")
    surfaces = [m.surface for m in find_mentions(text, lexicon, {})]
    assert surfaces == ["one-and-a-half syndrome", "hand-arm vibration syndrome"]


def test_a_complicated_hernia_is_a_disease_of_its_own():
    mentions = find_mentions("It presented as an incarcerated hernia of the groin.", _lexicon("Appendicitis"), {})
    assert [m.key for m in mentions] == ["incarcerated hernia"]


def test_a_defined_disease_whose_name_is_a_finding_s_is_kept_marked_as_one():
    entries = {"appendicitis": LexiconEntry("appendicitis", "Appendicitis", None, "TEST:a", None)}
    lexicon = DiseaseLexicon(entries, findings=frozenset({"acute necrotizing encephalopathy"}))
    text = "MRI findings were consistent with acute necrotizing encephalopathy (ANE). ANE is rare."
    mentions = find_mentions(text, lexicon, {}, phenotypes=True)
    assert {m.key for m in mentions} == {"acute necrotizing encephalopathy"} and all(m.phenotype for m in mentions)
    assert [m.surface for m in mentions][-1] == "ANE"
    assert find_mentions(text, lexicon, {}) == []         # without phenotypes, a finding's name is never returned


def test_a_title_s_general_name_counts_for_the_report_s_specific_one():
    keys = ["sudden infant death syndrome", "aquagenic urticaria"]
    assert report_subject(keys, set()) is None
    assert report_subject(keys, set(), general=["urticaria"]) == "aquagenic urticaria"


def test_a_name_after_an_adjective_made_from_another_disease_is_a_disease_of_its_own():
    lexicon = _lexicon("Pseudotumor", "Hemophilia", "Pneumonia")
    mentions = find_mentions("Hemophilic pseudotumor complicates hemophilia; bacterial pneumonia did not.", lexicon, {})
    assert [m.key for m in mentions] == ["hemophilic pseudotumor", "hemophilia", "pneumonia"]


def test_an_undefined_initialism_before_a_disease_head_is_the_one_disease_it_spells():
    # "VHL disease" in a title that never defines VHL is von Hippel-Lindau syndrome, one row with the full name.
    lexicon = _lexicon("von Hippel-Lindau syndrome", "Hemangioblastoma")
    text = "Recurrent CNS hemangioblastomas with VHL disease treated with pazopanib."
    named = {m.surface: m.key for m in find_mentions(text, lexicon, {})}
    assert named["VHL disease"] == name_key("von Hippel-Lindau syndrome")
    full = find_mentions("von Hippel-Lindau syndrome", lexicon, {})
    assert [m.key for m in full] == [named["VHL disease"]]


def test_an_initialism_two_diseases_share_is_left_alone():
    lexicon = _lexicon("Alpha beta gamma syndrome", "Alpha bravo gamma disease")
    assert not [m for m in find_mentions("She had ABG disease.", lexicon, {}) if m.kind == "abbreviation"]
