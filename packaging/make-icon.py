"""Draw the app's icon: resources/icons/labinovasi.png (512 px) and labinovasi.ico (16–256 px).

A maroon rounded square (the colour of the printed documents' headings) with "5D" in white and a
gold "+1": the 5D+1 stages of a Laboratorium Inovasi. Run it again after changing the drawing:

    python packaging/make-icon.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "LiberationSans-Bold.ttf"
OUT = ROOT / "resources" / "icons"
MAROON = (122, 31, 43, 255)
GOLD = (242, 184, 56, 255)
WHITE = (255, 255, 255, 255)


def draw(size: int = 512) -> Image.Image:
    scale = 4  # drawn large, then shrunk: smooth edges without an antialiasing pass of our own
    s = size * scale
    img = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    margin = s * 0.04
    d.rounded_rectangle((margin, margin, s - margin, s - margin), radius=s * 0.18, fill=MAROON)
    big = ImageFont.truetype(str(FONT), int(s * 0.42))
    small = ImageFont.truetype(str(FONT), int(s * 0.22))
    text_w = d.textlength("5D", font=big)
    plus_w = d.textlength("+1", font=small)
    gap = s * 0.01
    x = (s - text_w - gap - plus_w) / 2
    baseline = s * 0.68
    d.text((x, baseline), "5D", font=big, fill=WHITE, anchor="ls")
    d.text((x + text_w + gap, baseline - s * 0.19), "+1", font=small, fill=GOLD, anchor="ls")
    bar_y = s * 0.78
    d.rounded_rectangle((s * 0.22, bar_y, s * 0.78, bar_y + s * 0.045), radius=s * 0.02, fill=GOLD)
    return img.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    icon = draw(512)
    icon.save(OUT / "labinovasi.png", optimize=True)
    icon.save(OUT / "labinovasi.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128),
                                              (256, 256)])


if __name__ == "__main__":
    main()
