"""Contract-shaped domain data for report tests: 6 samples, long gene lists, 12 regimens.

The documents follow the cross-domain contracts of docs/ARCHITECTURE.md (genomics SampleInfo /
Alteration fields, the `group --json` and `pdo rank --json` documents). They are patched into
precisecli.report.sources so the report can be tested at full size independently of how the
other domains compute them; the demo test covers the real pipeline end to end.
"""

from __future__ import annotations

import copy
import math

from precisecli.report import sources

REGIMENS = [
    "pyro-cape",
    "pyro-cape-h",
    "eve-h-nabp",
    "eve-h-ai",
    "cdk-h-ai",
    "cdk-h",
    "hp-ai",
    "h-ai",
    "pd1-h",
    "pd1-tdm1",
    "tdm1",
    "hp-nabp",
]
DRUGS = {
    "pyro-cape": ["pyrotinib", "capecitabine"],
    "pyro-cape-h": ["pyrotinib", "capecitabine", "trastuzumab"],
    "eve-h-nabp": ["everolimus", "trastuzumab", "nab-paclitaxel"],
    "eve-h-ai": ["everolimus", "trastuzumab", "aromatase-inhibitor"],
    "cdk-h-ai": ["cdk46-inhibitor", "trastuzumab", "aromatase-inhibitor"],
    "cdk-h": ["cdk46-inhibitor", "trastuzumab"],
    "hp-ai": ["trastuzumab", "pertuzumab", "aromatase-inhibitor"],
    "h-ai": ["trastuzumab", "aromatase-inhibitor"],
    "pd1-h": ["anti-pd-1", "trastuzumab"],
    "pd1-tdm1": ["anti-pd-1", "t-dm1"],
    "tdm1": ["t-dm1"],
    "hp-nabp": ["trastuzumab", "pertuzumab", "nab-paclitaxel"],
}
SITES = [
    "liver segment VII (core needle)",
    "axillary lymph node",
    "bone (T10 vertebra)",
    "lung, right lower lobe",
]
GENES = [
    "ERBB2",
    "PIK3CA",
    "TP53",
    "ESR1",
    "CCND1",
    "CDK12",
    "MAP3K1",
    "GATA3",
    "KMT2C",
    "ARID1A",
    "NF1",
    "PTEN",
    "AKT1",
    "CDH1",
    "RB1",
    "MYC",
    "FGFR1",
    "ZNF703",
    "BRCA2",
    "NOTCH1",
    "SPEN",
    "TBX3",
    "RUNX1",
    "CBFB",
]


def samples(n: int = 6, ctdna: bool = True) -> list[dict]:
    out = []
    n_ct = 2 if ctdna else 0
    for i in range(n - n_ct):
        out.append(
            {
                "sample_id": f"BX{i + 1}-{SITES[i % 4].split()[0].upper()}-2024",
                "kind": "biopsy",
                "site": SITES[i % 4],
                "collected": f"2024-02-{20 + i}",
                "build": "GRCh38",
                "n_variants": 140 + i,
                "tmb_per_mb": 4.12 + i,
                "territory_mb": 34.0,
            }
        )
    for j in range(n_ct):
        out.append(
            {
                "sample_id": f"CT{j + 1}",
                "kind": "ctdna",
                "site": None,
                "collected": f"2024-0{3 + 3 * j}-01",
                "build": "GRCh38",
                "n_variants": 12 + j,
                "tmb_per_mb": None,
                "territory_mb": 1.9,
            }
        )
    return out


