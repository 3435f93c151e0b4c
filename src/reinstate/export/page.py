"""The one page size and margins of every letter file, so the Word document and the PDF print
the same way (A4, the size of the seller's printer paper in China and Europe; Amazon reads
either)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    width_mm: float
    height_mm: float
    top_mm: float
    right_mm: float
    bottom_mm: float
    left_mm: float

    def css(self) -> str:
        """The ``@page`` rule of the PDF stylesheet."""
        return (
            f"@page {{ size: {self.width_mm:g}mm {self.height_mm:g}mm; "
            f"margin: {self.top_mm:g}mm {self.right_mm:g}mm {self.bottom_mm:g}mm "
            f"{self.left_mm:g}mm; }}\n"
        )


A4 = Page(width_mm=210, height_mm=297, top_mm=22, right_mm=20, bottom_mm=20, left_mm=20)
PAGE = A4
