"""The real-speech development set for ``bench/stt_accuracy.py``: human Russian
recordings with reference transcripts, taken from the test fixtures and samples of
open speech projects. The audio stays out of this repository (its speakers and
licences are the projects'); this file lists where each clip comes from, and copies
them from local clones of those repositories into a folder of their own.

    python bench/realspeech_sources.py --clones DIR --out DIR

``--clones`` holds one clone per repository, named ``owner+name`` (or
``owner+name/repo`` as a bare mirror); ``--out`` receives ``<id>.wav`` files (16 kHz
mono PCM16) and ``manifest.json`` with the references. Splits: ``dev`` clips may be
looked at while tuning; ``held_out`` clips are only measured, never tuned on.

The same folder takes a ``noise.wav`` of real background noise (the one recorded for
the home-assistant phrase tests) for the 10 dB condition."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Source:
    id: str
    repo: str  # owner/name on GitHub
    path: str  # file in the repository
    text: str  # the reference transcript (from the project's own tests or manifest)
    split: str  # dev | held_out
    note: str = ""


SOURCES = [
    Source(
        "pisets_ru",
        "bond005/pisets",
        "tests/testdata/test_sound_ru.wav",
        "нейронные сети это хорошо",
        "dev",
        "reference: tests/test_asr_ru.py true_words",
    ),
    Source(
        "golos_example",
        "sberdevices/golos",
        "examples/data/001ce26c07c20eaa0d666b824c6c6924.wav",
        "шестьдесят тысяч тенге сколько будет стоить",
        "dev",
        "Golos crowd sample; reference: examples/data/example1.json",
    ),
    Source(
        "transcribe_rs_check",
        "cjpais/transcribe-rs",
        "samples/russian.wav",
        "проверка связи",
        "dev",
        "a short turn (1 s); reference: tests/gigaam.rs expected",
    ),
    Source(
        "intellij_voice",
        "mulyukovaaa/IntelliJControlVoice",
        "src/test/resources/record_out.wav",
        "открыть файл",
        "held_out",
        "reference: src/test/java/TestVoiceTranscriber.java",
    ),
]
NOISE = ("OHF-Voice/speech-to-phrase", "tests/wav/background_noise.wav")


def _git_show(clones: Path, repo: str, path: str) -> bytes:
    folder = clones / repo.replace("/", "+")
    git_dir = folder / "repo" if (folder / "repo").exists() else folder
    return subprocess.run(["git", "-C", str(git_dir), "show", f"HEAD:{path}"], check=True, capture_output=True).stdout


def _to_pcm16_wav(data: bytes, target: Path) -> None:
    with tempfile.NamedTemporaryFile(suffix=Path(target).suffix) as raw:
        raw.write(data)
        raw.flush()
        subprocess.run(
            ["sox", raw.name, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", str(target)],
            check=True,
            capture_output=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clones", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    manifest = []
    for source in SOURCES:
        try:
            _to_pcm16_wav(_git_show(args.clones, source.repo, source.path), args.out / f"{source.id}.wav")
        except subprocess.CalledProcessError as exc:
            print(f"{source.id}: {source.repo}:{source.path} not available ({exc.stderr.decode()[:200]})")
            continue
        manifest.append({**asdict(source), "file": f"{source.id}.wav"})
    try:
        _to_pcm16_wav(_git_show(args.clones, *NOISE), args.out / "noise.wav")
    except subprocess.CalledProcessError:
        print("noise: not available (the bench falls back to pink noise)")
    (args.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(manifest)} clips in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
