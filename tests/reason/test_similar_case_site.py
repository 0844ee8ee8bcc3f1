"""A similar report that names what it found only by the bare head ("Torsion ..."), read as the disease of the site it
writes (round 13, clinicite.reason.similar_case_site).

fresh10's torsion report (dev material) says only "Torsion", "the left cord was twisted" and "detorsion", under a
complaint-led title; the differential then lacked testicular torsion. The lexicon, reports and cases here are written
for the test: a tiny vocabulary in the lexicon's real form, with the synonyms a vocabulary gives one disease.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinicite.reason.mention_lexicon import DiseaseLexicon, LexiconEntry
from clinicite.reason.similar_case_site import head_and_words, site_disease
from clinicite.reason.vocabulary import name_key

# disease (preferred name) -> its names
CONCEPTS = {
    "Testicular torsion": ["Testicular torsion", "Torsion of testis", "Spermatic cord torsion"],
    "Torsion of appendix testis": ["Torsion of appendix testis"],
    "Extravaginal torsion of spermatic cord": ["Extravaginal torsion of spermatic cord"],
    "Ovarian torsion": ["Ovarian torsion", "Torsion of ovary"],
    "Torsion of ovary and fallopian tube": ["Torsion of ovary and fallopian tube"],
    "Undescended testis": ["Undescended testis"],
    "Epididymitis": ["Epididymitis"],
    "Ovarian cyst": ["Ovarian cyst"],
}


@dataclass
class Hit:
    document_id: str
    title: str
    text: str


def _lexicon() -> DiseaseLexicon:
    entries = {}
    for preferred, names in CONCEPTS.items():
        for name in names:
            entries[name_key(name)] = LexiconEntry(name_key(preferred), preferred, None, f"TEST:{name_key(preferred)}",
                                                   None)
    return DiseaseLexicon(entries)


BOY = [Hit("boy", "Acute scrotal pain in a boy of thirteen",
           "A 13-year-old boy had two hours of pain in the right testis with nausea. The right testis lay high and the "
           "cremasteric reflex was absent. At exploration the right spermatic cord had twisted three times."),
       Hit("boy", "Acute scrotal pain in a boy of thirteen",
           "Torsion needs an operation within hours. Epididymitis comes on slowly. Torsion of the appendix testis "
           "gives pain at the upper pole only. Torsion was relieved and both testes were fixed.")]
BOY_CASE = "13 yo boy, 2 h R testicular pain, nausea, high-riding R testis, no cremasteric reflex."


def test_a_name_gives_its_head_and_the_words_of_its_site():
    assert head_and_words("torsion of the testis") == ("torsion", frozenset({"testis"}))
    assert head_and_words("testicular torsion") == ("torsion", frozenset({"testicular"}))
    assert head_and_words("acute testicular torsion") == ("torsion", frozenset({"testicular"}))   # a qualifier
    assert head_and_words("torsion of ovary and fallopian tube") is None     # lumps two sites
    assert head_and_words("ovarian disease") is None                         # too broad a head


def test_a_bare_head_resolves_to_the_disease_of_the_site_the_report_writes():
    lexicon = _lexicon()
    found = site_disease(BOY, "boy", lexicon, BOY_CASE, weighed=set())
    assert found is not None and found.key == "testicular torsion"
    # The quote is the report's own word, at its offsets.
    assert found.hit.text[found.at:found.at + len("Torsion")] == "Torsion" == found.mention.surface
    assert found.mention.concept_id == "TEST:testicular torsion"


def test_an_alternative_the_report_weighs_is_not_its_finding():
    lexicon = _lexicon()
    # Both torsions of the testis weighed and set aside: the extravaginal form needs a word the report never writes,
    # the ovary is not named, so nothing is read rather than a guess.
    weighed = {"testicular torsion", "torsion of appendix testis"}
    assert site_disease(BOY, "boy", lexicon, BOY_CASE, weighed=weighed) is None


def test_when_the_case_does_not_separate_two_fitting_diseases_nothing_is_read():
    lexicon = _lexicon()
    both = [Hit("both", "", "A 13-year-old girl had pain. The left ovary and the right testis were both seen (a "
                            "disorder of sex development). Torsion was found at operation. Torsion was relieved.")]
    assert site_disease(both, "both", lexicon, "13 yo, pain", set()) is None


def test_the_same_head_reads_another_site_in_another_report():
    lexicon = _lexicon()
    girl = [Hit("girl", "Sudden pelvic pain in a girl of eleven",
                "An 11-year-old girl had sudden left iliac fossa pain and vomiting. Ultrasound showed an enlarged left "
                "ovary with no flow. Torsion was found at laparoscopy and untwisted; the ovary recovered. Torsion "
                "should be thought of in any girl with pelvic pain and vomiting.")]
    found = site_disease(girl, "girl", lexicon, "11F sudden L iliac fossa pain, vomiting, enlarged L ovary", set())
    assert found is not None and found.key == "ovarian torsion"


def test_one_bare_use_or_a_head_used_only_to_set_a_disease_aside_is_not_enough():
    lexicon = _lexicon()
    once = [Hit("once", "", "A 13-year-old boy had pain in the right testis. Torsion needs an operation within hours.")]
    assert site_disease(once, "once", lexicon, BOY_CASE, set()) is None
    aside = [Hit("aside", "", "A 13-year-old boy had pain in the right testis and a swollen epididymis. Torsion was "
                              "excluded by a normal Doppler. Epididymitis was treated; torsion was unlikely given the "
                              "normal flow.")]
    assert site_disease(aside, "aside", lexicon, BOY_CASE, set()) is None


def test_a_bare_head_refers_back_to_the_disease_the_report_names_under_it():
    concepts = {"Scaphoid fracture": ["Scaphoid fracture"], "Fracture of thumb": ["Fracture of thumb"],
                "Fracture of radius": ["Fracture of radius"]}
    entries = {name_key(n): LexiconEntry(name_key(p), p, None, None, None) for p, names in concepts.items()
               for n in names}
    wrist = [Hit("wrist", "", "A 30-year-old woman fell on her hand; pressing the thumb towards the wrist hurt. MRI "
                              "showed a scaphoid fracture. The fracture was treated in a cast and the fracture healed.")]
    found = site_disease(wrist, "wrist", DiseaseLexicon(entries), "30F fell on hand, thumb compression painful", set())
    assert found is not None and found.key == "scaphoid fracture"      # not the thumb, which the case also names


def test_a_head_that_is_a_finding_is_not_read_as_a_disease():
    entries = {name_key(n): LexiconEntry(name_key(n), n, None, None, None)
               for n in ("Subcutaneous emphysema", "Pulmonary emphysema")}
    lexicon = DiseaseLexicon(entries, findings=frozenset({"emphysema"}))
    chest = [Hit("chest", "", "A 58-year-old man vomited and had neck crepitus. Emphysema was felt in the neck. "
                              "Emphysema spread to the chest wall over the subcutaneous tissue.")]
    assert site_disease(chest, "chest", lexicon, "58M vomiting, neck crepitus", set()) is None
