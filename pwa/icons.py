"""Draws the portal's app icons with Pillow: a white lowercase "p" (a ring and its
stem) on the brand colour. ``manage.py make_pwa_icons`` writes them to static/pwa/."""

from pathlib import Path

from PIL import Image, ImageDraw

BRAND = (15, 94, 99)  # --physio-brand in physio.css (#0f5e63)
WHITE = (255, 255, 255)
SIZES = {
    "icon-192.png": (192, False),
    "icon-512.png": (512, False),
    "icon-maskable-512.png": (512, True),
    "apple-touch-icon.png": (180, False),
}


def draw(size: int, *, maskable: bool) -> Image.Image:
    # Drawn four times larger and scaled down, for smooth edges.
    big = size * 4
    image = Image.new("RGB", (big, big), BRAND)
    pen = ImageDraw.Draw(image)
    # A maskable icon keeps its drawing inside the middle 80% (the safe zone).
    scale = 0.6 if maskable else 0.78
    box = big * scale
    left = (big - box) / 2
    top = (big - box) / 2
    ring = box * 0.11
    circle = (left + box * 0.2, top, left + box * 0.84, top + box * 0.64)
    pen.ellipse(circle, outline=WHITE, width=round(ring))
    bar_w = ring
    stem = circle[0]
    pen.rounded_rectangle(
        (stem, top + box * 0.32, stem + bar_w, top + box),
        radius=bar_w / 2,
        fill=WHITE,
    )
    return image.resize((size, size), Image.Resampling.LANCZOS)


def write_icons(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (size, maskable) in SIZES.items():
        path = folder / name
        draw(size, maskable=maskable).save(path, optimize=True)
        written.append(path)
    return written
