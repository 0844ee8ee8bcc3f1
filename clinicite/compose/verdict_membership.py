"""Class-membership questions ("Is tofacitinib a JAK inhibitor?", "Is PTEN a tumour suppressor?").

Such a question asks what a thing *is*, not what it does: a source answers it by a definitional statement
("tofacitinib, an oral JAK inhibitor, ...", "JAK inhibitors such as tofacitinib", "the JAK inhibitor
tofacitinib") and denies it by naming the thing as a member of a contrasting class ("lucatumumab, a fully
human monoclonal antibody" against "a polyclonal antibody?") or by a plain negation ("X is not a Y").
Effect cues ("significantly reduced", "no difference") say nothing about it. The statements read are the
lexico-syntactic patterns of hyponymy of Hearst (1992, "Automatic acquisition of hyponyms from large text
corpora"): "Y such as X", "X and other Y", "X is a Y", "X, a Y", "the Y X".

A question is read as one of class membership only when its class phrase is not an evaluation ("an
effective treatment", "a good biomarker", "a risk factor for", "a common complication"): those ask for
evidence of an effect, an association or a frequency, and the stance cues read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clinicite.compose.sentences import content_terms

_QUESTION = re.compile(
    r"^\s*(?:is|are)\s+(?P<member>.+?)\s*,?\s+(?:considered\s+|classified\s+as\s+|described\s+as\s+|"
    r"regarded\s+as\s+|known\s+as\s+)?(?P<article>a\s+(?:type|kind|form|member|subtype|class|variant|species)\s+of"
    r"(?:\s+the)?|one\s+of\s+the|an?)\s+(?P<kind>[^?]+?)\s*\??\s*$", re.I)
# A class phrase that asks for evidence, not for a definition.
_EVALUATIVE = re.compile(
    r"\b(?:effective|efficacious|useful|good|better|best|ideal|reliable|valid|accurate|safe|safer|"
    r"appropriate|suitable|promising|feasible|viable|important|major|significant|common|frequent|rare|"
    r"new|novel|better|independent|strong|potential|possible|likely|relevant|preferred|optimal|"
    r"treatment|therapy|therapeutic|option|cure|indication|contraindication|risk|predictor|prognostic|"
    r"determinant|cause|consequence|complication|result|results|outcome|role|link|association|"
    r"trigger|target|contributor|feature|sign|symptom|manifestation|finding|alternative|substitute|"
    r"requirement|prerequisite|candidate|reason|source|barrier|problem|concern|benefit)\b", re.I)
# Words that narrow a class without changing it: "a selective JAK inhibitor" is still a JAK inhibitor.
_MODIFIER_OK = frozenset({"selective", "potent", "oral", "orally", "human", "humanized", "humanised", "fully",
                          "recombinant", "small", "molecule", "novel", "new", "highly", "specific", "reversible",
                          "irreversible", "competitive", "type", "class", "member", "family", "second",
                          "generation", "first", "third", "approved", "investigational", "experimental",
                          "putative", "known", "potential", "well", "clinically", "available"})
# Pairs of class words of which one denies the other ("a polyclonal antibody?" - "a monoclonal antibody").
_CONTRASTS = [("monoclonal", "polyclonal"), ("typical", "atypical"), ("agonist", "antagonist"),
              ("inhibitor", "activator"), ("inhibitor", "agonist"), ("suppressor", "activator"),
              ("suppressor", "oncogene"), ("kinase", "phosphatase"), ("pro-apoptotic", "anti-apoptotic"),
              ("proapoptotic", "antiapoptotic"), ("benign", "malignant"), ("dominant", "recessive"),
              ("viral", "bacterial"), ("viral", "fungal"), ("bacterial", "fungal"), ("bispecific", "monospecific"),
              ("secreted", "intracellular"), ("secreted", "transmembrane"), ("inverse", "neutral"),
              ("first-generation", "second-generation"), ("first-generation", "third-generation"),
              ("dna", "rna"), ("microrna", "lncrna"), ("lentiviral", "adenoviral"), ("retroviral", "adenoviral"),
              ("pro", "anti"), ("antibody", "small molecule"), ("peptide", "small molecule"), ("gram-positive", "gram-negative")]
_NEGATED_LINK = re.compile(r"\b(?:is|are|was|were)\s+not\s+(?:an?\s+|the\s+)?|\bneither\b|\brather than\b|"
                           r"\bnot\s+(?:an?|the)\b|\bunlike\b|\binstead of\b", re.I)


@dataclass(frozen=True)
class ClassQuestion:
    """"Is <member> a <kind>?": the member's words, the class phrase, and its head word."""

    member: str
    kind: str
    article: str                    # "a", "an", "a type of" ...: the question's own words
    head: str                       # the class's last word before any of-phrase, lower case ("inhibitor")
    modifiers: frozenset[str]       # its other words, lower case ("jak")


