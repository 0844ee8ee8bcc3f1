"""HPO concept recognition on each gold corpus, split into a tuning half and a held-out half.

Usage::

    python bench/concepts.py [DIR ...] [--split dev|held-out|all] [--errors N] [--no-fasthpocr] [--forms]
    python bench/concepts.py --own-only [--no-fasthpocr]

The shared data folder is ``$CLINICITE_SHARED_DATA`` when set, else ``../shared/data`` beside the checkout.

Each DIR is one corpus of ../shared/data/hpo-concept-recognition (default: ID-68, GeneReviews and
val): ``corpus/NAME`` holds a text, ``ann/NAME`` its gold mentions as ``start<TAB>end<TAB>mention<TAB>HP:x``
lines. Scores are micro precision, recall and F1 over document-level sets of current HPO ids (gold ids
resolved through alt ids); negated gold mentions count as mentions, so every recognised term counts.

The split is fixed by a hash of ``corpus/NAME`` (:func:`half`): the "dev" half is the only part looked at
while tuning the recogniser, the "held-out" half is reported, never inspected. Three more rows per corpus:

* ``typos``: the held-out documents with one programmatic character edit (deletion, transposition,
  substitution or insertion, seeded by the document name) in every gold-mention word of 7+ letters;
  ``typos5`` the same in every word of 5+ letters (round 15: short words and neighbouring slips);
* the ``clinicite patient-only`` line: findings marked as a relative's, cited literature's or a
  differential discussion's (``Finding.context``) left out, as ``CaseFacts.observed`` would do.

Then ``bench/data/case_reports.jsonl`` (and round 13's fresh ``case_reports13.jsonl``): short case texts written for this benchmark (own words, no
patient's data) with relatives' findings, cited patients and differential discussions; the gold is
the patient's present findings only, so it measures precision where case reports lose it. There the
``clinicite observed`` line is ``understand_case(text).observed`` (context and negation applied).
Round 15's fresh sets (written and measured on main before any round-15 change; never used to choose
a rule): ``bench/data/own15-abstracts`` (10 abstract-style paragraphs in the corpus format, every
phenotype mention annotated, as in GSC+) and ``case_reports15.jsonl`` (12 case texts, patient's findings
only); ``--own-only`` scores just those two. ``--forms`` instead checks recognition against the ontology itself (:func:`ontology_forms`). Last,
``bench/data/typos.jsonl`` (:func:`typo_set`): hand-typed slips in sentences written from dev-half
mentions, each beside its clean spelling.

With FastHPOCR built, clinicite + FastHPOCR as one recogniser: ``union`` of both sets of ids, ``gaps``
(FastHPOCR's findings only where clinicite read no words, :mod:`clinicite.understand.second_reader`).

Baselines measured in the same run on the same documents: exact case-insensitive match of labels only,
of labels and non-BROAD synonyms (longest match first), fenominal (PyPI ``fenominal``) and FastHPOCR
(Groza et al., 2024; PyPI ``fasthpocr``), both indexed from the same hp.obo into
``$CLINICITE_BENCH_CACHE`` (default /tmp/clinicite-bench-cache) on first use.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import sys
import time
from pathlib import Path

from clinicite.errors import ConfigurationError
from clinicite.ingest.hpo import PHENOTYPIC_ABNORMALITY, Ontology, load_ontology
from clinicite.understand import ConceptRecognizer, understand_case
from clinicite.understand.context import apply_context

try:        # absent from code before round 8, which the same bench also measures (the baseline run)
    from clinicite.understand.inheritance import inheritance_modes
except ImportError:
    inheritance_modes = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parents[1]
# $CLINICITE_SHARED_DATA (as the other bench scripts take it: a checkout unpacked elsewhere, such as a
# baseline in /tmp, has no ../shared beside it), else ../shared/data beside the checkout (a worktree
# sits one folder deeper than the main checkout)
SHARED = Path(os.environ["CLINICITE_SHARED_DATA"]) if os.environ.get("CLINICITE_SHARED_DATA") else next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()), ROOT.parent / "shared" / "data")
CORPORA = SHARED / "hpo-concept-recognition"
HPO_OBO = SHARED / "hpo" / "hp.obo"
# Indexes the baselines build from hp.obo on first use (FastHPOCR's takes minutes).
BASELINE_CACHE = Path(os.environ.get("CLINICITE_BENCH_CACHE", "/tmp/clinicite-bench-cache"))
HPO_ID = re.compile(r"HP:\d{7}")
WORD = re.compile(r"\w+")
LONG_WORD = re.compile(r"[A-Za-z]{7,}")


def half(corpus: str, name: str) -> str:
    """"dev" or "held-out", from a hash of the document's name: stable across runs and machines."""
    return "dev" if hashlib.sha1(f"{corpus}/{name}".encode()).digest()[0] % 2 == 0 else "held-out"


