"""Write resources/sounds/timer_end.wav: the short chime the projector's countdown plays at zero on Windows.

Three rising tones of a soft sine (fade in and out, no click), 16-bit mono at 22.05 kHz, under a second.
Run it again only to change the sound: ``python packaging/make_timer_sound.py``.
"""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
TONES = ((784.0, 0.22), (988.0, 0.22), (1319.0, 0.40))  # G5, B5, E6: a bright, friendly "time's up"
GAP = 0.06
FADE = 0.02
VOLUME = 0.6
OUT = Path(__file__).resolve().parents[1] / "resources" / "sounds" / "timer_end.wav"


def samples() -> list[int]:
    out: list[int] = []
    for freq, length in TONES:
        n = int(RATE * length)
        fade = int(RATE * FADE)
        for i in range(n):
            envelope = min(1.0, i / fade, (n - i) / fade)
            out.append(round(32767 * VOLUME * envelope * math.sin(2 * math.pi * freq * i / RATE)))
        out.extend([0] * int(RATE * GAP))
    return out


def main() -> None:
    data = samples()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(OUT), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(data)}h", *data))
    print(OUT, OUT.stat().st_size, "bytes")


if __name__ == "__main__":
    main()
