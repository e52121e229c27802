"""Scan defects: skew, noise, blur, paper tint, pages fed upside down or sideways.

Each page gets a seeded plan; every defect is kept mild enough that a 300-dpi page stays
legible for Tesseract. JPEG artefacts are applied when the page is saved (its `quality`).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFilter

from .render import A4


@dataclass
class Plan:
    skew: float = 0.0  # degrees, counter-clockwise
    noise: float = 0.0  # gaussian sigma in grey levels
    blur: float = 0.0  # gaussian radius in px
    tint: tuple[int, int, int] | None = None  # paper colour (grey or yellowish)
    turn: int = 0  # 0, 90, 180, 270 degrees (the page fed wrongly)
    quality: int = 90  # JPEG quality when stored as JPEG

    @classmethod
    def draw(cls, rng: random.Random, enabled: bool) -> "Plan":
        if not enabled:
            return cls()
        p = cls()
        if rng.random() < 0.55:
            p.skew = rng.choice([-1, 1]) * rng.uniform(0.5, 3.0)
        if rng.random() < 0.5:
            p.noise = rng.uniform(4, 12)
        if rng.random() < 0.3:
            p.blur = rng.uniform(0.4, 0.8)
        if rng.random() < 0.35:
            p.tint = rng.choice([(238, 238, 238), (247, 241, 222), (244, 236, 214), (235, 235, 230)])
        if rng.random() < 0.3:
            p.quality = rng.randint(35, 60)
        return p


def apply(img: Image.Image, plan: Plan, seed: int) -> Image.Image:
    # Grey pages stay single-band until the tint, which keeps this three times cheaper.
    if plan.blur:
        img = img.filter(ImageFilter.BoxBlur(plan.blur))  # close to a gaussian, 2x faster
    if plan.skew:
        white = 255 if img.mode == "L" else (255, 255, 255)
        img = img.rotate(plan.skew, resample=Image.BILINEAR, expand=False, fillcolor=white)
    if plan.noise:
        img = noise(img, plan.noise, seed)
    if plan.tint:
        img = tint(img, plan.tint)
    if plan.turn:
        img = img.transpose({90: Image.ROTATE_90, 180: Image.ROTATE_180, 270: Image.ROTATE_270}[plan.turn])
    return img


def tint(img: Image.Image, paper: tuple[int, int, int]) -> Image.Image:
    """Multiply by the paper colour: white becomes the paper, ink stays dark."""
    if paper[0] == paper[1] == paper[2]:
        g = paper[0] / 255
        return img.point(lambda v: int(v * g))
    rgb = img.convert("RGB")
    bands = [b.point(lambda v, k=c / 255: int(v * k)) for b, c in zip(rgb.split(), paper)]
    return Image.merge("RGB", bands)


def noise(img: Image.Image, sigma: float, seed: int) -> Image.Image:
    """Gaussian sensor noise. A seeded 512 px tile pasted over the page is enough (and far faster
    than a full-page draw); ImageChops.add with offset -128 adds it around zero, clipped."""
    g = np.random.default_rng(seed)
    tile = Image.fromarray(np.clip(g.normal(128, sigma, size=(512, 512)), 0, 255).astype(np.uint8), "L")
    field = Image.new("L", img.size)
    for y in range(0, img.height, 512):
        for x in range(0, img.width, 512):
            field.paste(tile, (x, y))
    if img.mode != "L":
        field = Image.merge(img.mode, [field] * len(img.getbands()))
    return ImageChops.add(img, field, 1.0, -128)


def blank_page(rng: random.Random, seed: int) -> Image.Image:
    """The white back of a sheet: faint noise, a few specks of dust, maybe a grey tint."""
    base = rng.choice([255, 252, 248])
    img = Image.new("L", A4, base)
    img = noise(img, rng.uniform(1.5, 4), seed)
    d = ImageDraw.Draw(img)
    for _ in range(rng.randint(3, 25)):
        x, y = rng.randrange(A4[0] - 3), rng.randrange(A4[1] - 3)
        d.rectangle((x, y, x + rng.randint(0, 2), y + rng.randint(0, 1)), fill=rng.randint(120, 200))
    return img
