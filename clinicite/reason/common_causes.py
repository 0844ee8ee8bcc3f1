"""Common causes of presenting findings: clinicite's curated differential, as knowledge records.

The rare-disease knowledge base (HPO annotations, Orphanet) knows osteopetrosis
but not healing rickets, scurvy or a stress fracture. ``data/common_causes.json``
lists, per presenting finding (HPO ids), the causes a clinician considers first,
each with a category, age bands with a frequency class, a predominant sex where
there is one, discriminating features and tests; ``features`` adds the other
typical findings of a cause (HPO ids), so a case with several findings can tell
the causes of one finding apart. It was written by the clinicite
authors from standard clinical teaching (textbook differentials, radiology
gamuts); it cites no paper, and every record says so (source "clinicite curated
differential"). A finding may name the standard texts its list follows (``reference``,
e.g. a radiology gamut book or a paediatrics textbook, no page cited), which each of its
causes' records repeats, so a reader knows where to check the list.

Each cause becomes a :class:`DiseaseRecord` ``CLINICITE:<id>`` whose phenotype
annotations are the findings it explains, with the frequency of its finding class
(typical 0.6, occasional 0.2, rare 0.05), so the likelihood-ratio model scores it
exactly as it scores a knowledge-base disease. A cause linked to knowledge-base
ids (``kb_ids``) joins their equivalence group: one disease, one row.

The prior of a cause depends on the patient (:func:`curated_log_prevalence`): the
frequency class of the age band the patient falls in stands for a prevalence
(common 1e-2, uncommon 1e-3, rare 1e-4), outside every band 1e-6 (the default of a
rare disease without an Orphanet class), one class lower for the less affected
sex. With the age unknown the most frequent band counts. A patient younger than
the earliest Orphanet age of onset of the records a cause is linked to
(``kb_ids``) is outside its ages too: the bands are written coarsely, the linked
record states when the disease begins.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation
from clinicite.reason.case_words import without_options
from clinicite.reason.exposure import Exposure, ExposureFinding, read_exposure
from clinicite.reason.imaging_signs import ImagingFinding, ImagingSign, case_tests, read_imaging
from clinicite.reason.priors import LATE_PRESENTATION_AGE, childhood_only
from clinicite.understand.demographics import AGE_GROUP_SPANS

SOURCE = "clinicite curated differential"
PREFIX = "CLINICITE:"
FINDING_FREQUENCY = {"typical": 0.6, "occasional": 0.2, "rare": 0.05}
CLASS_PREVALENCE = {"common": 1e-2, "uncommon": 1e-3, "rare": 1e-4}
OUT_OF_AGE_PREVALENCE = 1e-6
_LOWER = {"common": "uncommon", "uncommon": "rare", "rare": "rare"}
# Weight of a curated cause's age fit in the shown (tempered) score (:func:`age_contrast`). Through the prior
# alone (weight 0.5, then the temperature 4) one class step was a factor 1.3 on screen, and a 70-year-old's lytic
# lesion read Langerhans cell histiocytosis nearly level with myeloma. At 0.5 a class step (10x) is a factor 3.2.
AGE_WEIGHT = 0.5


@dataclass(frozen=True)
class AgeBand:
    min_years: float
    max_years: float
    frequency: str                   # common / uncommon / rare


@dataclass
class CommonCause:
    id: str                          # "CLINICITE:healing-rickets"
    name: str
    category: str
    ages: list[AgeBand]
    synonyms: list[str] = field(default_factory=list)
    sex: str | None = None           # predominant sex, "male" or "female"
    kb_ids: list[str] = field(default_factory=list)
    discriminators: list[str] = field(default_factory=list)
    tests: list[str] = field(default_factory=list)
    management: list[str] = field(default_factory=list)    # usual first steps of treatment, as taught
    findings: list[tuple[str, str, str]] = field(default_factory=list)   # (hpo id, finding class, source)
    presentations: list[str] = field(default_factory=list)    # labels of the findings it is a cause of
    # The standard texts whose differential of those findings the curation follows (a finding's "reference").
    references: list[str] = field(default_factory=list)
    # Earliest age of onset (years) that the knowledge record it is linked to states, written into the table
    # with that source (Orphanet's average age of onset), so it holds in a home without Orphanet installed.
    onset_years: float | None = None
    onset_source: str | None = None
    exposure: Exposure | None = None      # what the patient must have had (a drug, a toxin): reason/exposure.py
    imaging: tuple[ImagingSign, ...] = ()  # signs it usually shows on a study: reason/imaging_signs.py

    def frequency_class(self, age_years: float | None, sex: str | None,
                        earliest_onset: float | None = None) -> str | None:
        """The frequency class for a patient; None when the age lies outside every band, or below the earliest
        age of onset that the knowledge records the cause is linked to give (``earliest_onset``, years)."""
        onsets = [v for v in (earliest_onset, self.onset_years) if v is not None]
        if age_years is not None and onsets and age_years < max(onsets):
            return None
        if age_years is None:
            classes = [band.frequency for band in self.ages]
        else:
            classes = [band.frequency for band in self.ages if band.min_years <= age_years < band.max_years]
        if not classes:
            return None
        best = min(classes, key=list(CLASS_PREVALENCE).index)
        if self.sex and sex and sex.lower() != self.sex:
            best = _LOWER[best]
        return best


def default_path() -> Path:
    return Path(str(resources.files("clinicite.reason") / "data" / "common_causes.json"))


@lru_cache(maxsize=4)
def load_common_causes(path: str | None = None) -> tuple[dict, dict[str, CommonCause]]:
    """``(metadata, causes by id)`` from the curated file (the packaged one by default)."""
    data = json.loads(Path(path or default_path()).read_text(encoding="utf-8"))
    causes: dict[str, CommonCause] = {}
    for item in data["causes"]:
        cause_id = PREFIX + item["id"]
        causes[cause_id] = CommonCause(
            cause_id, item["name"], item["category"], [AgeBand(*band) for band in item["ages"]],
            synonyms=list(item.get("synonyms", [])), sex=item.get("sex"), kb_ids=list(item.get("kb_ids", [])),
            discriminators=list(item.get("discriminators", [])), tests=list(item.get("tests", [])),
            management=list(item.get("management", [])),
            onset_years=(item.get("onset") or {}).get("earliest_years"), onset_source=(item.get("onset") or {}).get("source"),
            exposure=Exposure.from_json(item.get("exposure")),
            imaging=tuple(ImagingSign.from_json(sign) for sign in item.get("imaging", ())))
    for finding in data["findings"]:
        for cause, finding_class in finding["causes"]:
            for hpo_id in finding["hpo"]:
                causes[PREFIX + cause].findings.append((hpo_id, finding_class, finding["source"]))
            causes[PREFIX + cause].presentations.append(finding["label"].lower())
            if finding.get("reference") and finding["reference"] not in causes[PREFIX + cause].references:
                causes[PREFIX + cause].references.append(finding["reference"])
    features = data.get("features", {})
    for cause, items in features.get("causes", {}).items():      # the other typical features of a cause
        known = {hpo for hpo, _, _ in causes[PREFIX + cause].findings}
        causes[PREFIX + cause].findings += [(hpo, finding_class, features["source"])
                                            for hpo, finding_class in items if hpo not in known]
    return data["metadata"], causes


def common_cause_records(path: str | None = None) -> list[DiseaseRecord]:
    """The curated causes as citable disease records (definition = discriminators, tests and usual management)."""
    metadata, causes = load_common_causes(path)
    records = []
    for cause in causes.values():
        annotations = [PhenotypeAnnotation(hpo_id, frequency=FINDING_FREQUENCY[finding_class],
                                           frequency_label=finding_class, evidence="TAS",
                                           references=[f"source: {source}"])
                       for hpo_id, finding_class, source in cause.findings]
        shown = cause.presentations or ["the findings listed for it"]
        joined = shown[0] if len(shown) < 2 else ", ".join(shown[:-1]) + " and " + shown[-1]
        definition = (f"{cause.name} is a cause of {joined} "
                      f"(category: {cause.category}). What tells it apart: " + "; ".join(cause.discriminators)
                      + ". Tests that help: " + "; ".join(cause.tests)
                      + (". Usual management: " + "; ".join(cause.management) if cause.management else "")
                      + (f". Earliest onset {cause.onset_years:g} years ({cause.onset_source})" if cause.onset_source else "")
                      + (f". Only with a history of {cause.exposure.name}" if cause.exposure else "")
                      + f". Source: {SOURCE}, version {metadata.get('version')}, written from standard "
                      "clinical teaching, not from a cited publication"
                      + (" (the differential follows: " + "; ".join(cause.references) + ")" if cause.references else "")
                      + ".")
        records.append(DiseaseRecord(cause.id, cause.name, synonyms=list(cause.synonyms), definition=definition,
                                     phenotypes=annotations, xrefs=list(cause.kb_ids), disorder_type="curated cause",
                                     sources=[f"{SOURCE} {metadata.get('version')}"]))
    return records


def is_curated(disease_id: str) -> bool:
    return disease_id.startswith(PREFIX)


def curated_log_prevalence(kb, age_years: float | None, sex: str | None) -> tuple[np.ndarray, np.ndarray]:
    """``(mask of curated candidate rows, their log prevalence for this patient)`` over all candidates."""
    rows = getattr(kb, "_curated_rows", None)
    if rows is None:
        _, causes = load_common_causes()
        rows = kb._curated_rows = [(row, causes[d]) for row, d in enumerate(kb.candidates) if d in causes]
    mask = np.zeros(len(kb.candidates), dtype=bool)
    values = np.zeros(len(kb.candidates))
    for row, cause in rows:
        frequency_class = cause.frequency_class(age_years, sex, linked_onset(kb, row))
        mask[row] = True
        values[row] = math.log(CLASS_PREVALENCE[frequency_class] if frequency_class else OUT_OF_AGE_PREVALENCE)
    return mask, values


def linked_onset(kb, row: int | None) -> float | None:
    """The earliest age of onset (years) that the knowledge records linked to a curated cause give (Orphanet's
    average age of onset classes, :func:`clinicite.reason.priors.earliest_onset_years`), or None.

    The curated age bands are coarse ("0-10 years: rare" for osteosarcoma); the linked Orphanet record says
    osteosarcoma begins in childhood (2 years or later), so an infant is outside its ages."""
    onset = getattr(kb, "onset_years", None)
    if row is None or onset is None or not 0 <= row < len(onset) or math.isnan(onset[row]) or onset[row] <= 0:
        return None
    return float(onset[row])


def age_class(kb, cause: CommonCause, age_years: float | None, sex: str | None) -> str | None:
    """A cause's frequency class for a patient, with the linked records' earliest onset (see :func:`linked_onset`)."""
    return cause.frequency_class(age_years, sex, linked_onset(kb, kb.row_of.get(cause.id)))


def cause_of(disease_id: str) -> CommonCause | None:
    return load_common_causes()[1].get(disease_id)


def age_contrast(kb, cause: CommonCause, age_years: float | None, sex: str | None) -> float:
    """Natural log of how much less often the cause is behind its findings at this patient's age than at the
    age it is most often seen: 0 at its usual age, log(1e-4 / 1e-3) for Langerhans cell histiocytosis
    ("uncommon" under 15) at 70, where it is "rare"; log(1e-6 / best) outside every band. How common the
    cause is at its usual age stays the prior's part; this is how well the patient's age fits the cause
    (:func:`curated_terms`). A cause at its usual age keeps its place against the knowledge base's diseases."""
    best = age_class(kb, cause, None, sex)
    frequency_class = age_class(kb, cause, age_years, sex)
    if best is None or age_years is None:
        return 0.0
    value = CLASS_PREVALENCE[frequency_class] if frequency_class else OUT_OF_AGE_PREVALENCE
    return math.log(value / CLASS_PREVALENCE[best])


