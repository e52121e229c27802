"""Plain dataclasses passed between the stages. No behaviour, no database, no globals."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceFile:
    """One scan file of a dossier. `rel` is relative to the scans root (the contract's `file`)."""
    path: str
    rel: str
    sha256: str
    size: int
    kind: str  # "pdf" | "tiff" | "jpeg" | "png"; detected from content, not the name
    pages: int = 0
    error: str | None = None  # set when the file cannot be read at all
    mtime_ns: int = 0  # with size and inode: a file whose three are as stored is not hashed again
    inode: int = 0


@dataclass
class Dossier:
    id: str
    path: str
    files: list[SourceFile] = field(default_factory=list)


@dataclass
class PageTask:
    """What a worker needs to read one page: picklable, no open handles."""
    dossier: str
    file_rel: str
    path: str
    kind: str
    page: int  # 1-based within the file
    sha256: str = ""  # the file's, as hashed when found: a cluster worker gets bytes that match it


CONFIDENT = 60  # Tesseract's confidence (0-100) from which a word counts as read, not guessed


@dataclass
class Word:
    text: str
    conf: float  # 0..100 as Tesseract reports it
    bbox: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the image given to OCR
    line: int  # index of the line on the page, in reading order

    @property
    def letters(self) -> int:
        return sum(c.isalpha() for c in self.text)


@dataclass
class Quality:
    width: int = 0
    height: int = 0
    dpi: int = 0
    blur: float = 0.0  # variance of the Laplacian; low means blurred
    ink: float = 0.0  # share of dark pixels
    contrast: float = 0.0
    skew: float = 0.0  # degrees corrected
    rotation: int = 0  # degrees turned clockwise before OCR: 0, 90, 180 or 270
    # "layout", "osd", "reading" (the page as scanned read better than the layout's turn), or ""
    orientation_method: str = ""
    blank: bool = False
    # the layout's measure of which way is up at the turn it chose (imaging.up_down): well
    # above 1 upright, near 1 undecided; 0 where it did not decide (OSD did). Not stored.
    upright: float = 0.0
    # ... and of whether its lines run across it as scanned (imaging.lines_run_across): well above
    # 1 across, below SIDEWAYS_RATIO on its side, between the two undecided; 0 where OSD decided.
    across: float = 0.0


@dataclass
class PageResult:
    dossier: str
    file_rel: str
    page: int
    words: list[Word] = field(default_factory=list)
    quality: Quality = field(default_factory=Quality)
    error: str | None = None
    seconds: float = 0.0
    codes: list[str] = field(default_factory=list)  # barcodes and QR codes read on the page
    stages: dict[str, float] = field(default_factory=dict)  # wall seconds per stage (stages.py)
    note: str | None = None  # what of a page kept in part was not read (its cards were, the rest timed out)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(w.text for w in ws) for ws in lines_of(self.words))


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Group words by line index, keeping reading order."""
    out: dict[int, list[Word]] = {}
    for w in words:
        out.setdefault(w.line, []).append(w)
    return [out[k] for k in sorted(out)]


@dataclass
class FieldValue:
    key: str
    value: str | None
    confidence: float
    flagged: bool
    reasons: list[str] = field(default_factory=list)
    page: int | None = None  # index into the document's pages, 1-based
    bbox: list[int] | None = None
    raw: str = ""  # the OCR text the value was read from
    label_score: float = 0.0


@dataclass
class Document:
    dossier: str
    doc_type: str
    doc_type_confidence: float
    pages: list[tuple[str, int]]  # (file_rel, page)
    fields: dict[str, FieldValue] = field(default_factory=dict)
    status: str = "ok"
    error: str | None = None
    flags: list[str] = field(default_factory=list)  # document-level reasons (type unsure...)
