"""Image files (JPEG, PNG, GIF, TIFF): their size and resolution read from the header before any
pixel is decoded, whether they look like a screenshot or a cropped part of a page, and grey
copies of their frames ready for OCR.

A screenshot is told apart from a scan by what screens and capture tools leave: a screen's
shape (landscape 16:9 or 16:10, or a phone's tall 19.5:9), a screen resolution (72, 96 or 144
dpi) or none, PNG, and no camera in the EXIF data. A photo from a phone camera is not a
screenshot (it has a camera make and model).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter, ImageOps, UnidentifiedImageError

from reinstate.evidence.knowledge import knowledge
from reinstate.evidence.limits import ReadLimits

A4_LONG_SIDE_INCHES = 11.69
MIN_SIDE = 100  # pixels: smaller is an icon or a pixel, not a document
OCR_DPI = 300  # tesseract reads best at about 300 dpi
SPECKLE = 0.002  # share of pixels a median filter changes a lot: above it a scan is speckled
SCREENS = {
    (1920, 1080), (1366, 768), (1440, 900), (1536, 864), (1280, 720), (1280, 800), (1600, 900),
    (2560, 1440), (2560, 1600), (2880, 1800), (3840, 2160), (1680, 1050), (1024, 768),
    (750, 1334), (1080, 1920), (1080, 2340), (1080, 2400), (1170, 2532), (1179, 2556),
    (1284, 2778), (1290, 2796), (828, 1792), (1125, 2436), (1242, 2688), (720, 1600),
}  # fmt: skip
_CAMERA_TAGS = (271, 272)  # EXIF Make, Model


class ImageUnreadable(Exception):
    """The image cannot be used: ``reason`` is ``broken``, ``too_small`` or ``too_many_pixels``."""

    def __init__(self, reason: str, **facts: object) -> None:
        super().__init__(reason)
        self.reason = reason
        self.facts = facts


@dataclass(frozen=True, slots=True)
class ImageFacts:
    format: str
    width: int
    height: int
    frames: int
    dpi: float | None  # as written in the file, if plausible
    camera: bool

    @property
    def effective_dpi(self) -> float:
        """The written resolution, else the one a full A4 page of this many pixels would have."""
        if self.dpi:
            return self.dpi
        return max(self.width, self.height) / A4_LONG_SIDE_INCHES

    def screenshot_score(self) -> int:
        kb = knowledge()
        score = 0
        landscape = self.width / self.height if self.height else 0
        portrait = self.height / self.width if self.width else 0
        if (self.width, self.height) in SCREENS:
            score += 2
        if 1.3 <= landscape <= 2.4 or 1.9 <= portrait <= 2.4:
            score += 1
        if self.dpi is None or round(self.dpi) in kb.screenshot_dpi:
            score += 1
        if self.format == "png":
            score += 1
        if self.camera:
            score -= 3
        return score

    @property
    def screenshot(self) -> bool:
        return self.screenshot_score() >= 3

    @property
    def full_page(self) -> bool:
        """Shaped like a whole page, portrait or landscape (not a strip cut out of one)."""
        low, high = knowledge().page_aspect
        long_side, short_side = max(self.width, self.height), min(self.width, self.height)
        return short_side > 0 and low <= long_side / short_side <= high


def _dpi(image: Image.Image) -> float | None:
    raw = image.info.get("dpi")
    try:
        value = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        return None
    return value if 20 <= value <= 4800 else None


def probe(data: bytes, limits: ReadLimits) -> ImageFacts:
    """What the image's header says, checked against the limits before decoding any pixel."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageUnreadable("too_many_pixels", limit=limits.max_pixels) from exc
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
            raise ImageUnreadable("broken") from exc
        with image:
            width, height = image.size
            if width * height > limits.max_pixels:
                raise ImageUnreadable(
                    "too_many_pixels", pixels=width * height, limit=limits.max_pixels
                )
            if min(width, height) < MIN_SIDE:
                raise ImageUnreadable("too_small", width=width, height=height)
            try:
                frames = int(getattr(image, "n_frames", 1) or 1)
            except (OSError, ValueError, EOFError) as exc:
                raise ImageUnreadable("broken") from exc
            try:
                exif = image.getexif()
            except (OSError, ValueError, SyntaxError):
                exif = Image.Exif()
            return ImageFacts(
                format=(image.format or "").lower(),
                width=width,
                height=height,
                frames=frames,
                dpi=_dpi(image),
                camera=any(exif.get(tag) for tag in _CAMERA_TAGS),
            )


def denoise(image: Image.Image) -> Image.Image:
    """A speckled scan through a 3x3 median filter (tesseract misreads labels in the speckle);
    a clean page as it is (the filter thins strokes a little)."""
    filtered = image.filter(ImageFilter.MedianFilter(3))
    histogram = ImageChops.difference(image, filtered).histogram()
    speckled = sum(histogram[100:]) / max(1, image.width * image.height)
    return filtered if speckled > SPECKLE else image


def denoise_file(path: Path) -> None:
    """``denoise`` a grey image file in place (a scanned PDF page drawn by poppler)."""
    with Image.open(path) as image:
        cleaned = denoise(image.convert("L"))
    cleaned.save(path, format="PPM")


def ocr_frames(data: bytes, facts: ImageFacts, out: Path, limits: ReadLimits) -> list[Path]:
    """Grey PGM copies of the first ``limits.max_pages`` frames, turned upright (EXIF) and
    enlarged towards 300 dpi when the scan is under 150 dpi (tesseract reads small print
    better)."""
    paths: list[Path] = []
    # Only a coarse scan is enlarged: resampling a 200 dpi scan blurs digits tesseract reads
    # well as they are ("1,200" came out "4200").
    scale = min(3.0, OCR_DPI / facts.effective_dpi) if facts.effective_dpi < 150 else 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                for index in range(min(facts.frames, limits.max_pages)):
                    image.seek(index)
                    frame = ImageOps.exif_transpose(image.convert("RGB")) if index == 0 else None
                    frame = denoise((frame or image.convert("RGB")).convert("L"))
                    size = (round(frame.width * scale), round(frame.height * scale))
                    if scale > 1 and size[0] * size[1] <= limits.max_pixels:
                        frame = frame.resize(size, Image.Resampling.LANCZOS)
                    path = out / f"frame-{index + 1}.pgm"
                    frame.save(path, format="PPM")  # raw: PNG would spend seconds on speckle
                    paths.append(path)
        except (OSError, ValueError, EOFError, SyntaxError) as exc:
            if not paths:
                raise ImageUnreadable("broken") from exc
    return paths
