"""Orphanet ORPHApackets: one JSON object per rare disease (Orphadata, CC BY 4.0).

:func:`read_orphapackets` reads a ``.jsonl.gz`` or ``.jsonl`` file (one packet a
line) or a folder of ``.json`` files (one packet a file) into
:class:`~clinicite.ingest.disease.DiseaseRecord` with the id ``ORPHA:<code>``.

The packets are a JSON rendering of Orphanet's XML, so every optional section
(``Prevalences``, ``TypeOfInheritances``, ``AverageAgeOfOnsets``,
``ExternalReferences``, ``TextSection``, ``Parents`` ...) comes either as a list
of wrapped items (``[{"Prevalence": {...}}, ...]``), as one wrapped item
(``{"Prevalence": {...}}``) or, in a few packets, as bare items. :func:`_items`
flattens all of these shapes, and every section is read through it.

OMIM cross-references become ``xrefs`` only when Orphanet qualifies the mapping
as exact (``E``): the broader (``BTNT``) and narrower (``NTBT``) mappings link
a group to its subtypes, and treating them as equivalent would merge distinct
diseases. :func:`read_orphanet` also returns every mapping with its relation.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from clinicite.errors import InputError
from clinicite.ingest.disease import DiseaseRecord, PhenotypeAnnotation, Prevalence
from clinicite.ingest.document import Problem

try:  # optional speed-up: orjson parses the 10,000 packets about three times faster
    from orjson import loads as _loads
except ImportError:  # pragma: no cover - depends on the install
    _loads = json.loads

# Orphanet frequency classes and the midpoint of the range each one names
# (the same midpoints as the equivalent HPO frequency terms).
_FREQUENCY_CLASSES = {
    "obligate": 1.0,
    "very frequent": 0.895,
    "frequent": 0.545,
    "occasional": 0.17,
    "very rare": 0.025,
    "excluded": 0.0,
}
# Placeholders Orphanet uses where it has no value; they carry no knowledge.
_NO_VALUE = {"", "no data", "no data available", "not applicable", "unknown", "not yet documented"}
_RELATION = re.compile(r"^\s*([A-Z]+)\b")


def orphanet_frequency(label: str | None) -> float | None:
    """``"Very frequent (99-80%)"`` -> 0.895; ``None`` when the label names no known class."""
    if not label:
        return None
    head = label.split("(")[0].strip().lower()
    return _FREQUENCY_CLASSES.get(head)


def _items(section, wrapper: str) -> Iterator[dict]:
    """Every item of an optional section, whatever its shape (list, single object, wrapped or bare)."""
    if section is None:
        return
    for item in section if isinstance(section, list) else [section]:
        if isinstance(item, dict) and wrapper in item:
            item = item[wrapper]
        for inner in item if isinstance(item, list) else [item]:
            if isinstance(inner, dict):
                yield inner
            elif isinstance(inner, str):
                yield {"value": inner}


def _value(item: dict, *keys: str) -> str | None:
    for key in keys:
        value = item.get(key)
        if isinstance(value, dict):
            value = value.get("value") or value.get("label")
        if isinstance(value, str) and value.strip().lower() not in _NO_VALUE:
            return value.strip()
    return None


def mapping_relation(reference: dict) -> str | None:
    """``"E (Exact mapping: ...)"`` -> ``"E"``; ``BTNT``, ``NTBT``, ``ND`` likewise."""
    match = _RELATION.match(reference.get("DisorderMappingRelation") or "")
    return match.group(1) if match else None


def _phenotypes(packet: dict) -> list[PhenotypeAnnotation]:
    annotations = []
    for item in _items(packet.get("Phenotypes"), "Phenotype"):
        hpo_id = item.get("HPOId")
        if not hpo_id:
            continue
        label = item.get("HPOFrequency")
        frequency = orphanet_frequency(label)
        annotations.append(PhenotypeAnnotation(
            hpo_id=hpo_id, label=item.get("HPOTerm"), frequency=frequency, frequency_label=label,
            excluded=frequency == 0.0, evidence="Orphanet"))
    return annotations


def _prevalences(packet: dict) -> list[Prevalence]:
    found = []
    for item in _items(packet.get("Prevalences"), "Prevalence"):
        value = None
        try:
            value = float(item.get("ValMoy", ""))
        except (TypeError, ValueError):
            pass
        found.append(Prevalence(
            prevalence_class=_value(item, "PrevalenceClass"),
            prevalence_type=_value(item, "PrevalenceType"),
            geographic=_value(item, "PrevalenceGeographic"),
            value=value if value else None,
            validated=None))
    return found


def _definition(packet: dict) -> str | None:
    for item in _items(packet.get("TextSection"), "TextSection"):
        if (item.get("TextSectionType") or "").lower() == "definition" and item.get("Contents"):
            return item["Contents"].strip()
    return None


def packet_to_record(packet: dict) -> DiseaseRecord:
    """One ORPHApacket (the object inside ``{"Orphapacket": ...}`` or the packet itself)."""
    packet = packet.get("Orphapacket", packet)
    code = str(packet.get("ORPHAcode") or "").strip()
    name = (packet.get("Label") or "").strip()
    if not code or not name:
        raise ValueError("packet has no ORPHAcode or Label")
    xrefs = []
    for ref in _items(packet.get("ExternalReferences"), "ExternalReference"):
        if ref.get("Source") == "OMIM" and ref.get("Reference") and mapping_relation(ref) == "E":
            xrefs.append(f"OMIM:{ref['Reference']}")
    version = packet.get("version")
    return DiseaseRecord(
        id=f"ORPHA:{code}",
        name=name,
        synonyms=[s for item in _items(packet.get("Synonyms"), "Synonym") if (s := _value(item, "value", "Synonym"))],
        definition=_definition(packet),
        phenotypes=_phenotypes(packet),
        inheritance=[v for item in _items(packet.get("TypeOfInheritances"), "TypeOfInheritance")
                     if (v := _value(item, "value"))],
        onset=[v for item in _items(packet.get("AverageAgeOfOnsets"), "AverageAgeOfOnset")
               if (v := _value(item, "value"))],
        prevalence=_prevalences(packet),
        xrefs=xrefs,
        genes=[g["Symbol"] for g in _items(packet.get("Genes"), "Gene") if g.get("Symbol")],
        disorder_type=_value(packet, "DisorderType"),
        sources=[f"Orphanet {version}" if version else "Orphanet"],
    )


def _raw_packets(path: Path) -> Iterator[tuple[str, str]]:
    """(position, JSON text) for each packet in a JSONL(.gz) file or a folder of JSON files."""
    if path.is_dir():
        for file in sorted(path.glob("*.json")):
            yield file.name, file.read_text(encoding="utf-8")
        return
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield f"line {number}", line


def _parsed(path: Path) -> Iterator[tuple[DiseaseRecord | Problem, list[tuple[str, str, str]]]]:
    """Each packet as (record or problem, its OMIM mappings), parsing the JSON once."""
    if not path.exists():
        raise InputError("no such file or folder", path=str(path),
                         hint="Pass orphapackets.jsonl.gz or a folder of ORPHApacket JSON files.")
    try:
        for position, text in _raw_packets(path):
            try:
                data = _loads(text)
                if not isinstance(data, dict):
                    raise ValueError("not a JSON object")
                record = packet_to_record(data)
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                yield Problem(path=str(path), position=position, reason=f"unreadable ORPHApacket: {exc}"), []
                continue
            packet = data.get("Orphapacket", data)
            mappings = [(record.id, f"OMIM:{ref['Reference']}", mapping_relation(ref) or "ND")
                        for ref in _items(packet.get("ExternalReferences"), "ExternalReference")
                        if ref.get("Source") == "OMIM" and ref.get("Reference")]
            yield record, mappings
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read ORPHApackets: {exc}", path=str(path)) from exc


def read_orphapackets(path: str | Path) -> Iterator[DiseaseRecord | Problem]:
    """Records from ORPHApackets; a malformed packet becomes a :class:`Problem` and reading goes on."""
    for event, _ in _parsed(Path(path)):
        yield event


def read_orphanet(path: str | Path) -> tuple[dict[str, DiseaseRecord], list[tuple[str, str, str]], list[Problem]]:
    """Records by id, every OMIM mapping as ``(ORPHA id, OMIM id, relation)`` (E, BTNT, NTBT, ND), and problems."""
    records: dict[str, DiseaseRecord] = {}
    mappings: list[tuple[str, str, str]] = []
    problems: list[Problem] = []
    for event, found in _parsed(Path(path)):
        if isinstance(event, Problem):
            problems.append(event)
        else:
            records[event.id] = event
            mappings += found
    return records, mappings, problems
