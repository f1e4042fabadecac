"""The interview room's WebSocket: authenticated by the interview token in the URL,
thin (parse → conduct service → typed events), and safe to reconnect."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils.translation import gettext as _
from django.utils.translation import override
from pydantic import ValidationError

from hrcrm import logs
from interviews import conduct, modes
from interviews.access import consumer_link, link_still_open
from interviews.events import (
    ClientEvent,
    EndEvent,
    ErrorEvent,
    HistoryEvent,
    ProgressOut,
    TurnEvent,
    TurnOut,
)
from interviews.models import Interview, InterviewStatus, Speaker, Turn
from interviews.recording import spoken_audio_save

CLOSE_BAD_TOKEN = 4403
CLOSE_TAKEN_OVER = 4409
# The interview was stopped from outside: link revoked, consent withdrawn, finished.
CLOSE_STOPPED = 4410
# 16 kHz PCM16 frames are 640–1024 bytes; anything far larger is not a microphone frame.
MAX_AUDIO_FRAME = 64 * 1024

log = logging.getLogger(__name__)


def _group(interview_id: int) -> str:
    """The channel-layer group of an interview's open sockets (``interviews.live``
    sends ``interview.stop`` to it)."""
    return f"interview-{interview_id}"


class InterviewConsumer(AsyncJsonWebsocketConsumer):
    interview_id: int | None = None
    link_id: int | None = None
    candidate_id: int | None = None
    language = "ru"
    voice: Any = None  # interviews.speech.session.VoiceSession while voice mode is on
    voice_numbered = False  # binary frames carry the browser's frame number (resume.py)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Every log line written while handling a message (here, in the conduct services
        # run in threads, in the voice pipeline's tasks started from here) carries the
        # interview and this connection; see hrcrm/logs.py.
        with logs.bind(interview_id=self.interview_id, connection_id=self.channel_name):
            await super().dispatch(message)

    async def connect(self) -> None:
        token = self.scope["url_route"]["kwargs"]["token"]
        found = await database_sync_to_async(consumer_link)(token, self.scope)
        if found is None or found.interview is None:
            log.info("interview socket refused: unknown, expired or unconsented link")
            await self.close(code=CLOSE_BAD_TOKEN)
            return
        interview = found.interview
        self.interview_id = interview.pk
        self.link_id = found.link.pk
        self.candidate_id = interview.application.candidate_id
        self.language = interview.language or "ru"
        logs.update(interview_id=interview.pk)
        await self.accept()
        log.info("interview socket connected")
        # A second tab takes over: tell the older ones, then join the group.
        await self.channel_layer.group_send(
            _group(interview.pk), {"type": "interview.takeover", "channel": self.channel_name}
        )
        await self.channel_layer.group_add(_group(interview.pk), self.channel_name)
        await self._run(self._begin)

    async def disconnect(self, code: int) -> None:
        log.info("interview socket closed (code %s)", code)
        voice, self.voice = self.voice, None  # a closed tab is not a switch to the chat
        if voice is not None:
            from interviews.speech.resume import drain_in_background

            # Turns that had ended are still saved; a reconnecting tab waits for that.
            await drain_in_background(self.interview_id, voice.close(finish_ended=True))
        if self.interview_id is not None:
            await self.channel_layer.group_discard(_group(self.interview_id), self.channel_name)

    async def interview_takeover(self, message: dict[str, Any]) -> None:
        if message["channel"] != self.channel_name:
            log.info("interview taken over by another tab")
            with override(self.language):
                await self._send(ErrorEvent(code="taken_over", message=_("Интервью открыто в другой вкладке.")))
            await self.close(code=CLOSE_TAKEN_OVER)

    async def interview_stop(self, message: dict[str, Any]) -> None:
        """The interview was stopped elsewhere (``interviews.live``): say why, end voice
        mode and the recording (the browser stops it on ``end``), close the socket.
        A message naming a link closes only the sockets opened through that link."""
        link_id = message.get("link_id")
        if (link_id is not None and link_id != self.link_id) or message.get("skip") == self.channel_name:
            return
        log.info("interview socket stopped: %s", message.get("reason", ""))
        await self._voice_off()
        with override(self.language):
            await self._send(EndEvent(message=_stop_message(str(message.get("reason", "")))))
        await self.close(code=CLOSE_STOPPED)

    async def _still_open(self) -> bool:
        """Re-checked before every event that changes the interview: a revocation or a
        withdrawal that happened while the socket was open stops it here even if the
        stop message was lost (another process's channel layer down)."""
        if self.link_id is None or self.candidate_id is None:
            return False
        if await database_sync_to_async(link_still_open)(self.link_id, self.candidate_id):
            return True
        await self.interview_stop({"reason": "revoked"})
        return False

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None, **kwargs: Any) -> None:
        if bytes_data is not None:
            # Microphone audio; ignored unless voice mode is on.
            if self.voice is not None and len(bytes_data) <= MAX_AUDIO_FRAME:
                if self.voice_numbered:
                    from interviews.speech.resume import FRAME_HEADER, split_frame

                    if len(bytes_data) > FRAME_HEADER:
                        seq, pcm = split_frame(bytes_data)
                        self.voice.feed(pcm, seq=seq)
                else:
                    self.voice.feed(bytes_data)
            return
        if text_data is None or "\x00" in text_data:
            await self._bad_event()
            return
        try:
            content = await self.decode_json(text_data)
        except ValueError:  # malformed JSON (json.JSONDecodeError is a ValueError)
            await self._bad_event()
            return
        await self.receive_json(content, **kwargs)

    async def _bad_event(self) -> None:
        """A message the room never sends: say so, keep the socket open."""
        with override(self.language):
            await self._send(ErrorEvent(code="bad_event", message=_("Сообщение не распознано.")))

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        try:
            event = ClientEvent.model_validate(content)
        except ValidationError:
            await self._bad_event()
            return
        if "\x00" in event.text or "\x00" in event.id:  # PostgreSQL text cannot hold NUL
            await self._bad_event()
            return
        if event.type == "ping":
            await self.send_json({"type": "pong"})
        elif not await self._still_open():
            return
        elif event.type == "answer" and event.text.strip():
            await self._run(lambda: self._answer(event.text, event.id))
        elif event.type == "silence":
            await self._run(self._silence)
        elif event.type == "finish":
            await self._speak_goodbye(await self._run(self._finish))
        elif event.type == "voice":
            await (self._voice_on(numbered=event.seq, stream=event.stream) if event.on else self._voice_off())

    # --- voice mode: the same interview, spoken -----------------------------------------
    async def _voice_on(self, *, numbered: bool = False, stream: str = "") -> None:
        from interviews.speech.base import SpeechError
        from interviews.speech.resume import AudioLedger, wait_drained
        from interviews.speech.session import VoiceSession

        if self.voice is not None:
            return
        log.info("voice mode on")
        ledger = None
        if numbered:
            # The previous connection's ended turns are saved first; then what is saved
            # says which of the frames the browser kept are already answers.
            await wait_drained(self.interview_id)
            committed = await database_sync_to_async(conduct.interview_voice_frames_saved)(
                interview_id=self.interview_id, stream=stream
            )
            ledger = AudioLedger(committed=committed, stream=stream)
        try:
            self.voice = VoiceSession(
                language=self.language,
                send_json=self.send_json,
                send_bytes=lambda pcm: self.send(bytes_data=pcm),
                answer=self._voice_answer,
                on_unavailable=self._voice_failed,
                prompt=await database_sync_to_async(self._speech_prompt)(),
                ledger=ledger,
                on_spoken=self._voice_spoken,
            )
        except SpeechError as exc:
            # A speech engine that cannot start (no model, bad credentials) must not cost
            # the candidate his interview: say so and carry on in the chat.
            log.error("Voice mode unavailable for interview %s: %s", self.interview_id, exc)
            await self._voice_unavailable()
            return
        self.voice_numbered = numbered
        await database_sync_to_async(modes.interview_mode_switch)(interview_id=self.interview_id, voice=True)
        if ledger is not None:
            await self.send_json({"type": "voice_state", "committed_seq": ledger.committed})
        await self.send_json({"type": "listening"})
        # The candidate hears the question he is being asked now.
        last = await database_sync_to_async(self._last_question)()
        await self.voice.say(last)

    async def _voice_spoken(self, started_at: datetime, sample_rate: int, pcm: bytes) -> None:
        """The interviewer's reply as played: kept for the interview's recording."""
        await database_sync_to_async(spoken_audio_save)(
            interview_id=self.interview_id, started_at=started_at, sample_rate=sample_rate, pcm=pcm
        )

    async def _voice_failed(self, voice: Any, exc: Exception) -> None:
        """The streaming recogniser failed mid-interview (auth, network): voice mode
        ends as if it could not start, and the interview goes on in the chat."""
        log.error("Voice mode failed for interview %s: %s", self.interview_id, exc)
        if self.voice is voice:
            self.voice = None
            await voice.close()
            await database_sync_to_async(modes.interview_mode_switch)(interview_id=self.interview_id, voice=False)
        await self._voice_unavailable()

    async def _voice_unavailable(self) -> None:
        with override(self.language):
            message = _("Голосовой режим сейчас недоступен. Продолжайте, пожалуйста, в чате — ответы сохраняются.")
        await self.send_json({"type": "error", "code": "voice_unavailable", "message": message})

    async def _voice_off(self, *, switch: bool = True) -> None:
        voice, self.voice = self.voice, None
        if voice is not None:
            await voice.close()
        if voice is not None and switch:
            await database_sync_to_async(modes.interview_mode_switch)(interview_id=self.interview_id, voice=False)

    async def _voice_answer(
        self,
        text: str,
        client_msg_id: str,
        *,
        recognition: dict[str, Any] | None = None,
        on_sentence: Any = None,
        cancel: Any = None,
    ) -> tuple[list[dict[str, Any]], str]:
        """A recognised spoken answer goes through exactly the chat's service, with how
        it was recognised saved next to it (with a model, its reply's sentences reach
        ``on_sentence`` as they are written)."""
        try:
            events = await database_sync_to_async(self._answer)(text, client_msg_id, on_sentence, cancel, recognition)
        except conduct.InterviewClosedError as exc:
            events = [EndEvent(message=str(exc))]
        reply = " ".join(
            e.turn.text for e in events if isinstance(e, TurnEvent) and e.turn.speaker == Speaker.INTERVIEWER
        )
        return [e.model_dump(mode="json") for e in events], reply

    def _speech_prompt(self) -> str:
        assert self.interview_id is not None
        return conduct.interview_terms(interview_id=self.interview_id)

    def _last_question(self) -> str:
        turn = (
            Turn.objects.filter(interview_id=self.interview_id, speaker=Speaker.INTERVIEWER).order_by("-index").first()
        )
        return turn.text if turn else ""

    async def _speak_goodbye(self, events: list[Any]) -> None:
        """In voice mode the closing line is spoken too (replacing whatever was being
        said); the page releases the microphone and camera once it has played."""
        if self.voice is None:
            return
        goodbye = " ".join(
            e.turn.text for e in events if isinstance(e, TurnEvent) and e.turn.speaker == Speaker.INTERVIEWER
        )
        await self.voice.say(goodbye)

    async def _run(self, action: Any) -> list[Any]:
        """Run a conduct service off the event loop, send what it produced and return it."""
        try:
            events = await database_sync_to_async(action)()
        except conduct.InterviewClosedError as exc:
            log.info("interview closed: %s", exc)
            events = [EndEvent(message=str(exc))]
        for event in events:
            await self._send(event)
        return events

    async def _send(self, event: Any) -> None:
        await self.send_json(event.model_dump(mode="json"))

    # --- synchronous parts (database) -------------------------------------------------
    def _begin(self) -> list[Any]:
        assert self.interview_id is not None
        turns = conduct.interview_begin(interview_id=self.interview_id, connection_id=self.channel_name)
        return [HistoryEvent(turns=[TurnOut.of(t) for t in turns], progress=self._progress()), *self._end_if_done()]

    def _answer(
        self,
        text: str,
        client_msg_id: str,
        on_sentence: Any = None,
        cancel: Any = None,
        recognition: dict[str, Any] | None = None,
    ) -> list[Any]:
        assert self.interview_id is not None
        turns = conduct.interview_answer(
            interview_id=self.interview_id,
            text=text,
            client_msg_id=client_msg_id,
            on_sentence=on_sentence,
            cancel=cancel,
            recognition=recognition,
        )
        return [*self._turn_events(turns), self._progress(), *self._end_if_done()]

    def _silence(self) -> list[Any]:
        assert self.interview_id is not None
        turns = conduct.interview_silence(interview_id=self.interview_id)
        return [*self._turn_events(turns), self._progress(), *self._end_if_done()]

    def _finish(self) -> list[Any]:
        assert self.interview_id is not None
        turns = conduct.interview_finish_by_candidate(interview_id=self.interview_id)
        return [*self._turn_events(turns), self._progress(), *self._end_if_done()]

    def _turn_events(self, turns: list[Turn]) -> list[TurnEvent]:
        return [TurnEvent(turn=TurnOut.of(t)) for t in turns]

    def _progress(self) -> ProgressOut:
        interview = Interview.objects.get(pk=self.interview_id)
        return ProgressOut.of(conduct.progress_of(interview))

    def _end_if_done(self) -> list[EndEvent]:
        status = Interview.objects.filter(pk=self.interview_id).values_list("status", flat=True).first()
        if status == InterviewStatus.COMPLETED:
            with override(self.language):
                return [EndEvent(message=_("Интервью завершено. Спасибо! Это окно можно закрыть."))]
        return []


def _stop_message(reason: str) -> str:
    """What the candidate reads when the interview is stopped from outside (the reasons
    of ``interviews.live``)."""
    if reason == "finished":
        return _("Интервью завершено. Спасибо! Это окно можно закрыть.")
    if reason == "abandoned":
        return _("Интервью прервано после долгого перерыва. Напишите рекрутеру, если хотите продолжить.")
    if reason == "staff":
        return _("Интервью завершено сотрудником компании. Спасибо за ваше время — рекрутер свяжется с вами.")
    if reason == "consent_withdrawn":
        return _("Интервью остановлено: вы отозвали согласие на обработку данных.")
    return _("Интервью остановлено: ссылка больше не действует. Если это ошибка, напишите рекрутеру.")
