"""Long numbers read again alone: where the page's reading and the number's own disagree, the
digits most readings give are kept and the number is flagged; where they agree, nothing changes."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from digitize import digits, imaging, ocr
from digitize.models import Word

REGULAR = "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf"


def printed_line(text: str) -> np.ndarray:
    im = Image.new("L", (1200, 160), 255)
    ImageDraw.Draw(im).text((60, 50), text, font=ImageFont.truetype(REGULAR, 40), fill=0)
    return imaging.binarize(np.asarray(im))


def read_as(image: np.ndarray, printed: str, misread: str) -> tuple[list[Word], Word]:
    """The line's words as read, and the word `printed` as read again had the page read
    `misread` there with a sure word's confidence (the other words stay as they were)."""
    words = ocr.read_words(image, 300, "vie", 6, 30)
    word = next(w for w in words if w.text == printed)
    wrong = [Word(misread, 92.0, word.bbox, word.line) if w is word else w for w in words]
    again = digits.reread_numbers(image, wrong, 300, "vie", 30)
    assert [w for w in again if w.bbox != word.bbox] == [w for w in words if w.bbox != word.bbox]
    return words, next(w for w in again if w.bbox == word.bbox)


@pytest.mark.e2e
def test_a_number_the_page_misread_is_read_again_alone_put_right_and_flagged():
    image = printed_line("Số phát hành: CH 381108")
    # the same pixels, had the page read a 5 for the 3 with a sure word's confidence
    words, fixed = read_as(image, "381108", "581108")
    assert fixed.text == "381108" and fixed.conf <= digits.DOUBTED
    # as read in the page it stands: nothing changes
    assert digits.reread_numbers(image, words, 300, "vie", 30) == words


def test_only_the_digits_change_and_short_numbers_are_left_alone():
    assert digits._with_digits("CH-581108;", "381108") == "CH-381108;"
    assert digits._with_digits("28/01/2024", "28012025") == "28/01/2025"
    short = [Word("1234", 90.0, (0, 0, 10, 10), 0), Word("Số:", 90.0, (20, 0, 30, 10), 0)]
    assert digits.reread_numbers(np.full((20, 40), 255, np.uint8), short, 300, "vie", 30) == short


@pytest.mark.e2e
def test_a_date_the_page_read_broken_is_read_again_alone_and_flagged():
    # the same pixels, had the page read its slashes as letters: 'I' and 'I1' ('28I02I12024')
    _, fixed = read_as(printed_line("Ngày, tháng, năm đăng ký: 28/02/2024"), "28/02/2024", "28I02I12024")
    assert fixed.text == "28/02/2024" and fixed.conf <= digits.DOUBTED


@pytest.mark.e2e
def test_what_is_read_again_as_a_date():
    for broken in ("28I02I12024", "lẾ11/1997", "17-05-203", "2766/2001", "01/2024-KS"):
        assert digits._broken_date(broken), broken
    # a date as read, a sum, a house number, a phone, a bare id: not dates read broken
    for other in ("24/09/2023", "10.000", "254/29,", "0982.470.941", "079079790976", "Z03iV1/2"):
        assert not digits._broken_date(other), other
    # a number that reads alone as no date (a blank cut here) stays as the page read it
    book = [Word("01/2024-KS", 91.0, (0, 0, 40, 20), 0)]
    assert digits.reread_numbers(np.full((60, 200), 255, np.uint8), book, 300, "vie", 30) == book
