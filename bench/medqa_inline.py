"""MedQA vignettes with their options pasted into the text, as a user copies a question: are the options read as
the question's options and never as the patient's findings?

    python bench/medqa_inline.py [--benchmark ../shared/data/mirage/benchmark.json] [--code DIR]

The "most likely diagnosis" vignettes of bench/medqa.py (same selection rule), each pasted in four ways
(``A: X, B: Y`` inline; ``A. X B. Y`` inline; one ``A) X`` per line; one ``- X`` bullet per line). Per format:
the share whose options are read exactly, and the share whose observed findings equal those read from the
bare vignette (no option name leaks into the findings). With ``--words`` (builds the knowledge base), also the
share whose case words weighed for each option (:func:`clinicite.reason.options_words.option_word_match`) equal
those of the bare vignette (no option's name counts as a case word for another). The fifth format appends the
options as an inline question ("Is this X, Y or Z?"). ``--code`` runs another checkout (the same-run baseline:
main's archive). Nothing is fitted.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = {
    "A: X, B: Y": lambda options: " " + ", ".join(f"{chr(65 + i)}: {o}" for i, o in enumerate(options)),
    "A. X B. Y": lambda options: " " + " ".join(f"{chr(65 + i)}. {o}" for i, o in enumerate(options)),
    "A) X per line": lambda options: "\n" + "\n".join(f"{chr(65 + i)}) {o}" for i, o in enumerate(options)),
    "- X per line": lambda options: "\n" + "\n".join(f"- {o}" for o in options),
    "is this X, Y or Z?": lambda options: " Is this " + ", ".join(options[:-1]) + f" or {options[-1]}?",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--benchmark", type=Path)
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose clinicite is measured")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--words", action="store_true", help="also compare the case words weighed per option")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "bench"))
    from medqa import SHARED, vignettes          # (it puts this checkout first on the path: the code's goes before)
    sys.path.insert(0, str(args.code))

    from clinicite.ingest.hpo import load_ontology
    from clinicite.understand import understand_case
    from clinicite.understand.option_text import detect_options

    import clinicite
    print(json.dumps({"clinicite_from": clinicite.__file__}))
    ontology = load_ontology()
    chosen = vignettes(args.benchmark or SHARED / "mirage" / "benchmark.json", args.limit)
    bare = {item["id"]: set(understand_case(item["text"], ontology).observed) for item in chosen}
    words = case_words(chosen, args.benchmark) if args.words else None
    for name, paste in FORMATS.items():
        read = clean = same_words = 0
        for item in chosen:
            options = [o.strip(" \n\"") for o in item["options"]]
            text = item["text"] + paste(options)
            read += detect_options(text) == options
            clean += set(understand_case(text, ontology).observed) == bare[item["id"]]
            same_words += words is not None and words(item, text) == words(item, item["text"])
        print(json.dumps({"code": str(args.code), "format": name, "n": len(chosen),
                          "options_read_exactly": round(read / len(chosen), 3),
                          "findings_unchanged_by_the_options": round(clean / len(chosen), 3),
                          **({"option_words_unchanged_by_the_options": round(same_words / len(chosen), 3)}
                             if words is not None else {})}))


def case_words(chosen, benchmark):
    """``words(item, text)``: per option, the case words weighed for it, as rank_options reads them."""
    from medqa import SHARED
    from clinicite.reason.knowledge import KnowledgeBase
    from clinicite.reason.options import resolve_option_ids
    from clinicite.reason.options_words import option_word_match
    kb = KnowledgeBase.from_files(orphapackets=SHARED / "orphanet" / "orphapackets.jsonl.gz")
    ids = {(item["id"], o): (resolve_option_ids(kb, o) or [None])[0] for item in chosen for o in item["options"]}

    def words(item, text):
        found = []
        for option in item["options"]:
            match = option_word_match(kb, text, option, ids[(item["id"], option)]) if ids[(item["id"], option)] \
                else None
            found.append(sorted(match.words) if match else [])
        return found
    return words


if __name__ == "__main__":
    main()
