"""Cards lying on a page: found by their tinted rectangle, cut out square, read alone, and their
words mapped back onto the page as read."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from digitize import cards, imaging, store
from digitize.config import Settings
from digitize.models import PageResult, PageTask
from digitize.pipeline import PARTLY_READ, assemble, read_page

FONT = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"
A4 = (2480, 3508)  # pixels at 300 dpi
CARD = (1011, 638)  # 85.6 x 54 mm at 300 dpi
CARD_LINES = ["CĂN CƯỚC CÔNG DÂN", "Số: 001089012345", "Họ và tên: NGUYỄN VĂN AN",
              "Ngày sinh: 12/03/1989", "Giới tính: Nam  Quốc tịch: Việt Nam"]


def card_image(tint: int = 215) -> Image.Image:
    card = Image.new("L", CARD, tint)
    d = ImageDraw.Draw(card)
    font = ImageFont.truetype(FONT, 34)
    for i, text in enumerate(CARD_LINES):
        d.text((60, 60 + i * 100), text, font=font, fill=0)
    return card


def page_with_card(angle: float = 0.0, at: tuple[int, int] = (700, 500), text_below: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """(an A4 page with a card pasted turned by `angle` degrees and a paragraph of text under
    it, the card's corners on the page)."""
    page = Image.new("L", A4, 255)
    card = card_image().convert("LA").rotate(angle, expand=True, resample=Image.BICUBIC, fillcolor=(255, 0))
    page.paste(card.convert("L"), at, card.getchannel("A"))
    if text_below:
        d = ImageDraw.Draw(page)
        font = ImageFont.truetype(FONT, 44)
        for i in range(12):
            d.text((200, 1800 + i * 80), f"Chứng thực bản sao đúng với bản chính, dòng số {i:02d} của trang",
                   font=font, fill=0)
    w, h = CARD
    corners = np.float64([[-w / 2, -h / 2], [w / 2, -h / 2], [w / 2, h / 2], [-w / 2, h / 2]])
    t = np.radians(angle)
    turned = corners @ np.array([[np.cos(t), -np.sin(t)], [np.sin(t), np.cos(t)]])  # PIL turns counter-clockwise
    centre = np.array(at) + np.array(card.size) / 2
    return np.asarray(page), turned + centre


@pytest.mark.parametrize("angle", [0.0, 4.0, -7.0, 90.0])
def test_a_card_on_a_page_is_found_where_it_lies(angle):
    gray, truth = page_with_card(angle)
    found = cards.find_cards(gray)
    assert len(found) == 1
    # every true corner has a found corner within 2% of the card's width
    for c in truth:
        assert np.min(np.linalg.norm(found[0] - c, axis=1)) < 0.02 * CARD[0]


def test_a_card_under_light_falling_off_across_the_page_is_found():
    gray, truth = page_with_card()
    h, w = gray.shape
    y, x = np.mgrid[0:h, 0:w]
    # a lamp at the top left: the far corner some 90 levels darker, below the card's own tint
    light = 1.0 - 0.38 * np.hypot(x / w, y / h) / np.sqrt(2)
    lit = (gray * light).astype(np.uint8)
    assert np.percentile(lit, 10) < 215 - cards.TINT_LEVELS  # one paper level would take the corner for a card
    found = cards.find_cards(lit)
    assert len(found) == 1
    for c in truth:
        assert np.min(np.linalg.norm(found[0] - c, axis=1)) < 0.02 * CARD[0]


def test_a_card_on_a_faded_copy_is_found():
    """Worn toner: the card's tint 9 levels under the paper, its print a pale gray."""
    gray, truth = page_with_card()
    faded = (255 - (255 - gray.astype(np.float32)) * 9 / 40).astype(np.uint8)  # tint 215 -> 246
    found = cards.find_cards(faded)
    assert len(found) == 1
    for c in truth:
        assert np.min(np.linalg.norm(found[0] - c, axis=1)) < 0.02 * CARD[0]


def test_text_and_a_page_that_is_all_card_are_no_cards():
    text_only, _ = page_with_card(text_below=True)
    text_only = text_only.copy()
    text_only[400:1200, 600:1800] = 255  # the card wiped: a paragraph is no card
    assert cards.find_cards(text_only) == []
    whole = np.asarray(card_image().resize((2000, 1262)))  # a card scanned alone: read as it is
    assert cards.find_cards(whole) == []


def test_a_white_card_on_white_paper_is_not_guessed():
    gray, _ = page_with_card()
    assert cards.find_cards(np.where(gray > 200, 255, gray).astype(np.uint8)) == []


def test_a_card_lying_upside_down_and_sideways_has_its_corners_ordered_from_its_top_left():
    _, truth = page_with_card(3.0)
    corners = cards.upright_corners(truth[[2, 3, 0, 1]].astype(np.float32))  # any start, any turn
    assert np.allclose(corners, truth, atol=1e-3)
    assert cards.upright_corners(truth[:, ::-1].astype(np.float32)) is None  # standing on its short side


def test_a_card_standing_on_its_short_side_tells_the_page_lies_sideways():
    _, truth = page_with_card(3.0)
    assert not cards.sideways(truth, 0) and not cards.sideways(truth, 180)
    assert cards.sideways(truth, 90) and cards.sideways(truth, 270)
    standing = truth[:, ::-1].astype(np.float32)  # x and y swapped: the card on its short side
    assert cards.sideways(standing, 0) and not cards.sideways(standing, 90)


@pytest.mark.parametrize("degrees", [0, 90, 180, 270])
def test_points_turn_with_the_image(degrees):
    img = np.zeros((30, 50), np.uint8)
    img[7, 41] = 255
    turned = imaging.turn(img, degrees)
    y, x = np.argwhere(turned == 255)[0]
    assert tuple(cards.turn_points(np.float64([[41, 7]]), degrees, 50, 30)[0]) == (x, y)
    th, tw = turned.shape
    back = cards.turn_points(np.float64([[x, y]]), (360 - degrees) % 360, tw, th)[0]
    assert tuple(back) == (41, 7)


def test_rectify_maps_the_cut_out_back_onto_the_page():
    gray, truth = page_with_card(5.0)
    corners = cards.upright_corners(cards.find_cards(gray)[0])
    card, to_page = cards.rectify(gray, corners)
    assert abs(card.shape[1] / card.shape[0] - cards.CARD_RATIO) < 0.01
    h, w = card.shape
    back = cards.apply(to_page, np.float64([[0, 0], [w - 1, h - 1]]))
    assert np.linalg.norm(back[0] - truth[0]) < 0.02 * CARD[0]
    assert np.linalg.norm(back[1] - truth[2]) < 0.02 * CARD[0]


@pytest.mark.e2e
def test_a_small_turned_card_on_a_page_is_read_alone_and_its_words_land_on_it(tmp_path):
    # a card copied at 60% of its size and turned 6 degrees: as a corner of the page its
    # letters are too small for the engine; cut out and enlarged they read
    page = Image.new("L", A4, 255)
    card = card_image().resize((CARD[0] * 3 // 5, CARD[1] * 3 // 5), Image.LANCZOS).convert("LA")
    card = card.rotate(6, expand=True, resample=Image.BICUBIC, fillcolor=(255, 0))
    page.paste(card.convert("L"), (300, 400), card.getchannel("A"))
    d = ImageDraw.Draw(page)
    font = ImageFont.truetype(FONT, 60)
    for i in range(6):
        d.text((200, 2000 + i * 110), f"Chứng thực bản sao đúng với bản chính số {i}", font=font, fill=0)
    path = tmp_path / "copy.png"
    page.save(path, dpi=(300, 300))
    result: PageResult = read_page(PageTask("d", "copy.png", str(path), "png", 1), Settings())
    assert result.error is None
    words = {w.text: w for w in result.words}
    assert "001089012345" in words
    assert "VĂN" in words and "12/03/1989" in words
    assert "Chứng" in words  # the page's own text is still read
    # the id's box, taken back to the scan (the page was scaled by its text), lies on the card
    x0, y0, x1, y1 = words["001089012345"].bbox
    f = result.quality.width / A4[0]
    cx, cy = (x0 + x1) / 2 / f, (y0 + y1) / 2 / f
    assert 300 < cx < 300 + card.width and 400 < cy < 400 + card.height
    # the card's lines come in their order, before the page text under the card
    lines = result.text.splitlines()
    at = [next(i for i, ln in enumerate(lines) if key in ln) for key in ("001089012345", "12/03/1989", "Chứng")]
    assert at == sorted(at)


def test_a_page_kept_as_its_card_alone_has_every_value_flagged_and_stored_so(tmp_path):
    # the whole page outlasted the OCR timeout and only its card was read: nothing else on the
    # page was, so every value goes to a person, and a re-split of the stored page says so again
    page, _ = page_with_card(text_below=False)
    path = tmp_path / "card.png"
    Image.fromarray(page).save(path, dpi=(300, 300))
    result = read_page(PageTask("d", "card.png", str(path), "png", 1), Settings())
    assert result.error is None and result.note is None
    result.note = "only its identity cards were read: tesseract took longer than 120 s (ocr_timeout) on the whole page"
    db = store.open_store(tmp_path / "d.db")
    run = store.start_run(db, str(tmp_path), 1)
    store.save_dossier(db, run, "d", str(tmp_path), [], [result], [])
    stored = store.load_pages(db, "d", ["card.png"])
    assert [p.note for p in stored] == [result.note]
    for pages in ([result], stored):
        doc, = assemble("d", pages, [], Settings())
        assert doc.doc_type == "cccd"
        valued = [f for f in doc.fields.values() if f.value]
        assert len(valued) >= 4
        assert all(f.flagged and PARTLY_READ in f.reasons for f in valued)
    result.note = None  # the same page read whole: its values stand on their own checks
    doc, = assemble("d", [result], [], Settings())
    assert not any(PARTLY_READ in f.reasons for f in doc.fields.values())


def bw_copy_with_card(dots: float, grain: float = 0.0, seed: int = 3) -> np.ndarray:
    """A black-and-white (0/255) A4 copy with a card whose printed background came out as a
    sparse dither, `dots` of its pixels black, and paper with `grain` of its pixels black."""
    rng = np.random.default_rng(seed)
    h, w = A4[1], A4[0]
    page = np.where(rng.random((h, w)) < grain, 0, 255).astype(np.uint8)
    y, x = 500, 700
    card = rng.random(CARD[::-1]) < dots
    page[y:y + CARD[1], x:x + CARD[0]][card] = 0
    return page


def test_a_card_dithered_faintly_on_a_black_and_white_copy_is_found_on_its_clean_paper():
    """A faint card (6 levels below the paper once averaged) on a copy whose paper is pure white:
    there so small a step is no noise. Grain alone makes no card."""
    gray = bw_copy_with_card(dots=0.024)
    found = cards.find_cards(gray)
    assert len(found) == 1
    x0, y0, x1, y1 = cards.box_of(found[0])
    assert abs(x0 - 700) < 20 and abs(y0 - 500) < 20 and abs(x1 - 700 - CARD[0]) < 20 and abs(y1 - 500 - CARD[1]) < 20
    assert cards.find_cards(bw_copy_with_card(dots=0.0, grain=0.03)) == []
