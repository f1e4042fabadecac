"""The one recording a reviewer plays, made from what the interview left behind.

Each page load records its own segment (``Recording``: the candidate's camera and
microphone, MediaRecorder's WebM, which has no duration in its header), and the
interviewer's speech is kept apart (``SpokenAudio``: the browser's echo cancellation
takes it out of the microphone). This module lays them on one timeline (server clock:
a segment starts at ``Recording.started_at``, a reply at ``SpokenAudio.started_at``),
copies the video packets as they are (no re-encoding: cheap on two cores), mixes both
voices into one audio track, and writes a seekable file with a duration and the
transcript's turns as chapters. PyAV (FFmpeg's libraries, a dependency of
faster-whisper) does the demuxing, the Opus encoding and the muxing.

Segments never overlap on the timeline: a reload's segment starts no earlier than the
previous one ended (two tabs at once would otherwise interleave two cameras)."""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

import av
import numpy as np
from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from interviews.models import Interview, JoinedRecording, Recording, Speaker, SpokenAudio, Turn
from interviews.recording import open_parts

log = logging.getLogger(__name__)

RATE = 24000  # the joined audio: speech needs no more, and the mix stays small in memory
WEBM_VIDEO = ("vp8", "vp9", "av1")
CHAPTER_TITLE_CHARS = 70


@dataclass
class _Segment:
    path: str
    start: datetime
    audio: np.ndarray = field(default_factory=lambda: np.zeros(0, np.float32))
    duration: float = 0.0  # seconds: the last packet's end
    video_codec: str = ""
    offset: float = 0.0  # seconds on the joined timeline


def recording_source(interview: Interview) -> str:
    """What the joined file is made of: the segments with their chunk counts, the
    interviewer's replies and the turns (chapters). A change makes it again."""
    parts = [f"{r.pk}:{r.chunks}" for r in interview.recordings.filter(chunks__gt=0).order_by("pk")]
    spoken = list(interview.spoken_audio.values_list("pk", flat=True))
    turns = interview.turns.count()
    return hashlib.sha1(f"{','.join(parts)}|{spoken}|{turns}".encode()).hexdigest()


def recording_join(*, interview_id: int) -> JoinedRecording | None:
    """The interview's joined recording, made (again) if its inputs changed; None when
    no segment holds media that can be read."""
    interview = Interview.objects.get(pk=interview_id)
    source = recording_source(interview)
    joined = JoinedRecording.objects.filter(interview=interview).first()
    if joined is not None and joined.source == source and joined.file:
        return joined
    segments = list(interview.recordings.filter(chunks__gt=0).order_by("created_at"))
    if not segments:
        return None
    with tempfile.TemporaryDirectory(prefix="joined-") as folder:
        made = _make(interview, segments, folder)
        if made is None:
            return None
        path, mime, duration, chapters = made
        with transaction.atomic():
            joined, _created = JoinedRecording.objects.select_for_update().get_or_create(interview=interview)
            old = joined.file.name if joined.file else ""
            ext = "mp4" if mime == "video/mp4" else "webm"
            with open(path, "rb") as handle:
                joined.file.save(f"interview-{interview.pk}.{ext}", File(handle), save=False)
            joined.mime_type, joined.duration_s, joined.chapters, joined.source = mime, duration, chapters, source
            joined.save()
    if old and old != joined.file.name:
        default_storage.delete(old)
    return joined


