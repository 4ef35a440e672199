"""The room's countdown, on a fake clock: start, pause, +1 minute, the end told once, reset."""

from __future__ import annotations

import pytest

from labinovasi.domain.countdown import MAX_SECONDS, Countdown, format_remaining


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_a_new_countdown_is_not_started(clock: FakeClock) -> None:
    c = Countdown(clock)
    assert (c.started, c.running, c.finished, c.remaining()) == (False, False, False, 0)
    assert not c.tick()
    c.add_minute()  # nothing to lengthen
    c.toggle()
    assert (c.started, c.running) == (False, False)


def test_start_counts_down_with_the_clock(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(5 * 60)
    assert c.running and c.started and c.remaining() == 300
    clock.advance(61.5)
    assert c.remaining() == pytest.approx(238.5)
    assert format_remaining(c.remaining()) == "03:59"
    assert not c.last_minute() and not c.tick()


def test_pause_freezes_and_resume_goes_on(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(120)
    clock.advance(30)
    c.pause()
    assert not c.running and c.remaining() == 90
    clock.advance(500)  # a long pause loses nothing
    assert c.remaining() == 90 and not c.tick()
    c.resume()
    clock.advance(10)
    assert c.running and c.remaining() == 80
    c.toggle()
    assert not c.running
    c.toggle()
    assert c.running


def test_add_minute_while_running_and_while_paused(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(60)
    clock.advance(45)
    assert c.last_minute()
    c.add_minute()
    assert c.remaining() == 75 and c.running and not c.last_minute()
    c.pause()
    c.add_minute()
    assert c.remaining() == 135 and not c.running
    assert c.duration == 60  # Atur ulang still goes back to what was asked


def test_the_end_is_told_exactly_once(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(3 * 60)
    clock.advance(179)
    assert not c.tick() and format_remaining(c.remaining()) == "00:01"
    clock.advance(1.2)
    assert c.remaining() == 0 and c.finished
    assert [c.tick() for _ in range(5)] == [True, False, False, False, False]
    assert not c.running and c.remaining() == 0
    clock.advance(100)
    assert not c.tick() and c.remaining() == 0


def test_paused_between_zero_and_the_tick_still_tells_the_end(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(10)
    clock.advance(11)
    c.pause()
    assert c.tick() and not c.tick()


def test_one_more_minute_after_the_end_counts_again_and_ends_again(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(10)
    clock.advance(20)
    assert c.tick()
    c.add_minute()
    assert c.running and c.remaining() == 60
    clock.advance(60)
    assert c.tick() and not c.tick()


def test_mulai_after_the_end_starts_the_same_duration_anew(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(90)
    clock.advance(90)
    assert c.tick()
    c.toggle()
    assert c.running and c.remaining() == 90


def test_reset_goes_back_to_the_full_duration_stopped(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(600)
    clock.advance(200)
    c.add_minute()
    c.reset()
    assert not c.running and c.remaining() == 600 and c.started
    clock.advance(50)
    assert c.remaining() == 600
    c.toggle()
    clock.advance(600)
    assert c.tick()
    c.reset()
    assert c.remaining() == 600 and not c.tick()


@pytest.mark.parametrize("seconds", [0, -5, MAX_SECONDS + 1])
def test_durations_out_of_range_are_refused(clock: FakeClock, seconds: float) -> None:
    with pytest.raises(ValueError):
        Countdown(clock).start(seconds)


def test_add_minute_stops_at_the_longest_duration(clock: FakeClock) -> None:
    c = Countdown(clock)
    c.start(MAX_SECONDS)
    c.add_minute()
    assert c.remaining() == MAX_SECONDS


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "00:00"),
        (0.2, "00:01"),
        (59.0, "00:59"),
        (60, "01:00"),
        (599.5, "10:00"),
        (10800, "180:00"),
        (-3, "00:00"),
    ],
)
def test_format_remaining(seconds: float, text: str) -> None:
    assert format_remaining(seconds) == text


def test_the_end_sound_is_a_short_wav_in_the_resources() -> None:
    import wave

    from labinovasi.resources import resource_path

    with wave.open(str(resource_path("sounds", "timer_end.wav")), "rb") as w:
        seconds = w.getnframes() / w.getframerate()
        assert w.getnchannels() == 1 and w.getsampwidth() == 2
    assert 0.3 < seconds < 2
