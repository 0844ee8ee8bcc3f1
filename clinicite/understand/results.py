"""Laboratory values and imaging observations as :class:`TestResult` records.

Laboratory: an analyte named by its usual names or abbreviation, an optional
comparator, a number and a unit ("ALP 450 U/L", "CRP <5 mg/L"), and the
interpretation when the text states it ("normal calcium", "ESR and alkaline
phosphatase were normal", "raised CRP"). No reference ranges are applied: a bare
number keeps ``interpretation=None``.

Imaging: the modality in force (radiograph, CT, MRI, bone scan, ultrasound, PET),
the MRI sequence or bone-scan phase (T1, T2, STIR; flow, blood pool, delayed),
and what was seen there ("low T1 signal", "no hyperaemia", "fusiform intense
delayed uptake").
"""

from __future__ import annotations

import re

from clinicite.understand.context import NORMAL_POST, backward_scope, forward_scope, sentences
from clinicite.understand.facts import TestResult

# analyte: (pattern, HPO id when high, HPO id when low)
ANALYTES: dict[str, tuple[str, str | None, str | None]] = {
    "alkaline phosphatase": (r"alkaline phosphatase|ALP|alk phos", "HP:0003155", "HP:0003282"),
    "erythrocyte sedimentation rate": (r"erythrocyte sedimentation rate|sedimentation rate|ESR",
                                       "HP:0003565", "HP:0025022"),
    "C-reactive protein": (r"C-reactive protein|CRP", "HP:0011227", None),
    "calcium": (r"(?:serum |ionised |ionized )?calcium|Ca", "HP:0003072", "HP:0002901"),
    "phosphate": (r"phosphate|phosphorus", "HP:0002905", "HP:0002148"),
    "white cell count": (r"white (?:blood )?cell count|white cells|leukocyte count|WBC|WCC", "HP:0001974",
                         "HP:0001882"),
    "haemoglobin": (r"ha?emoglobin|Hb|Hgb", None, "HP:0001903"),
    "platelets": (r"platelets?(?: count)?", "HP:0001894", "HP:0001873"),
    "creatine kinase": (r"creatine kinase|creatine phosphokinase|CK|CPK", "HP:0003236", "HP:0025659"),
    "parathyroid hormone": (r"parathyroid hormone|PTH", "HP:0003165", "HP:0031817"),
    "lactate dehydrogenase": (r"lactate dehydrogenase|LDH", "HP:0025435", "HP:0045041"),
    "vitamin D": (r"(?:25-?(?:OH|hydroxy) )?vitamin D", None, "HP:0100512"),
    "oxygen saturation": (r"SpO2|SaO2|Sp[Oo]₂|oxygen saturations?|O2 sat(?:uration)?s?|sats", None, "HP:0012418"),
    "methaemoglobin": (r"meth?a?emoglobin(?: fraction| level| concentration)?|MetHb", "HP:0012119", None),
}
# Limits of the usual adult reference interval, applied only to a bare value in the unit given, so that "SpO2 85%"
# or "CRP 88 mg/L" is read as low or high as any clinician reads it. Only analytes whose limit does not depend on
# age, sex or laboratory method in a way that could flip the reading are listed (ESR, for one, is left out: its
# upper limit rises with age). Sources: pulse oximetry below 94% is hypoxaemia in adults (BTS oxygen guideline
# 2017 target 94-98%); CRP above 10 mg/L is raised (the conventional clinical cut-off); platelets 150-450 x 10^9/L;
# methaemoglobin above 2% of haemoglobin is raised.
REFERENCE_LIMITS: dict[str, tuple[str, float | None, float | None]] = {
    "oxygen saturation": ("%", 94.0, None),
    "C-reactive protein": ("mg/L", None, 10.0),
    "platelets": ("x10^9/L", 150.0, 450.0),
    "methaemoglobin": ("%", None, 2.0),
}
UNITS = (r"U/L|IU/L|kU/L|mm/h(?:r|our)?|mg/L|mg/dL|mg/mL|mmol/L|mEq/L|µmol/L|umol/L|g/dL|g/L|ng/mL|pg/mL|"
         r"µg/L|ug/L|nmol/L|pmol/L|x ?10\^?9/L|×10\^?9/L|(?:cells)?/(?:µL|uL|mm3|mm\^3)|%")
