"""One recording per interview: the segments of two page loads (MediaRecorder-style
WebM without a duration) and the interviewer's speech are joined into one file with
both voices, a duration in its header and the transcript's turns as chapters."""

from __future__ import annotations

import io
from datetime import timedelta
from fractions import Fraction

import av
import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from interviews import conduct
from interviews.models import JoinedRecording, Recording
from interviews.recording import spoken_audio_save
from interviews.speech.tts_espeak import EspeakTTS
from tests.test_interview_consumer import _setup

pytestmark = pytest.mark.django_db

WEBM = "video/webm;codecs=vp8,opus"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _recorder_webm(seconds: float, freq: float, fps: int = 10) -> bytes:
    """A camera + microphone segment as MediaRecorder writes it: VP8 + Opus in a live
    WebM (no duration, no cues), the microphone a steady tone of ``freq`` Hz."""
    buffer = io.BytesIO()
    with av.open(buffer, "w", format="webm", options={"live": "1"}) as out:
        video = out.add_stream("libvpx", rate=fps)
        video.width, video.height, video.pix_fmt = 160, 120, "yuv420p"
        audio = out.add_stream("libopus", rate=48000, layout="mono")
        t = np.arange(int(seconds * 48000)) / 48000
        tone = (0.3 * np.sin(2 * np.pi * freq * t)).astype(np.float32)
        done = 0
        for i in range(int(seconds * fps)):
            frame = av.VideoFrame.from_ndarray(np.full((120, 160, 3), i * 20 % 255, np.uint8), format="rgb24")
            frame.pts, frame.time_base = i, Fraction(1, fps)
            out.mux(video.encode(frame))
            while done < int((i + 1) / fps * 48000):
                piece = tone[done : done + 960]
                sound = av.AudioFrame.from_ndarray(piece.reshape(1, -1), format="flt", layout="mono")
                sound.sample_rate, sound.pts, sound.time_base = 48000, done, Fraction(1, 48000)
                out.mux(audio.encode(sound))
                done += len(piece)
        out.mux(video.encode(None))
        out.mux(audio.encode(None))
    return buffer.getvalue()


def _upload(client: Client, token: str, data: bytes, *, elapsed_ms: int, pieces: int = 3) -> int:
    """One page load's recorder: the segment sent in ``pieces`` chunks cut anywhere."""
    cuts = np.linspace(0, len(data), pieces + 1).astype(int)
    recording = ""
    for index in range(pieces):
        response = client.post(
            reverse("interviews:recording_upload", args=[token]),
            data=data[cuts[index] : cuts[index + 1]],
            content_type=WEBM,
            headers={
                "X-Chunk-Index": str(index),
                "X-Recording-Id": recording,
                "X-Recording-Last": "1" if index == pieces - 1 else "0",
                "X-Recording-Elapsed": str(elapsed_ms + index * 3000),
            },
        )
        assert response.status_code == 200, response.content
        recording = str(response.json()["recording"])
    return int(recording)


