"""A patient's findings from a GA4GH phenopacket (v2 JSON), for ranking a differential.

Only what a clinician would know before a diagnosis is read: observed and
excluded phenotypic features (``phenotypicFeatures[].excluded``), age at the
last encounter and sex. Genes, variants, interpretations and the disease label
(``diseases``) are deliberately ignored; :func:`phenopacket_truth` returns the
disease ids separately, for benchmarks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_DURATION = re.compile(r"P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?")


@dataclass
class PhenopacketCase:
    id: str | None
    observed: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    age_years: float | None = None
    sex: str | None = None                  # "MALE", "FEMALE" or None


def iso_age_years(duration: str | None) -> float | None:
    """ISO 8601 duration ("P6Y", "P1Y6M", "P3W") in years; None when absent or unreadable."""
    if not duration:
        return None
    match = _DURATION.fullmatch(duration.split("T")[0])
    if not match or not any(match.groups()):
        return None
    years, months, weeks, days = (float(g) if g else 0.0 for g in match.groups())
    return years + months / 12 + weeks / 52 + days / 365


def phenopacket_case(packet: dict) -> PhenopacketCase:
    features = packet.get("phenotypicFeatures") or []
    subject = packet.get("subject") or {}
    age = ((subject.get("timeAtLastEncounter") or {}).get("age") or {}).get("iso8601duration")
    ids = lambda excluded: [f["type"]["id"] for f in features
                            if isinstance(f, dict) and (f.get("type") or {}).get("id")
                            and bool(f.get("excluded")) == excluded]
    sex = subject.get("sex")
    return PhenopacketCase(id=packet.get("id"), observed=ids(False), excluded=ids(True), age_years=iso_age_years(age),
                           sex=sex if sex in ("MALE", "FEMALE") else None)


def phenopacket_truth(packet: dict) -> list[str]:
    """The diagnosed disease ids (OMIM, ORPHA ...) the phenopacket records."""
    return [d["term"]["id"] for d in packet.get("diseases") or [] if (d.get("term") or {}).get("id")]