def read_corpus(folder: Path, ontology: Ontology) -> list[dict]:
    documents = []
    for path in sorted((folder / "corpus").iterdir()):
        ann = folder / "ann" / path.name
        mentions = []
        for line in (ann.read_text(encoding="utf-8").splitlines() if ann.exists() else []):
            parts = line.split("\t")
            found = HPO_ID.search(line)
            if len(parts) >= 4 and found and parts[0].isdigit() and parts[1].isdigit():
                mentions.append((int(parts[0]), int(parts[1]), ontology.resolve(found.group()) or found.group()))
        gold = {ontology.resolve(i) or i for i in HPO_ID.findall(ann.read_text(encoding="utf-8"))} \
            if ann.exists() else set()
        documents.append({"name": path.name, "text": path.read_text(encoding="utf-8"), "gold": gold,
                          "mentions": mentions, "half": half(folder.name, path.name)})
    return documents


def with_typos(document: dict, shortest: int = 7) -> dict:
    """The document with one character edit in each word of ``shortest`` or more letters of each gold
    mention (offsets kept valid by editing right to left); the gold ids are unchanged: a typo is still
    the same finding."""
    long_word = LONG_WORD if shortest == 7 else re.compile(r"[A-Za-z]{%d,}" % shortest)
    rng = random.Random(document["name"])
    text, done = document["text"], set()
    for start, end, _ in sorted(document["mentions"], reverse=True):
        if (start, end) in done or end > len(text):
            continue
        done.add((start, end))
        piece = text[start:end]
        for word in reversed(list(long_word.finditer(piece))):
            piece = piece[:word.start()] + _edit(word.group(), rng) + piece[word.end():]
        text = text[:start] + piece + text[end:]
    return {**document, "text": text}


def _edit(word: str, rng: random.Random) -> str:
    """One typing slip inside the word (never its first letter, which people rarely get wrong)."""
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("delete", "transpose", "substitute", "insert"))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    if kind == "delete":
        return word[:i] + word[i + 1:]
    if kind == "transpose":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "substitute":
        return word[:i] + (letter if letter != word[i] else "x") + word[i + 1:]
    return word[:i] + letter + word[i:]


class ExactBaseline:
    """Case-insensitive exact match of HPO labels (and synonyms), longest match first."""

    def __init__(self, ontology: Ontology, synonyms: bool = True) -> None:
        self.names: dict[str, str] = {}
        for term_id in sorted(ontology.subontology(PHENOTYPIC_ABNORMALITY)):
            term = ontology.terms[term_id]
            others = [s.text for s in term.synonyms if s.scope != "BROAD"] if synonyms else []
            for name in [term.name] + others:
                self.names.setdefault(name.lower(), term_id)
        self.longest = max(len(WORD.findall(n)) for n in self.names)

    def ids(self, text: str) -> set[str]:
        words = list(WORD.finditer(text))
        found, i = set(), 0
        while i < len(words):
            step = 1
            for j in range(min(len(words), i + self.longest), i, -1):
                term_id = self.names.get(text[words[i].start():words[j - 1].end()].lower())
                if term_id:
                    found.add(term_id)
                    step = j - i
                    break
            i += step
        return found


class FastHPOCRBaseline:
    """FastHPOCR's annotator over an index of the same hp.obo (built once, then cached; see
    :mod:`clinicite.understand.second_reader` for the one build step replaced)."""

    def __init__(self, ontology: Ontology, cache: Path) -> None:
        from clinicite.understand.second_reader import SecondReader, build_index
        began = time.perf_counter()
        self.reader = SecondReader(ontology, build_index(HPO_OBO, cache))
        print(f"# fasthpocr index ready in {time.perf_counter() - began:.1f} s")

    def ids(self, text: str) -> set[str]:
        return {f.hpo_id for f in self.reader.recognize(text)}


