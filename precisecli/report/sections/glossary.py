"""Appendix: what the report's metrics and categories mean (one line each, with the source)."""

from __future__ import annotations

from precisecli.report.formatting import section, table

TERMS = (
    (
        "TMB (mut/Mb)",
        "Tumour mutational burden: counted coding variants divided by the "
        "territory (Mb) the assay covers; the territory is the assay's, from the knowledge base.",
    ),
    (
        "TMB territory",
        "The number of megabases of coding sequence the assay can call (e.g. "
        "34 Mb for a whole exome); a TMB is only comparable between assays of known territory.",
    ),
    ("VAF", "Variant allele fraction: reads carrying the variant / all reads at the position."),
    ("Truncal", "Alteration found in every sequenced tumour focus (biopsy)."),
    ("Shared", "Alteration found in more than one focus, but not in all."),
    ("Private", "Alteration found in one focus only."),
    ("ctDNA-only", "Alteration found in circulating tumour DNA but in no biopsy."),
    (
        "CH",
        "Clonal haematopoiesis: a variant of blood cells (genes such as DNMT3A, TET2), not of "
        "the tumour; drawn apart in the ctDNA chart and not used for decisions.",
    ),
    ("ctDNA: detected", "Called in the draw at or above the detection floor."),
    ("ctDNA: not detected", "The assay covered the position and no variant was called."),
    (
        "ctDNA: below detection limit",
        "Reads were seen, below the assay's detection floor "
        "(knowledge base thresholds.ctdna.min_vaf).",
    ),
    ("ctDNA: not assayed", "The assay did not cover the position; absence means nothing."),
    (
        "Inhibition %",
        "100 − viability % of treated wells relative to vehicle, at the regimen's "
        "reference dose; 95 % CI across wells.",
    ),
    (
        "AAC",
        "Area above the dose–response curve over the tested log-dose range, normalised to "
        "0–1 (1 = full kill at every dose).",
    ),
    (
        "IC50",
        "Concentration giving 50 % viability on the fitted curve; '< x' / '> x' when it "
        "lies outside the tested range. For a combination the x axis is the first drug's µM.",
    ),
    (
        "DSS",
        "Drug sensitivity score (Yadav et al. 2014): AAC-like area above a 10 % activity "
        "threshold, scaled by the dose range; higher is more sensitive.",
    ),
    (
        "GR",
        "Growth-rate inhibition (Hafner et al. 2016): response normalised to the untreated "
        "growth rate, so fast- and slow-growing organoids compare; GR < 0 means kill.",
    ),
    (
        "Regression %",
        "Organoid regression: 100 · (D0 − Dt) / D0 of the long diameter from day 0 "
        "to the last day, per well then per regimen; > 0 means organoids shrank.",
    ),
    (
        "Near tie",
        "Two regimens whose metric intervals overlap so much that their order may be "
        "chance; the ranking does not separate them.",
    ),
    ("Sensitive", "Meets the knowledge base's organoid sensitivity threshold."),
    (
        "Z′ / SSMD",
        "Plate quality: separation of vehicle and kill controls (Z′ ≥ 0.5 and SSMD ≥ 3 pass).",
    ),
    (
        "RECIST 1.1",
        "CR complete, PR ≥ 30 % decrease of the target sum from baseline, PD ≥ 20 % "
        "(and ≥ 5 mm) increase over the nadir or new lesions, SD neither; a CR/PR is confirmed by "
        "a second assessment ≥ 28 days later (Eisenhauer et al. 2009).",
    ),
    (
        "ESCAT",
        "ESMO Scale for Clinical Actionability of molecular Targets (Mateo et al. 2018); "
        "shown only when the knowledge base rates the evidence.",
    ),
    ("Given", "A regimen the patient has already received (prior or study line)."),
)


def build() -> dict:
    sec = section("glossary", "Glossary", appendix=True)
    sec["tables"].append(table(None, ["Term", "Meaning"], "ll", [list(t) for t in TERMS]))
    return sec
