"""The default knowledge base, its schema, cross-reference checks and the kb commands."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from precisecli.errors import InputError
from precisecli.knowledge import load_kb
from precisecli.resources import resource_file
from precisecli.store.schema import validate

DEFAULT = resource_file("knowledge", "her2_refractory.yaml")
VERSION = load_kb().version


def test_default_kb_loads_and_stamps_its_sha256():
    kb = load_kb()
    assert kb.stamp() == {
        "name": "her2-refractory",
        "version": kb.version,
        "sha256": hashlib.sha256(DEFAULT.read_bytes()).hexdigest(),
    }
    assert kb.version in {c["version"] for c in kb.data["changelog"]}


def test_default_kb_has_the_design_scheme():
    data = load_kb().data
    assert [g["id"] for g in data["groups"]] == ["G1", "G2", "G3", "G4", "G5", "G6"]
    assert data["priority"] == ["G1", "G2", "G3", "G5", "G4", "G6"]
    first = {g["id"]: g["regimens"][0]["regimen"] for g in data["groups"]}
    assert first == {
        "G1": "pyro-cape",
        "G2": "eve-h-nabp",
        "G3": "cdk-h-ai",
        "G4": "hp-ai",
        "G5": "pd1-h",
        "G6": "tdm1",
    }
    g6 = next(g for g in data["groups"] if g["id"] == "G6")
    assert [o["regimen"] for o in g6["regimens"]] == ["tdm1", "hp-nabp"]
    # every group regimen option uses only the ten study drugs; newer drugs (0.3.0) appear only in
    # newer_options, never as a group's regimen
    study = {
        "trastuzumab", "pertuzumab", "nab-paclitaxel", "pyrotinib", "capecitabine", "t-dm1",
        "everolimus", "cdk46-inhibitor", "aromatase-inhibitor", "anti-pd-1",
    }  # fmt: skip
    used = {
        d
        for g in data["groups"]
        for o in g["regimens"]
        for d in data["regimens"][o["regimen"]]["drugs"]
    }
    assert used == study
    newer = {o["regimen"] for o in data["newer_options"]}
    assert not newer & {o["regimen"] for g in data["groups"] for o in g["regimens"]}
    assert data["hotspots"]["esr1_lbd"]["variants"] == [
        "Y537S",
        "Y537N",
        "Y537C",
        "D538G",
        "E380Q",
        "L536H",
    ]


def test_every_evidence_entry_has_figures_and_a_known_source():
    data = load_kb().data
    for entry in data["evidence"]:
        assert entry["figures"], entry["id"]
        assert all(src in data["sources"] for src in entry["source"]), entry["id"]
        # each figure carries a number: headline figures, not prose
        assert all(re.search(r"\d", f) for f in entry["figures"]), entry["id"]
    used = {e for g in data["groups"] for e in g["evidence"]}
    used |= {e for o in data["newer_options"] for e in o["evidence"]}
    used |= {e for b in data["biomarker_evidence"] for e in b["trials"]}
    assert used == {e["id"] for e in data["evidence"]}


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "site.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


@pytest.mark.parametrize(
    "old,new,field,needle",
    [
        (
            "      - {regimen: cdk-h}",
            "      - {regimen: cdk-h, colour: red}",
            "groups[2].regimens[1].colour",
            "colour: red",
        ),
        (
            "if_missing: not-met}\n        - clinical: {field: msi_status",
            "if_missing: maybe}\n        - clinical: {field: msi_status",
            "groups[4].signature.any[0].sample_metric.if_missing",
            "if_missing: maybe",
        ),
        (
            "biomarker: ERBB2 amplification, escat: I-A",
            "biomarker: ERBB2 amplification, escat: I-Z",
            "evidence[0].level.escat",
            "escat: I-Z",
        ),
    ],
)
def test_schema_errors_name_the_path_and_line(tmp_path, old, new, field, needle):
    path = _broken(tmp_path, old, new)
    with pytest.raises(InputError) as err:
        load_kb(path)
    assert err.value.location.field == field
    assert err.value.location.line == _line_of(path, needle)
    assert err.value.location.file == "site.yaml"


@pytest.mark.parametrize(
    "old,new,field,message",
    [
        (
            "priority: [G1, G2, G3, G5, G4, G6]",
            "priority: [G1, G2, G3, G5, G4, G7]",
            "priority[5]",
            "unknown group 'G7'",
        ),
        (
            "priority: [G1, G2, G3, G5, G4, G6]",
            "priority: [G1, G2, G3, G5, G4]",
            "priority",
            "does not rank group(s) G6",
        ),
        (
            "      - {regimen: cdk-h}",
            "      - {regimen: cdk-hh}",
            "groups[2].regimens[1].regimen",
            "unknown regimen 'cdk-hh'",
        ),
        (
            "exclude_drugs: [aromatase-inhibitor]",
            "exclude_drugs: [letrozole]",
            "flags[0].exclude_drugs[0]",
            "unknown drug 'letrozole'",
        ),
        (
            "at_least: {threshold: pdl1.cps_positive}",
            "at_least: {threshold: pdl1.cps_high}",
            "groups[4].signature.any[2].clinical.at_least.threshold",
            "unknown threshold",
        ),
        (
            f'version: "{VERSION}"\nchangelog',
            'version: "9.9.9"\nchangelog',
            "changelog",
            "no changelog entry for version 9.9.9",
        ),
    ],
)
def test_cross_reference_errors_name_the_path(tmp_path, old, new, field, message):
    path = _broken(tmp_path, old, new)
    with pytest.raises(InputError) as err:
        load_kb(path)
    assert err.value.location.field == field
    assert message in err.value.message


def test_kb_show_json(cli):
    res = cli("kb", "show", "--json")
    assert res.exit_code == 0, res.stderr
    doc = res.json()
    validate(doc, "cli/kb-show.schema.json")
    assert doc["kb"] == load_kb().stamp()
    assert doc["priority"] == ["G1", "G2", "G3", "G5", "G4", "G6"]
    g3 = next(g for g in doc["groups"] if g["id"] == "G3")
    assert g3["signature_text"].startswith("all(hr_status = positive, any(CCND1/CDK4/CDK6 amp")


def test_kb_show_human_and_site_kb(cli, tmp_path):
    site = tmp_path / "site.yaml"
    site.write_text(
        DEFAULT.read_text(encoding="utf-8").replace("name: her2-refractory", "name: site-a", 1)
    )
    res = cli("kb", "show", "--kb", site)
    assert res.exit_code == 0
    assert "site-a" in res.stdout and "G1 > G2 > G3 > G5 > G4 > G6" in res.stdout


def test_kb_validate(cli, tmp_path):
    res = cli("kb", "validate", DEFAULT, "--json")
    assert res.exit_code == 0
    doc = res.json()
    validate(doc, "cli/kb-validate.schema.json")
    assert doc["n_groups"] == 6 and doc["valid"] is True
    bad = _broken(tmp_path, "  min_foci: 2", "  min_foci: two")
    res = cli("kb", "validate", bad)
    assert res.exit_code == 3
    assert res.stdout == ""
    assert "site.yaml" in res.stderr and "qualification.min_foci" in res.stderr
    assert "Traceback" not in res.stderr
    res = cli("kb", "validate", tmp_path / "missing.yaml")
    assert res.exit_code == 3 and "file not found" in res.stderr


def test_yaml_parse_of_default_matches_loader():
    # the loader's strict YAML reader and PyYAML agree on the content
    assert yaml.safe_load(DEFAULT.read_text(encoding="utf-8")) == load_kb().data
