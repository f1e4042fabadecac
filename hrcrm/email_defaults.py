"""Default texts of the candidate e-mails (seeded by a migration, editable in the admin).

Each is Django template text; see ``hrcrm.emails.EmailContext`` for the variables."""

DEFAULTS: dict[str, dict[str, str]] = {
    "invitation": {
        "subject_ru": "Приглашение на интервью: {{ vacancy_title }}",
        "body_ru": (
            "Здравствуйте, {{ candidate_name }}!\n\n"
            "Приглашаем вас пройти онлайн-интервью на вакансию «{{ vacancy_title }}»"
            "{% if company %} в компании {{ company }}{% endif %}.\n"
            "Интервью проходит в браузере и занимает около 25 минут; его можно пройти в удобное время.\n\n"
            "Ссылка (личная, не пересылайте её): {{ link }}\n"
            "Ссылка действует до {{ expires_at }}.\n\n"
            "С уважением,\n{{ sender_name }}"
        ),
        "subject_en": "Interview invitation: {{ vacancy_title }}",
        "body_en": (
            "Hello {{ candidate_name }},\n\n"
            "We invite you to an online interview for the position “{{ vacancy_title }}”"
            "{% if company %} at {{ company }}{% endif %}.\n"
            "The interview runs in your browser and takes about 25 minutes, at a time that suits you.\n\n"
            "Your personal link (please do not forward it): {{ link }}\n"
            "The link is valid until {{ expires_at }}.\n\n"
            "Best regards,\n{{ sender_name }}"
        ),
    },
    "invitation_reminder": {
        "subject_ru": "Напоминание: интервью на вакансию «{{ vacancy_title }}»",
        "body_ru": (
            "Здравствуйте, {{ candidate_name }}!\n\n"
            "Недавно мы пригласили вас пройти онлайн-интервью на вакансию «{{ vacancy_title }}»"
            "{% if company %} в компании {{ company }}{% endif %}. Похоже, вы ещё не успели его начать.\n"
            "Интервью проходит в браузере и занимает около 25 минут.\n\n"
            "Ссылка (личная, не пересылайте её): {{ link }}\n"
            "Ссылка действует до {{ expires_at }}.\n\n"
            "Если вакансия вам больше не интересна, просто проигнорируйте это письмо — "
            "больше напоминаний не будет.\n\n"
            "С уважением,\n{{ sender_name }}"
        ),
        "subject_en": "Reminder: interview for “{{ vacancy_title }}”",
        "body_en": (
            "Hello {{ candidate_name }},\n\n"
            "We recently invited you to an online interview for the position “{{ vacancy_title }}”"
            "{% if company %} at {{ company }}{% endif %}. It looks like you have not started it yet.\n"
            "The interview runs in your browser and takes about 25 minutes.\n\n"
            "Your personal link (please do not forward it): {{ link }}\n"
            "The link is valid until {{ expires_at }}.\n\n"
            "If you are no longer interested, just ignore this e-mail: there will be no more reminders.\n\n"
            "Best regards,\n{{ sender_name }}"
        ),
    },
    "decision_accept": {
        "subject_ru": "Вакансия «{{ vacancy_title }}»: следующий шаг",
        "body_ru": (
            "Здравствуйте, {{ candidate_name }}!\n\n"
            "Спасибо за интервью на вакансию «{{ vacancy_title }}». Мы рады пригласить вас "
            "на следующий этап — в ближайшие дни с вами свяжется {{ sender_name }}.\n"
            "{% if comment %}\n{{ comment }}\n{% endif %}\n"
            "С уважением,\n{{ sender_name }}"
        ),
        "subject_en": "“{{ vacancy_title }}”: next step",
        "body_en": (
            "Hello {{ candidate_name }},\n\n"
            "Thank you for the interview for “{{ vacancy_title }}”. We are glad to invite you to the "
            "next stage; {{ sender_name }} will contact you in the coming days.\n"
            "{% if comment %}\n{{ comment }}\n{% endif %}\n"
            "Best regards,\n{{ sender_name }}"
        ),
    },
    "decision_reject": {
        "subject_ru": "Вакансия «{{ vacancy_title }}»: результат",
        "body_ru": (
            "Здравствуйте, {{ candidate_name }}!\n\n"
            "Спасибо за время, которое вы уделили интервью на вакансию «{{ vacancy_title }}». "
            "К сожалению, сейчас мы не готовы продолжить с вашей кандидатурой.\n"
            "{% if comment %}\n{{ comment }}\n{% endif %}\n"
            "Желаем успеха в поиске!\n{{ sender_name }}"
        ),
        "subject_en": "“{{ vacancy_title }}”: our decision",
        "body_en": (
            "Hello {{ candidate_name }},\n\n"
            "Thank you for the time you spent on the interview for “{{ vacancy_title }}”. "
            "Unfortunately we are not able to move forward with your application now.\n"
            "{% if comment %}\n{{ comment }}\n{% endif %}\n"
            "We wish you every success!\n{{ sender_name }}"
        ),
    },
}
