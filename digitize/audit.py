"""The review trail's hash chain: each event's hash covers its content and the hash before it,
so changing, removing or reordering a stored event breaks every hash from there on.

Pure functions over event rows (dicts with the review_events columns); store.py writes them.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

GENESIS = "0" * 64  # the prev_hash of the first event
CONTENT = ("id", "at", "reviewer", "document_id", "key", "action", "old_value", "new_value")


def chain_hash(prev_hash: str, event: dict) -> str:
    body = json.dumps([event[k] for k in CONTENT], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev_hash}\n{body}".encode("utf-8")).hexdigest()


@dataclass
class Break:
    event_id: int | None  # the first bad row; None when the trail is intact but a field disagrees
    reason: str


def verify_chain(events: Iterable[dict]) -> tuple[int, str, Break | None]:
    """(events checked, head hash, first break or None), events in id order."""
    prev, n = GENESIS, 0
    for e in events:
        if e["prev_hash"] != prev:
            return n, prev, Break(e["id"], "its prev_hash is not the hash of the event before it "
                                           "(an event before it was removed, inserted or changed)")
        if chain_hash(prev, e) != e["hash"]:
            return n, prev, Break(e["id"], "its content does not match its hash (the row was edited)")
        prev, n = e["hash"], n + 1
    return n, prev, None


def verify_fields(settled: Iterable[dict], last_events: dict[tuple[str, str], dict]) -> Break | None:
    """Every field a person settled must show the new value of its last event: catches the tail
    of the trail cut off, or a reviewed value written to the store without an event."""
    for f in settled:
        e = last_events.get((f["document_id"], f["key"]))
        if e is None:
            return Break(None, f"{f['document_id']} {f['key']} is marked reviewed by {f['reviewed_by']} "
                               "but the trail holds no decision on it")
        if e["new_value"] != f["value"]:
            return Break(None, f"{f['document_id']} {f['key']} differs from the last decision on it "
                               f"(event {e['id']})")
    return None
