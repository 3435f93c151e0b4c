"""Page images of a document (PNG, about 900 pixels wide) for showing what was read, and a copy
with chosen boxes highlighted (the "relevant parts highlighted" copy Amazon allows beside the
untouched original)."""

from __future__ import annotations

import io
import tempfile
import warnings
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageDraw

from reinstate.evidence.formats import sniff
from reinstate.evidence.limits import DEFAULT_LIMITS, ReadLimits
from reinstate.evidence.model import Box
from reinstate.evidence.pdf import rasterise

WIDTH = 900
MAX_PREVIEWS = 5


def _fit(image: Image.Image, width: int) -> Image.Image:
    image = image.convert("RGB")
    if image.width > width:
        image = image.resize((width, max(1, round(image.height * width / image.width))))
    return image


def page_images(
    data: bytes, limits: ReadLimits = DEFAULT_LIMITS, *, pages: int = MAX_PREVIEWS,
    width: int = WIDTH,
) -> list[bytes]:  # fmt: skip
    """PNG images of the first ``pages`` pages (none for a file that cannot be drawn)."""
    fmt = sniff(data[:1024])
    found: list[bytes] = []
    if fmt == "pdf":
        with tempfile.TemporaryDirectory(prefix="reinstate-preview-") as folder:
            source = Path(folder) / "document.pdf"
            source.write_bytes(data)
            for number in range(1, pages + 1):
                drawn = rasterise(source, number, limits.preview_dpi * 2, Path(folder), limits)
                if drawn is None:
                    break
                with Image.open(drawn) as image:
                    found.append(_png(_fit(image, width)))
        return found
    if fmt == "unknown":
        return found
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > limits.max_pixels:
                    return found
                for index in range(min(pages, int(getattr(image, "n_frames", 1) or 1))):
                    image.seek(index)
                    found.append(_png(_fit(image, width)))
        except (OSError, ValueError, EOFError, SyntaxError, Image.DecompressionBombWarning,
                Image.DecompressionBombError):  # fmt: skip
            return found
    return found


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def highlighted(page: bytes, boxes: Iterable[Box]) -> bytes:
    """The page image with each box marked in translucent yellow."""
    with Image.open(io.BytesIO(page)) as image:
        base = image.convert("RGBA")
    layer = Image.new("RGBA", base.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    w, h = base.size
    for x0, y0, x1, y1 in boxes:
        box = (x0 * w - 3, y0 * h - 3, x1 * w + 3, y1 * h + 3)
        draw.rectangle(box, fill=(255, 230, 0, 90), outline=(230, 160, 0, 255), width=2)
    return _png(Image.alpha_composite(base, layer).convert("RGB"))