def class_question(question: str) -> ClassQuestion | None:
    """The class-membership reading of a yes/no question, or None when it asks something else."""
    match = _QUESTION.match(question)
    if not match:
        return None
    member, kind = match.group("member").strip(), match.group("kind").strip()
    if re.match(r"^(?:there|it|this|that|the use|use)\b", member, re.I) or _EVALUATIVE.search(kind) or \
            re.search(r"\b(?:used|being|still|now|also|currently|often|usually)(?:\s+as)?$", member, re.I):
        return None
    if re.search(r"\b(?:for|in|of|to|against|with|by|from|among|during|after)\b", member, re.I):
        return None           # "Is treatment with X in Y a ...": a clinical claim, not a definition
    core = re.split(r"\s+(?:of|for|in|that|which|with|from|on|by|between|used|approved|occurring|encoding)\b", kind,
                    maxsplit=1, flags=re.I)[0]
    words = [w.lower() for w in re.findall(r"[\w+-]+", core)]
    if not words or len(words) > 6:
        return None
    return ClassQuestion(member, kind, re.sub(r"\s+", " ", match.group("article")), _singular(words[-1]),
                         frozenset(words[:-1]))


def membership_found(asked: ClassQuestion, side: str) -> tuple[str, str]:
    """What a source on ``side`` states, singular and plural ("describes tofacitinib as a JAK inhibitor")."""
    if side == "for":
        said = f"{asked.member} as {asked.article} {asked.kind}"
        return f"describes {said}", f"describe {said}"
    return f"describes {asked.member} otherwise", f"describe {asked.member} otherwise"


def _singular(word: str) -> str:
    if word in ("species", "series") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and len(word) > 3:
        return word[:-1]
    return word


def _member_pattern(member: str) -> re.Pattern[str]:
    """The member's name, or its parenthesised short form, or its name without it ("Nivolumab (Opdivo)")."""
    names = {re.sub(r"^the\s+", "", member, flags=re.I)}
    for inner in re.findall(r"\(([^)]+)\)", member):
        names.add(inner.strip())
        names.add(re.sub(r"\s*\([^)]*\)", "", member).strip())
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True) if n)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?:-\w+)?(?!\w)", re.I)


def _contrasting(question_words: set[str], sentence_words: set[str]) -> bool:
    """True when the sentence's class words hold the opposite of one the question's class holds."""
    for a, b in _CONTRASTS:
        for mine, theirs in ((a, b), (b, a)):
            if _holds(question_words, mine) and _holds(sentence_words, theirs) and not _holds(sentence_words, mine):
                return True
    return False


def _holds(words: set[str], phrase: str) -> bool:
    parts = phrase.split()
    return all(p in words or _singular(p) in words or p + "s" in words for p in parts)


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _names_modifier(word: str, window: str) -> bool:
    """A class word of the question in the window, as written, inside a longer token ("CGRP-RA"), or spelt
    out as the long form of an abbreviation ("JAK" - "Janus kinase")."""
    from clinicite.reason.mentions import long_form
    if word in _MODIFIER_OK or _compact(word) and _compact(word) in _compact(window):
        return True
    stems = set(content_terms(re.sub(r"(?<=\w)-(?=\w)", " ", word)))
    if stems and stems <= set(content_terms(re.sub(r"(?<=\w)-(?=\w)", " ", window))):
        return True
    found = long_form(window, word.upper()) if len(word) >= 2 else None
    if not found or len(found.split()) < 2 or found[0].lower() != word[0].lower():
        return False
    letters = iter(word.lower())          # each word of the long form opens with a letter of the short one, in order
    return all(any(c == w[0] for c in letters) for w in re.findall(r"[a-z]\w*", found.lower()))


