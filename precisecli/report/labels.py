"""How the report names regimens, knowledge bases and samples (shared by several sections)."""

from __future__ import annotations

from typing import Any


def regimen_label(kb, regimen: Any) -> str:
    """'label (drug, drug)' for a KB regimen id or a {id, drugs} object."""
    if regimen is None:
        return "–"
    rid = regimen.get("id") if isinstance(regimen, dict) else str(regimen)
    drugs = regimen.get("drugs") if isinstance(regimen, dict) else None
    known = kb.regimen(rid) if (kb is not None and rid) else None
    if known:
        return str(known.get("label") or rid)
    if rid and drugs:
        return f"{rid} ({' + '.join(drugs)})"
    return rid or " + ".join(drugs or []) or "–"


def kb_text(stamp: dict | None) -> str:
    if not stamp:
        return "–"
    return f"{stamp.get('name')} {stamp.get('version')} (sha256 {str(stamp.get('sha256'))[:12]})"


def sample_label(s: dict[str, Any]) -> str:
    where = s.get("site") if s.get("kind") == "biopsy" else f"ctDNA {s.get('collected') or ''}"
    return f"{s['sample_id']} ({(where or '').strip() or s.get('kind')})"
