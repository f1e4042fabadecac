"""Turn-taking right at the 1.2 s threshold. The corpus clips keep their pauses far from
it (1.0 s / 1.6 s); held-back clips need not. This makes clips the way the corpus did
(espeak-ng phrases, digital-silence pauses, pink noise at the corpus's level) with pauses
of 1.0–1.4 s in shuffled order, Russian and English voices at several speeds and pitches,
clean and noisy, and counts for every pause whether a turn ended in it (it should for
≥ 1.2 s, never below), and for every clip whether the number of turns is exact.

Run: .venv/bin/python bench/vad_pauses.py [--seeds 8] [--first-seed 0] [--noise 0,0.04]"""

from __future__ import annotations

import argparse
import os
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hrcrm.settings")

import django

django.setup()

from interviews.speech.registry import get_vad, turn_config  # noqa: E402
from interviews.speech.turns import detect_turns  # noqa: E402
from tests.speech_clips import clip  # noqa: E402

PAUSES = [1.0, 1.1, 1.15, 1.25, 1.3, 1.4]
PHRASES = {
    "ru": [
        "Я работал над сервисом уведомлений для мобильного банка.",
        "Основной стек был Python и PostgreSQL.",
        "Сначала мы разбили монолит на несколько сервисов.",
        "Потом настроили очередь задач и мониторинг.",
        "Ну, честно говоря, это было непросто.",
        "Команда была небольшая, четыре человека.",
        "Мы выпускали релизы каждую неделю.",
        "Самое сложное было согласовать схему данных.",
    ],
    "en-us": [
        "I worked on the billing service for two years.",
        "We moved the reports to a separate database.",
        "Honestly, the hardest part was the migration.",
        "Then we added caching and the latency dropped.",
        "My team had five engineers and one designer.",
        "We shipped a release every second week.",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=8)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--noise", default="0,0.04", help="pink noise volumes (0.04 ≈ the corpus's SNR 19 dB)")
    args = parser.parse_args()
    per_pause: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0])
    clips_exact = clips = 0
    delays: list[float] = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        for voice, texts in PHRASES.items():
            for noise in (float(v) for v in args.noise.split(",")):
                rnd = random.Random(f"{seed}-{voice}")
                pauses = PAUSES[:]
                rnd.shuffle(pauses)
                pcm, truth = clip(
                    [rnd.choice(texts) for _ in range(len(pauses) + 1)],
                    pauses,
                    voice=voice,
                    speed=rnd.choice([140, 150, 160, 170, 180]),
                    pitch=rnd.choice([40, 45, 50, 55, 60]),
                    noise_vol=noise,
                )
                turns = detect_turns(pcm, get_vad(), turn_config())
                for pause in truth:
                    ended = [t for t in turns if abs(t.end - pause.start_s) <= 0.3]
                    right = bool(ended) == (pause.duration_s >= 1.2)
                    per_pause[(pause.duration_s, noise)][0] += right
                    per_pause[(pause.duration_s, noise)][1] += 1
                    if ended and right:
                        delays.append(ended[0].decided_at - (pause.start_s + 1.2))
                expected = sum(p.duration_s >= 1.2 for p in truth) + 1  # + the trailing silence
                clips += 1
                clips_exact += len(turns) == expected
    print(f"{'pause, s':>8} {'noise':>6} {'right':>9}")
    for (duration, noise), (right, total) in sorted(per_pause.items()):
        print(f"{duration:8.2f} {noise:6.2f} {right:4d}/{total:<4d}")
    right = sum(r for r, _ in per_pause.values())
    total = sum(t for _, t in per_pause.values())
    print(f"pauses classified right: {right}/{total}; clips with the exact turn count: {clips_exact}/{clips}")
    if delays:
        delays.sort()
        print(
            f"turn decision after true end + 1.2 s: median {delays[len(delays) // 2] * 1000:+.0f} ms,"
            f" max {delays[-1] * 1000:+.0f} ms"
        )


if __name__ == "__main__":
    main()
