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
    (
        "ctDNA: not detected",
        "The assay covered the position, no variant was called, and at the draw's tumour "
        "fraction and depth it would have been called with probability ≥ 95 % (or the tumour "
        "fraction is unknown, which the table says).",
    ),
    (
        "ctDNA: below detection limit",
        "Not called, but the draw could not have seen it: the probability of calling the "
        "variant at the draw's tumour fraction and depth (p detect) is below 95 %.",
    ),
    ("ctDNA: not assayed", "The assay did not cover the position; absence means nothing."),
    (
        "Purity / ploidy",
        "Share of tumour cells in a tissue sample, and the tumour's average copy number; "
        "from the copy-number caller (PURPLE, ASCAT, FACETS, Sequenza) or entered.",
    ),
    (
        "Tumour fraction",
        "Share of cell-free DNA that comes from the tumour in a plasma draw (ichorCNA, "
        "or estimated from truncal variants).",
    ),
    (
        "CCF",
        "Cancer-cell fraction: share of tumour cells carrying a mutation, from its VAF, the "
        "sample's purity and the local copy number (McGranahan et al. 2016), with a 95 % "
        "interval; clonal when the interval reaches 1, else subclonal.",
    ),
    ("Multiplicity", "Copies of the mutated allele per tumour cell that carry it."),
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
        "GR_AOC / GRmax / GR50",
        "Area over the GR curve, the GR value at the highest dose, and the dose giving GR 0.5; "
        "need a day-0 read.",
    ),
    (
        "ZIP / Loewe",
        "Synergy of a combination over its dose matrix: mean difference (percentage points) "
        "from the zero-interaction-potency or Loewe-additivity expectation; > 0 synergy.",
    ),
    (
        "Bootstrap 95 % CI",
        "Interval from refitting the curve to wells resampled with a fixed seed (same data, "
        "same interval).",
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
        "Organoids regressing",
        "Share of tracked organoids whose diameter shrank by at least the knowledge base's "
        "threshold at the reference dose.",
    ),
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
