"""What a yes/no question's predicate asks, so that a finding's stance answers that predicate.

A sentence's stance (:func:`clinicite.compose.verdict.stance`) reads effect against no effect. That is the
right reading for "Does X reduce Y?", and the wrong one for three common kinds of question:

- **sameness** ("Are A similar to B?", "Is X equivalent to Y?", "Can step S be omitted?"): a finding of no
  difference answers *yes* and a significant difference answers *no*;
- **adequacy** ("Is assessment accurate enough?", "Are seniors adequately protected?"): a finding that
  calls the thing poor, of little value, insufficient or "only 39%" answers *no*, although it names no
  missing effect;
- **universal** ("Is screening always necessary?", "Should all patients undergo ...?"): a claim about every
  case, which one subgroup that does without it already answers no;
- **safety** ("Is the vaccine safe in a frail elderly man?", "Is X well tolerated?"): a reported harm (an
  adverse event, toxicity, "only healthy persons should receive it") answers *no*, although it is an
  effect, and a finding of no adverse events answers *yes*.

The predicate kinds follow the question-focus reading of yes/no questions in biomedical QA (for the
negation-scope and polarity problem, see Morante & Daelemans, 2009, "A metalearning approach to processing
the scope of negation"; the kinds here are cue patterns, not a learnt scope model).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SAMENESS = re.compile(r"\b(similar|same|equivalent|equivalence|comparable|equal(?:ly)?|identical|coincide\w*|"
                       r"interchangeabl[ey]|non-?inferior\w*|as (?:good|effective|safe|accurate) as|"
                       r"be omitted|be avoided|be skipped|be replaced|be stopped)\b", re.I)
_ADEQUACY = re.compile(r"\b(accurate\w*|reliabl[ey]|adequate\w*|sufficient\w*|enough|valid|useful|appropriate|"
                       r"justified|worth\w*|helpful|good|optimal|correct\w*|satisfactory|acceptable|"
                       r"well (?:protected|controlled|tolerated))\b", re.I)
_UNIVERSAL = re.compile(r"\b(always|every|all (?:patients|cases|women|men|children|infants|adults)|"
                        r"routine(?:ly)?|mandatory|systematic(?:ally)?|indispensable)\b", re.I)
_SAFETY = re.compile(r"\b(safe(?:ly)?|safety|well[- ]tolerated|tolerab\w*|risk[- ]free|harmless)\b", re.I)

# A finding of no difference, and one of a difference (for sameness questions).
_NO_DIFFERENCE = re.compile(r"\b(no (?:statistically |clinically )?(?:significant |relevant |major )?"
                            r"(?:differences?|change)|(?:did|does|do) not differ\w*|not (?:significantly )?"
                            r"differ\w*|not (?:statistically )?significantly different|similar\w*|comparable|"
                            r"same|equivalent|equal\w*|identical|consistent with each other|agree\w*|concordan\w*|"
                            r"non-?inferior\w*)\b", re.I)
_DIFFERENCE = re.compile(r"\b((?<!no )(?<!not )(?<!non-)significant(?:ly)? (?:higher|lower|greater|smaller|larger|different|differences?|"
                         r"more|less|better|worse|longer|shorter|increased|decreased|reduced)|differ(?:ed|s)? "
                         r"significantly|differing|(?<!no )(?<!non-)significant differences?|(?:higher|lower|greater|smaller|"
                         r"larger|longer|shorter|better|worse) than|discordan\w*|disagree\w*|not differentiable|"
                         r"variab(?:le|ility)|only (?:in )?a minority)\b", re.I)
# A finding that calls the thing asked about poor or insufficient (for adequacy questions).
_INADEQUATE = re.compile(r"\b(little (?:value|use|benefit)|limited (?:value|use|accuracy|sensitivity|"
                         r"specificity)|of no (?:value|use)|poor (?:accuracy|agreement|sensitivity|specificity|correlation|reliability|"
                         r"predict\w*|performance|discriminat\w*|quality|control|compliance|adherence)|poorly \w+|low (?:sensitivity|specificity|accuracy|"
                         r"agreement|reliability|yield)|only \d+(?:\.\d+)?\s?%|only (?:a minority|a few|one|two)|"
                         r"insufficient\w*|inadequate\w*|not (?:adequate\w*|sufficient\w*|accurate\w*|reliable|"
                         r"enough|valid|useful|appropriate|justified|safe)|inaccura\w*|unreliabl\w*|deficien\w*|"
                         r"unsatisfactory|suboptimal|no (?:[\w-]+ ){1,6}(?:helped|predicted|identified|distinguished)|overestimat\w*|underestimat\w*|missed|failed to (?:detect|"
                         r"identify|predict|perceive|recogni[sz]e)|weak (?:and short-lasting )?(?:effect|correlation|association|agreement))(?!\w)", re.I)
# A finding of no harm, and a reported harm (for safety questions); the first is read before the second, as
# "no serious adverse events" names the harm it denies.
_NO_HARM = re.compile(r"\b(no (?:serious |major |severe |significant |drug-related |treatment-related )?"
                      r"(?:adverse|side)[- ](?:events?|effects?|reactions?)|without (?:any )?(?:serious |major )?"
                      r"(?:adverse (?:events?|effects?)|side[- ]effects?|complications?)|well[- ]tolerated|tolerated well|"
                      r"no (?:major |serious )?complications?|(?<!not )(?<!un)safe(?:ly)?)\b", re.I)
_UNSAFE = re.compile(r"\b(not (?:be )?(?:safe|recommended)|unsafe|should not (?:be )?(?:given|used|administered|"
                     r"receive\w*)|only (?:healthy|in healthy)|contraindicat\w*)\b", re.I)
_HARM = re.compile(r"\b(adverse (?:events?|effects?|reactions?)|side[- ]effects?|toxicit\w*|complications?|"
                   r"fatal\w*|deaths?|died|anaphyla\w*|hepatotoxic\w*|nephrotoxic\w*|contraindicat\w*|"
                   r"should not (?:be )?(?:given|used|administered|receive\w*)|only (?:healthy|in healthy)|"
                   r"not (?:be )?(?:recommended|safe)|unsafe|harm(?:ful)?|life-threatening|hospitali[sz]\w*)\b", re.I)
_CLAIM_OF_ADEQUACY = re.compile(r"\b(accurate\w*|reliabl[ey]|adequate\w*|sufficient\w*|high (?:sensitivity|"
                                r"specificity|accuracy|agreement)|valid\w*|useful|excellent|good)\b", re.I)


@dataclass(frozen=True)
class Predicate:
    """The kind of claim a yes/no question asks about (see module docstring)."""

    sameness: bool = False
    adequacy: bool = False
    universal: bool = False
    safety: bool = False


def predicate_of(question: str) -> Predicate:
    """What the question asks: sameness, adequacy, a claim about every case and/or safety."""
    sameness = bool(_SAMENESS.search(question))
    return Predicate(sameness, bool(_ADEQUACY.search(question)), bool(_UNIVERSAL.search(question)),
                     safety=not sameness and bool(_SAFETY.search(question)))


def aligned_stance(predicate: Predicate, sentence: str, stance: str) -> str:
    """``stance`` turned to answer the question's predicate: a finding of no difference supports a sameness
    question and a difference denies it; a finding of inadequacy denies an adequacy question; a reported harm
    denies a safety question and a finding of no harm supports it."""
    if predicate.safety:
        if _UNSAFE.search(sentence):
            return "against"
        if _NO_HARM.search(sentence):
            return "for"
        if _HARM.search(sentence):
            return "against"
        return "neutral"        # an effect on the disease says nothing of harm: efficacy is not safety
    if predicate.sameness:
        if _NO_DIFFERENCE.search(sentence) and not _DIFFERENCE.search(sentence):
            return "for"
        if _DIFFERENCE.search(sentence):
            return "against"
    if predicate.adequacy and _INADEQUATE.search(sentence):
        return "against"
    if predicate.adequacy and stance == "neutral" and _CLAIM_OF_ADEQUACY.search(sentence):
        return "for"
    return stance
