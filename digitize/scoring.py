"""Scores an export against ground truth, by the rules of RECORDS.md ("How output is scored")."""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

DIGIT_FIELDS = ("personal_id", "applicant_phone")
NUMBER_FIELDS = ("area_m2",)


def normalise(key: str, value) -> str | None:
    if value is None:
        return None
    v = unicodedata.normalize("NFC", str(value)).casefold()
    v = re.sub(r"\s+", " ", v).strip()
    if key.endswith(DIGIT_FIELDS):
        v = re.sub(r"\D", "", v)
    return v


def equal(key: str, truth, got) -> bool:
    t, g = normalise(key, truth), normalise(key, got)
    if t is None or g is None:
        return t == g
    if key in NUMBER_FIELDS:
        try:
            return abs(float(t) - float(g)) <= 0.005 * abs(float(t))
        except ValueError:
            return False
    return t == g


@dataclass
class Tally:
    fields: int = 0
    correct: int = 0
    silent: int = 0
    exported: int = 0
    flagged: int = 0

    def add(self, other: "Tally") -> None:
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    @property
    def accuracy(self) -> float:
        return self.correct / self.fields if self.fields else 1.0

    @property
    def silent_rate(self) -> float:
        return self.silent / self.fields if self.fields else 0.0

    @property
    def review_load(self) -> float:
        return self.flagged / self.exported if self.exported else 0.0


@dataclass
class Score:
    overall: Tally = field(default_factory=Tally)
    by_type: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_field: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    documents: int = 0
    type_correct: int = 0
    split_correct: int = 0
    errors: list[dict] = field(default_factory=list)  # every wrong field, for reading

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.documents if self.documents else 1.0

    @property
    def split_accuracy(self) -> float:
        return self.split_correct / self.documents if self.documents else 1.0


def _pages(rec: dict) -> frozenset:
    return frozenset((p["file"], p["page"]) for p in rec["pages"])


def score(truth: list[dict], exported: list[dict]) -> Score:
    s = Score()
    by_dossier: dict[str, list[dict]] = defaultdict(list)
    for rec in exported:
        by_dossier[rec["dossier"]].append(rec)
        for f in rec.get("fields", {}).values():
            s.overall.exported += 1
            s.overall.flagged += bool(f["flagged"])
            s.by_type[rec["doc_type"]].exported += 1
            s.by_type[rec["doc_type"]].flagged += bool(f["flagged"])
    for t in truth:
        s.documents += 1
        tp = _pages(t)
        candidates = by_dossier.get(t["dossier"], [])
        got = max(candidates, key=lambda r: len(_pages(r) & tp), default=None)
        if got is not None and not (_pages(got) & tp):
            got = None
        if got is not None and _pages(got) == tp:
            s.split_correct += 1
        if got is not None and got["doc_type"] == t["doc_type"]:
            s.type_correct += 1
        for key, value in t["fields"].items():
            if value is None:
                continue
            f = (got or {}).get("fields", {}).get(key) if got and got["doc_type"] == t["doc_type"] else None
            ok = f is not None and equal(key, value, f["value"])
            # wrong and unflagged; a missing document, or one of the wrong type that nobody is
            # asked to review, loses its values just as silently
            unseen = not f["flagged"] if f is not None else (got is None or got["status"] == "ok")
            silent = not ok and unseen
            for tally in (s.overall, s.by_type[t["doc_type"]], s.by_field[key]):
                tally.fields += 1
                tally.correct += ok
                tally.silent += silent
            if not ok:
                s.errors.append({"dossier": t["dossier"], "doc_type": t["doc_type"], "field": key,
                                 "truth": value, "got": f["value"] if f else None,
                                 "flagged": f["flagged"] if f else None,
                                 "reasons": f["reasons"] if f else ["document missing"]})
    return s
