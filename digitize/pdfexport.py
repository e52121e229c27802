"""One PDF/A-2b file per document: its pages as scanned, with an invisible text layer placed
from the stored OCR words (nothing is read again), and the document's metadata.

The pages keep the scan's own image data: a page of a scanned PDF is copied as it is (pikepdf),
a JPEG, PNG or TIFF is embedded by img2pdf without decoding where it can be (JPEG as is, PNG and
CCITT TIFF as their compressed data). The text layer is OCRmyPDF's renderer (fpdf2, a glyphless
or Noto font, each word stretched to its box), drawn in the OCR image's pixels and mapped back
onto the page through the turn and deskew the OCR saw. pikepdf writes the file as PDF/A-2b and
validates what it wrote.
"""
from __future__ import annotations

import io
import json
import math
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import pikepdf
import pikepdf.pdfa

from . import doctypes, store
from .files import write_private
from .models import Word, lines_of

FLAVOUR = "2b"  # PDF/A-2b: visual appearance preserved, the archival profile offices accept
DEFAULT_DPI = 300  # what the pipeline assumes for an image that states no resolution
MIN_PDF_DPI = 200  # archival minimum: a coarser scan is resampled up to it
JPEG_QUALITY = 92  # when a JPEG scan has to be re-encoded (resampled)
DESKEW_MIN_DEG = 0.05  # below this the pipeline did not deskew (imaging.deskew)


class PdfError(Exception):
    """A document's PDF cannot be made (its scan is gone, changed or unreadable)."""


@dataclass
class PageSource:
    """One stored page: where its scan is, and the geometry its OCR words are in."""
    path: Path
    kind: str
    page: int  # 1-based in the file
    width: int  # the OCR image before the turn, pixels
    height: int
    dpi: int  # the scan's resolution as the pipeline took it
    rotation: int  # degrees turned clockwise before OCR
    skew: float  # degrees deskewed
    words: list[Word] = field(default_factory=list)


@dataclass
class DocumentPdf:
    document_id: str
    pages: int
    data: bytes


def page_sources(db, document_id: str) -> list[PageSource]:
    doc = store.document_row(db, document_id)
    if doc is None:
        raise PdfError(f"no document {document_id}")
    out = []
    for ref in json.loads(doc["pages"] or "[]"):
        p = store.page_row(db, f"{ref['file']}#{ref['page']}")
        f = store.file_row(db, ref["file"])
        if p is None or f is None or not f["root"]:
            raise PdfError(f"{ref['file']} page {ref['page']} is not in the store")
        path = Path(f["root"]) / ref["file"]
        if not path.is_file():
            raise PdfError(f"scan not found at {path}")
        from .sources import sha256  # the one hash of a scan the store compares with

        if sha256(path) != f["sha256"]:
            raise PdfError(f"{ref['file']} changed since it was read: run `digitize run` again")
        words = [Word(w[0], w[1], tuple(w[2]), w[3]) for w in json.loads(p["words"] or "[]")]
        out.append(PageSource(path, f["kind"], p["page"], p["width"], p["height"], p["dpi"] or DEFAULT_DPI,
                              p["rotation"] or 0, p["skew"] or 0.0, words))
    if not out:
        raise PdfError(f"{document_id} has no readable page")
    return out


# --- geometry: OCR pixels -> the page's user space --------------------------------------------

def _affine(a: float, b: float, c: float, d: float, e: float, f: float) -> np.ndarray:
    """PDF matrix [a b c d e f] as 3x3: x' = a x + c y + e, y' = b x + d y + f."""
    return np.array([[a, c, e], [b, d, f], [0, 0, 1]], dtype=float)


def text_to_page(src: PageSource, view_w: float, view_h: float, mediabox: list[float], page_rotate: int) -> np.ndarray:
    """Matrix taking the text layer (OCR pixels, y up, one unit a pixel) to the page's user
    space. The inverse of what the OCR image went through: the deskew, the turn, the scale
    from the scan's page as viewed, and the page's own /Rotate."""
    w1, h1 = src.width, src.height
    w2, h2 = (h1, w1) if src.rotation in (90, 270) else (w1, h1)
    m = _affine(1, 0, 0, -1, 0, h2)  # y up -> image rows down
    if abs(src.skew) >= DESKEW_MIN_DEG:  # cv2.getRotationMatrix2D((w/2, h/2), skew, 1), inverted
        t = math.radians(src.skew)
        al, be = math.cos(t), math.sin(t)
        cx, cy = w2 / 2, h2 / 2
        fwd = np.array([[al, be, (1 - al) * cx - be * cy], [-be, al, be * cx + (1 - al) * cy], [0, 0, 1]])
        m = np.linalg.inv(fwd) @ m
    unturn = {0: _affine(1, 0, 0, 1, 0, 0), 90: _affine(0, -1, 1, 0, 0, h1),
              180: _affine(-1, 0, 0, -1, w1, h1), 270: _affine(0, 1, -1, 0, w1, 0)}[src.rotation % 360]
    m = unturn @ m
    m = _affine(view_w / w1, 0, 0, -view_h / h1, 0, view_h) @ m  # pixels, rows down -> points, y up
    llx, lly, urx, ury = mediabox
    w, h = urx - llx, ury - lly
    unrotate = {0: _affine(1, 0, 0, 1, 0, 0), 90: _affine(0, 1, -1, 0, w, 0),
                180: _affine(-1, 0, 0, -1, w, h), 270: _affine(0, -1, 1, 0, 0, h)}[page_rotate % 360]
    return _affine(1, 0, 0, 1, llx, lly) @ unrotate @ m


