"""What the interviewer says besides the plan's questions, in Russian and English."""

from __future__ import annotations

import re

PHRASES: dict[str, dict[str, str]] = {
    "greeting": {
        "ru": "Здравствуйте! Меня зовут {persona}, я — ИИ-интервьюер. Мы поговорим около {minutes} минут о вашем опыте "
        "для вакансии «{title}». Отвечайте своими словами; если нужно время подумать — просто скажите об этом.",
        "en": "Hello! My name is {persona}, I am an AI interviewer. We will talk for about {minutes} minutes about your "
        "experience for the “{title}” position. Answer in your own words; if you need time to think, just say so.",
    },
    "next": {"ru": "Спасибо. Следующий вопрос.", "en": "Thank you. Next question."},
    "clarify": {
        "ru": "Могли бы вы рассказать подробнее про {subject} — на конкретном примере: что было нужно и что сделали лично вы?",
        "en": "Could you tell me more about {subject}, with a concrete example: what was needed and what you did yourself?",
    },
    "clarify_2": {
        "ru": "Давайте на примере: вспомните конкретный случай про {subject} — какая была задача и что вы сделали сами?",
        "en": "Let's take an example: think of a specific case about {subject} — what was the task and what did you do yourself?",
    },
    "dont_know_retry_2": {
        "ru": "Понимаю. Может быть, было что-то близкое к теме «{topic}»? Расскажите, как вы бы подошли к такой задаче.",
        "en": "I see. Perhaps something close to “{topic}”? Tell me how you would approach such a task.",
    },
    "dont_know_retry": {
        "ru": "Ничего страшного. А с чем похожим на «{topic}» вы сталкивались? Расскажите, как решали подобную задачу.",
        "en": "That's fine. Have you dealt with something similar to “{topic}”? Tell me how you solved a comparable problem.",
    },
    "dont_know_move_on": {
        "ru": "Хорошо, это тоже ответ. Двигаемся дальше.",
        "en": "All right, that is an answer too. Let's move on.",
    },
    "redirect": {"ru": "Давайте вернёмся к вопросу. {question}", "en": "Let's get back to the question. {question}"},
    "repeat": {"ru": "Конечно, повторю. {question}", "en": "Of course, I'll repeat. {question}"},
    "think": {"ru": "Конечно, не торопитесь. Я подожду.", "en": "Of course, take your time. I'll wait."},
    "decline": {
        "ru": "Я не могу менять правила интервью или оценку — оценку делают по вашим ответам, а решение принимает человек. "
        "Давайте продолжим. {question}",
        "en": "I cannot change the interview rules or the evaluation: it is based on your answers, and a person makes "
        "the decision. Let's continue. {question}",
    },
    "their_question": {
        "ru": "В описании вакансии об этом не сказано, поэтому гадать не буду: вопрос передам рекрутеру, он ответит. "
        "А пока вернёмся к теме. {question}",
        "en": "The vacancy does not say, so I won't guess: I'll pass your question to the recruiter, who will answer. "
        "For now, back to the topic. {question}",
    },
    "their_question_answered": {
        "ru": "{answer} Вернёмся к теме. {question}",
        "en": "{answer} Back to the topic. {question}",
    },
    "their_question_noted": {
        "ru": "В описании вакансии об этом не сказано — я {записал|записала} ваш вопрос, рекрутер ответит на него. "
        "Есть ли у вас ещё вопросы?",
        "en": "The vacancy does not say; I have noted your question, and the recruiter will answer it. "
        "Anything else you'd like to ask?",
    },
    "their_question_answered_more": {
        "ru": "{answer} Есть ли у вас ещё вопросы?",
        "en": "{answer} Anything else you'd like to ask?",
    },
    "silence_1": {
        "ru": "Вы здесь? Не торопитесь: если нужно время подумать — скажите, я подожду.",
        "en": "Are you still there? No rush: if you need time to think, just say so and I'll wait.",
    },
    "silence_2": {"ru": "Повторю вопрос. {question}", "en": "Let me repeat the question. {question}"},
    "silence_move_on": {
        "ru": "Похоже, сейчас ответить сложно — перейдём к следующей теме.",
        "en": "It seems hard to answer right now; let's move to the next topic.",
    },
    "time_short": {
        "ru": "У нас осталось немного времени, поэтому перейду к главному.",
        "en": "We are running short of time, so I'll go to the key points.",
    },
    "goodbye": {
        "ru": "Спасибо за беседу! Интервью завершено. Ответы передадут рекрутеру, и он свяжется с вами о следующих шагах. "
        "Хорошего дня!",
        "en": "Thank you for the conversation! The interview is complete. Your answers go to the recruiter, who will "
        "contact you about the next steps. Have a good day!",
    },
    "goodbye_early": {
        "ru": "Хорошо, завершаем интервью. Спасибо за уделённое время — рекрутер свяжется с вами.",
        "en": "All right, let's end the interview here. Thank you for your time; the recruiter will contact you.",
    },
}

NO_MORE_QUESTIONS = (
    r"^(нет|не[ат]?,? (спасибо|вопросов)|вопросов нет|нет вопросов|все понятно|всё понятно|пока нет|"
    r"no|no,? thanks|no questions|nothing|that's all|i'm good)\b"
)


# Russian past tense agrees with the speaker: "{записал|записала}" picks the persona's form.
_GENDERED = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")
# Russian female names end in -а/-я, except these (and their diminutives) which are male.
_MALE_IN_A = {"никита", "илья", "лука", "фома", "кузьма", "савва", "данила", "гаврила", "миша", "саша", "женя", "паша"}
_FEMALE_EN = {"alina", "anna", "maria", "olga", "elena", "irina", "sofia", "kate", "emma", "alice", "julia", "daria"}


def persona_gender(name: str) -> str:
    """``f`` or ``m`` for the interviewer's name (ru or en spelling)."""
    first = (name.split() or [""])[0].lower()
    if re.search("[а-яё]", first):
        return "f" if first.endswith(("а", "я")) and first not in _MALE_IN_A else "m"
    return "f" if first in _FEMALE_EN or first.endswith(("a", "ia")) else "m"


def say(key: str, language: str, *, gender: str = "f", **kwargs: object) -> str:
    table = PHRASES[key]
    template = _GENDERED.sub(lambda m: m.group(2 if gender == "f" else 1), table.get(language, table["ru"]))
    return template.format(**kwargs)


# Short connective sentences; two in a row (or one before a sentence that starts the
# same way) read as a stutter: «Спасибо. Следующий вопрос. Спасибо! …».
_FILLER = re.compile(
    r"^(спасибо|хорошо|понятно|принято|следующий вопрос|двигаемся дальше|thank you|thanks|all right|"
    r"next question|let's move on)[.!]?$",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def tidy(text: str) -> str:
    """Drop filler sentences repeated by the next sentence's opening."""
    sentences = [s for s in _SENTENCE.split(" ".join(text.split())) if s]
    kept: list[str] = []
    # Backwards, so a filler is compared with what will really follow it once a later
    # filler has been dropped.
    for sentence in reversed(sentences):
        following = kept[0] if kept else ""
        if _FILLER.match(sentence) and following:
            head = sentence.rstrip(".!").lower()
            if following.lower().startswith(head.split()[0]):
                continue
            if head in ("следующий вопрос", "next question") and re.match(r"(спасибо|thank)", following, re.IGNORECASE):
                continue
        kept.insert(0, sentence)
    return " ".join(kept)
