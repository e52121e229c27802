"""`digitize export --format pdf`: one PDF/A-2b per document, the scan with its OCR text layer."""
from __future__ import annotations

import sqlite3
import subprocess

import pikepdf
import pikepdf.pdfa
import pytest

from digitize.search import tokens
from digitize.vntext import fold_tight

from .conftest import digitize

pytestmark = pytest.mark.e2e  # the real CLI, Tesseract and SQLite: `pytest -m "not e2e"` skips them


def _page_text(pdf, page: int) -> str:
    return subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-raw", str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def _in_order(wanted: list[str], words: list[str]) -> bool:
    it = iter(words)
    return all(any(w == x for x in it) for w in wanted)


def test_each_document_becomes_a_searchable_pdfa(corpus, tmp_path):
    out = tmp_path / "pdf"
    p = digitize("export", "--format", "pdf", "--out", str(out), "--db", str(corpus["db"]))
    assert p.returncode == 0, p.stdout + p.stderr
    con = sqlite3.connect(corpus["db"])
    raw = {(d, k): r for d, k, r in con.execute("SELECT document_id, key, raw FROM fields")}
    readable = [r for r in corpus["records"] if r["status"] != "failed"]
    assert sorted(out.rglob("*.pdf")) == sorted(out / f"{r['id']}.pdf" for r in readable)
    checked = 0
    for rec in readable:
        path = out / f"{rec['id']}.pdf"
        assert oct(path.stat().st_mode & 0o777) == "0o600"
        assert pikepdf.pdfa.validate_written(path, "2b").passed  # the PDF/A-2b rules pikepdf checks
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) == len(rec["pages"])
            assert pdf.check_pdf_syntax() == []  # what `qpdf --check` does: no problem found
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "B"
            assert rec["id"] in str(meta["dc:title"]) and rec["dossier"] in str(pdf.docinfo["/Keywords"])
            assert len(pdf.Root.OutputIntents) == 1
            for page in pdf.pages:  # the scan's image, kept in colour where it has it, at >= 200 dpi
                images = list(page.get_images().values())
                assert images
                img = pikepdf.PdfImage(images[0])
                width_in = float(page.mediabox[2] - page.mediabox[0]) / 72
                assert img.width / width_in >= 200 - 1
        for key, f in rec["fields"].items():
            value = f["value"]
            # values read from the OCR words (not parsed into another form, like dates) are in its text layer
            if not value or f["page"] is None or fold_tight(value) not in fold_tight(raw.get((rec["id"], key)) or ""):
                continue
            text = _page_text(path, f["page"])
            # as printed (an id in digit boxes reads '0 3 8 ...'), or its words in reading order (a value
            # wrapped over two lines may have a label column between its halves)
            assert fold_tight(value) in fold_tight(text) or _in_order(tokens(value), tokens(text)), \
                (rec["id"], key, value)
            checked += 1
    assert checked >= 20


def test_colour_and_the_original_image_data_are_kept(corpus, tmp_path):
    """A JPEG page is embedded as the very JPEG bytes the scanner wrote."""
    jpeg_docs = [r for r in corpus["records"] if r["status"] != "failed" and len(r["pages"]) == 1
                 and r["pages"][0]["file"].lower().endswith((".jpg", ".jpeg"))]
    assert jpeg_docs
    rec = jpeg_docs[0]
    out = tmp_path / "pdf"
    digitize("export", "--format", "pdf", "--out", str(out), "--dossier", rec["dossier"],
             "--db", str(corpus["db"]), check=True)
    original = (corpus["scans"] / rec["pages"][0]["file"]).read_bytes()
    with pikepdf.open(out / f"{rec['id']}.pdf") as pdf:
        image = next(iter(pdf.pages[0].get_images().values()))
        assert image.Filter == pikepdf.Name.DCTDecode
        assert image.read_raw_bytes() == original


def test_pdf_export_mistakes(corpus, tmp_path):
    p = digitize("export", "--format", "pdf", "--out", str(tmp_path), "--dossier", "nope", "--db", str(corpus["db"]))
    assert p.returncode == 2 and "no dossier" in p.stderr