def _ages_stated(case) -> list:
    """The ages the case allows: its stated age, or for an age word ("a child") the ages that word covers, so
    the fit is the cause's best within them (a vague word never counts against a cause its span includes)."""
    facts = getattr(case, "facts", None)
    span = AGE_GROUP_SPANS.get(getattr(facts, "age_group", None) or "") \
        if getattr(facts, "age_approximate", False) and case.age_years is not None else None
    if span is None:
        return [case.age_years]
    return [float(age) for age in np.linspace(span[0], span[1], 12)]


def curated_terms(kb, case, params) -> tuple[dict[int, float], dict[int, ExposureFinding]]:
    """Per group of a curated cause: the extra (untempered) log score of its age class and exposure history,
    and how the case reads for its exposure (:mod:`clinicite.reason.exposure`).

    The age class enters the shown score at ``AGE_WEIGHT`` (the prior already gives it
    ``common_prior_weight / temperature``). A history that states or denies the exposure enters at full
    weight, past the temperature: the temperature tempers a naive-Bayes sum of correlated findings, and the
    history is one fact independent of them. A history silent on it is tempered like a finding: vignettes and
    questions leave out much (so "ask about it" rather than "ruled out"). It counts only when the case has
    words (a list of HPO ids tells no history)."""
    shifts: dict[int, float] = {}
    exposures: dict[int, ExposureFinding] = {}
    age_share = AGE_WEIGHT * params.temperature - params.common_prior_weight
    ages = _ages_stated(case)
    for cause_id, cause in load_common_causes()[1].items():
        row = kb.row_of.get(cause_id)
        if row is None or int(kb.row_group[row]) in shifts:
            continue
        group = int(kb.row_group[row])
        shifts[group] = age_share * max(age_contrast(kb, cause, age, case.sex) for age in ages)
        if cause.exposure is not None:
            # the question's options are the asker's candidates, not the patient's history
            exposures[group] = read_exposure(without_options(case.text), cause.exposure,
                                             [cause.name, *cause.synonyms])
            if case.text:        # a stated or denied exposure is a fact; a history silent on it is weak evidence
                weight = 1.0 if exposures[group].status == "unstated" else params.temperature
                shifts[group] += weight * exposures[group].log_lr
    if case.age_years is not None and min(ages) >= LATE_PRESENTATION_AGE:
        # A disease of childhood (every recorded onset before 16) first seen at 40 or later fits the age as a
        # curated cause one class off its usual age does: the same step, knowledge records and curated alike.
        late = AGE_WEIGHT * params.temperature * math.log(CLASS_PREVALENCE["rare"] / CLASS_PREVALENCE["uncommon"])
        for group in {int(g) for g in kb.row_group[childhood_only(kb)]}:
            shifts[group] = shifts.get(group, 0.0) + late
    return shifts, exposures


def imaging_terms(kb, case, params) -> tuple[dict[int, float], dict[int, list[ImagingFinding]]]:
    """Per group of a curated cause: the (untempered) log score of the case's imaging results that show or deny
    a sign the cause usually has on that study (:mod:`clinicite.reason.imaging_signs`), and those results.

    A stated study result is a fact, like a stated exposure: it enters at full weight, past the temperature."""
    shifts: dict[int, float] = {}
    found: dict[int, list[ImagingFinding]] = {}
    tests = [t for t in case_tests(getattr(case, "facts", None), case.text) if t.kind == "imaging"]
    if not tests:
        return shifts, found
    for cause_id, cause in load_common_causes()[1].items():
        row = kb.row_of.get(cause_id)
        if row is None or not cause.imaging or int(kb.row_group[row]) in found:
            continue
        readings = read_imaging(tests, cause.imaging)
        if readings:
            group = int(kb.row_group[row])
            found[group] = readings
            shifts[group] = params.temperature * sum(r.log_lr for r in readings)
    return shifts, found
