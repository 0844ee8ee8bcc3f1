"""Clinical abbreviations that case reports use for findings and HPO does not list as synonyms.

HPO gives some abbreviations ("VSD", "PDA", "GERD") as synonyms; reports use many more ("SNHL",
"HSM", "LVH"). Each entry here names its term by the HPO *label*, not by id, so a term renamed or
made obsolete in a later release drops out instead of being misread, and :func:`abbreviation_terms`
keeps only those the ontology holds. Only abbreviations with one reading in clinical text are listed:
"ID" (identifier), "CP" (cerebral palsy or cleft palate), "DD" (differential diagnosis), "PE" and
"MR" are left out. Matching is case-sensitive, as for HPO's own abbreviations.
"""

from __future__ import annotations

from clinicite.ingest.hpo import Ontology

CLINICAL_ABBREVIATIONS = {
    "SNHL": "Sensorineural hearing impairment", "CHL": "Conductive hearing impairment",
    "HSM": "Hepatosplenomegaly", "OSA": "Obstructive sleep apnea", "LVH": "Left ventricular hypertrophy",
    "PFO": "Patent foramen ovale", "SGA": "Small for gestational age", "ESRD": "Stage 5 chronic kidney disease",
    "ESRF": "Stage 5 chronic kidney disease", "GTC": "Bilateral tonic-clonic seizure",
    "GTCS": "Bilateral tonic-clonic seizure", "TOF": "Tetralogy of Fallot", "HLHS": "Hypoplastic left heart",
    "AVSD": "Atrioventricular canal defect", "CDH": "Congenital diaphragmatic hernia", "NTD": "Neural tube defect",
    "VPI": "Velopharyngeal insufficiency", "DVT": "Deep venous thrombosis", "HTN": "Hypertension",
    "T2DM": "Type II diabetes mellitus", "T1DM": "Type I diabetes mellitus", "NEC": "Necrotizing enterocolitis",
    "IVH": "Intraventricular hemorrhage", "ROP": "Retinopathy of prematurity",
    "LVNC": "Left ventricular noncompaction",
}


def abbreviation_terms(ontology: Ontology) -> dict[str, str]:
    """Abbreviation -> HPO id, for the entries whose label the ontology holds as a current term."""
    by_label = {t.name.lower(): t.id for t in ontology.terms.values() if not t.obsolete}
    return {abbreviation: by_label[label.lower()] for abbreviation, label in CLINICAL_ABBREVIATIONS.items()
            if label.lower() in by_label}


__all__ = ["CLINICAL_ABBREVIATIONS", "abbreviation_terms"]