def alterations(sample_list: list[dict], genes: list[str] = GENES) -> list[dict]:
    out = []
    for si, s in enumerate(sample_list):
        for gi, gene in enumerate(genes):
            if (gi + si) % 3 == 2 and gi > 2:
                continue  # private/shared pattern
            amp = gene in ("ERBB2", "CCND1", "MYC", "FGFR1", "ZNF703")
            out.append(
                {
                    "sample_id": s["sample_id"],
                    "sample_kind": s["kind"],
                    "site": s["site"],
                    "collected": s["collected"],
                    "gene": gene,
                    "kind": "amplification" if amp else "mutation",
                    "alteration": "amplification"
                    if amp
                    else f"{'QWERTY'[gi % 6]}{100 + gi * 37}{'HKLMNP'[si % 6]}",
                    "hgvsp": None,
                    "consequence": None if amp else "missense_variant",
                    "vaf": None if amp else round(0.05 + 0.013 * gi + 0.02 * si, 4),
                    "depth": None if amp else 300 + gi,
                    "copy_number": 9.5 + si if amp else None,
                    "oncogenic": gi < 6,
                    "hotspot": gene == "PIK3CA",
                    "truncating": False,
                    "chip": False,
                    "clonal": None,
                    "filtered_reason": None,
                }
            )
    return out


def comparison(sample_list: list[dict], alts: list[dict]) -> dict:
    """A `variants compare --json`-shaped document for the stress data."""
    rows = {}
    for a in alts:
        r = rows.setdefault(
            (a["gene"], a["kind"], a["alteration"]),
            {
                "gene": a["gene"],
                "kind": a["kind"],
                "alteration": a["alteration"],
                "biopsies": [],
                "ctdna": [],
                "vaf": {s["sample_id"]: None for s in sample_list},
                "copy_number": {},
            },
        )
        r["biopsies" if a["sample_kind"] == "biopsy" else "ctdna"].append(a["sample_id"])
        r["vaf"][a["sample_id"]] = a["vaf"]
        if a["copy_number"]:
            r["copy_number"][a["sample_id"]] = a["copy_number"]
    n_bx = sum(s["kind"] == "biopsy" for s in sample_list)
    for r in rows.values():
        r["category"] = (
            "ctdna-only"
            if not r["biopsies"]
            else "truncal"
            if len(r["biopsies"]) == n_bx
            else "shared"
            if len(r["biopsies"]) > 1
            else "private"
        )
    return {
        "alterations": [rows[k] for k in sorted(rows)],
        "counts": {},
        "concordance": None,
        "ctdna_timeline": [],
    }


def grouping_doc() -> dict:
    return {
        "case_id": "X",
        "group": {"id": "G2", "name": "PI3K/AKT/mTOR"},
        "regimen": {"id": "eve-h-nabp", "drugs": DRUGS["eve-h-nabp"]},
        "alternatives": [
            {"id": "eve-h-ai", "drugs": DRUGS["eve-h-ai"]},
            {"id": "tdm1", "drugs": DRUGS["tdm1"]},
        ],
        "signatures": [
            {"group": "G1", "matched": False, "evidence": []},
            {
                "group": "G2",
                "matched": True,
                "evidence": [
                    {
                        "gene": "PIK3CA",
                        "alteration": "H1047R",
                        "sample_ids": ["BX1-LIVER-2024", "CT1"],
                        "vaf": 0.31,
                    }
                ],
            },
        ],
        "flags": [
            {
                "id": "prior-tdm1",
                "message": "prior T-DM1: T-DM1 is not a first choice",
                "exclude_drugs": [],
                "demote_drugs": ["t-dm1"],
                "evidence": [],
                "conditions": [],
                "source": "PROPOSAL",
            },
            {
                "id": "esr1-lbd-ai-inactive",
                "message": "ESR1 ligand-binding-domain mutation in ctDNA: aromatase inhibitors "
                "not active",
                "exclude_drugs": ["aromatase-inhibitor"],
                "demote_drugs": [],
                "evidence": [],
                "conditions": [],
                "source": "PROPOSAL",
            },
        ],
        "kb": None,
    }


