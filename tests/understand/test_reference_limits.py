"""A bare laboratory value in its usual unit is read against the adult reference limit (results.REFERENCE_LIMITS)."""

from __future__ import annotations

from clinicite.understand import understand_case
from clinicite.understand.results import lab_results


def _read(text):
    return [(r.analyte, r.value, r.interpretation) for r in lab_results(text)]


def test_bare_values_are_read_against_the_reference_limit():
    assert _read("SpO2 stuck at 85% on 15 L oxygen") == [("oxygen saturation", 85.0, "low")]
    assert _read("oxygen saturation 97% on air") == [("oxygen saturation", 97.0, "normal")]
    assert _read("CRP 88 mg/L and platelets 520 x 10^9/L") == [("C-reactive protein", 88.0, "high"),
                                                              ("platelets", 520.0, "high")]
    assert _read("a methaemoglobin fraction of 38%") == [("methaemoglobin", 38.0, "high")]


def test_no_limit_is_applied_without_the_unit_with_a_comparator_or_where_it_depends_on_age():
    assert _read("CRP 88") == [("C-reactive protein", None, None)]                # no unit: no reading
    assert _read("CRP <5 mg/L")[0][2] is None                                    # a comparator: as stated
    assert _read("ESR was 104 mm/h") == [("erythrocyte sedimentation rate", 104.0, None)]   # age-dependent
    assert _read("a normal CRP 12 mg/L")[0][2] == "normal"                      # the text's word wins


def test_a_low_saturation_becomes_hypoxaemia_and_a_raised_methaemoglobin_its_term(hpo):
    facts = understand_case("Cyanosed after benzocaine spray; SpO2 85% on oxygen; methaemoglobin 38%.", hpo)
    assert "HP:0012418" in facts.observed                   # Hypoxemia
    assert "HP:0012119" in facts.observed                   # Methemoglobinemia
    normal = understand_case("CRP 3 mg/L.", hpo)
    assert "HP:0011227" in normal.excluded                  # a normal CRP argues against a raised one
