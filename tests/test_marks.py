"""Runs of capitals read again alone: the marks a block reading cut off come back, and nothing
else of the line changes."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from digitize import imaging, marks, ocr
from digitize.models import Word

BOLD = "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"
REGULAR = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"


def card_lines(size: int = 48, gap: int = 50) -> np.ndarray:
    """A card's number and name in bold capitals, the name close under the number (as printed on
    the chip card) and a date under it."""
    im = Image.new("L", (1400, 400), 255)
    d = ImageDraw.Draw(im)
    d.text((60, 60), "Số:", font=ImageFont.truetype(REGULAR, 30), fill=0)
    d.text((160, 50), "036300760744", font=ImageFont.truetype(BOLD, size), fill=0)
    d.text((60, 70 + gap), "Họ và tên:", font=ImageFont.truetype(REGULAR, 30), fill=0)
    d.text((260, 50 + gap), "LÊ HỒNG THẢO", font=ImageFont.truetype(BOLD, size), fill=0)
    d.text((60, 70 + 2 * gap), "Ngày sinh: 30/04/2000", font=ImageFont.truetype(REGULAR, 30), fill=0)
    return imaging.binarize(np.asarray(im))


@pytest.mark.e2e
def test_the_marks_a_block_reading_cut_off_a_name_in_capitals_come_back():
    image = card_lines()
    words = ocr.read_words(image, 300, "vie", 6, 30)
    again = marks.reread_capitals(image, words, 300, "vie", 30)
    text = " ".join(w.text for w in again)
    assert "LÊ HỒNG THẢO" in text
    # the other words, every box and every line index as they were
    assert [(w.bbox, w.line) for w in again] == [(w.bbox, w.line) for w in words]
    assert [w.text for w in again if not w.text.isupper()] == [w.text for w in words if not w.text.isupper()]


def test_a_second_reading_with_other_letters_or_edges_changes_nothing_but_marks():
    assert marks._marks_of("'LÊ", "LE") == "LE".replace("E", "Ê")  # a quote it added is not taken
    assert marks._marks_of("HỒNG", "(HONG,") == "(HỒNG,"  # the first reading's edges stay
    assert marks._marks_of("HÔNGG", "HONG") == "HONG"  # other letters: the first reading stands


def test_only_runs_of_two_or_more_words_in_capitals_are_read_again():
    def w(text, x):
        return Word(text, 90, (x, 0, x + 50, 40), 0)
    line = [w("Họ", 0), w("và", 60), w("tên:", 120), w("LE", 200), w("HONG", 260), w("THAO", 330), w("Ngày", 400)]
    assert marks._runs(line) == [(3, 6)]
    assert marks._runs([w("Số:", 0), w("CCCD", 60), w("0123", 120)]) == []  # one word in capitals
