"""Deterministic resource ids: uuid5 of the case key and a local key, so the same case gives the
same ids (and bytes) on every export, and ids do not reveal the case id."""

from __future__ import annotations

import uuid

_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:precise:export")


def resource_id(case_key: str, local: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{case_key}\x1f{local}"))


def full_url(resource_id_: str) -> str:
    return f"urn:uuid:{resource_id_}"
