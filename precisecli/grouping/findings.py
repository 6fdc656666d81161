"""Collapse per-sample observations into findings and apply the knowledge base's qualification rule.

A finding is one alteration (gene + kind + change) across every sample where it was seen. The rule
(research note §2.8 step 1, KB `qualification`): oncogenic AND (≥ min_foci biopsy foci OR detected
in ctDNA OR clonal). Oncogenic but unqualified findings are kept as "secondary".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from precisecli.genomics.model import Alteration

SINGLE_SAMPLE = "only tumour sample of the case (heterogeneity not assessable, clonality unknown)"
_MISSENSE = re.compile(r"^[A-Z*](\d+)[A-Z*]$")


def protein_label(label: str) -> str:
    """'p.H1047R' and 'H1047R' compare equal."""
    return label[2:] if label.startswith("p.") else label


def missense_codon(label: str) -> int | None:
    m = _MISSENSE.match(protein_label(label))
    return int(m.group(1)) if m else None


def in_variant_list(gene: str, label: str, entry: dict[str, Any]) -> bool:
    if gene != entry["gene"]:
        return False
    change = protein_label(label)
    if change in entry.get("variants", ()):
        return True
    codon = missense_codon(change)
    return codon is not None and codon in entry.get("codons", ())


@dataclass(frozen=True)
class Finding:
    gene: str
    kind: str
    alteration: str
    observations: tuple[Alteration, ...]  # sorted by sample id; excluded observations left out
    oncogenic_by: tuple[str, ...]
    qualified_by: tuple[str, ...]
    not_qualified_reason: str | None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.gene, self.kind, self.alteration)

    @property
    def oncogenic(self) -> bool:
        return bool(self.oncogenic_by)

    @property
    def qualified(self) -> bool:
        return self.oncogenic and bool(self.qualified_by)

    @property
    def secondary(self) -> bool:
        return self.oncogenic and not self.qualified_by

    @property
    def sample_ids(self) -> list[str]:
        return sorted({o.sample_id for o in self.observations})

    @property
    def foci(self) -> list[str]:
        return sorted(
            {o.site or o.sample_id for o in self.observations if o.sample_kind == "biopsy"}
        )

    @property
    def ctdna_only(self) -> bool:
        return all(o.sample_kind == "ctdna" for o in self.observations)

    @property
    def single_sample(self) -> bool:
        return SINGLE_SAMPLE in self.qualified_by

    @property
    def hotspot(self) -> bool:
        return any(o.hotspot for o in self.observations)

    @property
    def truncating(self) -> bool:
        return any(o.truncating for o in self.observations)

    @property
    def annotated_oncogenic(self) -> bool:
        return any(o.oncogenic for o in self.observations)

    def trail(self) -> dict[str, Any]:
        """The evidence record of DESIGN §4 (gene, alteration, sample_ids, vaf) and more."""
        vafs = {o.sample_id: o.vaf for o in self.observations if o.vaf is not None}
        cns = [o.copy_number for o in self.observations if o.copy_number is not None]
        return {
            "gene": self.gene,
            "alteration": self.alteration,
            "kind": self.kind,
            "sample_ids": self.sample_ids,
            "vaf": max(vafs.values()) if vafs else None,
            "vaf_by_sample": dict(sorted(vafs.items())),
            "copy_number": max(cns) if cns else None,
            "foci": self.foci,
            "in_ctdna": any(o.sample_kind == "ctdna" for o in self.observations),
            "qualified": self.qualified,
            "qualified_by": list(self.qualified_by),
            "not_qualified_reason": self.not_qualified_reason,
            "oncogenic_by": list(self.oncogenic_by),
            # issue 15: the clonality and ctDNA evidence behind "clonal" / "detected in ctDNA"
            "clonality": [
                {
                    "sample_id": o.sample_id,
                    "ccf": o.ccf,
                    "ccf_ci95": list(o.ccf_ci95) if o.ccf_ci95 else None,
                    "multiplicity": o.multiplicity,
                    "clonal": o.clonal,
                    "reason": o.clonality_reason,
                }
                for o in self.observations
                if o.sample_kind == "biopsy" and o.kind == "mutation"
            ],
            "ctdna_evidence": [
                {"sample_id": o.sample_id, "collected": o.collected, "vaf": o.vaf}
                for o in self.observations
                if o.sample_kind == "ctdna"
            ],
        }


def _oncogenic_by(
    gene: str, kind: str, label: str, obs: list[Alteration], kb_data: dict[str, Any]
) -> tuple[str, ...]:
    rule = kb_data["qualification"]
    wanted = rule["oncogenic_evidence"]
    found = []
    if "annotation" in wanted and any(o.oncogenic for o in obs):
        found.append("annotation")
    if "hotspot" in wanted and any(o.hotspot for o in obs):
        found.append("hotspot")
    if "variant_list" in wanted and kind == "mutation":
        for lid, entry in sorted(kb_data.get("hotspots", {}).items()):
            if in_variant_list(gene, label, entry):
                found.append(f"variant list {lid}")
    if (
        "truncating_tumour_suppressor" in wanted
        and kind == "mutation"
        and gene in rule.get("tumour_suppressors", ())
        and any(o.truncating for o in obs)
    ):
        found.append("truncating tumour suppressor")
    if "copy_number" in wanted and kind in rule.get("copy_number_kinds", ()):
        found.append(f"copy-number {kind}")
    return tuple(found)


def _qualified_by(
    obs: list[Alteration], rule: dict[str, Any], single_sample: bool
) -> tuple[tuple[str, ...], str]:
    reasons = []
    foci = sorted({o.site or o.sample_id for o in obs if o.sample_kind == "biopsy"})
    if len(foci) >= rule["min_foci"]:
        reasons.append(f"present in {len(foci)} foci ({', '.join(foci)})")
    ctdna = sorted({o.sample_id for o in obs if o.sample_kind == "ctdna"})
    if rule["ctdna_counts"] and ctdna:
        reasons.append(f"detected in ctDNA ({', '.join(ctdna)})")
    if rule["clonal_counts"] and any(o.clonal for o in obs):
        reasons.append("clonal")
    if (
        not reasons
        and single_sample
        and rule.get("single_sample_counts", False)
        and all(o.clonal is None for o in obs)
    ):
        reasons.append(SINGLE_SAMPLE)
    clonality = (
        "subclonal"
        if any(o.clonal is False for o in obs) and not any(o.clonal for o in obs)
        else "clonality unknown"
    )
    where = f"{len(foci)} focus ({', '.join(foci)})" if len(foci) == 1 else f"{len(foci)} foci"
    why_not = f"seen in {where}, not in ctDNA, {clonality}"
    return tuple(reasons), why_not


def build_findings(
    alterations: list[Alteration], kb_data: dict[str, Any], n_samples: int | None = None
) -> list[Finding]:
    """Every alteration with at least one countable observation, sorted by gene, kind, change.

    n_samples: how many tumour samples the case has (default: those the alterations name).
    """
    rule = kb_data["qualification"]
    if n_samples is None:
        n_samples = len({a.sample_id for a in alterations})
    groups: dict[tuple[str, str, str], list[Alteration]] = {}
    for alt in alterations:
        if alt.filtered_reason:
            continue  # genomics already decided it does not count (below the ctDNA floor, ...)
        if alt.chip and rule.get("exclude_clonal_hematopoiesis", True):
            continue
        label = protein_label(alt.alteration) if alt.kind == "mutation" else alt.alteration
        groups.setdefault((alt.gene, alt.kind, label), []).append(alt)
    findings = []
    for (gene, kind, label), obs in sorted(groups.items()):
        obs.sort(key=lambda o: (o.sample_id, o.collected or ""))
        oncogenic_by = _oncogenic_by(gene, kind, label, obs, kb_data)
        qualified_by, why_not = _qualified_by(obs, rule, n_samples == 1)
        findings.append(
            Finding(
                gene=gene,
                kind=kind,
                alteration=label,
                observations=tuple(obs),
                oncogenic_by=oncogenic_by,
                qualified_by=qualified_by if oncogenic_by else (),
                not_qualified_reason=(
                    None
                    if oncogenic_by and qualified_by
                    else ("not oncogenic" if not oncogenic_by else why_not)
                ),
            )
        )
    return findings
