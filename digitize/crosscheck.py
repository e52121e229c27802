"""Checks across the documents of one dossier: one person, one set of facts.

The same personal id must carry the same name, date of birth and sex on every document of the
dossier; where it does not, the fields on both sides are flagged naming the other document.
Two ids one digit apart under the same name are one person's id misread on one side: both are
flagged, each naming the other document.
"""
from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz

from . import vntext
from .models import Document
from .validate import ID_NOT_12_DIGITS

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

    extra: dict[int, dict[str, list[str]]] = {}
    restore_digit_count(docs, extra)
    people: dict[str, list[tuple[int, str, dict[str, str]]]] = {}
    for i, d in enumerate(docs):
        for id_key, facts in PERSON_FIELDS.items():
            if _anchor(d.fields.get(id_key)):
                people.setdefault(d.fields[id_key].value, []).append(
                    (i, id_key, {fact: key for fact, key in facts.items() if key in d.fields}))
    for seen in people.values():
        settled = reconcile_marks(docs, seen, extra)
        for a in range(len(seen)):
            for b in range(a + 1, len(seen)):
                (i, _, fa), (j, _, fb) = seen[a], seen[b]
                for fact in set(fa) & set(fb) - settled:
                    va, vb = docs[i].fields[fa[fact]].value, docs[j].fields[fb[fact]].value
                    if va and vb and not _same(va, vb):
                        extra.setdefault(i, {}).setdefault(fa[fact], []).append(
                            f"differs_from:{docs[j].dossier}/{j + 1}")
                        extra.setdefault(j, {}).setdefault(fb[fact], []).append(
                            f"differs_from:{docs[i].dossier}/{i + 1}")
        confirm(docs, seen)
    one_digit_apart(docs, extra)
    for i, d in enumerate(docs):
        settle(d.doc_type, d.fields, threshold, extra.get(i), dossier=d.dossier)


ID_FROM = "id_from"


def _one_digit_more(longer: str, pid: str) -> bool:
    return len(longer) == len(pid) + 1 and any(longer[:k] + longer[k + 1:] == pid for k in range(len(longer)))


def _ids_and_names(docs: list[Document]) -> list[tuple[int, str, str, str | None]]:
    """(document, id field, id, its holder's name) of every personal id read in the dossier."""
    return [(i, key, d.fields[key].value, d.fields[facts["name"]].value)
            for i, d in enumerate(docs) for key, facts in PERSON_FIELDS.items()
            if d.fields.get(key) and d.fields[key].value and facts["name"] in d.fields]