# A class-defining word just before the head ("PD-1", "IL-6", "apoA-I"): one that differs from the asked one
# names another class ("the PD-1 inhibitor nivolumab" against "a PD-L1 inhibitor?").
_NAMED_MODIFIER = re.compile(r"([\w-]*[A-Z0-9][\w-]*)[\s)(]+(?:[\w-]+\s+){0,2}$")


def membership_stance(asked: ClassQuestion, sentence: str) -> str:
    """"for" when the sentence calls the member a member of the class, "against" when it denies it or names
    the member in a contrasting class, "neutral" when it makes no such statement about the member."""
    stances = [_stance_at(asked, sentence, m.start(), m.end()) for m in _member_pattern(asked.member).finditer(sentence)]
    for wanted in ("against", "for"):
        if wanted in stances:
            return wanted
    return "neutral"


# What joins a member to its class when the member comes first ("X, a Y", "X (a Y)", "X is a Y", "X acts
# as a Y") and when the class comes first ("the Y X", "Y such as X", "Y (X, Z)", "Y, including W and X").
_MEMBER_LINK = re.compile(r"^\s*\)?\s*(?:\([^)]*\)\s*)?(?:,|\(|:|\bis\b|\bare\b|\bwas\b|\bwere\b|\bacts? as\b|"
                          r"\bfunctions? as\b|\bserves? as\b|\bas\b|\bbelongs? to\b|\brepresents?\b|\bremains?\b|"
                          r"\bbecame\b|\bbecomes?\b|\bidentified as\b)", re.I)
_CLASS_LINK = re.compile(r"^[\w-]{0,3}(?:\s+[\w-]+)?\s*(?:\([^)]*\)\s*)?(?:,?\s*(?:such as|including|like|e\.?g\.?,?|i\.?e\.?,?|namely|"
                         r"\(\s*(?:e\.?g\.?,?|i\.?e\.?,?)?)\s*)?(?:[\w-]+(?:\s*\([^)]*\))?\s*(?:,|and|or)\s*){0,5}$", re.I)
_LINK_WORDS = 9         # at most this many words between a member and its class


def _head_spans(head: str, text: str) -> list[tuple[int, int]]:
    """Where the class's head word stands: by its stem ("activator" - "activation"), or spelt apart
    ("aminoacid" - "amino acid")."""
    stem = re.escape(head[:max(5, len(head) - 3)]) if len(head) > 5 else re.escape(head)
    spans = [m.span() for m in re.finditer(rf"\b{stem}\w*", text, re.I)]
    if not spans and len(head) >= 6:
        spaced = r"[\s-]?".join(re.escape(c) for c in head)
        spans = [m.span() for m in re.finditer(rf"\b{spaced}\w*", text, re.I)]
    return spans


def _stance_at(asked: ClassQuestion, sentence: str, start: int, end: int) -> str:
    """The stance of one mention of the member: its class phrase must be joined to it by a link."""
    sentence = re.sub(r"\([^()]*\)", lambda m: m.group(0).replace(";", ","), sentence)
    left = re.search(r"(?:[\w-]+\s+){1,3}$", sentence[:start])
    if left and _contrasting(set(asked.modifiers) | {asked.head}, _words(left.group(0))):
        return "against"         # "anti-apoptotic Bcl-2-like protein 1" against "a pro-apoptotic protein?"
    for h_start, h_end in _head_spans(asked.head, sentence):
        if h_start >= end and _MEMBER_LINK.match(sentence[end:h_start]) and \
                len(sentence[end:h_start].split()) <= _LINK_WORDS and not re.search(r"[;.]\s", sentence[end:h_start]):
            phrase = sentence[end:h_end]
        elif h_end <= start:
            before = sentence[:h_start]
            lead = re.search(r"(?:\S+\s+){0,5}$", before)
            if not _CLASS_LINK.match(sentence[h_end:start]):
                continue
            phrase = (lead.group(0) if lead else "") + sentence[h_start:end]
        else:
            continue
        stance = _phrase_stance(asked, phrase)
        if stance != "neutral":
            return stance
    # No class phrase of the head joined to it: a contrasting class joined to it still answers "no".
    right = re.split(r"[;.]\s", sentence[end:end + 90])[0]
    if _MEMBER_LINK.match(right):
        words = _words(right)
        if _contrasting(set(asked.modifiers) | {asked.head}, words):
            return "against"
    return "neutral"


