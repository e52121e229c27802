"""Long numbers read again alone: where the page's reading and the number's own disagree, the
digits most readings give are kept and the number is flagged; where they agree, nothing changes."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from digitize import digits, imaging, ocr
from digitize.models import Word

REGULAR = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"


def serial_line() -> np.ndarray:
    im = Image.new("L", (1200, 160), 255)
    d = ImageDraw.Draw(im)
    d.text((60, 50), "Số phát hành: CH 381108", font=ImageFont.truetype(REGULAR, 40), fill=0)
    return imaging.binarize(np.asarray(im))


@pytest.mark.e2e
def test_a_number_the_page_misread_is_read_again_alone_put_right_and_flagged():
    image = serial_line()
    words = ocr.read_words(image, 300, "vie", 6, 30)
    number = next(w for w in words if w.text == "381108")
    # as read in the page it stands: nothing changes
    assert digits.reread_numbers(image, words, 300, "vie", 30) == words
    # the same pixels, had the page read a 5 for the 3 with a sure word's confidence
    misread = [Word("581108", 92.0, number.bbox, number.line) if w is number else w for w in words]
    again = digits.reread_numbers(image, misread, 300, "vie", 30)
    fixed = next(w for w in again if w.bbox == number.bbox)
    assert fixed.text == "381108" and fixed.conf <= digits.DOUBTED
    assert [w for w in again if w.bbox != number.bbox] == [w for w in words if w.bbox != number.bbox]


def test_only_the_digits_change_and_short_numbers_are_left_alone():
    assert digits._with_digits("CH-581108;", "381108") == "CH-381108;"
    assert digits._with_digits("28/01/2024", "28012025") == "28/01/2025"
    short = [Word("1234", 90.0, (0, 0, 10, 10), 0), Word("Số:", 90.0, (20, 0, 30, 10), 0)]
    assert digits.reread_numbers(np.full((20, 40), 255, np.uint8), short, 300, "vie", 30) == short
