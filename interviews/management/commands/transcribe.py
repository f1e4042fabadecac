"""Files in, JSON out: the voice pipeline's turn-taking and recognition on a WAV file.

    python manage.py transcribe FILE.wav [--language ru|en] [--json] [--no-stt]

prints {"turns": [{"start", "end", "text", "confidence", "unclear"}], "turn_ends": N} —
the VAD turns under the pause rule (SPEECH_TURN_END_SILENCE_S) and the STT text of
each, as the interview saves it: speech the recogniser could not read is marked in the
text and listed in ``unclear`` (seconds from the start of the file); ``confidence`` is
the recogniser's own (null when the engine gives none)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from interviews.speech.audio import read_pcm16
from interviews.speech.recognition import combine
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
        language = str(options["language"])
        rows = []
        for turn in turns:
            row: dict[str, object] = {"start": round(turn.start, 3), "end": round(turn.end, 3), "text": ""}
            if stt is not None:
                heard = combine([(turn.start, stt.transcribe(turn.audio, language=language))], language=language)
                row.update(text=heard.text, confidence=heard.confidence, unclear=[list(s) for s in heard.unclear])
            rows.append(row)
        result = {"turns": rows, "turn_ends": len(rows)}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(f"{row['start']:7.2f}–{row['end']:7.2f}  {row['text']}")
        self.stdout.write(f"turn ends: {len(rows)}")
