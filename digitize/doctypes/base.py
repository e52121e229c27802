"""What a document type is: its title cues and its fields with their printed labels.

Labels are written as printed; matching folds them (no diacritics, lower case), so one
spelling covers OCR that drops marks. List the variants different forms print.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

# Value kinds, each with one parser in extract.py, its validators in validate.py and its
# shape checks in plausible.py: a field's kind decides how it is read and checked.
TEXT, NAME, DATE, PERSONAL_ID, SEX, AREA, PHONE, CODE, AUTHORITY, ETHNICITY, NATIONALITY = (
    "text", "name", "date", "personal_id", "sex", "area", "phone", "code", "authority", "ethnicity",
    "nationality")
ADDRESS, RELATIONSHIP, TITLE = "address", "relationship", "title"  # ends in a province; closed vocabularies
# The labels of a certified copy's stamp ('CHỨNG THỰC BẢN SAO ĐÚNG VỚI BẢN CHÍNH', on a copy of
# any paper): its numbers are the stamp's, never the paper's (RECORDS: not its registration number).
COPY_STAMP_LABELS = ("Số chứng thực",)
NUMBER = "number"  # a whole number a register counts by: a land parcel's, its map sheet's


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str
    labels: tuple[str, ...] = ()
    # False: some forms of the document do not print it; an absent label means "not printed".
    required: bool = True
    # Where to look when no label is found: "header" (issuing body in the top-left block),
    # "place_date" (the "Hà Nội, ngày .. tháng .. năm .." line), "title", "serial", "signature"
    # (the body in a land certificate's signature block), "id_shape" (the one 12-digit number
    # on a card), "milestone" (the date on a card holder's 25th/40th/60th birthday),
    # "member_row" (a residence paper's member table: its person's row, or its head's). Also
    # tried when the labelled value does not read as its kind.
    fallback: str = ""
    # In a form that prints a table with one column per person ('MẸ' / 'CHA', 'CHỒNG' / 'VỢ'),
    # the column header this field's value sits under; the labels then head its row.
    column: str = ""
    # Key of the field whose label this one's value belongs with: of several occurrences of
    # the label, the one nearest under it (same column, at or after its line) is taken.
    near: str = ""
    # Key of the address whose district names the body where the body's own unit is lost (a
    # seal over 'ỦY BAN NHÂN DÂN / QUẬN SƠN TRÀ' leaves 'Ủy ban nhân dân'): a land certificate
    # is issued by the district of its parcel. Filled in flagged, for a person to confirm.
    unit_from: str = ""
    # Labels that open another person's part of the form (a birth certificate's parents): this
    # field's own row stands above the first of them. A value found under one of them, where
    # this field's own label did not read, is another person's: given flagged, for a person
    # to confirm (a child's ethnicity is mostly, not always, its mother's).
    before: tuple[str, ...] = ()


@dataclass(frozen=True)
class DocType:
    name: str
    titles: tuple[str, ...]  # printed titles; the first words of a title line
    fields: tuple[FieldSpec, ...]
    # Title cues that must NOT be this type even though a title matches (e.g. TỜ KHAI ĐĂNG KÝ KHAI SINH).
    excludes: tuple[str, ...] = ()
    # Other printed labels of this form that end a value (so "Giới tính: Nam Dân tộc: Kinh" splits).
    # COPY_STAMP_LABELS end values on every form.
    stop_labels: tuple[str, ...] = ()
    priority: int = 0  # higher wins when two titles match equally
    # (folded cue, keys): when the cue is printed, this form does not print those fields at all
    # (the Căn cước card has no place of origin).
    not_printed_when: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Values read from machine-readable zones (QR codes, barcodes, MRZ): given the codes read
    # on the document's pages and its OCR lines, returns field values to check or fill with.
    machine_readable: Callable[[list[str], list[str]], dict[str, str]] | None = None
    # The zone is printed on this type alone and names its holder (the card's QR and MRZ), so
    # a page where it reads is this type even when its title is lost. Not so for a receipt's
    # dossier code, which other papers of the dossier may print too.
    zone_names_type: bool = False
    # What a page of this type prints and no other paper does, for a page whose title is lost:
    # given its OCR lines, whether they show it (a card's face). Such a page is typed, flagged.
    printed_evidence: Callable[[list[str]], bool] | None = None
    # Phrases printed in the body of this type's pages and no other's: they name an inner page
    # that carries no title (a certificate's second page, its plan, its changes page).
    cues: tuple[str, ...] = ()

    @property
    def keys(self) -> list[str]:
        """Field keys in contract order; a key may have several specs (one per layout)."""
        return list(dict.fromkeys(f.key for f in self.fields))

    def specs(self, key: str) -> list[FieldSpec]:
        """The ways to find a field, table columns first: where a form prints the table, the
        row labels alone would pick the wrong person's value."""
        return sorted((f for f in self.fields if f.key == key), key=lambda f: not f.column)
