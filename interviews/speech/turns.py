"""Patient turn-taking on a stream of 16 kHz PCM16: speech starts after a short run
of speech windows; a turn ends after a pause of ``end_silence_s`` (≈1.2 s) — shorter
pauses (commas, thinking between phrases) do not end it. When the candidate asks for
time ("дайте подумать"), ``hold()`` stretches the pause that ends the current turn.

Where speech stops is read from two signals. The VAD's probability decides that a
window is speech or silence, but it lags: it decays for about 0.05–0.3 s after the
voice stops (longest over background noise) and sometimes drops before a soft last
syllable. Measured from the VAD alone, a 1.3 s pause looks like 1.1 s and ends no turn.
So the end of speech is refined by energy: the last moment, near the VAD's end, when
the signal stood ``energy_margin_db`` over the background level (a low percentile of
the last seconds' energy). The pause rule counts from that moment; without a clear
energy edge (speech barely over the noise) it counts from the VAD's end as before.

Pure logic over a ``VoiceActivityModel``: no I/O, no threads; times are in seconds of
stream audio, so the same code runs on live frames and on files."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from interviews.speech.base import BYTES_PER_SAMPLE, SAMPLE_RATE, VoiceActivityModel

SLICE = 256  # 16 ms: the resolution of the energy edge
ONSET_SLICES = 2  # this many loud slices in a row at the end of a pause: voice again


@dataclass(frozen=True)
class TurnConfig:
    end_silence_s: float = 1.2
    hold_silence_s: float = 5.0  # after "let me think"
    start_threshold: float = 0.5
    stop_threshold: float = 0.35  # hysteresis: a window below this counts as silence
    min_speech_s: float = 0.1  # a shorter burst (a click, a noise spike) starts nothing
    pre_roll_s: float = 0.2  # audio kept before the detected start (soft onsets)
    max_turn_s: float = 120.0  # a monologue is cut here so memory stays bounded
    # Energy refinement of the end of speech (see the module's docstring): how far over
    # the background a 16 ms slice must be to count as voice, how far before and after
    # the VAD's last speech window the energy edge may move the end, and how much audio
    # the background level is read from.
    energy_margin_db: float = 6.0
    edge_before_s: float = 0.35
    edge_after_s: float = 0.15
    background_s: float = 4.0


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
        slices = int(self.config.background_s * SAMPLE_RATE / SLICE)
        self._levels: deque[float] = deque(maxlen=max(8, slices))  # dBFS of recent slices
        # (slice end, dBFS) back to the longest pause a turn waits for, plus the edge range.
        reach = max(self.config.end_silence_s, self.config.hold_silence_s) + self.config.edge_before_s + 0.1
        self._recent: deque[tuple[float, float]] = deque(maxlen=int(reach * SAMPLE_RATE / SLICE) + 1)

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
        """Seconds since the turn in progress last had speech (0 outside one)."""
        return self.now - self._speech_end() if self._turn is not None else 0.0

    def _voice_level(self) -> float:
        """dBFS a slice must exceed to count as voice: ``energy_margin_db`` over the
        background, the 10th percentile of recent slices' energy."""
        levels = sorted(self._levels)
        background = levels[len(levels) // 10] if levels else -90.0
        return background + self.config.energy_margin_db

    def _speech_end(self) -> float:
        """The end of the turn's speech so far: the VAD's last speech window, moved to
        the last slice that stood clearly over the background within
        [−edge_before_s, +edge_after_s] of it. Read against the background as it is now,
        so a level learnt during the pause itself corrects an early guess."""
        cfg = self.config
        vad_end = self._last_speech
        if self._speaking:
            return vad_end
        loud = self._voice_level()
        low, high = vad_end - cfg.edge_before_s, vad_end + cfg.edge_after_s
        # The end of the last run of two loud slices: a single slice may be a noise peak.
        later_loud: float | None = None
        for t, level in reversed(self._recent):
            if t < low:
                break
            is_loud = t <= high and level > loud
            if is_loud and later_loud is not None:
                return later_loud
            later_loud = t if is_loud else None
        return vad_end

    def _voice_resuming(self) -> bool:
        """The newest slices stand over the background: the candidate may be speaking
        again before the VAD (which needs ~0.1 s to be sure) says so. The pause is over
        unless this fades; a cough or a knock only delays the end of the turn."""
        loud = self._voice_level()
        newest = list(islice(reversed(self._recent), ONSET_SLICES))
        return len(newest) == ONSET_SLICES and all(level > loud for _, level in newest)

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
            self._measure(samples)
            self._samples += self.window
            event = self._step(chunk, prob)
            if event is not None:
                events.append(event)
        return events

    def _measure(self, samples: np.ndarray) -> None:
        """Energy of each 16 ms slice of the window, for the background level and the
        speech-end edge."""
        start = self._samples
        for i in range(0, len(samples) - SLICE + 1, SLICE):
            piece = samples[i : i + SLICE]
            level = 10.0 * float(np.log10(float(np.dot(piece, piece)) / SLICE + 1e-9))
            self._levels.append(level)
            self._recent.append(((start + i + SLICE) / SAMPLE_RATE, level))

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
        # The cheap VAD-only test first: the energy edge moves the end by edge_before_s at most.
        if (
            now - self._last_speech >= limit - cfg.edge_before_s
            and now - self._speech_end() >= limit
            and not self._voice_resuming()
        ):
            return self._close()
        if now - self._start >= cfg.max_turn_s:
            return self._close()
        return None

    def _close(self) -> TurnEnded:
        assert self._turn is not None
        end = self._speech_end()
        # Keep only a little of the trailing silence: the recogniser needs none of it.
        tail = self.now - max(end, self._last_speech)
        drop = max(0, int((tail - 0.3) * SAMPLE_RATE / self.window))
        windows = self._turn[: len(self._turn) - drop] if drop else self._turn
        event = TurnEnded(start=self._start, end=end, decided_at=self.now, audio=b"".join(windows))
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