def _rms_at(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    piece = samples[int(start * rate) : int(end * rate)]
    return float(np.sqrt(np.mean(piece**2))) if len(piece) else 0.0


def _peak_hz(samples: np.ndarray, rate: int, start: float, end: float) -> float:
    piece = samples[int(start * rate) : int(end * rate)]
    spectrum = np.abs(np.fft.rfft(piece * np.hanning(len(piece))))
    return float(np.fft.rfftfreq(len(piece), 1 / rate)[int(np.argmax(spectrum))])


def test_a_reloaded_interview_is_one_file_with_both_voices_a_duration_and_chapters(recruiter_client) -> None:  # type: ignore[no-untyped-def]
    ctx = _setup()
    token = ctx["token"]
    interview = conduct.interview_for_application(application_id=ctx["application"].pk)
    conduct.interview_begin(interview_id=interview.pk)
    anonymous = Client()
    # The first page load recorded 3 s (its recorder began 10 s before this upload) …
    first = Recording.objects.get(pk=_upload(anonymous, token, _recorder_webm(3.0, 440.0), elapsed_ms=10_000))
    # … the interviewer spoke in between (4 s after the first segment began) …
    pcm = b"".join(c.pcm for c in EspeakTTS().synthesize("Здравствуйте! Расскажите о себе.", language="ru"))
    rate = next(iter(EspeakTTS().synthesize("Да.", language="ru"))).sample_rate
    spoken = spoken_audio_save(
        interview_id=interview.pk, started_at=first.started_at + timedelta(seconds=4), sample_rate=rate, pcm=pcm
    )
    assert spoken is not None and spoken.duration_ms > 1000
    # … and after a reload the second page load recorded 3 s more, begun 1 s ago.
    second = Recording.objects.get(pk=_upload(anonymous, token, _recorder_webm(3.0, 660.0), elapsed_ms=1000))
    assert first.pk != second.pk
    gap_end = (second.started_at - first.started_at).total_seconds()
    assert gap_end > 4 + spoken.duration_ms / 1000  # the reply lies between the segments

    url = reverse("interviews:joined_recording", args=[interview.pk])
    assert anonymous.get(url).status_code in (302, 403)
    response = recruiter_client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "video/webm"
    data = b"".join(response.streaming_content)
    assert JoinedRecording.objects.filter(interview=interview).count() == 1

    with av.open(io.BytesIO(data)) as joined:
        assert joined.duration is not None  # written into the header
        duration = joined.duration / av.time_base
        assert abs(duration - (gap_end + 3.0)) < 0.5
        assert [s.type for s in joined.streams] == ["video", "audio"]
        video_packets = sum(1 for p in joined.demux(joined.streams.video[0]) if p.size)
        assert video_packets == 60  # both segments' frames, none lost at the join
    with av.open(io.BytesIO(data)) as joined:
        chapters = joined.chapters()
        resampler = av.AudioResampler(format="flt", layout="mono", rate=16000)
        frames = [f for frame in joined.decode(audio=0) for f in resampler.resample(frame)]
        audio = np.concatenate([f.to_ndarray()[0] for f in frames])
    # Candidate, interviewer, candidate again: each heard where it happened.
    assert abs(_peak_hz(audio, 16000, 0.5, 2.5) - 440) < 10
    assert _rms_at(audio, 16000, 4.2, 4.2 + spoken.duration_ms / 1000 - 0.4) > 0.02
    assert _rms_at(audio, 16000, 3.3, 3.9) < 0.005  # the reload's silence
    assert abs(_peak_hz(audio, 16000, gap_end + 0.5, gap_end + 2.5) - 660) < 10
    # The transcript's turns (the greeting so far) are the chapters, in the file and on the row.
    joined_row = JoinedRecording.objects.get(interview=interview)
    assert chapters and len(chapters) == len(joined_row.chapters) == interview.turns.count()
    assert chapters[0]["metadata"]["title"].startswith("Интервьюер: ")
    # Nothing new: the same file is served again without joining; a byte range seeks.
    assert recruiter_client.get(url, HTTP_RANGE="bytes=0-99").status_code == 206
    assert JoinedRecording.objects.get(interview=interview).file.name == joined_row.file.name
    page = recruiter_client.get(reverse("candidates:detail", args=[interview.application.candidate_id]))
    assert url in page.content.decode()


def test_a_broken_segment_is_left_out_and_no_media_is_a_404(recruiter_client) -> None:  # type: ignore[no-untyped-def]
    ctx = _setup()
    interview = conduct.interview_for_application(application_id=ctx["application"].pk)
    conduct.interview_begin(interview_id=interview.pk)
    url = reverse("interviews:joined_recording", args=[interview.pk])
    assert recruiter_client.get(url).status_code == 404  # nothing recorded yet
    _upload(Client(), ctx["token"], b"\x1aE\xdf\xa3 not a real recording", elapsed_ms=3000, pieces=1)
    assert recruiter_client.get(url).status_code == 404
    _upload(Client(), ctx["token"], _recorder_webm(2.0, 440.0), elapsed_ms=2000)
    response = recruiter_client.get(url)
    assert response.status_code == 200
    with av.open(io.BytesIO(b"".join(response.streaming_content))) as joined:
        assert abs(joined.duration / av.time_base - 2.0) < 0.3