def test_a_coarse_or_transparent_scan_is_redrawn_at_200_dpi_or_more(tmp_path):
    """Only where the image cannot be kept as it is: the page keeps its size, the image reaches 200 dpi."""
    from PIL import Image

    from digitize.pdfexport import PageSource, _Scans

    coarse = tmp_path / "coarse.jpg"
    Image.new("RGB", (1240, 1754), (230, 200, 120)).save(coarse, "JPEG", dpi=(150, 150))
    clear = tmp_path / "clear.png"
    Image.new("RGBA", (2480, 3508), (0, 0, 255, 128)).save(clear, "PNG", dpi=(300, 300))
    scans = _Scans()
    for path, kind, dpi in ((coarse, "jpeg", 150), (clear, "png", 300)):
        page = scans.page(PageSource(path, kind, 1, 0, 0, dpi, 0, 0.0))
        width_in = float(page.mediabox[2] - page.mediabox[0]) / 72
        assert abs(width_in - 1240 / 150) < 0.01  # A4 either way: 8.27 in
        img = pikepdf.PdfImage(next(iter(page.get_images().values())))
        assert img.width / width_in >= 200 - 1
        assert img.colorspace == "/DeviceRGB"  # colour kept
    scans.close()


def test_the_text_layer_lands_where_the_ocr_read_it_through_scale_turn_and_deskew():
    """A mark on the scan, taken through the OCR's own scale, turn and deskew, is found in the OCR
    image; mapped back by the text layer's matrix it falls on the mark on the page."""
    import numpy as np

    from digitize import imaging
    from digitize.pdfexport import PageSource, text_to_page

    h0, w0, dpi = 700, 500, 100  # the scan: 5 x 7 in
    mark = (120, 530)  # x, y in scan pixels
    scan = np.full((h0, w0), 255, np.uint8)
    scan[mark[1] - 3:mark[1] + 4, mark[0] - 3:mark[0] + 4] = 0
    for factor, rotation, skew in ((1.0, 0, 0.0), (1.5, 90, 2.0), (0.8, 180, -3.0), (2.0, 270, 1.0)):
        scaled = imaging.scale(scan, factor) if factor != 1.0 else scan
        ocr = imaging.deskew(imaging.turn(scaled, rotation), skew)
        ys, xs = np.nonzero(ocr < 128)
        x, y = xs.mean() + 0.5, ys.mean() + 0.5  # the mark's centre in OCR pixels
        src = PageSource(None, "png", 1, scaled.shape[1], scaled.shape[0], dpi, rotation, skew)
        page_w, page_h = w0 * 72 / dpi, h0 * 72 / dpi
        m = text_to_page(src, page_w, page_h, [0, 0, page_w, page_h], 0)
        h2 = ocr.shape[0]
        px, py, _ = m @ np.array([x, h2 - y, 1.0])  # the text layer is y-up in OCR pixels
        want = ((mark[0] + 0.5) * 72 / dpi, page_h - (mark[1] + 0.5) * 72 / dpi)
        assert abs(px - want[0]) < 1.5 and abs(py - want[1]) < 1.5, (factor, rotation, skew, (px, py), want)
    # a scanned PDF page carrying /Rotate 90: the scan as rendered is the page as viewed
    src = PageSource(None, "pdf", 1, w0, h0, dpi, 0, 0.0)
    view_w, view_h = w0 * 72 / dpi, h0 * 72 / dpi
    m = text_to_page(src, view_w, view_h, [0, 0, view_h, view_w], 90)  # mediabox: unrotated, so swapped
    vx, vy = (mark[0] + 0.5) * 72 / dpi, view_h - (mark[1] + 0.5) * 72 / dpi  # the mark as viewed, y up
    px, py, _ = m @ np.array([mark[0] + 0.5, h0 - mark[1] - 0.5, 1.0])
    assert abs(px - (view_h - vy)) < 0.01 and abs(py - vx) < 0.01  # viewed turned 90° clockwise: back