def screen(n_regimens: int = 12) -> dict:
    regs = []
    for i, rid in enumerate(REGIMENS[:n_regimens]):
        inh = 88.0 - 7.1 * i
        regs.append(
            {
                "rank": i + 1,
                "regimen": rid,
                "drugs": DRUGS[rid],
                "inhibition_pct": inh,
                "inhibition_sd": 4.0,
                "n_wells": 24,
                "aac": round(0.8 - 0.05 * i, 3),
                "ic50_um": round(0.02 * (i + 1), 4) if i < 8 else None,
                "regression_pct": None,
                "sensitive": inh >= 50,
                "ci95": [inh - 6.5, inh + 6.5],
                "assessable": "anti-pd-1" not in DRUGS[rid]
                and "aromatase-inhibitor" not in DRUGS[rid],
                "near_tie": i in (0, 1),
            }
        )
    fits = [
        {
            "regimen": r["regimen"],
            "model": "ll3u",
            "converged": True,
            "hill": 1.2,
            "einf": 0.08 + 0.06 * i,
            "top": 1.0,
            "ec50_um": 0.02 * (i + 1),
            "ic50_um": r["ic50_um"],
            "emax": 0.1,
            "aac": r["aac"],
            "r2": 0.97,
        }
        for i, r in enumerate(regs)
    ]
    return {
        "screen_id": "S1",
        "readout": "viability",
        "ranking": {
            "case_id": "X",
            "screen": "S1",
            "metric": "inhibition",
            "regimens": regs,
            "fits": fits,
        },
    }


def qc_rows() -> list[dict]:
    return [
        {
            "screen": "S1",
            "plate_id": f"P{i}",
            "z_prime": 0.71 - 0.12 * i,
            "ssmd": 8.2,
            "cv_vehicle_pct": 6.5 + i,
            "passed": i < 3,
            "flags": [] if i < 3 else ["z' < 0.5"],
        }
        for i in range(1, 5)
    ]


def points(scr: dict) -> dict[str, list[list[float]]]:
    """Regimen -> [dose µM, viability %] around each fitted curve (3 replicates per dose)."""
    out = {}
    for i, r in enumerate(scr["ranking"]["regimens"]):
        fit = scr["ranking"]["fits"][i]
        pts = []
        for k in range(8):
            dose = 0.001 * 3**k
            v = fit["einf"] + (1 - fit["einf"]) / (1 + (dose / fit["ec50_um"]) ** fit["hill"])
            pts += [[dose, 100 * (v + 0.03 * math.sin(7 * k + rep))] for rep in range(3)]
        out[r["regimen"]] = pts
    return out


def patch(
    monkeypatch,
    *,
    n_samples=6,
    ctdna=True,
    organoids=True,
    n_regimens=12,
    genes=GENES,
    grouped=True,
):
    """Make precisecli.report.sources return stress-sized, contract-shaped domain data."""
    smp = samples(n_samples, ctdna) if n_samples else []
    alts = alterations(smp, genes)
    scr = screen(n_regimens) if organoids else None
    monkeypatch.setattr(sources, "samples", lambda record: copy.deepcopy(smp))
    monkeypatch.setattr(sources, "alterations", lambda case_dir, record: copy.deepcopy(alts))
    monkeypatch.setattr(
        sources, "comparison", lambda case_dir, record: comparison(smp, alts) if smp else None
    )
    monkeypatch.setattr(sources, "grouping", lambda record: grouping_doc() if grouped else None)
    monkeypatch.setattr(sources, "screens", lambda record: [copy.deepcopy(scr)] if scr else [])
    monkeypatch.setattr(sources, "screen_qc", lambda case_dir, s: qc_rows())
    monkeypatch.setattr(sources, "screen_points", lambda case_dir, s: points(scr))
    real_next = sources.next_line
    monkeypatch.setattr(
        sources,
        "next_line",
        lambda record: real_next(
            dict(
                record,
                pdo={"screens": [scr] if scr else []},
                grouping=grouping_doc() if grouped else None,
            )
        ),
    )