def _make(
    interview: Interview, recordings: list[Recording], folder: str
) -> tuple[str, str, float, list[dict[str, Any]]] | None:
    segments = [s for s in (_read_segment(r, folder) for r in recordings) if s is not None]
    if not segments:
        return None
    segments.sort(key=lambda s: s.start)
    spoken = list(SpokenAudio.objects.filter(interview=interview))
    zero = min([segments[0].start, *(s.started_at for s in spoken)])
    end = 0.0
    for segment in segments:
        segment.offset = max((segment.start - zero).total_seconds(), end)
        end = segment.offset + segment.duration
    for piece in spoken:
        end = max(end, (piece.started_at - zero).total_seconds() + piece.duration_ms / 1000)
    mix = np.zeros(int(end * RATE) + 1, np.float32)
    for segment in segments:
        _add(mix, segment.audio, segment.offset)
    for piece in spoken:
        _add(mix, _spoken_samples(piece), (piece.started_at - zero).total_seconds())
    np.clip(mix, -1.0, 1.0, out=mix)
    chapters = _chapters(interview, zero, end)
    video = next((s.video_codec for s in segments if s.video_codec), "")
    mime = "video/mp4" if video and video not in WEBM_VIDEO else ("video/webm" if video else "audio/webm")
    path = os.path.join(folder, "joined." + ("mp4" if mime == "video/mp4" else "webm"))
    _write(path, mime, segments, video, mix, chapters)
    with av.open(path) as check:  # the duration the header now carries
        duration = float(check.duration or 0) / av.time_base
    return path, mime, round(duration or end, 2), chapters


def _read_segment(recording: Recording, folder: str) -> _Segment | None:
    """Copy the segment's parts to a local file and decode its audio; a segment that
    cannot be read (a broken upload) is left out and logged, the rest still join."""
    path = os.path.join(folder, f"segment-{recording.pk}.bin")
    with open_parts(recording) as parts, open(path, "wb") as out:
        while data := parts.read(1 << 20):
            out.write(data)
    segment = _Segment(path=path, start=recording.started_at or recording.created_at)
    pieces: list[np.ndarray] = []
    resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
    try:
        with av.open(path) as container:
            video = next(iter(container.streams.video), None)
            segment.video_codec = video.codec_context.name if video is not None else ""
            audio = next(iter(container.streams.audio), None)
            streams = [s for s in (video, audio) if s is not None]
            for packet in container.demux(*streams):
                if packet.pts is not None and packet.time_base is not None:
                    packet_end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                    segment.duration = max(segment.duration, packet_end)
                if packet.stream is audio:
                    for frame in _decode(packet):
                        pieces.extend(f.to_ndarray()[0] for f in resampler.resample(frame))
    except av.error.FFmpegError as exc:
        if not pieces and not segment.duration:
            log.warning("recording %s cannot be read: %s", recording.pk, exc)
            return None
        log.warning("recording %s is cut short (%s): kept up to %.1f s", recording.pk, exc, segment.duration)
    if pieces:
        segment.audio = np.concatenate(pieces).astype(np.float32)
    segment.duration = max(segment.duration, len(segment.audio) / RATE)
    return segment if segment.duration > 0 else None


def _decode(packet: av.Packet) -> list[av.AudioFrame]:
    try:
        return list(packet.decode())  # type: ignore[arg-type]
    except av.error.InvalidDataError:
        return []  # one damaged packet (a cut upload): the rest of the segment plays


def _spoken_samples(piece: SpokenAudio) -> np.ndarray:
    with piece.file.open("rb") as handle:
        pcm = np.frombuffer(handle.read(), dtype="<i2").astype(np.float32) / 32768.0
    if piece.sample_rate == RATE or not len(pcm):
        return pcm
    # Linear interpolation: the synthesised voice is band-limited well below either rate.
    target = np.arange(int(len(pcm) * RATE / piece.sample_rate)) * piece.sample_rate / RATE
    return np.interp(target, np.arange(len(pcm)), pcm).astype(np.float32)


def _add(mix: np.ndarray, samples: np.ndarray, offset_s: float) -> None:
    start = max(0, int(round(offset_s * RATE)))
    n = min(len(samples), len(mix) - start)
    if n > 0:
        mix[start : start + n] += samples[:n]


def turn_start(turn: Turn, zero: datetime) -> float:
    """Seconds from the recording's start to where the turn is heard: an interviewer's
    line as it was saved (spoken at once), an answer spoken before it was saved (its
    speech, then the pause that ended it)."""
    at = turn.created_at
    if turn.speaker == Speaker.CANDIDATE:
        speech = (turn.meta or {}).get("audio_s")
        if isinstance(speech, int | float):
            at -= timedelta(seconds=float(speech) + settings.SPEECH_TURN_END_SILENCE_S)
    return (at - zero).total_seconds()


