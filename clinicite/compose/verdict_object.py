"""Whether a sentence states the relation a yes/no question asks, with the object it names.

The subject gate (:mod:`clinicite.compose.verdict_subject`) keeps the sentences about the question's agent
and condition; the stance (:mod:`clinicite.compose.verdict_weigh`) reads effect against no effect. Two
common questions are answered wrongly by both, because the sentence names the asked thing but states
another value of it:

- **another identifier**: "Is Miller-Dieker syndrome associated with abnormalities of chromosome 1?" is
  denied, not confirmed, by "Miller-Dieker syndrome is caused by deletions of chromosome 17p13.3": the
  sentence relates the subject to chromosome 17. A numbered or lettered name (chromosome 1, type 2,
  trisomy 21, factor VIII, exon 7) is one value of its head noun; a sentence that gives the head noun only
  other values states the relation of another value, which answers *no* to the one asked;
- **the opposite direction**: "Does curare function by stimulating the acetylcholine receptor?" is denied
  by "curare, a competitive antagonist of the acetylcholine receptor": it names the receptor and the
  opposite direction of effect (block, inhibit, reduce for stimulate, activate, increase, and the reverse)
  and not the asked one.

- **the comparator did better**: for "Is aptiganel effective for stroke?", "placebo-treated patients
  exhibited greater neurological improvement than high-dose aptiganel patients" and "the mortality rate in
  patients treated with aptiganel was higher than in patients who received placebo" report effects, and
  both are against its efficacy (the CONSORT reading of a trial's result by its arms, Schulz et al., 2010).

The readings are the relation-level check of claim verification (the "refutes" of FEVER, Thorne et al.,
2018: a statement about the same entities with a contradicting attribute), written as cue patterns.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinicite.compose.sentences import content_terms

_ROMAN = r"(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|X)"
_VALUE = rf"(?:\d+[a-z]?(?:\d+(?:\.\d+)?)?|{_ROMAN})"
# "chromosome 1", "chromosomes 15 and 17", "type II", "trisomy 21", "factor VIII" (the head noun, then values)
_NAMED_VALUE = re.compile(rf"\b([A-Za-z]{{4,}})\s+({_VALUE}(?:\s*(?:,|and|or|/)\s*{_VALUE})*)(?![\w.-]*\w)")
_ONE_VALUE = re.compile(_VALUE)
_NOT_HEADS = frozenset("""than with from were was are and the for after over under about least most only
    more less within between among into onto upon during until since before days weeks months years hours
    minutes patients cases children women subjects participants figure table group groups study studies
    aged age dose doses total mean median range""".split())

_UP = re.compile(r"\b(stimulat\w*|activat\w*|agonis\w*|promot\w*|increas\w*|induc\w*|enhanc\w*|up-?regulat\w*|"
                 r"elevat\w*|rais\w*|augment\w*|potentiat\w*|accelerat\w*|higher|greater)\b", re.I)
_DOWN = re.compile(r"\b(inhibit\w*|block\w*|antagoni\w*|suppress\w*|reduc\w*|decreas\w*|down-?regulat\w*|"
                   r"lower\w*|attenuat\w*|diminish\w*|abolish\w*|impair\w*)\b", re.I)

_PREPOSITION = re.compile(r"\b(?:in|for|with|among|on|at|during|after|from|to|by|than|versus|vs)\b", re.I)

# Efficacy asked; a comparator arm that did better, or a harm that was higher on the agent than on placebo.
_EFFICACY = re.compile(r"\b(effective|efficacious|efficacy|beneficial|benefit\w*|improve\w*|useful)\b", re.I)
_ARM = r"(?:placebo|sham|control|usual care)"
_COMPARATOR_BETTER = re.compile(rf"\b{_ARM}\b[\w\s,-]{{0,45}}?\b(greater|better|more|larger|fewer|less)\b[^.;]{{0,80}}?"
                                rf"\bthan\b(?![^.;]{{0,40}}\b{_ARM}\b)", re.I)
_HARM_WORD = re.compile(r"\b(mortality|deaths?|died|adverse|complications?|toxicit\w*|side[- ]effects?|worse|"
                        r"risk|relapses?|recurrences?|pain|symptoms?|failures?|infections?)\b", re.I)
_HARM_HIGHER = re.compile(rf"\b(?:mortality|death|deaths|adverse events?|complications?|worse)\b[^.;]{{0,90}}?"
                          rf"\b(?:higher|increased|greater|more)\b[^.;]{{0,40}}?\bthan\b[^.;]{{0,50}}?\b{_ARM}\b", re.I)
OPPOSITE = "the opposite effect"    # what a sentence of the opposite direction names instead
COMPARATOR = "a better result on the comparator"


@dataclass(frozen=True)
class AskedRelation:
    """The valued names of a question's object ({"chromosom": "1"}) and the direction it asks (up/down/None)."""

    values: tuple[tuple[str, str], ...] = ()
    direction: str | None = None
    object_terms: frozenset[str] = frozenset()      # the words after the direction word (what is acted on)
    efficacy: bool = False                          # the question asks whether the agent works


