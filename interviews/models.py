from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class InterviewStatus(models.TextChoices):
    PENDING = "pending", _("Не начато")
    IN_PROGRESS = "in_progress", _("Идёт")
    COMPLETED = "completed", _("Завершено")
    ABANDONED = "abandoned", _("Прервано")
    FAILED = "failed", _("Сбой")


class InterviewMode(models.TextChoices):
    """What the interview turned out to be (``interviews.modes`` keeps it true): text
    only; spoken answers; spoken answers with the camera recorded."""

    CHAT = "chat", _("Чат")
    VOICE = "voice", _("Голос")
    VIDEO = "video", _("Голос и видео")


class Interview(models.Model):
    """One AI interview of one application; its transcript is saved turn by turn."""

    application = models.ForeignKey("candidates.Application", on_delete=models.CASCADE, related_name="interviews")
    status = models.CharField(
        _("статус"), max_length=16, choices=InterviewStatus.choices, default=InterviewStatus.PENDING
    )
    mode = models.CharField(_("режим"), max_length=8, choices=InterviewMode.choices, default=InterviewMode.CHAT)
    # Every switch between chat and voice, in order: [{"mode": "voice", "at": ISO time}].
    mode_log = models.JSONField(_("переключения режима"), default=list, blank=True, editable=False)
    language = models.CharField(_("язык"), max_length=2, default="ru")
    plan = models.JSONField(_("план"), default=dict, blank=True)
    # The engine's running state (interviews.engine.InterviewState as JSON): saved after
    # every turn, so a reconnect or a server restart continues at the same point.
    state = models.JSONField(_("состояние"), null=True, blank=True, editable=False)
    failure_reason = models.TextField(_("причина сбоя"), blank=True)
    last_activity_at = models.DateTimeField(_("последняя активность"), null=True, blank=True)
    # The candidate asked for a person instead of the AI (152-ФЗ art. 16: a decision
    # must not rest on automated processing alone; we also offer a human interview).
    human_requested_at = models.DateTimeField(_("попросил живого интервьюера"), null=True, blank=True)
    # Which browser tab holds the interview now; a newer tab takes over.
    # The socket's channel name: with channels-redis it is "specific.<server>!<client>",
    # about 60-90 characters, so 64 was too short for any production layout.
    connection_id = models.CharField(max_length=200, blank=True, editable=False)
    time_budget_minutes = models.PositiveSmallIntegerField(_("бюджет времени, мин"), default=25)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True)
    started_at = models.DateTimeField(_("начато"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершено"), null=True, blank=True)

    class Meta:
        verbose_name = _("интервью")
        verbose_name_plural = _("интервью")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self) -> str:
        return f"{_('Интервью')} #{self.pk}"

    @property
    def mode_switches(self) -> str:
        """«Чат → Голос → Чат» when the candidate switched, else empty."""
        labels = dict(InterviewMode.choices)
        sequence: list[str] = []
        for entry in [{"mode": InterviewMode.CHAT}, *self.mode_log]:
            if not sequence or sequence[-1] != entry["mode"]:
                sequence.append(entry["mode"])
        return " → ".join(str(labels.get(m, m)) for m in sequence) if len(sequence) > 1 else ""


class Speaker(models.TextChoices):
    INTERVIEWER = "interviewer", _("Интервьюер")
    CANDIDATE = "candidate", _("Кандидат")


class Turn(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="turns")
    index = models.PositiveIntegerField(_("номер"))
    speaker = models.CharField(_("кто"), max_length=12, choices=Speaker.choices)
    text = models.TextField(_("текст"))
    topic = models.CharField(_("тема"), max_length=120, blank=True)
    action = models.CharField(_("действие"), max_length=20, blank=True)
    # The browser's id for a candidate message: a resent message after a reconnect is
    # recognised and not saved twice.
    client_msg_id = models.CharField(max_length=64, blank=True)
    at_seconds = models.FloatField(_("секунда интервью"), default=0)
    meta = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("реплика")
        verbose_name_plural = _("реплики")
        ordering = ["interview", "index"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "index"], name="one_turn_per_index"),
            models.UniqueConstraint(
                fields=["interview", "client_msg_id"],
                condition=~models.Q(client_msg_id=""),
                name="one_turn_per_client_message",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index}. {self.get_speaker_display()}"


class Recording(models.Model):
    """The interview's camera + microphone recording (webm), uploaded by the browser in
    chunks while the interview runs. Each chunk is stored as it arrives, so a closed tab
    or a dropped network keeps everything uploaded; the parts are joined into ``file``
    (any django-storages backend: nothing here needs appending in place)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="recordings")
    mime_type = models.CharField(max_length=80, default="video/webm")
    chunks = models.PositiveIntegerField(_("частей"), default=0)
    size = models.PositiveBigIntegerField(_("размер, байт"), default=0)
    file = models.FileField(_("файл"), upload_to="recordings/", blank=True)
    assembled_chunks = models.PositiveIntegerField(default=0, editable=False)
    # When the browser's recorder started, on the server's clock (the first chunk's
    # arrival less the recorder's own elapsed time): places this page load's segment
    # on the interview's timeline next to the interviewer's speech.
    started_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("запись интервью")
        verbose_name_plural = _("записи интервью")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{_('Запись')} #{self.pk}"

    def part_name(self, index: int) -> str:
        return f"recordings/parts/{self.interview_id}/{self.pk}/{index:06d}.part"


class SpokenAudio(models.Model):
    """What the interviewer said aloud (one reply's synthesised speech, PCM16 mono, as
    far as it was played: a barge-in cuts it), kept to be mixed into the interview's
    recording so a reviewer hears both sides."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="spoken_audio")
    started_at = models.DateTimeField()
    sample_rate = models.PositiveIntegerField()
    duration_ms = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to="recordings/spoken/")

    class Meta:
        ordering = ["started_at"]

    def __str__(self) -> str:
        return f"{self.interview_id}: {self.started_at:%H:%M:%S} ({self.duration_ms} ms)"


class JoinedRecording(models.Model):
    """The one file a reviewer plays: every page load's camera + microphone segment on
    the interview's timeline, the interviewer's speech mixed in, a duration in the
    header and the transcript's turns as chapters. Made again when its inputs change
    (``source``: what it was made from)."""

    interview = models.OneToOneField(Interview, on_delete=models.CASCADE, related_name="joined_recording")
    file = models.FileField(upload_to="recordings/", blank=True)
    mime_type = models.CharField(max_length=80, default="video/webm")
    duration_s = models.FloatField(default=0)
    chapters = models.JSONField(default=list, blank=True)  # [{"start": s, "title": str, "turn": index}]
    source = models.CharField(max_length=200, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{_('Запись')} {self.interview_id} ({self.duration_s:.0f} s)"