# --- the text layer ------------------------------------------------------------------------

def _text_layer(sources: list[PageSource], out: Path) -> None:
    """A text-only PDF, one page per source, in OCR pixels (72 'dpi': one unit a pixel)."""
    from ocrmypdf.font import MultiFontManager
    from ocrmypdf.fpdf_renderer import Fpdf2MultiPageRenderer
    from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement
    import ocrmypdf

    pages = []
    for i, src in enumerate(sources):
        w2, h2 = (src.height, src.width) if src.rotation in (90, 270) else (src.width, src.height)
        lines = []
        for line in lines_of(src.words):
            words = [OcrElement(ocr_class=OcrClass.WORD, text=w.text, bbox=BoundingBox(*w.bbox))
                     for w in line if w.text.strip() and w.bbox[2] > w.bbox[0] and w.bbox[3] > w.bbox[1]]
            if words:
                box = BoundingBox(min(w.bbox.left for w in words), min(w.bbox.top for w in words),
                                  max(w.bbox.right for w in words), max(w.bbox.bottom for w in words))
                lines.append(OcrElement(ocr_class=OcrClass.LINE, bbox=box, children=words))
        page = OcrElement(ocr_class=OcrClass.PAGE, bbox=BoundingBox(0, 0, w2, h2), children=lines)
        pages.append((i + 1, page, 72.0))
    fonts = MultiFontManager(Path(ocrmypdf.__file__).parent / "data")
    Fpdf2MultiPageRenderer(pages_data=pages, multi_font_manager=fonts, invisible_text=True).render(out)


# --- the scan pages --------------------------------------------------------------------------

class _Scans:
    """The scan files of one document opened once each, as PDFs whose pages can be copied."""

    def __init__(self):
        self.open: dict[Path, pikepdf.Pdf] = {}

    def page(self, src: PageSource) -> pikepdf.Page:
        if src.path not in self.open:
            self.open[src.path] = self._load(src)
        pdf = self.open[src.path]
        if src.page > len(pdf.pages):
            raise PdfError(f"{src.path.name} has no page {src.page} any more")
        return pdf.pages[src.page - 1]

    @staticmethod
    def _load(src: PageSource) -> pikepdf.Pdf:
        if src.kind == "pdf":
            return pikepdf.open(src.path)
        import img2pdf

        if src.dpi >= MIN_PDF_DPI:
            layout = img2pdf.get_fixed_dpi_layout_fun((src.dpi, src.dpi))
            try:  # the image data as it is: no decoding, no re-encoding. EXIF orientation is not
                # applied: the pipeline read the pixels as stored, and the text layer follows them
                data = img2pdf.convert(str(src.path), layout_fun=layout, rotation=img2pdf.Rotation.none)
                return pikepdf.open(io.BytesIO(data))
            except (img2pdf.AlphaChannelError, img2pdf.ImageOpenError, ValueError):
                pass  # transparency, or a mode PDF cannot hold
        return _redrawn(src, max(src.dpi, MIN_PDF_DPI))

    def close(self) -> None:
        for pdf in self.open.values():
            pdf.close()


def _redrawn(src: PageSource, dpi: int) -> pikepdf.Pdf:
    """The image re-encoded, only where it cannot be kept: transparency flattened on white, and
    a scan coarser than MIN_PDF_DPI resampled up to it (the page keeps its size in points)."""
    import img2pdf
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = None  # the pipeline checked the size before reading it
    frames = []
    with Image.open(src.path) as im:
        for n in range(getattr(im, "n_frames", 1)):
            im.seek(n)
            gray = im.mode in ("1", "L", "LA", "I", "I;16", "F")
            rgba = im.convert("RGBA")
            page = Image.new("RGB", rgba.size, (255, 255, 255))
            page.paste(rgba, mask=rgba.getchannel("A"))
            page = page.convert("L") if gray else page
            factor = dpi / src.dpi
            if factor > 1:
                page = page.resize((round(page.width * factor), round(page.height * factor)), Image.LANCZOS)
            buf = io.BytesIO()
            if src.kind == "jpeg":  # a photo-like scan: JPEG again, at a quality that keeps it
                page.save(buf, "JPEG", quality=JPEG_QUALITY)
            else:
                page.save(buf, "PNG")
            frames.append(buf.getvalue())
    return pikepdf.open(io.BytesIO(img2pdf.convert(frames, layout_fun=img2pdf.get_fixed_dpi_layout_fun((dpi, dpi)))))


