"""What a document type is: its title cues and its fields with their printed labels.

Labels are written as printed; matching folds them (no diacritics, lower case), so one
spelling covers OCR that drops marks. List the variants different forms print.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Value kinds, each with one parser in extract.py and one validator in validate.py.
TEXT, NAME, DATE, PERSONAL_ID, SEX, AREA, PHONE, CODE, AUTHORITY = (
    "text", "name", "date", "personal_id", "sex", "area", "phone", "code", "authority")


@dataclass(frozen=True)
class FieldSpec:
    key: str
    kind: str
    labels: tuple[str, ...] = ()
    # Which occurrence of the label to take when it repeats (the mother's block before the father's).
    occurrence: int = 1
    # False: some forms of the document do not print it; an absent label means "not printed".
    required: bool = True
    # Where to look when no label is found: "header" (issuing body in the top-left block),
    # "place_date" (the "Hà Nội, ngày .. tháng .. năm .." line), "title", "serial".
    fallback: str = ""


@dataclass(frozen=True)
class DocType:
    name: str
    titles: tuple[str, ...]  # printed titles; the first words of a title line
    fields: tuple[FieldSpec, ...]
    # Title cues that must NOT be this type even though a title matches (e.g. TỜ KHAI ĐĂNG KÝ KHAI SINH).
    excludes: tuple[str, ...] = ()
    # Other printed labels of this form that end a value (so "Giới tính: Nam Dân tộc: Kinh" splits).
    stop_labels: tuple[str, ...] = ()
    priority: int = 0  # higher wins when two titles match equally
    # (folded cue, keys): when the cue is printed, this form does not print those fields at all
    # (the Căn cước card has no place of origin).
    not_printed_when: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def keys(self) -> list[str]:
        return [f.key for f in self.fields]

    def spec(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)