_VALUE = re.compile(r"\s*(?:level|levels|concentration|count|value|was|were|is|of|at|stuck|remained|read|fell|dropped|"
                    r"to|only|:|=|\s)*\s*"
                    r"(<=|>=|<|>|≤|≥)?\s*(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(" + UNITS + r")?", re.I)
_HIGH = re.compile(r"\b(?:elevated|raised|high|increased|abnormal)\b", re.I)
_LOW = re.compile(r"\b(?:low|decreased|reduced|depressed)\b", re.I)
_NORMAL = re.compile(r"\b(?:normal|unremarkable|within normal limits|negative)\b", re.I)

MODALITIES = (
    ("bone scan", r"(?:tri|three)-?phas(?:e|ic) (?:bone )?scan|bone scan|scintigraph\w*|Tc-?99m|MDP scan"),
    ("radiograph", r"x-?rays?|radiograph\w*|plain films?|skeletal survey"),
    ("CT", r"\bCT\b|computed tomography"),
    ("MRI", r"\bMRI?\b|magnetic resonance"),
    ("ultrasound", r"ultrasound|ultrasonograph\w*|sonograph\w*|doppler"),
    ("PET", r"\bPET(?:-CT)?\b|positron emission"),
)
PHASES = (
    ("T1", r"\bT1(?:-weighted|W)?\b"), ("T2", r"\bT2(?:-weighted|W)?\b"),
    ("STIR", r"\bSTIR\b"), ("contrast", r"post-?contrast|gadolinium|enhanc\w*"),
    ("flow", r"\bflow(?: phase)?\b|angiographic|perfusion phase|hyper(?:a)?emia|hyperaemia"),
    ("blood pool", r"blood[- ]pool"), ("delayed", r"\bdelayed\b|late phase"),
)
_PHASE_MODALITY = {"T1": "MRI", "T2": "MRI", "STIR": "MRI", "blood pool": "bone scan", "delayed": "bone scan"}
_SIGNAL_HIGH = re.compile(r"\b(?:high|increased|intense|hyperintens\w*|bright|avid|hot|marked)\b|hyper(?:a)?emia"
                          r"|hyperaemia|uptake", re.I)
_SIGNAL_LOW = re.compile(r"\b(?:low|decreased|hypointens\w*|dark|cold|photopenic)\b", re.I)
_NEGATED = re.compile(r"\b(?:no|not|without|absent|normal)\b", re.I)


def lab_results(text: str) -> list[TestResult]:
    """Laboratory results, one per analyte mention, with value, unit and stated interpretation."""
    results: list[TestResult] = []
    for analyte, (pattern, _, _) in ANALYTES.items():
        flags = 0 if analyte == "calcium" else re.I
        for match in re.finditer(r"(?<![\w-])(?:" + pattern + r")(?![\w-])", text, flags):
            if analyte == "calcium" and match.group() == "Ca" and not _VALUE.match(text, match.end()):
                continue
            result = TestResult(kind="lab", analyte=analyte, text=match.group(), start=match.start(),
                                end=match.end())
            value = _VALUE.match(text, match.end())
            if value and value.group(2) and (value.group(3) or value.group(1)):
                result.value = float(value.group(2).replace(",", ""))
                result.unit = value.group(3)
                result.comparator = value.group(1)
                result.end = value.end()
                result.text = text[result.start:result.end]
            result.interpretation = (_lab_interpretation(text, match.start(), match.end())
                                     or reference_interpretation(result))
            results.append(result)
    return sorted(results, key=lambda r: r.start)


