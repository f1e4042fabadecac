"""Speech recognition accuracy on real human speech: word and character error rates
and the real-time factor, per engine and decoding setting, on clean audio, a
telephone-band copy and a copy with background noise at 10 dB SNR.

    python bench/stt_accuracy.py --data DIR [--engines whisper-base,whisper-small]
        [--conditions clean,phone,noise10] [--split dev|held_out|all] [--json]

``DIR`` (or REALSPEECH_DIR) holds ``manifest.json`` (``[{"file", "text", "split"}]``)
and the WAV files, as ``bench/realspeech_sources.py`` lays them out; a ``noise.wav``
there is the background for the noise condition (pink noise otherwise). Each clip goes
through the product's path: VAD turns, then the engine on each turn, unclear
stretches counting as words not heard. The numbers are printed; nothing is asserted."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from django.test import override_settings  # noqa: E402

from interviews.speech.audio import read_pcm16  # noqa: E402
from interviews.speech.base import SAMPLE_RATE, SpeechError  # noqa: E402
from interviews.speech.recognition import unclear_mark  # noqa: E402
from interviews.speech.registry import get_stt, get_vad, turn_config  # noqa: E402
from interviews.speech.turns import detect_turns  # noqa: E402

# Engine and decoding settings by name: (STT engine, settings to override).
ENGINES: dict[str, tuple[str, dict[str, object]]] = {
    "whisper-base": ("whisper", {}),
    # As before: the encoder window cut to the speech, a single decoding.
    "whisper-base-cut-window": (
        "whisper",
        {"SPEECH_WHISPER_MIN_WINDOW_S": 0.0, "SPEECH_WHISPER_BEAM": 1, "SPEECH_WHISPER_RETRY_BEAM": 1},
    ),
    "whisper-base-window30": ("whisper", {"SPEECH_WHISPER_MIN_WINDOW_S": 30.0}),
    "whisper-base-beam5": ("whisper", {"SPEECH_WHISPER_BEAM": 5}),
    "vosk": ("vosk", {}),  # VOSK_MODEL_PATH: a Russian model folder, set by hand
    "speechkit": ("speechkit", {}),  # YANDEX_SPEECHKIT_API_KEY / YANDEX_FOLDER_ID
}
CONDITIONS = ("clean", "phone", "noise10")

_UNITS = "ноль один два три четыре пять шесть семь восемь девять".split()
_TEENS = "десять одиннадцать двенадцать тринадцать четырнадцать пятнадцать шестнадцать семнадцать восемнадцать девятнадцать".split()
_TENS = "_ _ двадцать тридцать сорок пятьдесят шестьдесят семьдесят восемьдесят девяносто".split()
_HUNDREDS = "_ сто двести триста четыреста пятьсот шестьсот семьсот восемьсот девятьсот".split()


def _below_thousand(n: int, feminine: bool = False) -> list[str]:
    words = []
    if n >= 100:
        words.append(_HUNDREDS[n // 100])
        n %= 100
    if 10 <= n < 20:
        return [*words, _TEENS[n - 10]]
    if n >= 20:
        words.append(_TENS[n // 10])
        n %= 10
    if n:
        words.append({1: "одна", 2: "две"}.get(n, _UNITS[n]) if feminine else _UNITS[n])
    return words


def number_words(n: int) -> str:
    """Russian cardinal in words (nominative), to compare "60 000" with «шестьдесят тысяч»."""
    if n == 0:
        return _UNITS[0]
    words: list[str] = []
    if n >= 1_000_000:
        millions, n = divmod(n, 1_000_000)
        words += [*_below_thousand(millions), _plural(millions, "миллион", "миллиона", "миллионов")]
    if n >= 1000:
        thousands, n = divmod(n, 1000)
        words += [*_below_thousand(thousands, feminine=True), _plural(thousands, "тысяча", "тысячи", "тысяч")]
    return " ".join(words + _below_thousand(n))


def _plural(n: int, one: str, few: str, many: str) -> str:
    if 10 <= n % 100 < 20:
        return many
    return {1: one, 2: few, 3: few, 4: few}.get(n % 10, many)


def normalise(text: str) -> list[str]:
    text = text.lower().replace("ё", "е")
    text = re.sub(r"(?<=\d)[\s\u00a0](?=\d{3}\b)", "", text)  # "60 000" → "60000"
    text = re.sub(r"\d+", lambda m: f" {number_words(int(m.group()))} ", text)
    return re.findall(r"[a-zа-я]+", text)


def edits(ref: list[str], hyp: list[str]) -> int:
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[-1]


def _sox(src: Path, dst: Path, *effects: str, out_args: tuple[str, ...] = ()) -> None:
    subprocess.run(["sox", str(src), *out_args, str(dst), *effects], check=True, capture_output=True)


def condition(pcm: bytes, name: str, noise: np.ndarray | None, folder: Path) -> bytes:
    if name == "clean":
        return pcm
    samples = np.frombuffer(pcm, "<i2").astype(np.float32)
    if name == "phone":
        # Telephone band: 8 kHz μ-law, 300–3400 Hz, back to 16 kHz.
        src, mid, dst = folder / "src.wav", folder / "mid.wav", folder / "dst.wav"
        _write(src, samples)
        _sox(src, mid, "sinc", "300-3400", out_args=("-r", "8000", "-e", "u-law"))
        _sox(mid, dst, out_args=("-r", str(SAMPLE_RATE), "-e", "signed-integer", "-b", "16"))
        return read_pcm16(dst)
    if name == "noise10":
        rng = np.random.default_rng(7)
        if noise is None:  # pink-ish: white noise through a one-pole low-pass
            white = rng.standard_normal(samples.size).astype(np.float32)
            bed = np.empty_like(white)
            acc = 0.0
            for i, value in enumerate(white):
                acc = 0.98 * acc + 0.02 * value
                bed[i] = acc
        else:
            start = int(rng.integers(0, max(1, noise.size - 1)))
            bed = np.resize(np.roll(noise, -start), samples.size).astype(np.float32)
        loud = samples[np.abs(samples) > np.abs(samples).max() * 0.05]  # speech, not its pauses
        speech_rms = float(np.sqrt(np.mean(loud**2))) if loud.size else 1.0
        noise_rms = float(np.sqrt(np.mean(bed**2))) or 1.0
        mixed = samples + bed * (speech_rms / noise_rms) / (10 ** (10 / 20))
        return np.clip(mixed, -32768, 32767).astype("<i2").tobytes()
    raise ValueError(name)


def _write(path: Path, samples: np.ndarray) -> None:
    import wave

    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(SAMPLE_RATE)
        wav.writeframes(np.clip(samples, -32768, 32767).astype("<i2").tobytes())


def recognise(pcm: bytes, engine: str) -> tuple[str, float]:
    """The product's path: VAD turns, each recognised; the text without unclear marks."""
    stt = get_stt(engine)
    began = time.perf_counter()
    texts = []
    for turn in detect_turns(pcm, get_vad(), turn_config()):
        result = stt.transcribe(turn.audio, language="ru")
        texts.append(result.text)
    text = " ".join(texts).replace(unclear_mark("ru"), " ")
    return " ".join(text.split()), time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=os.environ.get("REALSPEECH_DIR", ""))
    parser.add_argument("--engines", default="whisper-base")
    parser.add_argument("--conditions", default=",".join(CONDITIONS))
    parser.add_argument("--split", default="all", choices=["dev", "held_out", "all"])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--show", action="store_true", help="print every hypothesis")
    args = parser.parse_args()
    if not args.data:
        parser.error("--data DIR or REALSPEECH_DIR is required (see bench/realspeech_sources.py)")
    data = Path(args.data)
    clips = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    clips = [c for c in clips if args.split == "all" or c["split"] == args.split]
    noise = None
    if (data / "noise.wav").exists():
        noise = np.frombuffer(read_pcm16(data / "noise.wav"), "<i2").astype(np.float32)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.engines.split(","):
            engine, overrides = ENGINES[name]
            with override_settings(**overrides):
                try:
                    get_stt(engine).transcribe(read_pcm16(data / clips[0]["file"])[:SAMPLE_RATE], language="ru")
                except SpeechError as exc:
                    print(f"{name}: not available ({exc})")
                    continue
                for cond in args.conditions.split(","):
                    word_err = word_total = char_err = char_total = 0
                    audio_s = spent = 0.0
                    for clip in clips:
                        pcm = condition(read_pcm16(data / clip["file"]), cond, noise, Path(tmp))
                        hyp, seconds = recognise(pcm, engine)
                        ref_words, hyp_words = normalise(clip["text"]), normalise(hyp)
                        word_err += edits(ref_words, hyp_words)
                        word_total += len(ref_words)
                        ref_chars, hyp_chars = list(" ".join(ref_words)), list(" ".join(hyp_words))
                        char_err += edits(ref_chars, hyp_chars)
                        char_total += len(ref_chars)
                        audio_s += len(pcm) / 2 / SAMPLE_RATE
                        spent += seconds
                        if args.show:
                            print(f"  {name} {cond} {clip['file']}: {hyp!r}")
                    rows.append(
                        {
                            "engine": name,
                            "condition": cond,
                            "clips": len(clips),
                            "words": word_total,
                            "wer": round(word_err / max(1, word_total), 3),
                            "cer": round(char_err / max(1, char_total), 3),
                            "rtf": round(spent / max(audio_s, 1e-9), 3),
                        }
                    )
                    if not args.json:
                        r = rows[-1]
                        print(
                            f"{r['engine']:26} {r['condition']:8} clips {r['clips']:3} words {r['words']:4} "
                            f"WER {r['wer']:.3f} CER {r['cer']:.3f} RTF {r['rtf']:.3f}"
                        )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