class FenominalBaseline:
    """fenominal (Robinson et al., 2023; PyPI ``fenominal``, Rust), exact matching of HPO names.

    It reads an obographs JSON; hp.json is not among the shared data, so the same hp.obo is written
    as one (labels, synonyms with their scope, is_a, obsolete flags) into the cache folder first.
    """

    def __init__(self, ontology: Ontology, cache: Path) -> None:
        import fenominal
        path = cache / "hp.json"
        if not path.exists():
            cache.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(_obographs(ontology)), encoding="utf-8")
        self.miner = fenominal.Fenominal(str(path))
        self.ontology = ontology

    def ids(self, text: str) -> set[str]:
        return {self.ontology.resolve(hit["termId"]) or hit["termId"] for hit in json.loads(self.miner.map_text(text))}


def _obographs(ontology: Ontology) -> dict:
    def iri(term_id: str) -> str:
        return "http://purl.obolibrary.org/obo/" + term_id.replace(":", "_")
    scopes = {"EXACT": "hasExactSynonym", "RELATED": "hasRelatedSynonym", "NARROW": "hasNarrowSynonym",
              "BROAD": "hasBroadSynonym"}
    nodes, edges = [], []
    for term in ontology.terms.values():
        meta: dict = {"synonyms": [{"pred": scopes[s.scope], "val": s.text} for s in term.synonyms if s.scope in scopes]}
        if term.obsolete:
            meta["deprecated"] = True
        nodes.append({"id": iri(term.id), "lbl": term.name, "type": "CLASS", "meta": meta})
        edges += [{"sub": iri(term.id), "pred": "is_a", "obj": iri(parent)} for parent in term.parents]
    return {"graphs": [{"id": "http://purl.obolibrary.org/obo/hp.json", "nodes": nodes, "edges": edges}]}


def score(predicted: list[set[str]], gold: list[set[str]]) -> dict[str, float]:
    tp = sum(len(p & g) for p, g in zip(predicted, gold))
    fp = sum(len(p - g) for p, g in zip(predicted, gold))
    fn = sum(len(g - p) for p, g in zip(predicted, gold))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def clinicite_ids(recognizer: ConceptRecognizer, patient_only: bool):
    """Every recognised term (or the patient's only), with the modes of inheritance the text states
    (``CaseFacts.inheritance``; the gold corpora annotate them as HPO terms too)."""
    def ids(text: str) -> set[str]:
        findings = recognizer.recognize(text)
        modes = {s.value for s in inheritance_modes(text, recognizer.ontology)} if inheritance_modes else set()
        if patient_only:
            apply_context(text, findings)
            return modes | {f.hpo_id for f in findings if not f.family_history and getattr(f, "context", None) is None}
        return modes | {f.hpo_id for f in findings}
    ids.recognizer = recognizer  # type: ignore[attr-defined]
    return ids


def combined_ids(recognizer: ConceptRecognizer, reader, how: str, patient_only: bool = False):
    """clinicite with FastHPOCR as a component: ``union`` of the ids, or ``gaps`` (its findings where
    clinicite read no words, :func:`clinicite.understand.second_reader.fill_gaps`)."""
    from clinicite.understand.second_reader import fill_gaps

    def ids(text: str) -> set[str]:
        own, other = recognizer.recognize(text), reader.recognize(text)
        findings = fill_gaps(own, other) if how == "gaps" else [*own, *other]
        if patient_only:
            apply_context(text, findings)
            return {f.hpo_id for f in findings if not f.family_history and getattr(f, "context", None) is None}
        return {f.hpo_id for f in findings}
    return ids


def methods(ontology: Ontology, fasthpocr: bool) -> dict:
    chosen = {"exact-label-only-baseline": ExactBaseline(ontology, synonyms=False).ids,
              "exact-label-synonym-baseline": ExactBaseline(ontology).ids}
    try:
        chosen["fenominal-baseline"] = FenominalBaseline(ontology, BASELINE_CACHE / "fenominal").ids
    except ImportError as error:
        print(f"# fenominal not measured: {error} (python3 -m pip install fenominal)", file=sys.stderr)
    if fasthpocr:
        try:
            chosen["fasthpocr-baseline"] = FastHPOCRBaseline(ontology, BASELINE_CACHE / "fasthpocr").ids
        except (ImportError, ConfigurationError) as error:
            print(f"# fasthpocr not measured: {error} (python3 -m pip install fasthpocr pronto)", file=sys.stderr)
    began = time.perf_counter()
    recognizer = ConceptRecognizer(ontology)
    print(f"# clinicite lexicon built in {time.perf_counter() - began:.1f} s")
    chosen["clinicite"] = clinicite_ids(recognizer, patient_only=False)
    chosen["clinicite patient-only"] = clinicite_ids(recognizer, patient_only=True)
    reader = getattr(chosen.get("fasthpocr-baseline"), "__self__", None)
    if reader is not None:
        for how in ("union", "gaps"):
            chosen[f"clinicite + fasthpocr {how}"] = combined_ids(recognizer, reader.reader, how)
        chosen["clinicite + fasthpocr gaps patient-only"] = combined_ids(recognizer, reader.reader, "gaps", True)
    return chosen