def _words(text: str) -> set[str]:
    words = {w.lower() for w in re.findall(r"[\w+]+(?:-[\w+]+)*", text)}
    return words | {_singular(w) for w in words} | {p for w in words for p in w.split("-")}


def _phrase_stance(asked: ClassQuestion, phrase: str) -> str:
    """For, against or neutral for the member and its joined class phrase."""
    if _contrasting(set(asked.modifiers) | {asked.head}, _words(phrase)):
        return "against"
    if _NEGATED_LINK.search(phrase):
        return "against"
    named = [w for w in asked.modifiers if w not in _MODIFIER_OK and len(w) > 1]
    if named and not all(_names_modifier(w, phrase) for w in named):
        spans = _head_spans(asked.head, phrase)
        before = _NAMED_MODIFIER.search(phrase[:spans[-1][0]]) if spans else None
        if before and any(re.search(r"[A-Z0-9]", w) for w in re.findall(r"\S+", asked.kind)):
            return "against"     # another class of the same kind named in its place
        return "neutral"         # the class's head alone ("an inhibitor") is not the class asked (a JAK inhibitor)
    return "for"


@dataclass(frozen=True)
class MembershipReading:
    """What the definitional statements decide (``verdict.decide`` makes it a Verdict)."""

    answer: str                      # "yes", "no", "uncertain"
    strength: str                    # "stated", "conflicting", "weak" (none states it)
    text: str
    balance: float
    cited: list[int]
    disagreement: str | None = None


def membership_verdict(asked: ClassQuestion, evidence: list, counted: list) -> MembershipReading:
    """The verdict on a class-membership question: what the sources' definitional statements say, weighed
    by role and design as any finding; "uncertain" when none states it. The fitted model reads effect cues
    and is not asked."""
    pro = sorted((w for w in counted if w.stance == "for"), key=lambda w: -w.weight)
    con = sorted((w for w in counted if w.stance == "against"), key=lambda w: -w.weight)
    if not pro and not con:
        return MembershipReading("uncertain", "weak", f"Uncertain: no source held states whether {asked.member} "
                                 f"is {asked.article} {asked.kind}.", 0.0, [])
    weight_pro, weight_con = sum(w.weight for w in pro), sum(w.weight for w in con)
    score = (weight_pro - weight_con) / (weight_pro + weight_con)
    answer = "yes" if score > 0 else "no" if score < 0 else "uncertain"
    main, other = (pro, con) if answer != "no" else (con, pro)
    clauses = [_sources_say(main, evidence, membership_found(asked, "for" if main is pro else "against"))]
    if other:
        clauses.append(_sources_say(other, evidence, membership_found(asked, "for" if other is pro else "against")))
    lead = {"yes": "Yes", "no": "No", "uncertain": "Uncertain"}[answer]
    text = f"{lead}: " + "; ".join(clauses) + (". The sources disagree." if other else ".")
    return MembershipReading(answer, "conflicting" if other else "stated", text, score,
                             [w.index for w in (main[:3] + other[:2])], "The sources disagree" if other else None)


def _sources_say(group: list, evidence: list, found: tuple[str, str]) -> str:
    """'two sources describe X as a Y': a definition is stated, not found by a study design."""
    count = len({evidence[w.index].source.id for w in group})
    number = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}.get(count, str(count))
    return f"{number} source{'s' if count > 1 else ''} {found[1] if count > 1 else found[0]}"
