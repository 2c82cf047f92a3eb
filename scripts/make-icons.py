"""Draw the installable app's icons (static/icons/*.png) with Pillow; run once, commit the PNGs."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "static" / "icons"
BLUE, WHITE = (13, 110, 253), (255, 255, 255)


def icon(size: int, padding: float) -> Image.Image:
    """A blue tile with "S" and two joined rings: two regions working together."""
    image = Image.new("RGB", (size, size), BLUE)
    draw = ImageDraw.Draw(image)
    inner = size * (1 - 2 * padding)
    ring, width = inner * 0.22, max(2, int(size * 0.035))
    cy = size * 0.70
    for cx in (size / 2 - ring * 0.7, size / 2 + ring * 0.7):
        draw.ellipse((cx - ring / 2, cy - ring / 2, cx + ring / 2, cy + ring / 2), outline=WHITE, width=width)
    font = ImageFont.load_default(size=int(inner * 0.5))
    draw.text((size / 2, size * 0.40), "S", fill=WHITE, font=font, anchor="mm")
    return image


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon(192, 0.05).save(OUT / "icon-192.png", optimize=True)
    icon(512, 0.05).save(OUT / "icon-512.png", optimize=True)
    icon(512, 0.15).save(OUT / "maskable-512.png", optimize=True)  # safe zone for round masks


if __name__ == "__main__":
    main()