def report(corpus: str, part: str, documents: list[dict], chosen: dict, errors: int, ontology) -> None:
    gold = [d["gold"] for d in documents]
    for method, ids in chosen.items():
        began = time.perf_counter()
        predicted = [ids(d["text"]) for d in documents]
        per_doc = 1000 * (time.perf_counter() - began) / max(len(documents), 1)
        print(json.dumps({"corpus": corpus, "split": part, "documents": len(documents), "method": method,
                          **score(predicted, gold), "ms_per_document": round(per_doc, 1)}))
        if errors and method == "clinicite" and part == "dev":
            print_errors(corpus, documents, predicted, errors, ontology, getattr(ids, "recognizer", None))


def print_errors(corpus: str, documents: list[dict], predicted: list[set[str]], errors: int, ontology,
                 recognizer: ConceptRecognizer | None) -> None:
    """Dev-half errors on stderr, each with the words behind it: the gold mention's text for a false
    negative, the words clinicite read for a false positive (what to read when choosing a fix)."""
    for d, p in zip(documents, predicted):
        read: dict[str, str] = {}
        if recognizer is not None:
            for finding in recognizer.recognize(d["text"]):
                read.setdefault(finding.hpo_id, finding.text)
        for kind, wrong in (("FP", p - d["gold"]), ("FN", d["gold"] - p)):
            for term_id in sorted(wrong)[:errors]:
                if kind == "FN":
                    words = sorted({d["text"][s:e] for s, e, i in d["mentions"] if i == term_id})
                else:
                    words = [read.get(term_id, "")]
                shown = " | ".join(w.replace("\n", " ") for w in words)
                print(f"{kind} {corpus}/{d['name']} {term_id} {ontology.label(term_id)} <- {shown}", file=sys.stderr)


# Case-text sets and their corpus names: round 8's, and round 13's fresh one (written, committed and
# measured on main before any round-13 rule was written; never used to choose a rule).
# Round 15 read the errors of the two older sets to fix case headings: they are its dev part now.
CASE_SETS = (("case_reports.jsonl", "own-case-reports", "dev"), ("case_reports13.jsonl", "own-case-reports13", "dev"),
             ("case_reports15.jsonl", "own15-case-reports", "held-out"))
# Round 15's fresh abstract-style paragraphs (corpus format), all documents unseen while tuning.
OWN_ABSTRACTS = ROOT / "bench" / "data" / "own15-abstracts"


def case_reports(chosen: dict, ontology: Ontology, sets=CASE_SETS) -> None:
    """Precision on case-report-style text: the gold is what the patient has, nobody else."""
    by_name: dict[str, str] = {}
    for term in ontology.terms.values():
        by_name.setdefault(term.name.lower(), term.id)
    observed = {"clinicite observed": lambda text: set(understand_case(text, ontology).observed)}
    for file_name, corpus, part in sets:
        path = ROOT / "bench" / "data" / file_name
        if not path.exists():
            continue
        cases = [json.loads(line) for line in path.open(encoding="utf-8")]
        gold = [{by_name[name.lower()] for name in case["patient"]} for case in cases]
        for method, ids in {**chosen, **observed}.items():
            predicted = [ids(case["text"]) for case in cases]
            print(json.dumps({"corpus": corpus, "split": part, "documents": len(cases),
                              "method": method, **score(predicted, gold)}))


def typo_set(chosen: dict) -> None:
    """``bench/data/typos.jsonl``: 30 sentences written from dev-half gold mentions with the slips people
    type (dropped, doubled, swapped or sound-alike letters), each also in its clean spelling; the gap
    between the ``clean`` and ``typed`` rows of a method is what the typos cost it."""
    cases = [json.loads(line) for line in (ROOT / "bench" / "data" / "typos.jsonl").open(encoding="utf-8")]
    gold = [set(case["gold"]) for case in cases]
    for method, ids in chosen.items():
        for part, key in (("clean", "clean"), ("typed", "text")):
            predicted = [ids(case[key]) for case in cases]
            print(json.dumps({"corpus": "own-typos", "split": part, "documents": len(cases), "method": method,
                              **score(predicted, gold)}))


