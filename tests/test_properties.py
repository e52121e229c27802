"""Properties of the rules that keep personal data out of what is printed and stored names sane.

The text parsers and the id validator have theirs in test_vntext.py and test_validate.py.
"""
from __future__ import annotations

import os
import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from digitize.privacy import mask_ids
from digitize.imaging import ink_gray
from digitize.sources import _printable, to_array

IDS = st.from_regex(r"[0-9]{12}|[0-9]{9}", fullmatch=True)
AROUND = st.text(alphabet=st.characters(blacklist_categories=("Nd",)), max_size=8)
BETWEEN = st.text(alphabet=st.characters(blacklist_categories=("Nd",)), min_size=1, max_size=8)
RUNS = re.compile(r"\d+")


@given(st.lists(st.tuples(BETWEEN, IDS), max_size=5), AROUND)
def test_no_id_survives_masking(parts, tail):
    """Ids apart from other digits (glued together they make one longer number, not an id)."""
    text = "".join(a + i for a, i in parts) + tail
    masked = mask_ids(text)
    for _, pid in parts:
        assert pid not in masked
    assert len(masked) == len(text)  # columns in logs and tables keep their place
    assert mask_ids(masked) == masked


@given(st.text(max_size=40))
def test_masking_touches_only_id_shaped_digit_runs(text):
    masked = mask_ids(text)
    assert len(masked) == len(text)
    for run in RUNS.finditer(text):
        kept = masked[run.start():run.end()]
        if len(run.group()) in (9, 12):
            assert kept[:2] == run.group()[:2] and kept[-2:] == run.group()[-2:] and "*" in kept
        else:
            assert kept == run.group()


@given(st.text(max_size=30))
def test_a_valid_name_is_stored_as_it_is(name):
    assert _printable(name) == name or any(0xD800 <= ord(c) <= 0xDFFF for c in name)


@given(st.binary(min_size=1, max_size=30))
def test_any_file_name_becomes_storable_text(raw):
    name = _printable(os.fsdecode(raw))
    name.encode("utf-8")  # what SQLite needs; raises if not
    if raw.decode("utf-8", "ignore").encode() == raw:  # valid UTF-8 stays as it was
        assert name == os.fsdecode(raw)


@given(st.sampled_from(["1", "L", "P", "RGB", "RGBA", "CMYK", "I;16", "I", "LA"]),
       st.integers(1, 40), st.integers(1, 40), st.integers(0, 255))
def test_every_image_mode_becomes_8_bit_gray_of_the_same_size(mode, w, h, level):
    im = Image.new("L", (w, h), level).convert(mode) if mode not in ("I;16", "I") else \
        Image.fromarray(np.full((h, w), level * 257, dtype=np.uint16 if mode == "I;16" else np.int32))
    arr = to_array(im)
    assert arr.dtype == np.uint8 and arr.shape[:2] == (h, w) and arr.ndim in (2, 3)
    gray = ink_gray(arr)
    assert gray.dtype == np.uint8 and gray.shape == (h, w)


@given(st.integers(1, 80), st.integers(1, 80), st.integers(0, 2**32 - 1))
def test_any_colour_page_becomes_8_bit_gray_of_the_same_size(w, h, seed):
    rgb = np.random.default_rng(seed).integers(0, 256, (h, w, 3), dtype=np.uint8)
    gray = ink_gray(rgb)
    assert gray.dtype == np.uint8 and gray.shape == (h, w)
