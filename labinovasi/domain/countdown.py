"""The room's countdown: "10 menit untuk mengisi kanvas", shown big on the projector.

Plain arithmetic over a clock function (``time.monotonic`` by default, a fake one in tests): the window
asks :meth:`Countdown.tick` a few times a second and redraws; nothing here sleeps or keeps a thread.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

MINUTE = 60.0
MAX_SECONDS = 180 * MINUTE  # the longest a preset or "Durasi lain…" asks for; +1 menit stays under it too


class Countdown:
    """A countdown that can be started, paused, resumed, lengthened by a minute and reset.

    ``remaining()`` never goes below zero; :meth:`tick` says ``True`` exactly once when a running
    countdown reaches zero (the moment for the sound), until it is started, lengthened or reset again.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.duration = 0.0  # what it was last started with: "Atur ulang" goes back to it
        self._left = 0.0  # seconds left when it last stopped running (or was set)
        self._since: float | None = None  # the clock when it last started running; None when stopped
        self._announced = False  # the end was told by tick()

    # --- state ---
    @property
    def running(self) -> bool:
        return self._since is not None

    @property
    def started(self) -> bool:
        """A duration was given (the projector shows a countdown)."""
        return self.duration > 0

    def remaining(self) -> float:
        """Seconds left, at least zero."""
        if self._since is None:
            return self._left
        return max(0.0, self._left - (self._clock() - self._since))

    @property
    def finished(self) -> bool:
        return self.started and self.remaining() <= 0

    def last_minute(self) -> bool:
        """Within the final minute, still counting down (the timer turns to the warning colour)."""
        return self.started and 0 < self.remaining() <= MINUTE

    # --- commands ---
    def start(self, seconds: float) -> None:
        """Count ``seconds`` down from now (0 < seconds ≤ 180 minutes)."""
        if not 0 < seconds <= MAX_SECONDS:
            raise ValueError(
                f"a countdown lasts between 1 second and {MAX_SECONDS:.0f} seconds, not {seconds}"
            )
        self.duration = float(seconds)
        self._left = float(seconds)
        self._since = self._clock()
        self._announced = False

    def pause(self) -> None:
        if self._since is not None:
            self._left = self.remaining()
            self._since = None

    def resume(self) -> None:
        """Go on counting from where it was paused (nothing when it ran out or was never started)."""
        if self._since is None and self._left > 0:
            self._since = self._clock()

    def toggle(self) -> None:
        """Mulai/Jeda: pause a running countdown, resume a paused one, start one that ran out anew."""
        if self.running:
            self.pause()
        elif self.finished:
            self.start(self.duration)
        else:
            self.resume()

    def add_minute(self) -> None:
        """One more minute; a countdown that ran out counts again from that minute."""
        if not self.started:
            return
        was_over = self.remaining() <= 0
        left = min(MAX_SECONDS, self.remaining() + MINUTE)
        self._left = left
        if self._since is not None or was_over:
            self._since = self._clock()
        self._announced = False

    def reset(self) -> None:
        """Back to the full duration, stopped (Mulai starts it again)."""
        self._left = self.duration
        self._since = None
        self._announced = False

    def tick(self) -> bool:
        """``True`` once, on the first call after the countdown reached zero (also when it was paused
        in the moment between reaching zero and this call)."""
        if self._announced or not self.started or self.remaining() > 0:
            return False
        self._left = 0.0
        self._since = None
        self._announced = True
        return True


def format_remaining(seconds: float) -> str:
    """``mm:ss``, rounded up so that 00:00 shows only once the time is really over (9.2 s left → 00:10)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60:02d}:{whole % 60:02d}"