def _plural(noun: str) -> str:
    """A plain English plural (the generated forms need only be regular: "ribs" is written "ribses")."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    return noun[:-1] + "ies" if re.search(r"[^aeiou]y$", noun) else noun + "s"


def ontology_forms(recognizer: ConceptRecognizer, ontology: Ontology) -> None:
    """Recognition checked against the ontology itself, no corpus: every label and EXACT synonym of
    Phenotypic abnormality read alone (is its own term among the ids?), and every two-word label
    "Adjective noun" said in the plural ("urethral fistulas") and predicatively ("The fistulas were
    urethral"), read as the term, an ancestor or a descendant. A tuning-free guard for word forms."""
    terms = sorted(ontology.subontology(PHENOTYPIC_ABNORMALITY))
    names = [(t, n) for t in terms for n in [ontology.terms[t].name] +
             [s.text for s in ontology.terms[t].synonyms if s.scope == "EXACT"]]
    right = sum(t in {f.hpo_id for f in recognizer.recognize(n)} for t, n in names)
    print(json.dumps({"corpus": "hpo-own-names", "split": "all", "documents": len(names), "method": "clinicite",
                      "recall": round(right / len(names), 4)}))
    pairs = [(t, w[0].lower(), w[1].lower()) for t in terms
             if len(w := ontology.terms[t].name.split()) == 2 and w[0].isalpha() and w[1].isalpha()]
    for form, say in (("plural", lambda a, n: f"{a} {_plural(n)}"),
                      ("predicative", lambda a, n: f"The {_plural(n)} were {a}.")):
        read = 0
        for term_id, adjective, noun in pairs:
            got = {f.hpo_id for f in recognizer.recognize(say(adjective, noun))}
            read += any(g == term_id or g in ontology.ancestors(term_id) or term_id in ontology.ancestors(g)
                        for g in got)
        print(json.dumps({"corpus": "hpo-two-word-labels", "split": form, "documents": len(pairs),
                          "method": "clinicite", "recall": round(read / len(pairs), 4)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="*",
                        default=[CORPORA / name for name in ("ID-68", "GeneReviews", "val")])
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default="all")
    parser.add_argument("--errors", type=int, default=0, help="print this many dev false positives/negatives")
    parser.add_argument("--no-fasthpocr", action="store_true")
    parser.add_argument("--forms", action="store_true",
                        help="only the checks against HPO's own names and generated forms (no corpus)")
    parser.add_argument("--own-only", action="store_true",
                        help="only round 15's fresh sets (own15-abstracts and case_reports15.jsonl)")
    args = parser.parse_args()
    ontology = load_ontology()
    if args.forms:
        ontology_forms(ConceptRecognizer(ontology), ontology)
        return
    chosen = methods(ontology, fasthpocr=not args.no_fasthpocr)
    if args.own_only:
        report(OWN_ABSTRACTS.name, "held-out", read_corpus(OWN_ABSTRACTS, ontology), chosen, 0, ontology)
        case_reports(chosen, ontology, sets=CASE_SETS[-1:])
        return
    for folder in args.folders:
        documents = read_corpus(folder, ontology)
        parts = ("dev", "held-out") if args.split == "all" else (args.split,)
        for part in parts:
            report(folder.name, part, [d for d in documents if d["half"] == part], chosen, args.errors, ontology)
        if "held-out" in parts:
            typos = [with_typos(d) for d in documents if d["half"] == "held-out"]
            report(folder.name, "held-out+typos", typos, chosen, 0, ontology)
            typos5 = [with_typos(d, 5) for d in documents if d["half"] == "held-out"]
            report(folder.name, "held-out+typos5", typos5, chosen, 0, ontology)
    if OWN_ABSTRACTS.is_dir() and OWN_ABSTRACTS not in args.folders:
        report(OWN_ABSTRACTS.name, "held-out", read_corpus(OWN_ABSTRACTS, ontology), chosen, 0, ontology)
    case_reports(chosen, ontology)
    typo_set(chosen)


if __name__ == "__main__":
    main()
