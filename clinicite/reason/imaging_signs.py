"""Imaging results weighed against the signs a cause usually shows on that study.

A three-phase bone scan without hyperaemia on its flow and blood-pool images is the
reader's main argument against osteomyelitis, an osteoid osteoma or a bone sarcoma in a
painful sclerotic bone, and a weaker one against a stress fracture (whose hyperaemia
fades after the first weeks). The case's imaging observations are read by
:func:`clinicite.understand.results.test_results` (modality, phase, "normal" for "no
hyperaemia", "high" for "intense uptake"); the signs and their two likelihood ratios
(``present_lr`` when the study shows the sign, ``absent_lr`` when it states its absence)
are data in each cause's ``imaging`` field of ``data/common_causes.json``, the clinicite
authors' estimates from standard teaching (labelled so in its metadata), as the exposure
ratios of :mod:`clinicite.reason.exposure` are. A study the case does not mention is no
evidence either way: nothing is inferred from silence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from clinicite.understand.facts import TestResult
from clinicite.understand.results import test_results


@dataclass(frozen=True)
class ImagingSign:
    """A sign a cause usually shows on one study, and how much its presence or stated absence weighs."""

    modality: str                    # as understand/results.py names it: "bone scan", "MRI", "CT" ...
    phases: tuple[str, ...]          # the phases or sequences that show it ("flow", "blood pool"); () = any
    sign: str                        # "hyperaemia on the flow and blood-pool images"
    present_lr: float
    absent_lr: float

    @classmethod
    def from_json(cls, item: dict) -> "ImagingSign":
        return cls(item["modality"], tuple(item.get("phases", ())), item["sign"], float(item["present_lr"]),
                   float(item["absent_lr"]))


@dataclass(frozen=True)
class ImagingFinding:
    """How the case's study reads for one sign of one cause: ``status`` "present" or "absent"."""

    sign: ImagingSign
    status: str
    quote: str                       # the user's words ("no hyperaemia")

    @property
    def log_lr(self) -> float:
        return math.log(self.sign.present_lr if self.status == "present" else self.sign.absent_lr)

    @property
    def label(self) -> str:
        """The case's own words with the study that showed them: "bone scan: no hyperaemia"."""
        return f"{self.sign.modality}: {self.quote}"

    def explanation(self, cause_name: str) -> str:
        # A sign whose presence counts against the cause (hyperaemia in a non-inflammatory sclerosis) is unusual in it.
        usual = "unusual" if self.status == "present" and self.sign.present_lr < 1.0 else "usual"
        return f"{self.sign.sign[0].upper()}{self.sign.sign[1:]} is {usual} in {cause_name}"


def _matches(result: TestResult, sign: ImagingSign) -> bool:
    return (result.kind == "imaging" and result.modality == sign.modality
            and (not sign.phases or result.phase in sign.phases))


def read_imaging(tests: list[TestResult], signs: tuple[ImagingSign, ...]) -> list[ImagingFinding]:
    """The case's imaging results that state a sign of the cause present or absent, once per sign."""
    found: list[ImagingFinding] = []
    for sign in signs:
        for result in tests:
            if not _matches(result, sign) or result.interpretation is None:
                continue
            status = "absent" if result.interpretation == "normal" else "present"
            # A reading with a likelihood ratio of 1 weighs nothing: it is neither for nor against the cause.
            if (sign.absent_lr if status == "absent" else sign.present_lr) != 1.0:
                found.append(ImagingFinding(sign, status, result.text))
            break
    return found


def case_tests(facts: object | None, text: str | None) -> list[TestResult]:
    """The case's test results: those :func:`understand_case` read when at hand, else read from its words."""
    tests = getattr(facts, "tests", None)
    if tests is not None:
        return list(tests)
    return test_results(text) if text else []


__all__ = ["ImagingFinding", "ImagingSign", "case_tests", "read_imaging"]