def _chapters(interview: Interview, zero: datetime, end: float) -> list[dict[str, Any]]:
    chapters: list[dict[str, Any]] = []
    with override(interview.language or "ru"):
        for turn in interview.turns.order_by("index"):
            start = min(max(0.0, turn_start(turn, zero)), end)
            if chapters and start <= chapters[-1]["start"]:
                start = chapters[-1]["start"] + 0.001  # chapters keep the turns' order
            text = " ".join(turn.text.split())
            if len(text) > CHAPTER_TITLE_CHARS:
                text = text[: CHAPTER_TITLE_CHARS - 1].rstrip() + "…"
            who = _("Интервьюер") if turn.speaker == Speaker.INTERVIEWER else _("Кандидат")
            chapters.append({"start": round(start, 3), "title": f"{who}: {text}", "turn": turn.index})
    return [c for c in chapters if c["start"] < end]


def _write(
    path: str, mime: str, segments: list[_Segment], video_codec: str, mix: np.ndarray, chapters: list[dict[str, Any]]
) -> None:
    template_source = next((s for s in segments if s.video_codec == video_codec), None) if video_codec else None
    with av.open(path, "w", format="mp4" if mime == "video/mp4" else "webm") as out:
        vstream = None
        template = av.open(template_source.path) if template_source is not None else None
        try:
            if template is not None:
                vstream = out.add_stream_from_template(template.streams.video[0])
            astream = out.add_stream("aac" if mime == "video/mp4" else "libopus", rate=RATE, layout="mono")
            out.set_chapters(_chapter_marks(chapters, len(mix) / RATE))
            audio = _AudioWriter(out, astream, mix)
            if vstream is not None:
                _copy_video(out, vstream, [s for s in segments if s.video_codec == video_codec], audio)
            audio.until(len(mix))
            audio.flush()
        finally:
            if template is not None:
                template.close()


def _chapter_marks(chapters: list[dict[str, Any]], end: float) -> list[Any]:
    base = Fraction(1, 1000)
    marks = []
    for n, chapter in enumerate(chapters):
        stop = chapters[n + 1]["start"] if n + 1 < len(chapters) else end
        marks.append(
            {
                "id": n + 1,
                "start": int(chapter["start"] * 1000),
                "end": int(max(stop, chapter["start"]) * 1000),
                "time_base": base,
                "metadata": {"title": chapter["title"]},
            }
        )
    return marks


class _AudioWriter:
    """Encodes the mix in order, as far as the video written so far, so the muxer
    interleaves the two streams without holding either in memory."""

    def __init__(self, out: Any, stream: Any, mix: np.ndarray) -> None:
        self.out, self.stream, self.mix, self.done = out, stream, mix, 0
        self.frame_size = 1024  # whole frames; the encoder re-frames as its codec needs

    def until(self, sample: int) -> None:
        sample = min(sample, len(self.mix))
        while self.done < sample:
            chunk = self.mix[self.done : self.done + self.frame_size]
            frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="flt", layout="mono")
            frame.sample_rate = RATE
            frame.pts = self.done
            frame.time_base = Fraction(1, RATE)
            self.out.mux(self.stream.encode(frame))
            self.done += len(chunk)

    def flush(self) -> None:
        self.out.mux(self.stream.encode(None))


def _copy_video(out: Any, stream: Any, segments: list[_Segment], audio: _AudioWriter) -> None:
    last_dts = -1
    for segment in segments:
        try:
            with av.open(segment.path) as container:
                source = container.streams.video[0]
                for packet in container.demux(source):
                    if packet.pts is None or packet.dts is None or packet.size == 0:
                        continue
                    at = float(packet.pts * packet.time_base) + segment.offset
                    audio.until(int(at * RATE))
                    pts = round(at / stream.time_base) if stream.time_base else 0
                    dts = round((float(packet.dts * packet.time_base) + segment.offset) / stream.time_base)
                    dts = max(dts, last_dts + 1)  # strictly increasing across the joins
                    packet.pts, packet.dts, last_dts = max(pts, dts), dts, dts
                    packet.time_base = stream.time_base
                    packet.stream = stream
                    out.mux(packet)
        except av.error.FFmpegError as exc:
            log.warning("video of a recording segment cut short: %s", exc)
