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


def cross_check(docs: list[Document], threshold: float) -> None:
    from .extract import settle

    people: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for i, d in enumerate(docs):
        for id_key, facts in PERSON_FIELDS.items():
            pid = d.fields.get(id_key)
            if not pid or not pid.value or pid.flagged:
                continue  # an id we are not sure of cannot anchor a comparison
            people.setdefault(pid.value, []).append((i, {fact: key for fact, key in facts.items()
                                                         if key in d.fields}))
    extra: dict[int, dict[str, list[str]]] = {}
    for pid, seen in people.items():
        for a in range(len(seen)):
            for b in range(a + 1, len(seen)):
                (i, fa), (j, fb) = seen[a], seen[b]
                for fact in set(fa) & set(fb):
                    va, vb = docs[i].fields[fa[fact]].value, docs[j].fields[fb[fact]].value
                    if va and vb and not _same(va, vb):
                        extra.setdefault(i, {}).setdefault(fa[fact], []).append(
                            f"differs_from:{docs[j].doc_type}#{j + 1}")
                        extra.setdefault(j, {}).setdefault(fb[fact], []).append(
                            f"differs_from:{docs[i].doc_type}#{i + 1}")
    for i, reasons in extra.items():
        settle(docs[i].doc_type, docs[i].fields, threshold, reasons)
