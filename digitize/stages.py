"""Where a page's time goes: wall seconds per stage, summed when a stage runs twice.

Every page carries its clock from the worker to the driver, so `make bench-profile` and the
run's own totals argue speed changes from measured stages, not guesses."""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

# In the order a page meets them; the driver's stages (per dossier) come last.
PAGE_STAGES = ("render", "normalise", "measure", "orientation", "osd", "clean", "codes", "ocr", "ocr_again", "marks", "digits", "cards")
DOSSIER_STAGES = ("assemble", "store")


class Clock:
    """seconds[stage] accumulates each `with clock(stage):` block."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - t0