def _unit_key(unit: str | None) -> str:
    return re.sub(r"[\s^×]", "", (unit or "").replace("×", "x")).replace("X", "x")


def reference_interpretation(result: TestResult) -> str | None:
    """"low", "high" or "normal" from :data:`REFERENCE_LIMITS` for a bare value in its usual unit; else None."""
    limits = REFERENCE_LIMITS.get(result.analyte or "")
    if limits is None or result.value is None or result.comparator:
        return None
    unit, low, high = limits
    if _unit_key(result.unit) != _unit_key(unit):
        return None
    if low is not None and result.value < low:
        return "low"
    if high is not None and result.value > high:
        return "high"
    return "normal"


def _lab_interpretation(text: str, start: int, end: int) -> str | None:
    lo, hi = next(((s, e) for s, e in sentences(text) if s <= start < e), (0, len(text)))
    before = text[max(lo, start - 30):start]
    if _NORMAL.search(before[-12:]):
        return "normal"
    for match in NORMAL_POST.finditer(text, end, hi):
        if backward_scope(text, match.start(), lo) <= start:
            return "normal"
        break
    if _HIGH.search(before[-20:]) or _HIGH.match(text, end, min(hi, end + 12)):
        return "high"
    if _LOW.search(before[-20:]):
        return "low"
    after = text[end:forward_scope(text, end, hi)]
    if re.match(r"\s*(?:was|were|is|are)?\s*(?:elevated|raised|high|increased)", after, re.I):
        return "high"
    if re.match(r"\s*(?:was|were|is|are)?\s*(?:low|decreased|reduced)", after, re.I):
        return "low"
    return None


def imaging_results(text: str) -> list[TestResult]:
    """Imaging observations, each in the modality last named before it."""
    results: list[TestResult] = []
    modality_marks = sorted((m.start(), name) for name, pattern in MODALITIES
                            for m in re.finditer(pattern, text, re.I))
    if not modality_marks and not re.search(r"\b(?:T1|T2|STIR)\b", text):
        return results
    imaging_sentences = [(lo, hi) for lo, hi in sentences(text)
                         if any(lo <= position < hi for position, _ in modality_marks)
                         or re.search(r"\b(?:T1|T2|STIR)\b", text[lo:hi])]
    for piece in re.finditer(r"(?:[^,;:.!?\n]|(?<=\d)\.(?=\d))+", text):
        segment = piece.group()
        phase = next((name for name, pattern in PHASES if re.search(pattern, segment, re.I)), None)
        high, low = _SIGNAL_HIGH.search(segment), _SIGNAL_LOW.search(segment)
        names_modality = any(piece.start() <= position < piece.end() for position, _ in modality_marks)
        if phase is None and not (high or low or names_modality):
            continue
        if not names_modality and not any(lo <= piece.start() < hi for lo, hi in imaging_sentences):
            continue        # "decreased urine output" is not an imaging sign
        current = [name for position, name in modality_marks if position <= piece.start() + len(segment)]
        if not current:
            # "Low T1 signal, high on STIR on MRI": a sequence names its modality; else the next one named
            fallback = modality_marks[0][1] if modality_marks else None
            current = [_PHASE_MODALITY.get(phase or "", fallback)]
            if current[0] is None:
                continue
        interpretation = "high" if high and not low else "low" if low else None
        if _NEGATED.search(segment):
            interpretation = "normal"
        observation = segment.strip()
        offset = piece.start() + segment.index(observation) if observation else piece.start()
        results.append(TestResult(kind="imaging", text=observation, start=offset, end=offset + len(observation),
                                  modality=current[-1], phase=phase, observation=observation,
                                  interpretation=interpretation))
    return results


def test_results(text: str) -> list[TestResult]:
    return sorted(lab_results(text) + imaging_results(text), key=lambda r: r.start)


test_results.__test__ = False  # a function named test_* is not a pytest test
