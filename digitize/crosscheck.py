"""Checks across the documents of one dossier: one person, one set of facts.

The same personal id must carry the same name, date of birth and sex on every document of the
dossier; where it does not, the fields on both sides are flagged naming the other document.
Two ids one digit apart under the same name are one person's id misread on one side: both are
flagged, each naming the other document. A person's fact that did not read on one paper is
taken, flagged, from another paper of the dossier that names the same person; a sex that did
not read is taken, flagged, from the person's id. The dossier's places put right an issuing
body's unit read with other marks; the day it was received bounds the dates of its papers.
"""
from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

from . import adminunits, plausible, validate, vntext
from .extract import OTHER_PERSONS_ROW, UNIT_REPAIRED
from .models import Document
from .validate import (DATE_BEFORE_BIRTH, DATE_IMPLAUSIBLE, DATE_INVALID, EXPIRY_NOT_MILESTONE, FUTURE_OK,
                       ID_BIRTH_YEAR_MISMATCH, ID_CENTURY_MISMATCH, ID_NOT_12_DIGITS, ID_SEX_DIGIT_MISMATCH,
                       ID_UNKNOWN_PLACE_CODE, PLACE_FIELDS, check_by_reception, check_personal_id, field_kind,
                       id_century_sex_decode)

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


# Reasons a clean reading may carry: they doubt how surely it was read, not what was read.
CLEAN = {"low_confidence", "old_cmnd"}


def _clean(f) -> bool:
    """A reading that can anchor a comparison or give a value: read, and wrong in no way but
    perhaps confidence."""
    return bool(f and f.value) and all(r in CLEAN for r in f.reasons)


def cross_check(docs: list[Document], threshold: float) -> None:
    from .extract import settle

    extra: dict[int, dict[str, list[str]]] = {}
    restore_digit_count(docs, extra)
    for d in docs:
        sex_from_id(d)  # first: an id held against a misread sex anchors the comparisons then
    people: dict[str, list[tuple[int, str, dict[str, str]]]] = {}
    for i, d in enumerate(docs):
        for id_key, facts in PERSON_FIELDS.items():
            if _clean(d.fields.get(id_key)):
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
    misread_ids(docs, extra)
    home_numbers(docs, extra)
    # after the comparisons: a paper that gave a value keeps its flag where the reading replaced
    # disagreed with it, for either side may be the misread one
    fill_from_dossier(docs, extra)
    bodies_by_places(docs, extra)
    for d in docs:
        received_from_code(d)
    dated_by_reception(docs, extra)
    for i, d in enumerate(docs):
        settle(d.doc_type, d.fields, threshold, extra.get(i), dossier=d.dossier)


ID_FROM = "id_from"

# The field of each personal id's holder's home on a document that prints one.
HOME_FIELDS = {"personal_id": "place_of_residence", "applicant_personal_id": "applicant_address"}
NUMBERS_DIFFER_FROM = "numbers_differ_from"
ADDRESS_LIKENESS = 90  # % (rapidfuzz ratio of two addresses' unit names and words, folded, numbers left out)
_NUMBER = re.compile(r"\d+")


def _address_words(address: str) -> str:
    """An address's names and words, folded, without numbers and unit types ('P.', 'Phường')."""
    parts = (adminunits.unit_name(part) for part in re.split(r"[,;]", address))
    return vntext.fold_tight(_NUMBER.sub(" ", " ".join(parts)))


def numbers_agree(a: str, b: str) -> bool:
    return _NUMBER.findall(a) == _NUMBER.findall(b)


