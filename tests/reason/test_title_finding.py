"""A title's bare finding is never a row of the differential (round 15; round 14's rule, lost, rebuilt).

fresh10's minimal-change report (dev material) is titled "Periorbital oedema ... in a boy" and its lead became the
row "Periorbital oedema"; fresh13's leukaemia report gave "Night bone pain". The lexicon and titles here are written
for the test: findings are HPO-style names as matching keys, diseases are lexicon entries.
"""

from __future__ import annotations

from clinicite.reason.literature import names_a_finding
from clinicite.reason.mention_lexicon import DiseaseLexicon, LexiconEntry
from clinicite.reason.stated_subject import Announced
from clinicite.reason.title_finding import named_inside, title_finding
from clinicite.reason.vocabulary import name_key

FINDINGS = frozenset(name_key(n) for n in ("Periorbital oedema", "Bone pain", "Pain", "Mediastinal mass", "Podagra",
                                           "Gout", "Cutis verticis gyrata", "Intellectual disability", "Proteinuria"))
DISEASES = {"Minimal change disease": [], "Tuberculous lymphadenitis": [], "Reactive arthritis": [],
            "Gout": ["Podagra"], "Castleman disease": []}


def _lexicon() -> DiseaseLexicon:
    entries = {}
    for name, synonyms in DISEASES.items():
        for written in [name, *synonyms]:
            key = name_key(written)
            entries[key] = LexiconEntry(name_key(name), name, None, f"TEST:{name_key(name)}", None, key in FINDINGS)
    return DiseaseLexicon(entries, findings=FINDINGS)


def _lexicon_with(finding: str) -> DiseaseLexicon:
    lexicon = _lexicon()
    return DiseaseLexicon(lexicon.entries, findings=FINDINGS | {name_key(finding)})


def test_a_finding_with_qualifiers_around_it_is_a_finding():
    lexicon = _lexicon()
    assert title_finding("Periorbital oedema", None, lexicon)
    assert title_finding("Night bone pain", None, lexicon)             # the finding is the head
    assert title_finding("Enhancing mediastinal mass", None, lexicon)
    assert title_finding("Pain out of proportion", None, lexicon)      # the finding, then a postmodifier
    assert title_finding("Night pain relieved", None, lexicon)         # ... or a past participle


def test_a_disease_or_a_phrase_with_a_disease_word_is_not():
    lexicon = _lexicon()
    assert not title_finding("Minimal change disease", None, lexicon)
    assert not title_finding("Painful tuberculous lymphadenitis", None, lexicon)   # the vocabulary names it
    assert not title_finding("Periorbital oedema syndrome", None, lexicon)         # a disease head outside it
    assert not title_finding("Ocular thelaziasis", None, lexicon)                  # no finding's name at all
    assert not title_finding("Sciatic nerve schwannoma", None, _lexicon_with("Schwannoma"))   # a tumour's name
    assert not title_finding("Stress-induced apical ballooning", None, _lexicon_with("Apical"))  # not its head
    # a syndrome named by its features, Orphanet's way: each hyphen-joined part is a finding
    assert not title_finding("Cutis verticis gyrata-intellectual disability", None, lexicon)


def test_a_disease_hpo_lists_under_a_synonym_is_named_inside_but_a_findings_own_name_is_not():
    lexicon = _lexicon()
    # "Podagra" is a name of gout, but HPO also lists gout itself as a finding: it names no disease of its own
    assert named_inside("Podagra overnight", lexicon) is None
    assert named_inside("Painful tuberculous lymphadenitis", lexicon).key == "tuberculous lymphadenitis"
    assert named_inside("Periorbital oedema", lexicon) is None


def test_names_a_finding_routes_a_title_lead_to_the_reports_own_disease():
    lexicon = _lexicon()
    lead = Announced(name_key("Night bone pain"), "Night bone pain", None, 0, None, "title lead")
    assert names_a_finding(lead, lexicon)
