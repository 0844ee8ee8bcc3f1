"""What a clinical question or case says about the patient, as plain records.

A :class:`CaseFacts` is the result of :func:`clinicite.understand.understand_case`:
demographics (age, sex), course (duration, tempo), where the problem is
(laterality, bone, bone region, compartment), HPO :class:`Finding` records with
their context (excluded, normal, in a relative) and :class:`TestResult` records
(laboratory values, imaging signal and uptake). Everything carries the character
span it was read from, so callers can show the words behind each fact.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Span:
    """A fact together with the words it was read from."""

    value: str
    text: str
    start: int
    end: int
    kind: str | None = None     # for sites: bone, bone region, compartment, body region


@dataclass
class Finding:
    """One HPO phenotype mentioned in the text.

    ``excluded`` means the text says the patient does not have it ("no fever");
    ``normal`` means a test for it came back normal ("ESR was normal"), which is
    also a reason to exclude it; ``family_history`` means the finding belongs to a
    relative, not to the patient. ``context`` names the other people a case report talks about:
    ``"literature"`` (patients the text cites, "previously reported patients had ...") or
    ``"differential"`` (a disease the text weighs, "X is characterised by ..."). Such findings, like a
    relative's, stay visible (:attr:`whose` says whose they are) but are never :attr:`observed`.
    ``"history"`` marks the patient's past or treated conditions ("past medical history of asthma",
    "takes metformin for diabetes"), which are not findings of the presenting illness; ``"options"`` the
    candidate diagnoses a question lists ("is this scurvy or rickets?").
    """

    hpo_id: str
    label: str
    text: str
    start: int
    end: int
    excluded: bool = False
    normal: bool | None = None
    family_history: bool = False
    context: str | None = None              # None, "literature", "differential", "history" or "options"

    @property
    def whose(self) -> str:
        """"patient", "family", or the ``context`` ("history", "options" ...): whom the text gives it to."""
        return "family" if self.family_history else self.context or "patient"

    @property
    def observed(self) -> bool:
        """Present in the patient: not excluded, and not a relative's, the literature's or a differential's."""
        return not self.excluded and self.whose == "patient"


@dataclass
class TestResult:
    """A laboratory value or an imaging observation.

    ``kind`` is ``"lab"`` or ``"imaging"``. For laboratory tests ``analyte`` is the
    measured quantity (alkaline phosphatase, ESR) with ``value``/``unit`` and a
    ``comparator`` ("<", ">") when stated. For imaging ``modality`` is radiograph,
    CT, MRI, bone scan, ultrasound or PET and ``phase`` the sequence or scan phase
    (T1, T2, STIR, flow, blood pool, delayed). ``interpretation`` is ``"normal"``,
    ``"high"``, ``"low"``, ``"abnormal"`` or None when the text does not say.
    """

    kind: str
    text: str
    start: int
    end: int
    analyte: str | None = None
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    modality: str | None = None
    phase: str | None = None
    observation: str | None = None
    interpretation: str | None = None


@dataclass
class CaseFacts:
    """Everything :func:`understand_case` read from one question or case."""

    text: str
    age_years: float | None = None
    age_group: str | None = None
    age: Span | None = None
    age_approximate: bool = False           # from a word ("infant") or a decade ("in her sixties")
    sex: str | None = None                 # "male", "female" or None
    sex_span: Span | None = None
    duration_days: float | None = None
    duration: Span | None = None
    course: list[Span] = field(default_factory=list)      # acute, chronic, progressive, intermittent ...
    laterality: Span | None = None         # left, right, bilateral
    sites: list[Span] = field(default_factory=list)       # femur, tibia, ... ; epiphysis ... ; cortical ...
    findings: list[Finding] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    family_history: bool | None = None
    family_history_span: Span | None = None
    inheritance: list[Span] = field(default_factory=list)  # stated modes, HPO ids in value (not findings)

    @property
    def observed(self) -> list[str]:
        """HPO ids present in the patient, in order of first mention, without repeats."""
        return _unique(f.hpo_id for f in self.findings if f.observed)

    @property
    def excluded(self) -> list[str]:
        """HPO ids the text rules out in the patient (negated, or a normal test), not also observed."""
        seen = set(self.observed)
        return _unique(f.hpo_id for f in self.findings
                       if f.excluded and f.whose == "patient" and f.hpo_id not in seen)

    @property
    def family_findings(self) -> list[str]:
        """HPO ids found in relatives rather than in the patient."""
        return _unique(f.hpo_id for f in self.findings if f.family_history and not f.excluded)

    @property
    def not_the_patient(self) -> list[Finding]:
        """Findings set aside: cited patients, a discussed disease or the patient's past (relatives'
        are in :attr:`family_findings`), kept so a reader can see what was set aside and why."""
        return [f for f in self.findings if f.context in ("literature", "differential", "history", "options")]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dictionary, with the derived id lists included."""
        data = asdict(self)
        data["observed"] = self.observed
        data["excluded"] = self.excluded
        data["family_findings"] = self.family_findings
        return data


def _unique(ids: Any) -> list[str]:
    seen: dict[str, None] = {}
    for item in ids:
        seen.setdefault(item, None)
    return list(seen)
