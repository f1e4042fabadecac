"""What the interviewer says besides the plan's questions, in Russian and English."""

from __future__ import annotations

PHRASES: dict[str, dict[str, str]] = {
    "greeting": {
        "ru": "Здравствуйте! Меня зовут {persona}, я — ИИ-интервьюер. Мы поговорим около {minutes} минут о вашем опыте "
        "для вакансии «{title}». Отвечайте своими словами; если нужно время подумать — просто скажите об этом.",
        "en": "Hello! My name is {persona}, I am an AI interviewer. We will talk for about {minutes} minutes about your "
        "experience for the “{title}” position. Answer in your own words; if you need time to think, just say so.",
    },
    "next": {"ru": "Спасибо. Следующий вопрос.", "en": "Thank you. Next question."},
    "clarify": {
        "ru": "Могли бы вы рассказать подробнее — на конкретном примере из вашей работы: что было нужно и что сделали лично вы?",
        "en": "Could you tell me more, with a concrete example from your work: what was needed and what you did yourself?",
    },
    "dont_know_retry": {
        "ru": "Ничего страшного. А с чем похожим вы сталкивались? Расскажите, как решали подобную задачу.",
        "en": "That's fine. Have you dealt with something similar? Tell me how you solved a comparable problem.",
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
        "ru": "Хороший вопрос — я передам его рекрутеру, он ответит подробно на следующем этапе. А пока вернёмся к теме. {question}",
        "en": "Good question: I'll pass it to the recruiter, who will answer in detail at the next stage. "
        "For now, back to the topic. {question}",
    },
    "their_question_noted": {
        "ru": "Спасибо, я записал ваш вопрос и передам его рекрутеру. Есть ли у вас ещё вопросы?",
        "en": "Thank you, I have noted your question and will pass it to the recruiter. Anything else you'd like to ask?",
    },
    "silence_1": {
        "ru": "Вы здесь? Если нужно время подумать — скажите, я подожду.",
        "en": "Are you still there? If you need time to think, just say so and I'll wait.",
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


def say(key: str, language: str, **kwargs: object) -> str:
    table = PHRASES[key]
    return table.get(language, table["ru"]).format(**kwargs)
