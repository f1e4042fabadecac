"""Patient turn-taking on a stream of 16 kHz PCM16: speech starts after a short run
of speech windows; a turn ends after a pause of ``end_silence_s`` (≈1.2 s) — shorter
pauses (commas, thinking between phrases) do not end it. When the candidate asks for
time ("дайте подумать"), ``hold()`` stretches the pause that ends the current turn.

Pure logic over a ``VoiceActivityModel``: no I/O, no threads; times are in seconds of
stream audio, so the same code runs on live frames and on files."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from interviews.speech.base import BYTES_PER_SAMPLE, SAMPLE_RATE, VoiceActivityModel


@dataclass(frozen=True)
class TurnConfig:
    end_silence_s: float = 1.2
    hold_silence_s: float = 5.0  # after "let me think"
    start_threshold: float = 0.5
    stop_threshold: float = 0.35  # hysteresis: a window below this counts as silence
    min_speech_s: float = 0.1  # a shorter burst (a click, a noise spike) starts nothing
    pre_roll_s: float = 0.2  # audio kept before the detected start (soft onsets)
    max_turn_s: float = 120.0  # a monologue is cut here so memory stays bounded


@dataclass(frozen=True)
class SpeechStarted:
    at: float


@dataclass(frozen=True)
class TurnEnded:
    start: float
    end: float  # last speech window's end
    decided_at: float  # stream time when the pause rule fired
    audio: bytes = field(repr=False)


Event = SpeechStarted | TurnEnded


class TurnDetector:
    def __init__(self, vad: VoiceActivityModel, config: TurnConfig | None = None) -> None:
        self.vad = vad
        self.config = config or TurnConfig()
        self.window = vad.window
        self._pending = b""
        self._samples = 0  # stream samples consumed
        self._history: list[bytes] = []  # recent windows for the pre-roll
        self._run = 0  # consecutive speech windows before a turn starts
        self._turn: list[bytes] | None = None
        self._probs: list[float] = []  # the turn's window probabilities (for cutting)
        self._start = 0.0
        self._last_speech = 0.0
        self._speaking = False
        self._hold = False

    @property
    def now(self) -> float:
        return self._samples / SAMPLE_RATE

    @property
    def in_turn(self) -> bool:
        return self._turn is not None

    @property
    def speaking_now(self) -> bool:
        """Inside a turn and the last window was speech (not a pause)."""
        return self._turn is not None and self._speaking

    @property
    def pause_s(self) -> float:
        """Seconds since the last speech window of the turn in progress (0 outside one)."""
        return self.now - self._last_speech if self._turn is not None else 0.0

    @property
    def turn_length(self) -> int:
        """Bytes of the turn in progress so far."""
        return len(self._turn or []) * self.window * BYTES_PER_SAMPLE

    def turn_audio(self, start: int = 0, end: int | None = None) -> bytes:
        """The current turn's audio so far, or the bytes ``start:end`` of it (whole
        windows: the offsets this class hands out are multiples of a window)."""
        step = self.window * BYTES_PER_SAMPLE
        windows = self._turn or []
        return b"".join(windows[start // step : None if end is None else end // step])

    def quietest_cut(self, after: int, within_s: float) -> int:
        """A byte offset of the turn to cut a long stretch of speech at without a pause:
        the window least likely speech among the last ``within_s`` seconds (a breath or
        a gap between words, rarely the middle of one), but not before ``after``."""
        step = self.window * BYTES_PER_SAMPLE
        last = len(self._probs)
        first = max(after // step, last - int(within_s * SAMPLE_RATE / self.window))
        if first >= last:
            return last * step
        quietest = min(range(first, last), key=self._probs.__getitem__)
        return (quietest + 1) * step

    def hold(self) -> None:
        """The candidate asked for time: this turn ends only after a longer pause."""
        if self._turn is not None:
            self._hold = True

    def feed(self, pcm: bytes) -> list[Event]:
        data = self._pending + pcm
        step = self.window * BYTES_PER_SAMPLE
        usable = len(data) - len(data) % step
        self._pending = data[usable:]
        events: list[Event] = []
        for offset in range(0, usable, step):
            chunk = data[offset : offset + step]
            samples = np.frombuffer(chunk, dtype="<i2").astype(np.float32) / 32768.0
            prob = self.vad.probability(samples)
            self._samples += self.window
            event = self._step(chunk, prob)
            if event is not None:
                events.append(event)
        return events

    def flush(self) -> list[Event]:
        """End of stream: a turn still open ends now."""
        if self._turn is None:
            return []
        return [self._close()]

    def _step(self, chunk: bytes, prob: float) -> Event | None:
        cfg = self.config
        now = self.now
        pre_windows = max(1, int(cfg.pre_roll_s * SAMPLE_RATE / self.window))
        if self._turn is None:
            self._history.append(chunk)
            is_speech = prob >= cfg.start_threshold
            self._run = self._run + 1 if is_speech else 0
            keep = pre_windows + self._run
            del self._history[:-keep]
            if self._run * self.window / SAMPLE_RATE >= cfg.min_speech_s:
                self._turn = list(self._history)
                self._probs = [1.0] * len(self._turn)
                self._history = []
                self._start = max(
                    0.0, now - len(self._turn) * self.window / SAMPLE_RATE + pre_windows * self.window / SAMPLE_RATE
                )
                self._last_speech = now
                self._speaking = True
                self._run = 0
                return SpeechStarted(at=self._start)
            return None
        self._turn.append(chunk)
        self._probs.append(prob)
        threshold = cfg.stop_threshold if self._speaking else cfg.start_threshold
        self._speaking = prob >= threshold
        if self._speaking:
            self._last_speech = now
        limit = cfg.hold_silence_s if self._hold else cfg.end_silence_s
        if now - self._last_speech >= limit or now - self._start >= cfg.max_turn_s:
            return self._close()
        return None

    def _close(self) -> TurnEnded:
        assert self._turn is not None
        # Keep only a little of the trailing silence: the recogniser needs none of it.
        tail = self.now - self._last_speech
        drop = max(0, int((tail - 0.3) * SAMPLE_RATE / self.window))
        windows = self._turn[: len(self._turn) - drop] if drop else self._turn
        event = TurnEnded(start=self._start, end=self._last_speech, decided_at=self.now, audio=b"".join(windows))
        self._turn = None
        self._probs = []
        self._hold = False
        self._speaking = False
        self._history = []
        self._run = 0
        return event


def detect_turns(pcm: bytes, vad: VoiceActivityModel, config: TurnConfig | None = None) -> list[TurnEnded]:
    """Turns of a whole recording (files in, for benchmarks and the command)."""
    detector = TurnDetector(vad, config)
    events = [*detector.feed(pcm), *detector.flush()]
    return [e for e in events if isinstance(e, TurnEnded)]