def _head(word: str) -> str:
    terms = content_terms(word)
    return terms[0] if terms else word.lower()


def _base(value: str) -> str:
    """The value's identity: the number of "17p13.3" is 17; a Roman numeral stays as it is."""
    digits = re.match(r"\d+", value)
    return digits.group(0) if digits else value.upper()


# A chromosome band in ISCN notation ("17p13.3", "15q11.2-q12", "Xq28") names its chromosome without the word.
_BAND = re.compile(r"(?<![\w.-])(\d{1,2}|X|Y)[pq](?:\d+(?:\.\d+)?|ter)?(?![\w])")
_CHROMOSOME = "chromosom"      # the content stem of "chromosome(s)"


def valued_names(text: str) -> dict[str, set[str]]:
    """Head noun stem -> the value bases a text gives it ("chromosome 17p13.3" -> {"chromosom": {"17"}})."""
    found: dict[str, set[str]] = {}
    bands = {m.group(1) for m in _BAND.finditer(text)}
    if bands:
        found[_CHROMOSOME] = bands
    for match in _NAMED_VALUE.finditer(text):
        if match.group(1).lower() in _NOT_HEADS:
            continue
        values = {_base(v) for v in _ONE_VALUE.findall(match.group(2))}
        found.setdefault(_head(match.group(1)), set()).update(values)
    return found


def asked_relation(question: str, subject_text: str = "") -> AskedRelation:
    """What the question's predicate (its words after ``subject_text``) names with a value, and its direction."""
    rest = question[question.index(subject_text) + len(subject_text):] if subject_text and \
        subject_text in question else question
    values = tuple((head, value) for head, bases in valued_names(rest).items() for value in sorted(bases))
    efficacy = bool(_EFFICACY.search(question))
    up, down = _UP.search(rest), _DOWN.search(rest)
    if not up and not down and subject_text:
        # "Does curare function by stimulating the receptor?": the verb the subject gate read as subject.
        rest = question
        up, down = (next((m for m in pattern.finditer(subject_text) if m.group(1).lower().endswith("ing")), None)
                    for pattern in (_UP, _DOWN))
        rest = subject_text + question[question.index(subject_text) + len(subject_text):] \
            if subject_text in question else question
    if bool(up) != bool(down):
        cue = up or down
        # The direct object: the words after the cue up to a preposition ("mortality" of "reduce mortality in
        # diabetes"; "risk of dementia" keeps its "of"), so that the condition is not taken for it.
        direct = _PREPOSITION.split(rest[cue.end():], maxsplit=1)[0]
        object_terms = frozenset(t for t in content_terms(direct) if not t.isdigit())
        return AskedRelation(values, "up" if up else "down", object_terms, efficacy)
    return AskedRelation(values, efficacy=efficacy)


def relation_stance(asked: AskedRelation, sentence: str, stance: str) -> tuple[str, str | None]:
    """(stance, what the sentence names instead): "against" when it gives the asked head noun only other
    values, or names the asked object with only the opposite direction; else ``stance`` unchanged."""
    if asked.values and stance != "against":
        given = valued_names(sentence)
        for head, value in asked.values:
            if head in given and value not in given[head]:
                others = sorted(given[head], key=lambda v: (len(v), v))
                word = head_word(sentence, head) + ("s" if len(others) > 1 else "")
                return "against", f"{word} {' and '.join(others)}"
    if asked.efficacy and stance in ("for", "neutral") and (_comparator_better(sentence) or
                                                            _HARM_HIGHER.search(sentence)):
        return "against", COMPARATOR
    if asked.direction and asked.object_terms and stance in ("for", "neutral"):
        terms = set(content_terms(sentence))
        if asked.object_terms <= terms:
            same, opposite = (_UP, _DOWN) if asked.direction == "up" else (_DOWN, _UP)
            if opposite.search(sentence) and not same.search(sentence):
                return "against", OPPOSITE
    return stance, None


def _comparator_better(sentence: str) -> bool:
    """The comparator arm did better: more of a good outcome, or fewer of a harm ("placebo patients had
    greater improvement than ...", "the control group had fewer relapses than ...")."""
    match = _COMPARATOR_BETTER.search(sentence)
    if not match:
        return False
    harm = bool(_HARM_WORD.search(match.group(0)))
    return harm if match.group(1).lower() in ("fewer", "less") else not harm


def head_word(sentence: str, head: str) -> str:
    """The sentence's own singular word for a head noun stem ("chromosome" for "chromosom")."""
    for match in _NAMED_VALUE.finditer(sentence):
        if _head(match.group(1)) == head:
            word = match.group(1).lower()
            return word[:-1] if word.endswith("s") and not word.endswith("ss") else word
    return head