# --- the document -----------------------------------------------------------------------------

def _metadata(pdf: pikepdf.Pdf, doc: dict, scanned: str | None, read: str | None) -> None:
    dt = doctypes.get(doc["doc_type"])
    title = dt.titles[0] if dt and dt.titles else doc["doc_type"]  # the printed title, e.g. GIẤY KHAI SINH
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["dc:title"] = f"{doc['id']} {title}"
        meta["dc:description"] = (f"dossier {doc['dossier']}, document {doc['id']}, type {doc['doc_type']}; "
                                  f"scanned {scanned or 'unknown'}, read {read or 'unknown'}")
        meta["dc:subject"] = [doc["dossier"], doc["id"], doc["doc_type"]]
        meta["pdf:Keywords"] = f"dossier={doc['dossier']}; document={doc['id']}; type={doc['doc_type']}"
        meta["xmp:CreatorTool"] = "digitize"
        if scanned:
            meta["xmp:CreateDate"] = scanned
        if read:
            meta["xmp:ModifyDate"] = read


def _iso(stamp: str | None) -> str | None:
    """The store's '2026-11-27T16:11:58+0000' as XMP's '2026-11-27T16:11:58+00:00'."""
    if not stamp:
        return None
    try:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S%z").isoformat()
    except ValueError:
        return None


def document_pdf(db, document_id: str) -> DocumentPdf:
    """The PDF/A-2b bytes of one document."""
    doc = store.document_row(db, document_id)
    if doc is None:
        raise PdfError(f"no document {document_id}")
    sources = page_sources(db, document_id)
    scans = _Scans()
    try:
        with tempfile.TemporaryDirectory(prefix="digitize-pdf-") as tmp:
            text_path = Path(tmp) / "text.pdf"
            _text_layer(sources, text_path)
            out = pikepdf.new()
            with pikepdf.open(text_path) as text:
                for i, src in enumerate(sources):
                    out.pages.append(scans.page(src))
                    page = out.pages[-1]
                    box = [float(v) for v in page.mediabox]
                    rotate = int(page.obj.get("/Rotate", 0)) % 360
                    w, h = box[2] - box[0], box[3] - box[1]
                    view_w, view_h = (h, w) if rotate in (90, 270) else (w, h)
                    form = out.copy_foreign(text.pages[i].as_form_xobject())
                    name = page.add_resource(form, pikepdf.Name.XObject, prefix="OCR")
                    a, c, e, b, d, f = text_to_page(src, view_w, view_h, box, rotate)[:2].ravel()
                    page.contents_add(f"q {a:.6f} {b:.6f} {c:.6f} {d:.6f} {e:.4f} {f:.4f} cm {name} Do Q".encode(),
                                      prepend=False)
                    if src.rotation:  # shown upright, as the OCR read it; the image data stays as scanned
                        page.obj.Rotate = (rotate + src.rotation) % 360
            # scanned: when the scanner wrote the first file; read: when the pipeline stored it
            scanned = datetime.fromtimestamp(sources[0].path.stat().st_mtime).astimezone().replace(microsecond=0)
            _metadata(out, doc, scanned.isoformat(), _iso(doc["updated"]))
            buf = io.BytesIO()
            pikepdf.pdfa.save(out, buf, FLAVOUR, output_intent="sRGB")
            return DocumentPdf(document_id, len(sources), buf.getvalue())
    except pikepdf.PdfError as e:
        raise PdfError(f"{document_id}: cannot make its PDF ({e})") from None
    finally:
        scans.close()


def pdf_name(document_id: str) -> str:
    """'DOSSIER/N' -> 'DOSSIER/N.pdf': the files mirror the ids."""
    return f"{document_id}.pdf"


def write_pdfs(db, out_dir: Path, document_ids: list[str]) -> tuple[list[Path], list[tuple[str, str]]]:
    """(files written, [(document, why not)])."""
    written, failed = [], []
    for d_id in document_ids:
        try:
            made = document_pdf(db, d_id)
        except PdfError as e:
            failed.append((d_id, str(e)))
            continue
        path = out_dir / pdf_name(d_id)
        write_private(path, made.data)
        written.append(path)
    return written, failed
