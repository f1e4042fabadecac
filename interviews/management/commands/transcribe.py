"""Files in, JSON out: the voice pipeline's turn-taking and recognition on a WAV file.

    python manage.py transcribe FILE.wav [--language ru|en] [--json] [--no-stt]

prints {"turns": [{"start", "end", "text"}], "turn_ends": N} — the VAD turns under the
pause rule (SPEECH_TURN_END_SILENCE_S) and the STT text of each."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from interviews.speech.audio import read_pcm16
from interviews.speech.registry import get_stt, get_vad, turn_config
from interviews.speech.turns import detect_turns


class Command(BaseCommand):
    help = "Detect the speech turns of a WAV file and transcribe each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--language", default="ru")
        parser.add_argument("--json", action="store_true", help="print JSON only")
        parser.add_argument("--no-stt", action="store_true", help="turns only, no recognition")

    def handle(self, *args: object, **options: object) -> None:
        turns = detect_turns(read_pcm16(str(options["file"])), get_vad(), turn_config())
        stt = None if options["no_stt"] else get_stt()
        rows = []
        for turn in turns:
            text = stt.transcribe(turn.audio, language=str(options["language"])).text if stt else ""
            rows.append({"start": round(turn.start, 3), "end": round(turn.end, 3), "text": text})
        result = {"turns": rows, "turn_ends": len(rows)}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(f"{row['start']:7.2f}–{row['end']:7.2f}  {row['text']}")
        self.stdout.write(f"turn ends: {len(rows)}")
