"""Checks across the documents of one dossier: one person, one set of facts.

The same personal id must carry the same name, date of birth and sex on every document of the
dossier; where it does not, the fields on both sides are flagged naming the other document.
"""
from __future__ import annotations

from . import vntext
from .models import Document

# For each personal-id field, the fields of the same person on that document.
PERSON_FIELDS = {
    "personal_id": {"name": "full_name", "date_of_birth": "date_of_birth", "sex": "sex"},
    "applicant_personal_id": {"name": "applicant_name"},
    "holder_personal_id": {"name": "holder_name"},
    "husband_personal_id": {"name": "husband_name", "date_of_birth": "husband_date_of_birth"},
    "wife_personal_id": {"name": "wife_name", "date_of_birth": "wife_date_of_birth"},
}


def _same(a: str, b: str) -> bool:
    return vntext.same_text(a, b)


def _anchor(f) -> bool:
    """An id that can anchor a comparison: read, and wrong in no way but perhaps confidence."""
    return bool(f and f.value) and all(r in ("low_confidence", "old_cmnd") for r in f.reasons)


def cross_check(docs: list[Document], threshold: float) -> None:
    from .extract import settle

    people: dict[str, list[tuple[int, str, dict[str, str]]]] = {}
    for i, d in enumerate(docs):
        for id_key, facts in PERSON_FIELDS.items():
            if _anchor(d.fields.get(id_key)):
                people.setdefault(d.fields[id_key].value, []).append(
                    (i, id_key, {fact: key for fact, key in facts.items() if key in d.fields}))
    extra: dict[int, dict[str, list[str]]] = {}
    for seen in people.values():
        for a in range(len(seen)):
            for b in range(a + 1, len(seen)):
                (i, _, fa), (j, _, fb) = seen[a], seen[b]
                for fact in set(fa) & set(fb):
                    va, vb = docs[i].fields[fa[fact]].value, docs[j].fields[fb[fact]].value
                    if va and vb and not _same(va, vb):
                        extra.setdefault(i, {}).setdefault(fa[fact], []).append(
                            f"differs_from:{docs[j].dossier}/{j + 1}")
                        extra.setdefault(j, {}).setdefault(fb[fact], []).append(
                            f"differs_from:{docs[i].dossier}/{i + 1}")
        confirm(docs, seen)
    for i, d in enumerate(docs):
        settle(d.doc_type, d.fields, threshold, extra.get(i), dossier=d.dossier)


CONFIRMED = 0.95


def confirm(docs: list[Document], seen: list[tuple[int, str, dict[str, str]]]) -> None:
    """Documents read independently that agree on a person's id, and on a fact of that
    person, confirm each other: twelve digits do not agree by chance."""
    if len(seen) < 2:
        return
    for i, id_key, facts in seen:
        docs[i].fields[id_key].confidence = max(docs[i].fields[id_key].confidence, CONFIRMED)
        for fact, key in facts.items():
            f = docs[i].fields[key]
            others = [docs[j].fields[fb[fact]].value for j, _, fb in seen if j != i and fact in fb]
            if f.value and others and all(o and _same(f.value, o) for o in others):
                f.confidence = max(f.confidence, CONFIRMED)
