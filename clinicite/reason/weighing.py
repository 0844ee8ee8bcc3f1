"""A source's discriminator weighed against the patient.

A discriminator says what a feature, as the source states it, means for some
diagnoses ("no nidus" -> against osteoid osteoma). Its weight for this patient
depends on whether the patient's record states the same thing
(:func:`clinicite.reason.discourse.case_state`):

- the case states the feature as the source does (both "no nidus"): the source's
  direction applies, with :data:`DISCRIMINATOR_LOG_LR`;
- the case states the opposite (a nidus is seen): the opposite direction, at half
  weight, since sources rarely say how strongly the converse holds;
- the case does not say: not weighed (listed as unweighed, so the answer can say
  which feature would separate the diagnoses).

A characteristic feature (:mod:`clinicite.reason.characteristic`: "epididymitis develops gradually, often with
dysuria") weighs :data:`CHARACTERISTIC_LOG_LR` either way: met, it is for the disease; contradicted by the case ("no
dysuria", a sudden onset), against it. A typical feature is neither sensitive nor specific enough to weigh as a
source's stated discriminator does, and its absence is the better-documented half (a "typical" sign seen in about
half to two thirds of patients gives a likelihood ratio near 2 when present and near 0.5 when absent).

Weights are not fitted (no labelled set yet); a likelihood ratio of about 3.3
(log 1.2) is what clinical reviews typically give a "typical" or "unlikely"
feature, and it keeps one discriminator below the weight of two shared findings
plus a top-ranked passage.
"""

from __future__ import annotations

from dataclasses import dataclass

from clinicite.reason.discourse import Discriminator, case_state

DISCRIMINATOR_LOG_LR = 1.2
CONVERSE_FRACTION = 0.5
CHARACTERISTIC_LOG_LR = 0.6


@dataclass
class WeighedDiscriminator:
    discriminator: Discriminator
    case_state: str                  # "present" / "absent": the feature in the patient
    case_text: str                   # the case's words for it
    log_lr: float                    # > 0 argues for the candidate, < 0 against

    @property
    def quote(self) -> str:
        return self.discriminator.quote

    def to_dict(self) -> dict:
        d = self.discriminator
        return {"quote": d.quote, "document_id": d.document_id, "start": d.start, "end": d.end,
                "feature": d.feature.text, "feature_absent": d.feature.absent, "hpo_ids": d.feature.hpo_ids,
                "direction": d.direction, "kind": d.kind, "case_state": self.case_state, "case_text": self.case_text,
                "log_lr": round(self.log_lr, 3)}


def weigh(discriminator: Discriminator, facts, ontology=None) -> WeighedDiscriminator | None:
    """The discriminator's log likelihood ratio for this patient, or None when the case does not say."""
    state, words = case_state(discriminator.feature, facts, ontology)
    if state is None:
        return None
    stated = "absent" if discriminator.feature.absent else "present"
    sign = 1.0 if discriminator.direction == "for" else -1.0
    if discriminator.kind == "characteristic":
        weight = CHARACTERISTIC_LOG_LR if state == stated else -CHARACTERISTIC_LOG_LR
    else:
        weight = DISCRIMINATOR_LOG_LR if state == stated else -CONVERSE_FRACTION * DISCRIMINATOR_LOG_LR
    return WeighedDiscriminator(discriminator, state, words, sign * weight)
