"""Single-finding presentations get their common causes, by age (issue 8 item 3), from the curated table.

The table's records are read through the same engine as the knowledge base's diseases; a tiny ontology and
one invented rare disease per finding (written here) stand beside them, so the test shows which the age bands
put first, not which the table lists."""

from __future__ import annotations

import pytest

from clinicite.compose.differential import FLAT_ROWS, ROWS, shown_rows
from clinicite.reason.common_causes import common_cause_records, load_common_causes
from clinicite.reason.differential import Diagnosis
from clinicite.reason.engine import CaseInput, build_differential
from clinicite.reason.knowledge import KnowledgeBase
from clinicite.understand.context import apply_context
from clinicite.understand.facts import Finding

GENU_VARUM, PROTEINURIA, NODULE = "HP:0002970", "HP:0000093", "HP:0033608"
SCROTAL_PAIN, NO_CREMASTER_REFLEX = "HP:0030155", "HP:0031829"
OBO = """format-version: 1.2
data-version: hp/releases/presentations-test
ontology: hp

[Term]
id: HP:0000001
name: All

[Term]
id: HP:0000118
name: Phenotypic abnormality
is_a: HP:0000001 ! x

[Term]
id: HP:0002970
name: Genu varum
is_a: HP:0000118 ! x

[Term]
id: HP:0000093
name: Proteinuria
is_a: HP:0000118 ! x

[Term]
id: HP:0033608
name: Pulmonary nodule
is_a: HP:0000118 ! x

[Term]
id: HP:0030155
name: Scrotal pain
is_a: HP:0000118 ! x

[Term]
id: HP:0031829
name: Absent cremaster reflex
is_a: HP:0000118 ! x
"""
HEADER = ("#description: invented diseases for clinicite tests\n#version: test\ndatabase_id\tdisease_name\tqualifier\t"
          "hpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n")
INVENTED = [("OMIM:900101", "Varus dysplasia X", GENU_VARUM), ("OMIM:900102", "Proteinuric nephropathy X", PROTEINURIA),
            ("OMIM:900103", "Nodular lung disease X", NODULE), ("OMIM:900104", "Scrotal neuralgia X", SCROTAL_PAIN)]


@pytest.fixture(scope="module")
def kb(tmp_path_factory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("presentations")
    (folder / "hp.obo").write_text(OBO, encoding="utf-8")
    (folder / "test.hpoa").write_text(HEADER + "".join(
        f"{i}\t{name}\t\t{hpo}\tPMID:9000101\tPCS\t\tHP:0040281\t\t\tP\tHPO:test[2025-01-01]\n"
        for i, name, hpo in INVENTED), encoding="utf-8")
    return KnowledgeBase.from_files(hpo_obo=folder / "hp.obo", hpoa=folder / "test.hpoa")


def names(kb, hpo, age, top=8):
    return [d.name for d in build_differential(kb, CaseInput([hpo], age_years=age), top=top).diagnoses]


def test_every_cause_has_category_ages_work_up_and_management_and_every_finding_a_source():
    metadata, causes = load_common_causes()
    data_findings = {label for c in causes.values() for label in c.presentations}
    assert data_findings and metadata["version"]
    for cause in causes.values():
        assert cause.category and cause.ages and cause.tests and cause.management, cause.id
        assert all(0 <= band.min_years < band.max_years and band.frequency in ("common", "uncommon", "rare")
                   for band in cause.ages), cause.id
        assert cause.findings and all(source for _, _, source in cause.findings), cause.id


def test_a_findings_reference_is_named_in_each_record_it_lists():
    _, causes = load_common_causes()
    with_reference = [c for c in causes.values() if c.references]
    assert with_reference
    records = {r.id: r for r in common_cause_records()}
    for cause in with_reference:
        assert all(reference in records[cause.id].definition for reference in cause.references)


def test_a_toddler_with_bowed_legs_gets_the_normal_variant_and_rickets_before_a_dysplasia(kb):
    shown = names(kb, GENU_VARUM, 2)
    assert "Varus dysplasia X" not in shown[:3]
    assert any("genu varum" in n.lower() for n in shown[:3]) and any("rickets" in n.lower() for n in shown[:3])


def test_physiological_bowing_is_outside_its_ages_at_eight(kb):
    toddler, child = names(kb, GENU_VARUM, 2, top=30), names(kb, GENU_VARUM, 8, top=30)
    physiological = next(n for n in toddler if "genu varum" in n.lower())
    assert physiological not in child[:5]


def test_proteinuria_reads_benign_in_a_teenager_and_renal_disease_in_an_older_adult(kb):
    teen, older = names(kb, PROTEINURIA, 14), names(kb, PROTEINURIA, 68)
    assert any("orthostatic" in n.lower() for n in teen[:3])
    assert any("diabetic" in n.lower() for n in older[:3])
    assert not any("orthostatic" in n.lower() for n in older[:3])


def test_a_smokers_age_puts_lung_cancer_first_for_a_pulmonary_nodule(kb):
    older, young = names(kb, NODULE, 65), names(kb, NODULE, 25)
    assert "lung cancer" in older[0].lower()
    assert "lung cancer" not in young[0].lower()


def test_a_boy_with_sudden_scrotal_pain_and_no_cremasteric_reflex_gets_testicular_torsion_first(kb):
    case = CaseInput([SCROTAL_PAIN, NO_CREMASTER_REFLEX], age_years=14, sex="male")
    shown = [d.name for d in build_differential(kb, case, top=8).diagnoses]
    assert shown[0] == "Testicular torsion" and "Epididymo-orchitis" in shown
    assert shown.index("Scrotal neuralgia X") > shown.index("Epididymo-orchitis")
    # Scrotal pain alone in a man of 40 leads with infection, not torsion.
    older = names(kb, SCROTAL_PAIN, 40)
    assert older[0] == "Epididymo-orchitis"


def row(name, p):
    return Diagnosis(id=name, ids=[name], name=name, probability=p, log_likelihood_ratio=0.0, rank=0)


def test_a_level_table_lists_more_rows_and_a_clear_leader_keeps_five():
    level = [row(f"cause {i}", 0.05 - 0.002 * i) for i in range(12)]
    led = [row("leader", 0.6), *[row(f"cause {i}", 0.08 - 0.002 * i) for i in range(11)]]
    assert len(shown_rows(level)) == FLAT_ROWS
    assert len(shown_rows(led)) == ROWS


def test_a_question_asking_the_differential_of_a_finding_keeps_it_the_patients():
    question = "What is the differential diagnosis of hepatosplenomegaly in a 3-year-old?"
    finding = Finding("HP:0001433", "Hepatosplenomegaly", "hepatosplenomegaly", question.index("hepato"),
                      question.index("hepato") + len("hepatosplenomegaly"))
    apply_context(question, [finding])
    assert finding.observed


def test_the_diseases_a_report_says_the_differential_includes_stay_set_aside():
    text = "The differential diagnosis of hepatosplenomegaly includes storage disease with bone pain."
    start = text.index("bone pain")
    spleen = text.index("hepatosplenomegaly")
    pain = Finding("HP:0002653", "Bone pain", "bone pain", start, start + len("bone pain"))
    organ = Finding("HP:0001433", "Hepatosplenomegaly", "hepatosplenomegaly", spleen, spleen + 18)
    apply_context(text, [organ, pain])
    assert pain.context == "differential" and organ.observed
