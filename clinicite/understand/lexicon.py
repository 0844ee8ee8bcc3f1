"""Dictionary-based HPO concept recognition.

Every label and synonym of the Phenotypic abnormality subtree is turned into an
order-free key of normalised content words (:func:`~clinicite.understand.normalize.phrase_key`),
so "thinning of the corpus callosum", "thin corpus callosum" and "corpus callosum,
thin" meet. Text is cut into clauses; inside a clause every run of content words
up to the longest key is looked up, and the longest non-overlapping matches win
(the "longest match" rule of dictionary taggers such as the NCBO Annotator,
Jonquet et al. 2009, and the HPO-specific Doc2Hpo, Liu et al. 2019).
Specific terms also inherit the synonyms of the parent whose label they contain
("Bilateral cryptorchidism" is found as "bilateral undescended testes").
Abbreviations are matched case-sensitively, and an abbreviation the text
defines itself ("medullary thyroid carcinoma (MTC)") is learnt for that text
(Schwartz and Hearst, 2003). Words joined by "and"/"or" never fuse into one term
unless the term's own name has the conjunction, and "absence of X" is left to
the negation layer rather than read as "Absence seizure".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import product

from rapidfuzz import fuzz

from clinicite.ingest.hpo import PHENOTYPIC_ABNORMALITY, Ontology, Term
from clinicite.understand.abbreviations import abbreviation_terms
from clinicite.understand.coordination import coordinated
from clinicite.understand.facts import Finding
from clinicite.understand.gapped import admit_gapped, gapped_matches
from clinicite.understand.grouping import specific_child
from clinicite.understand.lab_names import emia_frame, lab_variants
from clinicite.understand.name_variants import name_variants
from clinicite.understand.normalize import Token, light, phrase_key, stem, tokenize
from clinicite.understand.spelling import Speller

# Where a clause ends: a term never spans these.
CLAUSE_BREAK = re.compile(r"[.;:!?()\[\]\n]|\s-\s|\s/\s")
_ABBREVIATION = re.compile(r"^[A-Z][A-Za-z0-9-]*[A-Z0-9][A-Za-z0-9-]*$")
CONJUNCTIONS = frozenset({"and", "or", "with", "but", "nor"})
# Synonym scopes used for matching, weakest last: BROAD synonyms ("Rash" for Skin rash) name a wider idea.
_SCOPES = {"EXACT": 1, "RELATED": 2, "NARROW": 3, "BROAD": 5}
# Subtrees whose terms are findings; onset and course are read by clinicite.understand.demographics.
# Past medical history holds the pregnancy and exposure history reports give ("two miscarriages",
# "maternal diabetes"): recognised, but marked context="history", never the presenting illness.
# Mortality/Aging ("miscarriage", "stillbirth", "neonatal death") is outcome history in the same way.
PAST_MEDICAL_HISTORY = "HP:0032443"
MORTALITY = "HP:0040006"
HISTORY_ROOTS = (PAST_MEDICAL_HISTORY, MORTALITY)
DEFAULT_ROOTS = (PHENOTYPIC_ABNORMALITY, *HISTORY_ROOTS)
# History terms whose names are everyday words of every report ("affected", "healthy") or headings.
_HISTORY_TOO_PLAIN = frozenset({"Affected", "Unaffected", "Healthy", "Health status", "Age of death", "Mortality/Aging"})
# Everyday words that some synonyms consist of alone; only a term's own label may be such a word.
AMBIGUOUS_SINGLE = frozenset({"tall", "thin", "small", "large", "short", "long", "broad", "narrow", "soft", "pale",
                              "deep", "high", "low", "fragile", "fall", "death", "abnormal", "lesion", "mass",
                              "tumor", "impairment", "movement", "limp", "sleepy", "birthmark", "cold"})


_ABSENT = stem("absent")
# The label forms of HPO's grouping terms ("Aplasia/Hypoplasia of the thumb", "Abnormality of the ear",
# "Abnormal pinna morphology"): they name a class of findings, not one, so words they share with a child
# name the child.
# Ranks of HPO's own names (label, exact, related, narrow synonyms); derived names rank higher.
_OWN_NAME_RANK = 3
_GROUPING_LABEL = re.compile(r"/|^abnormality of\b|^abnormal\b|\b(?:morphology|physiology)$", re.I)


# Names of molecules and genes that open with a finding's word: "tumor necrosis factor" is no tumour.
_MOLECULE_AFTER = re.compile(r"[\s-]+(?:necrosis\s+factor|suppressor|marker|antigen|growth\s+factor)", re.I)


@dataclass(frozen=True)
class Entry:
    """One way of naming a term: ``rank`` 0 is the label, higher ranks are weaker synonyms."""

    hpo_id: str
    rank: int
    depth: int
    conjoined: bool = False                  # the name itself joins words with and/or/with, or a comma
    absence_of: bool = False                 # the name says "absence of" (else that is a negation)
    comma_only: bool = False                 # joined by a comma alone ("Diarrhea, recurrent"): crosses no "and"


class ConceptRecognizer:
    """Finds HPO terms in text. Build once per ontology; :meth:`recognize` is then a few ms per case."""

    def __init__(self, ontology: Ontology, roots: tuple[str, ...] = DEFAULT_ROOTS,
                 max_words: int = 10) -> None:
        self.ontology = ontology
        self.lexicon: dict[tuple[str, ...], Entry] = {}
        # the same keys from names that join no words with and/or or a comma: words that run across no
        # conjunction ("delayed motor development") name such a term before a joined name with the same
        # words ("Motor and developmental delay", Global developmental delay)
        self.unjoined: dict[tuple[str, ...], Entry] = {}
        self.single: dict[str, Entry] = {}
        self.ordered: dict[tuple[str, ...], Entry] = {}   # names whose word order matters
        self.abbreviations: dict[str, Entry] = {}
        self.max_words = max_words
        self._descendant_words: dict[str, frozenset[str]] = {}
        # every indexed name by its key, and the keys that unrelated terms share at the kept name's strength
        self._named: dict[tuple[str, ...], list[tuple[Entry, str]]] = {}
        self.tied: dict[tuple[str, ...], list[tuple[Entry, str]]] = {}
        allowed: set[str] = set()
        for root in roots:
            allowed |= ontology.subontology(root)
        history = {t for root in HISTORY_ROOTS if root in ontology for t in ontology.subontology(root)} & allowed
        groupings = {parent for term_id in history for parent in ontology.terms[term_id].parents}
        # the history subtree's headings ("Family history", "Pregnancy exposure") name no event
        allowed -= {t for t in history if ontology.terms[t].name in _HISTORY_TOO_PLAIN
                    or (t in groupings and re.search(r"(?:history|exposure)$", ontology.terms[t].name, re.I))}
        self.history = frozenset(history) & allowed
        self.allowed = frozenset(allowed)
        for term_id in sorted(allowed):
            self._add_term(ontology.terms[term_id])
        for abbreviation, term_id in abbreviation_terms(ontology).items():
            if term_id in allowed:        # HPO's own abbreviations first; clinical ones rank as synonyms
                self.abbreviations.setdefault(abbreviation, Entry(term_id, 2, len(ontology.ancestors(term_id))))
        # one look-up for words across no conjunction: the unjoined name where there is one, else the joined
        self.unjoined = {**self.lexicon, **self.unjoined}
        self._find_ties()
        terms = [ontology.terms[t] for t in sorted(allowed)]
        self.speller = Speller([name for term in terms for name, _ in self._names(term)],
                               [f"{term.definition or ''} {term.comment or ''}" for term in terms])

    def _names(self, term: Term) -> list[tuple[str, int]]:
        return [(term.name, 0)] + [(s.text, _SCOPES[s.scope]) for s in term.synonyms if s.scope in _SCOPES]

    def _add_term(self, term: Term) -> None:
        depth = len(self.ontology.ancestors(term.id))
        for name, rank in self._names(term):
            words = name.lower().replace("-", " ").replace(",", " , ").split()
            if _ABBREVIATION.match(name) and len(name) <= 8:
                self._keep(self.abbreviations, name, Entry(term.id, rank, depth))
                continue
            own_rank = rank
            for index, (variant, kind) in enumerate(name_variants(name)):
                # "Hypoplasia of the nails" cut from the grouping "Aplasia/Hypoplasia of the nails", or
                # "low IgG" from "Decreased circulating IgG concentration", is a derived name, weaker than
                # a term that is named so outright ("Small nail"); a reworded one ("small teeth" from
                # "Hypoplasia of teeth") is weaker still, below the exact synonyms of other terms
                # (Microdontia's "Small teeth").
                rank = rank + 1 if index == 1 else rank
                if kind == "half":   # "small eye", half of "Absent/small eye", names the child Microphthalmia
                    target = self.ontology.terms[specific_child(self.ontology, term.id, variant) or term.id]
                    self._add_name(target, variant, rank, words)
                    continue
                # an implied word left out says the same name ("hand weakness"), as does another word
                # for the same head ("distinctive facial features" for "Distinctive facies"): the
                # name's own strength
                # "cancer" for a neoplasm or carcinoma fills a gap only: below every other name
                strength = {"reworded": own_rank + 2, "implied": own_rank, "same": own_rank,
                            "weak": own_rank + 10}.get(kind, rank)
                self._add_name(term, variant, strength, words)
        formal = emia_frame(term.name, [self.ontology.terms[p].name for p in term.parents if p in self.ontology.terms])
        if formal is not None:         # "Hyperphenylalaninemia" is also "increased phenylalanine", a derived name
            for variant in (formal, *lab_variants(formal)):
                self._add_name(term, variant, 1, words)
        self._add_composed(term, depth)

    def _add_name(self, term: Term, name: str, rank: int, words: list[str]) -> None:
        """Index one name of ``term`` (``words``: the original name's words, for its conjunctions)."""
        depth = len(self.ontology.ancestors(term.id))
        conjoined = bool(CONJUNCTIONS.intersection(words)) or "," in words
        # an inverted name ("Diarrhea, recurrent") has a comma but joins nothing: it may cross a comma
        # ("diarrhea, recurrent"), never a conjunction ("diarrhea and recurrent pneumonia")
        comma_only = conjoined and not CONJUNCTIONS.intersection(words)
        absence_of = bool(re.search(r"\b(?:absence|lack) of\b", name, re.I))
        content = [t for t in tokenize(name) if not t.stop]
        if not content:
            return
        if len(content) == 1:
            word = light(content[0].text)
            if rank == 0 or word not in AMBIGUOUS_SINGLE:
                self._keep(self.single, word, Entry(term.id, rank, depth))
            return
        if "to" in words:       # "left-to-right" and "right-to-left" differ only in order
            self._keep(self.ordered, tuple(t.norm for t in content),
                       Entry(term.id, rank, depth, conjoined, absence_of, comma_only))
            return
        key, entry = tuple(sorted(t.norm for t in content)), Entry(term.id, rank, depth, conjoined, absence_of,
                                                                comma_only)
        self._keep(self.lexicon, key, entry)
        if not conjoined:
            self._keep(self.unjoined, key, entry)
        self._named.setdefault(key, []).append((entry, " ".join(light(t.text.lower()) for t in content)))

    def _add_composed(self, term: Term, depth: int) -> None:
        """Names built from a parent's synonyms: "Bilateral cryptorchidism" + "undescended testes".

        When the label of a parent (or grandparent) is part of the term's label, each
        synonym of that ancestor is substituted for it, so specific terms inherit the
        many ways of naming their general part.
        """
        own = phrase_key(term.name)
        if len(own) < 2:
            return
        nearby = set(term.parents)
        for parent in term.parents:
            nearby.update(self.ontology.terms[parent].parents)
        for ancestor_id in nearby:
            if ancestor_id not in self.allowed:
                continue
            ancestor = self.ontology.terms[ancestor_id]
            part = phrase_key(ancestor.name)
            rest = _subtract(own, part)
            if not part or rest is None or not rest:
                continue
            for name, rank in self._names(ancestor)[1:]:
                replacement = phrase_key(name)
                if replacement and not _ABBREVIATION.match(name):
                    for table in (self.lexicon, self.unjoined):
                        self._keep(table, tuple(sorted(rest + list(replacement))), Entry(term.id, 4 + rank, depth))

    def _keep(self, table: dict, key, entry: Entry) -> None:
        """Keep the best name for a key: the label before synonyms, then the more specific term.

        When the same words name a term and one of its descendants, the one that names them more
        strongly wins (a label against a synonym, an exact synonym against a related one). On a tie the
        descendant wins only under a grouping term ("Aplasia/Hypoplasia of the thumb" -> Absent thumb),
        whose words name a class; under a finding the ancestor keeps them (round 13): the words say no
        more than what both terms share, and the true-path rule keeps the ancestor implied for any child.
        """
        current = table.get(key)
        if current is None:
            table[key] = entry
            return
        if current.hpo_id != entry.hpo_id:
            for low, high in ((entry, current), (current, entry)):
                if high.hpo_id in self.ontology.ancestors(low.hpo_id) and (
                        low.rank < high.rank or (low.rank == high.rank and (
                            high.rank > _OWN_NAME_RANK or self._grouping(high.hpo_id)))):
                    table[key] = low
                    return
                if high.hpo_id in self.ontology.ancestors(low.hpo_id) and low.rank == high.rank:
                    # a tie of equal names: HPO gives the same words to a finding and its child ("Drooping
                    # upper eyelid" to Ptosis, "Drooping upper eyelids" to Bilateral ptosis; "Cloudy cornea" to
                    # Corneal opacity and to Opacification of the corneal stroma): the words support only what
                    # both share, the general term; the child would be a guess. Names we derive (composed from
                    # a parent, "cancer" for a neoplasm) keep the old rule: the child's derivation is the closer
                    # one ("thyroid cancer" is Thyroid carcinoma)
                    table[key] = high
                    return
        if (entry.rank, -entry.depth, entry.hpo_id) < (current.rank, -current.depth, current.hpo_id):
            table[key] = entry

    def _find_ties(self) -> None:
        """Keys whose words name two terms neither of which is the other's ancestor, each as strongly as the
        kept one: "Delayed developmental milestones" (Global developmental delay) and "Delayed milestone
        development" (a social milestone's delay), "very-low-density" and "low-density lipoprotein". The
        order-free key cannot tell them apart; the word order of the text can (:func:`closest_name`)."""
        for key, named in self._named.items():
            kept = self.lexicon.get(key)
            if kept is None:
                continue
            rivals = [(e, n) for e, n in named if e.rank == kept.rank]
            ids = {e.hpo_id for e, _ in rivals}
            if len(ids) > 1 and not any(a in self.ontology.ancestors(b) for a in ids for b in ids if a != b):
                self.tied[key] = rivals
        self._named = {}

    def _untie(self, entry: Entry, window: list[Token]) -> Entry:
        """The entry of the tied name closest to the window's words in their order (RapidFuzz's normalised
        Indel similarity), else ``entry``."""
        rivals = self.tied.get(tuple(sorted(t.norm for t in window)))
        if not rivals or entry.hpo_id not in {e.hpo_id for e, _ in rivals}:
            return entry
        said = " ".join(light(t.text.lower()) for t in window)     # plurals and spellings aside: the order
        best = max(rivals, key=lambda rival: (fuzz.ratio(said, rival[1]), rival[0].hpo_id == entry.hpo_id))[0]
        return replace(entry, hpo_id=best.hpo_id, depth=best.depth)

    def _grouping(self, term_id: str) -> bool:
        """A grouping term of HPO (see ``_GROUPING_LABEL``), whose words a child may take on a tie."""
        return bool(_GROUPING_LABEL.search(self.ontology.terms[term_id].name))

    def recognize(self, text: str) -> list[Finding]:
        """All HPO findings in ``text`` (longest match, non-overlapping), in reading order, no context yet.

        A finding read from a coordination ("short and broad thumbs" gives Short thumb from
        "short" and Broad thumb from "broad thumbs") is shown with the whole phrase as its text.
        """
        matches: list[tuple[int, int, Entry]] = []
        shown: dict[tuple[int, int, Entry], tuple[int, int]] = {}
        gapped: list[tuple[int, int, Entry]] = []
        for start, end in _clauses(text):
            tokens = self._spelt(tokenize(text[start:end]))
            matches.extend(self._match_clause(text, tokens, start, shown, gapped))
        chosen = admit_gapped(_longest_non_overlapping(matches, shown), gapped, text, self._broader)
        local = self._defined_abbreviations(text, chosen)
        if local:
            # the text's own definition outranks the general table: after "autism spectrum disorder (ASD)",
            # "ASD" is no atrial septal defect anywhere in this text
            redefined = {a for a in local if a in self.abbreviations}
            chosen = [m for m in chosen if text[m[0]:m[1]] not in redefined]
            chosen = _longest_non_overlapping(chosen + _find_abbreviations(text, local), shown)
        findings = []
        for match in chosen:
            s, t = shown.get(match, match[:2])
            entry = match[2]
            if _MOLECULE_AFTER.match(text, t):
                continue
            findings.append(Finding(hpo_id=entry.hpo_id, label=self.ontology.terms[entry.hpo_id].name,
                                    text=text[s:t], start=s, end=t,
                                    context="history" if entry.hpo_id in self.history else None))
        return findings

    def _spelt(self, tokens: list[Token]) -> list[Token]:
        """Tokens with misspelt words read as the name word they were meant to be: a long word alone, a
        short or farther-off one only when the fix names a term with its neighbours ("developmental dealy")."""
        fixed = []
        for token in tokens:
            word = self.speller.correct(token.text)
            fixed.append(token if word is None else Token(word, token.start, token.end, stem(word)))
        for index, token in enumerate(fixed):
            if token.stop:
                continue
            options = self.speller.candidates(tokens[index].text)
            # a long word already fixed is reconsidered only when several name words are as near: the one
            # that names a term with its neighbours wins ("weaknss of the perneal muscles": peroneal, not the
            # more frequent perineal)
            if token is not tokens[index] and len(options) < 2:
                continue
            for word in options:
                candidate = Token(word, token.start, token.end, stem(word))
                if self._completes_term(fixed, index, candidate):
                    fixed[index] = candidate
                    break
            else:
                # "atxaia" alone: a short non-English word whose one near name word is a one-word finding
                alone = self.speller.alone(tokens[index].text) if token is tokens[index] else None
                if alone is not None and light(alone) in self.single:
                    fixed[index] = Token(alone, token.start, token.end, stem(alone))
        return self._slips_together(tokens, fixed)

    def _slips_together(self, tokens: list[Token], fixed: list[Token]) -> list[Token]:
        """Neighbouring slips read together ("depessed naswl bridge", "sort sature"): when two or more
        words of a run of two to four content words are still unread, their near name words are tried in
        every combination, and one that names a term is taken (the longest run first). One slip alone is
        confirmed by its neighbours above; two side by side cannot confirm each other there."""
        slips = {i for i, t in enumerate(fixed) if not t.stop and t is tokens[i] and self.speller.candidates(t.text)}
        if len(slips) < 2:
            return fixed
        content = [i for i, t in enumerate(fixed) if not t.stop]
        for size in (4, 3, 2):
            for first in range(len(content) - size + 1):
                run = content[first:first + size]
                if sum(i in slips for i in run) < 2:
                    continue
                choices = [[fixed[i]] + ([Token(w, fixed[i].start, fixed[i].end, stem(w))
                                          for w in self.speller.candidates(fixed[i].text)] if i in slips else [])
                           for i in run]
                for combo in product(*choices):
                    if all(c is fixed[i] for c, i in zip(combo, run)):
                        continue
                    if self._lookup(tuple(c.norm for c in combo)) is not None:
                        for c, i in zip(combo, run):
                            fixed[i] = c
                            slips.discard(i)
                        break
        return fixed

    def _completes_term(self, tokens: list[Token], index: int, candidate: Token) -> bool:
        """Whether ``candidate`` at ``index`` names a term with one to three content words beside it
        ("ostium seundmu atrial septal defect": Secundum atrial septal defect has four words)."""
        before = [t for t in tokens[:index] if not t.stop][-3:]
        after = [t for t in tokens[index + 1:] if not t.stop][:3]
        row = [*before, candidate, *after]
        at = len(before)
        for size in (2, 3, 4):
            for first in range(max(0, at - size + 1), min(at, len(row) - size) + 1):
                if self._lookup(tuple(t.norm for t in row[first:first + size])) is not None:
                    return True
        return False

    def _broader(self, entry: Entry, other: Entry) -> bool:
        return entry.hpo_id in self.ontology.ancestors(other.hpo_id)

    def _narrower_word(self, entry: Entry, word: str) -> bool:
        """``word`` (a stem) is in the name of one of the term's descendants."""
        words = self._descendant_words.get(entry.hpo_id)
        if words is None:
            words = self._descendant_words[entry.hpo_id] = frozenset(
                t.norm for d in self.ontology.subontology(entry.hpo_id) - {entry.hpo_id}
                for name, _ in self._names(self.ontology.terms[d]) for t in tokenize(name))
        return word in words

    def _match_clause(self, text: str, tokens: list[Token], offset: int,
                      shown: dict, gapped: list) -> list[tuple[int, int, Entry]]:
        found: list[tuple[int, int, Entry]] = []
        content: list[Token] = []
        joined: list[str] = []           # the conjunction or comma between this word and the one before, or ""
        pending = ""
        negating: set[int] = set()       # content words that open "absence of ...", a negation
        previous_end = 0
        for index, token in enumerate(tokens):
            if "," in text[offset + previous_end:offset + token.start]:
                pending = pending or ","
            previous_end = token.end
            if (token.text.lower() in ("absence", "lack") and index + 1 < len(tokens)
                    and tokens[index + 1].text.lower() == "of"):
                negating.add(len(content))
            entry = self._abbreviation(token.text)
            if entry is not None:
                found.append((offset + token.start, offset + token.end, entry))
            if token.stop or _degree_after_copula(tokens, index):
                if token.text.lower() in CONJUNCTIONS:
                    pending = token.text.lower() if pending in ("", ",") else pending
                continue
            content.append(token)
            joined.append(pending)
            pending = ""
        windows = self._windows(content, joined, negating, offset)
        found.extend(windows)
        gapped.extend(m for m in gapped_matches(self._lookup, text[offset:], content, joined, offset,
                                                     self._narrower_word)
                      if not negating.intersection(range(len(content))) or m[2].absence_of)
        for match, span in coordinated(self._lookup, self._standalone, text[offset:], content, joined, offset):
            found.append(match)
            shown[match] = span
        return found

    def _abbreviation(self, word: str) -> Entry | None:
        """An abbreviation, also in the plural: "VSDs" is two or more ventricular septal defects."""
        entry = self.abbreviations.get(word)
        if entry is None and len(word) > 2 and word.endswith("s") and word[:-1].isupper():
            entry = self.abbreviations.get(word[:-1])
        return entry

    def _lookup(self, words: tuple[str, ...], crossing: bool = False) -> Entry | None:
        """The term the words name; unless ``crossing`` (the words run across a conjunction or comma),
        a name that joins no words comes first."""
        key = tuple(sorted(words))
        return self.ordered.get(words) or (self.lexicon if crossing else self.unjoined).get(key)

    def _standalone(self, tokens: list[Token]) -> bool:
        """The words name a term by themselves (one word through the single-word table)."""
        if len(tokens) == 1:
            return light(tokens[0].text) in self.single
        return self._lookup(tuple(t.norm for t in tokens)) is not None

    def _windows(self, content: list[Token], joined: list[str], negating: set[int],
                 offset: int) -> list[tuple[int, int, Entry]]:
        """Every run of content words that names a term, not across a conjunction unless the name has one."""
        found = []
        for i, token in enumerate(content):
            entry = self.single.get(light(token.text))
            if entry is not None:
                found.append((offset + token.start, offset + token.end, entry))
            crosses = False
            conjunction = False          # a word ("and", "or"), not only a comma, joins the window's words
            for j in range(i + 2, min(len(content), i + self.max_words) + 1):
                crosses = crosses or joined[j - 1]
                conjunction = conjunction or joined[j - 1] not in ("", ",")
                window = content[i:j]
                entry = self._lookup(tuple(t.norm for t in window), bool(crosses))
                if i in negating:
                    # "absence of speech" is the finding Absent speech, not a negation of speech: read as
                    # "absent X" when a term is so named ("absence of fever" names none, and stays a
                    # negation); also when that term is narrower than the grouping an "absence of" name
                    # gives ("absence of eyebrows": Absent eyebrow). The phrase must end there: "absence
                    # of eye contact" is no absent eye.
                    glued = j < len(content) and content[j].start - window[-1].end <= 1
                    absent = None if glued else self._lookup((_ABSENT,) + tuple(t.norm for t in window[1:]))
                    if entry is None or not entry.absence_of or (absent is not None and self._broader(entry, absent)):
                        entry = absent
                if entry is None or (crosses and not entry.conjoined) or (conjunction and entry.comma_only):
                    continue
                entry = self._untie(entry, window)
                found.append((offset + window[0].start, offset + window[-1].end, entry))
        return found

    def _defined_abbreviations(self, text: str, matches: list[tuple[int, int, Entry]]) -> dict[str, Entry]:
        """Abbreviations the text defines right after a recognised term: "... carcinoma (MTC)"."""
        local: dict[str, Entry] = {}
        for start, end, entry in matches:
            follow = re.match(r"\s*\(([A-Z][A-Za-z0-9-]{1,9})\)", text[end:end + 14])
            if not follow:
                continue
            known = self._abbreviation(follow.group(1))
            # the table's reading stays when it is the same term or a narrower one than the words read
            # ("type 1 diabetes mellitus (T1DM)": the words give only Diabetes mellitus, T1DM says type 1)
            if known is None or known.hpo_id != entry.hpo_id:
                local[follow.group(1)] = known if known is not None and self._broader(entry, known) else entry
        return local


def _subtract(whole: tuple[str, ...], part: tuple[str, ...]) -> list[str] | None:
    """``whole`` without the words of ``part`` (as multisets), or None when ``part`` is not inside."""
    rest = list(whole)
    for word in part:
        if word not in rest:
            return None
        rest.remove(word)
    return rest


def _clauses(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for match in CLAUSE_BREAK.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _find_abbreviations(text: str, local: dict[str, Entry]) -> list[tuple[int, int, Entry]]:
    """Later uses of a defined abbreviation; the definition "(MTC)" itself is not a second mention."""
    pattern = re.compile(r"\b(" + "|".join(re.escape(a) for a in sorted(local, key=len, reverse=True)) + r")\b")
    return [(m.start(), m.end(), local[m.group()]) for m in pattern.finditer(text)
            if not (text[m.start() - 1:m.start()] == "(" and text[m.end():m.end() + 1] == ")")]


def _longest_non_overlapping(matches: list[tuple[int, int, Entry]], shown: dict) -> list[tuple[int, int, Entry]]:
    """The longest matches that do not overlap; a coordinated reading counts the whole phrase it reads."""
    def length(match: tuple[int, int, Entry]) -> int:
        start, end = shown.get(match, match[:2])
        return end - start
    ordered = sorted(set(matches), key=lambda m: (-length(m), m in shown, m[2].rank, m[0]))
    taken: list[tuple[int, int, Entry]] = []
    for match in ordered:
        if all(match[1] <= other[0] or match[0] >= other[1] for other in taken):
            taken.append(match)
    return sorted(taken, key=lambda m: m[0])


__all__ = ["ConceptRecognizer", "Entry"]


# Degree adverbs between a copula and its adjective ("speech was markedly delayed") say how much, not
# what: skipped there, so the subject and the adjective meet as in "delayed speech". Elsewhere they stay
# words, because a few names hold them ("Severely reduced visual acuity").
DEGREE_ADVERBS = frozenset("""markedly mildly moderately severely significantly slightly profoundly extremely somewhat
notably considerably quite rather strikingly substantially""".split())
COPULAS = frozenset("is are was were be been being became becomes remained remains seemed appeared".split())


def _degree_after_copula(tokens: list[Token], index: int) -> bool:
    return (index > 0 and tokens[index].text.lower() in DEGREE_ADVERBS
            and tokens[index - 1].text.lower() in COPULAS)