def home_numbers(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """One person's home on two papers of the dossier, alike but for a number, as many numbers
    on each ('Số 41, Ngõ 56' on the form, 'Ngõ 58' on the card): a digit misread with confidence
    on one of them, which no list or check digit catches. Both are flagged
    `numbers_differ_from:DOCUMENT`. A home written in another style ('P. 2' or 'Phường 2') is
    alike; one moved to is not."""
    homes = [(i, d.fields[key].value, d.fields[home], _NUMBER.findall(d.fields[home].value))
             for i, d in enumerate(docs) for key, home in HOME_FIELDS.items()
             if _clean(d.fields.get(key)) and d.fields.get(home) and d.fields[home].value]
    for a in range(len(homes)):
        for b in range(a + 1, len(homes)):
            (i, pid, fa, na), (j, other, fb, nb) = homes[a], homes[b]
            if i == j or pid != other or na == nb:
                continue
            if len(na) == len(nb) and \
                    fuzz.ratio(_address_words(fa.value), _address_words(fb.value)) >= ADDRESS_LIKENESS:
                extra.setdefault(i, {}).setdefault(fa.key, []).append(f"{NUMBERS_DIFFER_FROM}:{docs[j].dossier}/{j + 1}")
                extra.setdefault(j, {}).setdefault(fb.key, []).append(f"{NUMBERS_DIFFER_FROM}:{docs[i].dossier}/{i + 1}")


def _one_digit_more(longer: str, pid: str) -> bool:
    return len(longer) == len(pid) + 1 and any(longer[:k] + longer[k + 1:] == pid for k in range(len(longer)))


def _ids_and_names(docs: list[Document]) -> list[tuple[int, str, str, str | None]]:
    """(document, id field, id, its holder's name) of every personal id read in the dossier; an
    id read in another person's row (a spouse's, where the holder's own did not read) is
    nobody's beside that name."""
    return [(i, key, d.fields[key].value, d.fields[facts["name"]].value)
            for i, d in enumerate(docs) for key, facts in PERSON_FIELDS.items()
            if d.fields.get(key) and d.fields[key].value and facts["name"] in d.fields
            and OTHER_PERSONS_ROW not in d.fields[key].reasons]


def restore_digit_count(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """A 13-digit id (a box wall or a speck read as one more digit: '0012047096930') that is a
    12-digit id of another document of the dossier with one digit more, under the same name,
    is that id: it takes it, flagged `id_from:DOCUMENT` for a person to confirm. No id has 13
    digits, so the reading was wrong whatever is put in its place."""
    ids = [(i, pid, name) for i, key, pid, name in _ids_and_names(docs)
           if _clean(docs[i].fields[key]) and len(pid) == 12]
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
    return len(a) == len(b) and sum(x != y for x, y in zip(a, b)) == 1


def _same_name(a: str | None, b: str | None) -> bool:
    """Names alike without their marks, which OCR gets wrong most, and but for a letter or two."""
    return bool(a and b) and fuzz.ratio(vntext.fold_tight(a), vntext.fold_tight(b)) >= NAME_LIKENESS


NAME_WORDS_SURE = 3  # syllables from which one full name on two papers of a dossier is one person


def misread_ids(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """Two 12-digit ids of the dossier that are one person's, one of them misread (no check digit
    catches it): both are flagged `id_differs_from:DOCUMENT`. They are one person's where
    - they differ in one digit, beside the same name or where a name did not read: two people's
      ids agree in all but one of their six random digits hardly ever, and names that read and
      differ say it is so;
    - or they stand beside one full name of three syllables or more, spelt alike with its marks,
      the birth dates agreeing where both are read ('022187468911' read '022187222211')."""
    ids = [x for x in _ids_and_names(docs) if len(x[2]) == 12 and x[2].isdigit()]
    pairs = [(a, b) for n, a in enumerate(ids) for b in ids[n + 1:] if a[0] != b[0] and a[2] != b[2]]

    def one_digit(a, b) -> bool:
        return _one_digit_apart(a[2], b[2]) and (not (a[3] and b[3]) or _same_name(a[3], b[3]))

    def one_name(a, b) -> bool:
        births = (_birth_of(docs[a[0]], a[1]), _birth_of(docs[b[0]], b[1]))
        return bool(a[3] and b[3]) and len(a[3].split()) >= NAME_WORDS_SURE and _same(a[3], b[3]) and \
            not (all(births) and births[0] != births[1])

    flagged = set()
    for rule in (one_digit, one_name):  # the nearer evidence's reasons first
        for a, b in pairs:
            if (a, b) not in flagged and rule(a, b):
                flagged.add((a, b))
                extra.setdefault(a[0], {}).setdefault(a[1], []).append(f"{ID_DIFFERS_FROM}:{docs[b[0]].dossier}/{b[0] + 1}")
                extra.setdefault(b[0], {}).setdefault(b[1], []).append(f"{ID_DIFFERS_FROM}:{docs[a[0]].dossier}/{a[0] + 1}")


def _birth_of(doc: Document, id_key: str) -> str | None:
    key = PERSON_FIELDS[id_key].get("date_of_birth")
    f = doc.fields.get(key) if key else None
    return f.value if f and f.value else None


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


def _spelt_as_names(syllable: str, position: int) -> int:
    """2 where the lists spell a name's syllable so (the family name first), 0 where they
    spell its letters only with other marks ('VẤN': names have 'Văn', 'Vân'), 1 where they do
    not know its letters."""
    known = validate.known_syllable(syllable, first=position == 0)
    return 1 if known is None else 2 * known


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
        # a spelling names have before one they never have ('VĂN' before 'VẤN', 'TIẾN' before
        # 'TIỀN'); then the spelling most readings give this syllable; between as many, the most
        # confident; no winner (one reading each, as sure), no change
        votes: dict[str, tuple[int, int, float]] = {}
        for k in marked:
            v = vntext.text_key(words[k][n])
            _, count, conf = votes.get(v, (0, 0, 0.0))
            votes[v] = (_spelt_as_names(words[k][n], n), count + 1, max(conf, fields[k].confidence))
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


def received_on(docs: list[Document]) -> str | None:
    """The day the dossier was received: its receipt's received date, read cleanly (one, where
    several receipts give it), or else the date of the dossier code in the dossier's name."""
    read = {d.fields["received_date"].value for d in docs
            if d.doc_type == "receipt" and _clean(d.fields.get("received_date"))}
    if len(read) == 1:
        return read.pop()
    return vntext.dossier_code_date(vntext.dossier_code_in(docs[0].dossier)) if docs and not read else None


def bodies_by_places(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """An issuing body's unit read with other marks, put right from the places the dossier's
    addresses name (adminunits.repair_unit_by_places), flagged `admin_unit_repaired`."""
    paths = [path for d in docs for key, f in d.fields.items()
             if key in PLACE_FIELDS and key != "issuing_authority" and f.value for path in adminunits.paths_named(f.value)]
    for i, d in enumerate(docs):
        f = d.fields.get("issuing_authority")
        if f and f.value:
            right = adminunits.repair_unit_by_places(f.value, paths)
            if right != f.value:
                f.value = right
                f.reasons = [r for r in f.reasons if r not in ("admin_unit_misspelled", "admin_unit_unknown")]
                extra.setdefault(i, {}).setdefault("issuing_authority", []).append(UNIT_REPAIRED)


RECEIVED_FROM_CODE = "received_date_from_code"


def received_from_code(doc: Document) -> None:
    """A receipt's received date that did not read, where its dossier code did: the code's
    YYMMDD is the day of receipt (DOMAIN §3), given flagged `received_date_from_code`."""
    received, code = doc.fields.get("received_date"), doc.fields.get("dossier_code")
    if doc.doc_type != "receipt" or not (received and _wanting(received) and _clean(code)):
        return
    day = vntext.dossier_code_date(code.value)
    if day:
        received.value, received.confidence = day, code.confidence
        received.reasons = [RECEIVED_FROM_CODE]
        received.page, received.bbox = code.page, code.bbox


def dated_by_reception(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """Dates that cannot lie so long after the dossier was received (validate.check_by_reception)
    are flagged `after_dossier_received`: a year misread forward passes every other check."""
    received = received_on(docs)
    if received is None:
        return
    for i, d in enumerate(docs):
        for key, f in d.fields.items():
            if field_kind(key) == "date" and key not in FUTURE_OK and key != "received_date":
                for r in check_by_reception(key, f.value, received):
                    extra.setdefault(i, {}).setdefault(key, []).append(r)


VALUE_FROM = "value_from"
SEX_FROM_ID = "sex_from_id"

# Reasons that say a reading is not a value of its kind, or disagrees with the paper's other
# facts: such a reading is no better than none.
FAILED = {"unreadable", ID_NOT_12_DIGITS, ID_UNKNOWN_PLACE_CODE, ID_CENTURY_MISMATCH, ID_BIRTH_YEAR_MISMATCH,
          ID_SEX_DIGIT_MISMATCH, plausible.NAME_IMPLAUSIBLE, plausible.TEXT_GARBLED, DATE_INVALID, DATE_IMPLAUSIBLE}
# Notes on where an id was found that say nothing against its digits.
ID_READ_NOTES = {"label_not_read", "label_value_unreadable", "member_table_row"}
# Reasons that compare a person's facts with each other: stale once one of those facts is replaced.
BETWEEN_FACTS = {ID_SEX_DIGIT_MISMATCH, ID_CENTURY_MISMATCH, ID_BIRTH_YEAR_MISMATCH, DATE_BEFORE_BIRTH,
                 EXPIRY_NOT_MILESTONE}


def _wanting(f) -> bool:
    """A fact that did not read, or read as what it cannot be."""
    return f is not None and "not_printed" not in f.reasons and (f.value is None or any(r in FAILED for r in f.reasons))


def _people(docs: list[Document]) -> list[tuple[int, dict]]:
    """Every person a paper of the dossier names with an id field: (document, fact -> field),
    the facts being 'id' and those of PERSON_FIELDS ('name', 'date_of_birth', 'sex')."""
    return [(i, {"id": d.fields[id_key], **{fact: d.fields[key] for fact, key in facts.items() if key in d.fields}})
            for i, d in enumerate(docs) for id_key, facts in PERSON_FIELDS.items() if id_key in d.fields]


def _one_person(a: dict, b: dict) -> bool:
    """Two papers' readings name one person: the same id read cleanly on both; or, where an id
    did not read cleanly, the same name (marks and all), with no fact read cleanly on both
    sides against it."""
    if _clean(a["id"]) and _clean(b["id"]):
        return a["id"].value == b["id"].value
    na, nb = a.get("name"), b.get("name")
    if not (na and nb and na.value and nb.value and vntext.same_text(na.value, nb.value)):
        return False
    return not any(_clean(a.get(f)) and _clean(b.get(f)) and not vntext.same_text(a[f].value, b[f].value)
                   for f in ("id", "date_of_birth", "sex"))


def fill_from_dossier(docs: list[Document], extra: dict[int, dict[str, list[str]]]) -> None:
    """A person's id, name, date of birth or sex that did not read on one paper, or read as what
    it cannot be ('07?16s', an id against its own birth year), is taken from the other papers of
    the dossier that name the same person (_one_person) and read it cleanly, where they agree:
    flagged `value_from:DOCUMENT`, for a person to confirm against the scan. A card under heavy
    blur that reads its holder's id but not the name takes the name the declaration form gives
    that id. Values so taken are not clean, so they never vouch for a third paper. The
    comparisons made of the reading replaced (`extra`) go with it."""
    people = _people(docs)
    for i, mine in people:
        linked = [(j, theirs) for j, theirs in people if j != i and _one_person(mine, theirs)]
        for fact, f in mine.items():
            if not _wanting(f):
                continue
            given = [(j, theirs[fact]) for j, theirs in linked if _clean(theirs.get(fact))]
            if not given or len({vntext.text_key(g.value) for _, g in given}) != 1:
                continue
            j, source = given[0]
            f.value, f.confidence = source.value, source.confidence
            f.reasons = [f"{VALUE_FROM}:{docs[j].dossier}/{j + 1}"]
            f.page, f.bbox = None, None  # not on this paper's page: on document j's
            extra.get(i, {}).pop(f.key, None)
            _forget_between_facts(docs[i])


def _forget_between_facts(doc: Document) -> None:
    """Drop the comparisons of a person's facts made before one of them was replaced: settle()
    makes them again on the values as they now are."""
    for f in doc.fields.values():
        f.reasons = [r for r in f.reasons if r not in BETWEEN_FACTS]


def sex_from_id(doc: Document) -> None:
    """A person's sex that did not read, or was read in doubt against the id, where the id reads
    cleanly: the id's 4th digit gives it (DOMAIN §4: even Nam, odd Nữ), flagged `sex_from_id`.
    A sex read against the id is replaced only where it was read in doubt (low confidence, or
    guessed by its place on a card) and the id's century and year agree with the date of birth
    read beside it: three digits of the id are confirmed, and a 'Nam' taken from 'Việt Nam' is
    the likelier misreading."""
    pid, sex, birth = (doc.fields.get(k) for k in ("personal_id", "sex", "date_of_birth"))
    if not (pid and sex and pid.value and len(pid.value) == 12 and pid.value.isdigit()) or "not_printed" in sex.reasons:
        return
    if not all(r in CLEAN | ID_READ_NOTES | {ID_SEX_DIGIT_MISMATCH} for r in pid.reasons):
        return
    if sex.value is not None:
        doubted = "low_confidence" in sex.reasons or "label_not_read" in sex.reasons
        agrees = bool(birth and birth.value) and not set(check_personal_id(pid.value, birth.value)) & FAILED
        if doubted and agrees and sex.value == id_century_sex_decode(pid.value)[1]:
            # read in doubt, and what the id's sex digit says, the id's year agreeing with the
            # birth date: two readings agree that no one misreading makes
            sex.reasons = [r for r in sex.reasons if r not in ("low_confidence", "label_not_read")]
            return
        if not (ID_SEX_DIGIT_MISMATCH in sex.reasons and doubted and agrees):
            return
    sex.value = id_century_sex_decode(pid.value)[1]
    sex.confidence = pid.confidence
    sex.reasons = [SEX_FROM_ID]
    sex.page, sex.bbox = pid.page, pid.bbox
    _forget_between_facts(doc)