def restore_digit_count(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """A 13-digit id (a box wall or a speck read as one more digit: '0012047096930') that is a
    12-digit id of another document of the dossier with one digit more, under the same name,
    is that id: it takes it, flagged `id_from:DOCUMENT` for a person to confirm. No id has 13
    digits, so the reading was wrong whatever is put in its place."""
    ids = [(i, pid, name) for i, key, pid, name in _ids_and_names(docs)
           if _anchor(docs[i].fields[key]) and len(pid) == 12]
    for i, d in enumerate(docs):
        for key, facts in PERSON_FIELDS.items():
            f = d.fields.get(key)
            if not (f and f.value and f.value.isdigit() and len(f.value) == 13 and facts["name"] in d.fields):
                continue
            name = d.fields[facts["name"]].value
            found = {(j, pid) for j, pid, other in ids if j != i and _one_digit_more(f.value, pid) and _same_name(name, other)}
            if len({pid for _, pid in found}) == 1:
                j, pid = min(found)
                f.value = pid
                f.reasons = [r for r in f.reasons if r != ID_NOT_12_DIGITS]
                extra.setdefault(i, {}).setdefault(key, []).append(f"{ID_FROM}:{docs[j].dossier}/{j + 1}")


ID_DIFFERS_FROM = "id_differs_from"
NAME_LIKENESS = 90  # % (rapidfuzz ratio of the names without marks): 'biich ngoc' is 'bich ngoc' misread


def _one_digit_apart(a: str, b: str) -> bool:
    return len(a) == len(b) == 12 and a.isdigit() and b.isdigit() and sum(x != y for x, y in zip(a, b)) == 1


def _same_name(a: str | None, b: str | None) -> bool:
    """Names alike without their marks, which OCR gets wrong most, and but for a letter or two."""
    return bool(a and b) and fuzz.ratio(vntext.fold_tight(a), vntext.fold_tight(b)) >= NAME_LIKENESS


def one_digit_apart(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """Two personal ids of the dossier that differ in one digit and carry the same name are one
    person's, one of them misread (no check digit catches it): both are flagged
    `id_differs_from:DOCUMENT`. Two people's ids agree in one digit of their six random ones
    hardly ever; the name makes sure."""
    ids = _ids_and_names(docs)
    for a, (i, key_a, id_a, name_a) in enumerate(ids):
        for j, key_b, id_b, name_b in ids[a + 1:]:
            if i != j and _one_digit_apart(id_a, id_b) and _same_name(name_a, name_b):
                extra.setdefault(i, {}).setdefault(key_a, []).append(f"{ID_DIFFERS_FROM}:{docs[j].dossier}/{j + 1}")
                extra.setdefault(j, {}).setdefault(key_b, []).append(f"{ID_DIFFERS_FROM}:{docs[i].dossier}/{i + 1}")


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


MARKS_FROM = "name_marks_from"


def _in_case_of(syllable: str, printed: str) -> str:
    """`syllable` in the case of `printed`, letter by letter (both fold to the same letters)."""
    a, b = unicodedata.normalize("NFC", syllable), unicodedata.normalize("NFC", printed)
    if len(a) != len(b):
        return a.upper() if b.isupper() else a
    return "".join(c.upper() if o.isupper() else c.lower() for c, o in zip(a, b))


def _markless(text: str) -> bool:
    """A name read with not one Vietnamese mark or letter of its own (đ, ă, â, ê, ô, ơ, ư)."""
    return vntext.fold(text) == " ".join(text.casefold().split())


def reconcile_marks(docs: list[Document], seen: list[tuple[int, str, dict[str, str]]],
                    extra: dict[int, dict[str, list[str]]]) -> set[str]:
    """One person's name read on several papers that agree on its letters but not on its marks
    ('BUI THE NGOC KHANH' on a card, 'BÙI THẾ NGỌC KHÁNH' on the form and on the residence
    paper). Each syllable takes the marks most readings give it, and between as many the most
    confident reading's: OCR loses marks and invents them ('MÌNH' for 'MINH', 'GIÁ' for 'GIA'),
    so neither a mark nor its absence wins by itself. A reading with no mark at all does not
    vote: it lost them all. The readings changed are flagged
    `name_marks_from:DOCUMENT`, and every side keeps its `differs_from` flag: the readings
    disagreed, a person confirms. Returns the facts settled here ({'name'} or none)."""
    readings = [(i, facts["name"]) for i, _, facts in seen if "name" in facts and docs[i].fields[facts["name"]].value]
    if len(readings) < 2:
        return set()
    fields = [docs[i].fields[key] for i, key in readings]
    words = [f.value.split() for f in fields]
    if len({len(w) for w in words}) != 1 or len({vntext.fold(f.value) for f in fields}) != 1:
        return set()
    if all(vntext.same_text(f.value, fields[0].value) for f in fields):
        return set()
    # A reading with no mark at all lost them all (bold capitals on a card: 'NGUYEN CONG
    # NGHIA'): it says nothing of the marks, and the readings that have marks decide.
    marked = [k for k, f in enumerate(fields) if not _markless(f.raw or f.value)] or list(range(len(fields)))
    best: list[str | None] = []
    for n in range(len(words[0])):
        # the spelling most readings give this syllable; between as many, the most confident;
        # no winner (one reading each, as sure), no change
        votes: dict[str, tuple[int, float]] = {}
        for k in marked:
            v = vntext.text_key(words[k][n])
            count, conf = votes.get(v, (0, 0.0))
            votes[v] = (count + 1, max(conf, fields[k].confidence))
        ranked = sorted(votes.items(), key=lambda item: item[1], reverse=True)
        best.append(ranked[0][0] if len(ranked) == 1 or ranked[0][1] > ranked[1][1] else None)
    source = max(range(len(fields)), key=lambda k: (sum(b is not None and vntext.text_key(w) == b
                                                        for w, b in zip(words[k], best)), fields[k].confidence))
    for k, ((i, key), f) in enumerate(zip(readings, fields)):
        # each syllable in the case this paper prints it ('Bùi' on a form, 'BÙI' on a card)
        fixed = " ".join(w if b is None else _in_case_of(b, w) for b, w in zip(best, words[k]))
        reasons = extra.setdefault(i, {}).setdefault(key, [])
        if not vntext.same_text(fixed, f.value):
            f.value = fixed
            j = readings[source][0] if readings[source][0] != i else readings[0][0]
            reasons.append(f"{MARKS_FROM}:{docs[j].dossier}/{j + 1}")
        reasons += [f"differs_from:{docs[j].dossier}/{j + 1}" for j, _ in readings if j != i]
    return {"name"}
