"""Nothing identifying beyond the pseudonym, notes only with --with-notes (the demo intake's notes
contain CJK text), same case → same bytes, tool and knowledge-base versions stamped."""

from __future__ import annotations

import hashlib
import json

import pytest

CJK = "病例为合成数据"


@pytest.mark.parametrize("fmt", ["fhir", "phenopacket"])
def test_notes_only_with_flag_and_valid_utf8(exported, fmt):
    plain = exported[fmt].read_bytes()
    noted = exported[f"{fmt}-notes"].read_bytes()
    text = noted.decode("utf-8")  # strict: valid UTF-8
    assert CJK in text  # written as characters, not \u escapes
    assert CJK not in plain.decode("utf-8") and "Synthetic case" not in plain.decode("utf-8")
    json.loads(text)


@pytest.mark.parametrize("fmt", ["fhir", "phenopacket"])
def test_nothing_identifying(exported, export_env, fmt):
    text = exported[f"{fmt}-notes"].read_text("utf-8")
    assert "P-DEMO-001" in text  # the pseudonym is the one identifier
    assert "DEMO-001" not in text.replace("P-DEMO-001", "")  # the case id is not written
    for name in ("liver_biopsy.vcf", "intake.yaml", "recist_measurements.csv", "pdo_layout.csv"):
        assert name not in text  # no input file names
    assert str(export_env.root) not in text


def test_same_case_same_bytes(export_env, exported, tmp_path):
    for fmt in ("fhir", "phenopacket"):
        again = tmp_path / f"again-{fmt}.json"
        code, _, err = export_env.run("export", "DEMO-001", "--format", fmt, "--out", str(again))
        assert code == 0, err
        assert again.read_bytes() == exported[fmt].read_bytes()
        code, out, _ = export_env.run("export", "DEMO-001", "--format", fmt)
        assert code == 0 and out.encode("utf-8") == exported[fmt].read_bytes()


def test_versions_stamped(exported):
    from precisecli import __version__

    bundle = json.loads(exported["fhir"].read_text("utf-8"))
    tags = {t["system"]: t for t in bundle["meta"]["tag"]}
    assert tags["urn:precise:tool"]["version"] == __version__
    kb = tags["urn:precise:knowledge-base"]
    assert kb["code"] == "her2-refractory" and kb["version"]
    packet = json.loads(exported["phenopacket"].read_text("utf-8"))
    assert packet["metaData"]["createdBy"] == f"precise {__version__}"
    assert packet["metaData"]["phenopacketSchemaVersion"] == "2.0"
    assert packet["metaData"]["externalReferences"][0]["id"].startswith(
        "precise-kb:her2-refractory@"
    )


def test_ids_unique_and_references_resolve(exported):
    bundle = json.loads(exported["fhir"].read_text("utf-8"))
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert len(urls) == len(set(urls))
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("reference"), str):
                refs.add(node["reference"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(bundle["entry"])
    assert refs and refs <= set(urls)


def test_export_leaves_the_case_unchanged(copied_ws, tmp_path):
    case = copied_ws.root / "DEMO-001"

    def digest():
        return {
            str(p.relative_to(case)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(case.rglob("*"))
            if p.is_file() and not p.name.startswith(".")
        }

    before = digest()
    assert (
        copied_ws.run("export", "DEMO-001", "--format", "fhir", "--out", str(tmp_path / "x"))[0]
        == 0
    )
    assert copied_ws.run("export", "DEMO-001", "--format", "phenopacket")[0] == 0
    assert digest() == before
