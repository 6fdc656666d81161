"""Scenario patients for the grouping table test: built by hand, expectations read off the KB.

Each expectation was derived from knowledge/her2_refractory.yaml by hand: the qualification rule
(oncogenic AND (>= 2 foci OR ctDNA OR clonal)), the signatures, the priority
G1 > G2 > G3 > G5 > G4 > G6, the regimen option order and the flags (ESR1 LBD excludes
aromatase-inhibitor regimens, prior T-DM1 demotes T-DM1 regimens).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from precisecli.genomics.model import Alteration, SampleInfo

SAMPLES = {
    "B1": ("biopsy", "liver", "2024-02-20"),
    "B2": ("biopsy", "axillary lymph node", "2024-02-20"),
    "B3": ("biopsy", "liver", "2024-06-01"),  # second biopsy of the same focus
    "C1": ("ctdna", None, "2024-02-21"),
    "C2": ("ctdna", None, "2024-05-02"),
}


def sample(sid: str, tmb: float | None = 2.0) -> SampleInfo:
    kind, site, collected = SAMPLES[sid]
    return SampleInfo(sid, kind, site, collected, "GRCh38", 100, tmb, 34.0)


def mut(gene: str, change: str, *sids: str, vaf: float = 0.3, **flags) -> list[Alteration]:
    return [
        Alteration(
            sample_id=s,
            sample_kind=SAMPLES[s][0],
            site=SAMPLES[s][1],
            collected=SAMPLES[s][2],
            gene=gene,
            kind="mutation",
            alteration=change,
            hgvsp=f"p.{change}",
            consequence="missense_variant",
            vaf=vaf,
            depth=200,
            **flags,
        )
        for s in sids
    ]


def cn(gene: str, kind: str, *sids: str, copy_number: float = 9.0, **flags) -> list[Alteration]:
    return [
        Alteration(
            sample_id=s,
            sample_kind=SAMPLES[s][0],
            site=SAMPLES[s][1],
            collected=SAMPLES[s][2],
            gene=gene,
            kind=kind,
            alteration=kind,
            copy_number=copy_number,
            **flags,
        )
        for s in sids
    ]


def ccf_mut(gene: str, change: str, sid: str, *, vaf: float, purity: float, major: int,
            minor: int, depth: int = 200) -> list[Alteration]:  # fmt: skip
    """One tissue observation whose clonal flag comes from the CCF estimate of genomics
    (precisecli.genomics.clonality, McGranahan 2016): purity, local nMajor+nMinor, VAF, depth."""
    from precisecli.genomics.clonality import estimate

    c = estimate(vaf=vaf, depth=depth, alt_depth=round(vaf * depth), purity=purity,
                 total_cn=major + minor, minor_cn=minor)  # fmt: skip
    return mut(gene, change, sid, vaf=vaf, clonal=c.clonal, ccf=c.ccf, ccf_ci95=c.ccf_ci95,
               multiplicity=c.multiplicity, local_cn=float(major + minor))  # fmt: skip


THP = {"line": 1, "regimen": "THP", "drugs": ["trastuzumab", "pertuzumab", "docetaxel"]}
TDM1 = {"line": 2, "regimen": "T-DM1", "drugs": ["Kadcyla"]}


def intake(hr: str = "pos", tdm1: bool = False, msi: str = "MSS", cps: float | None = 1) -> dict:
    diagnosis = {
        "pos": {"er_percent": 80, "pr_percent": 10},
        "neg": {"er_percent": 0, "pr_percent": 0},
    }
    biomarkers = {"msi_status": msi}
    if cps is not None:
        biomarkers["pdl1_cps"] = cps
    return {
        "diagnosis": {"her2_ihc": "3+", **diagnosis.get(hr, {})},
        "biomarkers": biomarkers,
        "prior_therapy": [THP, TDM1] if tdm1 else [THP],
    }


@dataclass
class Scenario:
    name: str
    intake: dict
    alterations: list[Alteration]
    samples: list[str] | None = ("B1", "B2", "C1")
    tmb: dict[str, float] = field(default_factory=dict)
    # expectations (None = cannot assign)
    group: str | None = None
    regimen: str | None = None
    alternatives: tuple[str, ...] = ()
    rule: str | None = None
    flags: frozenset[str] = frozenset()
    secondary: tuple[str, ...] = ()
    evidence: dict[str, set[str]] = field(default_factory=dict)  # group -> {"GENE change"}
    cannot: tuple[str, ...] = ()  # substrings of the cannot-assign message

    def build_samples(self) -> list[SampleInfo] | None:
        if self.samples is None:
            return None
        return [sample(s, self.tmb.get(s, 2.0)) for s in self.samples]


SCENARIOS = [
    Scenario(
        "G1 ERBB2 L755S in two foci",
        intake("neg"),
        mut("ERBB2", "L755S", "B1", "B2") + cn("ERBB2", "amplification", "B1", "B2"),
        group="G1",
        regimen="pyro-cape",
        alternatives=("pyro-cape-h", "tdm1"),
        rule="single-match",
        evidence={"G1": {"ERBB2 L755S"}},
    ),
    Scenario(
        "G1 ERBB2 exon-20 duplication in ctDNA only",
        intake("neg"),
        mut("ERBB2", "Y772_A775dup", "C1", vaf=0.01),
        group="G1",
        regimen="pyro-cape",
        alternatives=("pyro-cape-h", "tdm1"),
        rule="single-match",
        flags=frozenset({"ctdna-only"}),
        evidence={"G1": {"ERBB2 Y772_A775dup"}},
    ),
    Scenario(
        "tie-break G1 over G2",
        intake("neg"),
        mut("ERBB2", "V777L", "B1", "B2") + mut("PIK3CA", "E545K", "B1", "B2"),
        group="G1",
        regimen="pyro-cape",
        alternatives=("pyro-cape-h", "tdm1"),
        rule="priority",
        evidence={"G1": {"ERBB2 V777L"}, "G2": {"PIK3CA E545K"}},
    ),
    Scenario(
        "G2 PIK3CA H1047R truncal, HR-negative: no AI option",
        intake("neg"),
        mut("PIK3CA", "H1047R", "B1", "B2", "C1"),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        evidence={"G2": {"PIK3CA H1047R"}},
    ),
    Scenario(
        "G2 AKT1 E17K clonal in a single focus, HR-positive: AI option",
        intake("pos"),
        mut("AKT1", "E17K", "B1", clonal=True),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("eve-h-ai", "tdm1"),
        rule="priority",
        evidence={"G2": {"AKT1 E17K"}},
    ),
    Scenario(
        "G2 PTEN truncating mutation in two foci",
        intake("neg"),
        mut("PTEN", "R130*", "B1", "B2", truncating=True),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        evidence={"G2": {"PTEN R130*"}},
    ),
    Scenario(
        "G2 PTEN homozygous deletion in two foci",
        intake("neg"),
        cn("PTEN", "deletion", "B1", "B2", copy_number=0),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        evidence={"G2": {"PTEN deletion"}},
    ),
    Scenario(
        "G2 by annotator hotspot flag outside the KB list (PIK3CA E545G)",
        intake("neg"),
        mut("PIK3CA", "E545G", "B1", "B2", hotspot=True),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        evidence={"G2": {"PIK3CA E545G"}},
    ),
    Scenario(
        "tie-break G2 over G3 (HR-positive)",
        intake("pos"),
        mut("PIK3CA", "H1047L", "B1", "B2") + cn("CCND1", "amplification", "B1", "B2"),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("eve-h-ai", "tdm1"),
        rule="priority",
        evidence={"G2": {"PIK3CA H1047L"}, "G3": {"CCND1 amplification"}},
    ),
    Scenario(
        "G3 CCND1 amplification in two foci, HR-positive",
        intake("pos"),
        cn("CCND1", "amplification", "B1", "B2"),
        group="G3",
        regimen="cdk-h-ai",
        alternatives=("cdk-h",),
        rule="priority",
        evidence={"G3": {"CCND1 amplification"}},
    ),
    Scenario(
        "HR gating: CCND1 amplification but HR-negative goes to G6",
        intake("neg"),
        cn("CCND1", "amplification", "B1", "B2"),
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "G3 needs RB1 intact: CDK4 amplification with RB1 deletion falls to G4",
        intake("pos"),
        cn("CDK4", "amplification", "B1", "B2") + cn("RB1", "deletion", "B1", "B2", copy_number=0),
        group="G4",
        regimen="hp-ai",
        alternatives=("h-ai",),
        rule="single-match",
    ),
    Scenario(
        "G3 with ESR1 D538G in ctDNA: AI excluded, CDK4/6i + trastuzumab",
        intake("pos"),
        cn("CDKN2A", "deletion", "B1", "B2", copy_number=0) + mut("ESR1", "D538G", "C2", vaf=0.02),
        group="G3",
        regimen="cdk-h",
        alternatives=(),
        rule="single-match",
        flags=frozenset({"esr1-lbd-ai-inactive", "ctdna-only"}),
        evidence={"G3": {"CDKN2A deletion"}},
    ),
    Scenario(
        "G4 HR-positive without drivers (TP53 recorded, not a driver)",
        intake("pos"),
        mut("TP53", "R248Q", "B1", "B2", oncogenic=True, hotspot=True),
        group="G4",
        regimen="hp-ai",
        alternatives=("h-ai",),
        rule="single-match",
    ),
    Scenario(
        "ESR1 Y537S in two foci keeps an HR-positive patient out of G4",
        intake("pos"),
        mut("ESR1", "Y537S", "B1", "B2"),
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
        flags=frozenset({"esr1-lbd-ai-inactive"}),
    ),
    Scenario(
        "tie-break G5 (TMB-high) over G4",
        intake("pos"),
        [],
        tmb={"B1": 14.0},
        group="G5",
        regimen="pd1-h",
        alternatives=("pd1-tdm1",),
        rule="priority",
    ),
    Scenario(
        "G5 MSI-H, HR-negative",
        intake("neg", msi="MSI-H"),
        [],
        group="G5",
        regimen="pd1-h",
        alternatives=("pd1-tdm1",),
        rule="single-match",
    ),
    Scenario(
        "G5 PD-L1 CPS exactly at the cut-off (10)",
        intake("neg", cps=10),
        [],
        group="G5",
        regimen="pd1-h",
        alternatives=("pd1-tdm1",),
        rule="single-match",
    ),
    Scenario(
        "PD-L1 CPS 9 is below the cut-off: G6",
        intake("neg", cps=9),
        [],
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "TMB-high in ctDNA only does not count (biopsy TMB only)",
        intake("neg"),
        [],
        tmb={"C1": 25.0},
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "tie-break G3 over G5",
        intake("pos"),
        cn("CDK6", "amplification", "B1", "B2"),
        tmb={"B2": 12.0},
        group="G3",
        regimen="cdk-h-ai",
        alternatives=("cdk-h",),
        rule="priority",
    ),
    Scenario(
        "tie-break G2 over G5 (MSI-H)",
        intake("neg", msi="MSI-H"),
        mut("PIK3CA", "N345K", "B1", "B2"),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="priority",
    ),
    Scenario(
        "G6 T-DM1-naive: T-DM1 first",
        intake("neg"),
        [],
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "G6 after T-DM1: trastuzumab + pertuzumab + nab-paclitaxel first",
        intake("neg", tdm1=True),
        [],
        group="G6",
        regimen="hp-nabp",
        alternatives=("tdm1",),
        rule="fallback",
        flags=frozenset({"prior-tdm1"}),
    ),
    Scenario(
        "G5 after T-DM1: anti-PD-1 + T-DM1 stays an alternative",
        intake("neg", tdm1=True, msi="MSI-H"),
        [],
        group="G5",
        regimen="pd1-h",
        alternatives=("pd1-tdm1",),
        rule="single-match",
        flags=frozenset({"prior-tdm1"}),
    ),
    Scenario(
        "subclonal single-focus PIK3CA H1047R is secondary",
        intake("neg"),
        mut("PIK3CA", "H1047R", "B1", clonal=False, vaf=0.04),
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
        flags=frozenset({"secondary-alteration"}),
        secondary=("G2",),
    ),
    Scenario(
        "two biopsies of the same focus count once: CCND1 secondary, G4",
        intake("pos"),
        cn("CCND1", "amplification", "B1", "B3"),
        samples=["B1", "B3"],
        group="G4",
        regimen="hp-ai",
        alternatives=("h-ai",),
        rule="single-match",
        flags=frozenset({"secondary-alteration"}),
        secondary=("G3",),
    ),
    Scenario(
        "single-focus ESR1 mutation is secondary: no AI exclusion",
        intake("pos"),
        mut("ESR1", "D538G", "B1"),
        group="G4",
        regimen="hp-ai",
        alternatives=("h-ai",),
        rule="single-match",
        flags=frozenset({"secondary-alteration"}),
    ),
    Scenario(
        "ctDNA call below the genomics floor is ignored",
        intake("neg"),
        mut("ERBB2", "L755S", "C1", vaf=0.001, filtered_reason="below ctDNA VAF floor"),
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "ERBB2 amplification alone does not make G1",
        intake("neg"),
        cn("ERBB2", "amplification", "B1", "B2"),
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "non-oncogenic ERBB2 variant in two foci is ignored",
        intake("neg"),
        mut("ERBB2", "P1170A", "B1", "B2"),
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
    ),
    Scenario(
        "HR unknown does not matter when G2 decides; AI option not applicable",
        intake("unknown"),
        mut("PIK3CA", "H1047R", "B1", "B2"),
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
    ),
    Scenario(
        "demo-like patient",
        intake("pos", tdm1=True),
        mut("PIK3CA", "H1047R", "B1", "B2", "C1", "C2", hotspot=True)
        + cn("ERBB2", "amplification", "B1", "B2")
        + cn("CCND1", "amplification", "B1")
        + mut("ESR1", "D538G", "C2", vaf=0.03),
        samples=["B1", "B2", "C1", "C2"],
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        flags=frozenset(
            {"esr1-lbd-ai-inactive", "prior-tdm1", "secondary-alteration", "ctdna-only"}
        ),
        secondary=("G3",),
        evidence={"G2": {"PIK3CA H1047R"}},
    ),
    Scenario(
        "single-biopsy case: unknown clonality counts, flagged single-sample",
        intake("neg"),
        mut("PIK3CA", "H1047R", "B1", vaf=0.42) + cn("ERBB2", "amplification", "B1"),
        samples=["B1"],
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        flags=frozenset({"single-sample"}),
        evidence={"G2": {"PIK3CA H1047R"}},
    ),
    Scenario(
        # issue 15: purity 0.6, CN 2 (1+1), VAF 0.30 -> CCF 1.0 [CI to 1]: clonal, no fallback
        "single biopsy, PIK3CA H1047R clonal by CCF: G2 without the single-sample rule",
        intake("neg"),
        ccf_mut("PIK3CA", "H1047R", "B1", vaf=0.30, purity=0.6, major=1, minor=1),
        samples=["B1"],
        group="G2",
        regimen="eve-h-nabp",
        alternatives=("tdm1",),
        rule="single-match",
        evidence={"G2": {"PIK3CA H1047R"}},
    ),
    Scenario(
        # issue 15: the same with VAF 0.06 -> CCF 0.2, CI well below 1: subclonal, secondary
        "single biopsy, PIK3CA H1047R subclonal by CCF: secondary, G6",
        intake("neg"),
        ccf_mut("PIK3CA", "H1047R", "B1", vaf=0.06, purity=0.6, major=1, minor=1),
        samples=["B1"],
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
        flags=frozenset({"secondary-alteration"}),
        secondary=("G2",),
    ),
    Scenario(
        "single-biopsy case: a subclonal driver stays secondary",
        intake("neg"),
        mut("PIK3CA", "H1047R", "B1", vaf=0.05, clonal=False),
        samples=["B1"],
        group="G6",
        regimen="tdm1",
        alternatives=("hp-nabp",),
        rule="fallback",
        flags=frozenset({"secondary-alteration"}),
        secondary=("G2",),
    ),
    # --- missing data: an explicit "cannot assign", never a default group ---------------
    Scenario(
        "no genomic data at all",
        intake("pos"),
        [],
        samples=None,
        cannot=("no genomic data",),
    ),
    Scenario(
        "HR unknown with a cell-cycle driver",
        intake("unknown"),
        cn("CCND1", "amplification", "B1", "B2"),
        cannot=("HR status", "G3"),
    ),
    Scenario(
        "HR unknown and no driver: G4 cannot be decided",
        intake("unknown"),
        [],
        cannot=("HR status", "G4"),
    ),
]
