"""Wording of the offline engine's rationales, notes and summary, in the interview's
language (Russian, or English for English interviews). These are stored with the
evaluation as data, so they follow the interview, not the reader's UI language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scoring.evaluation.schema import (
    EvaluationDraft,
    Recommendation,
    RedFlag,
    RedFlagType,
    RequirementAssessment,
    RequirementStatus,
)

if TYPE_CHECKING:
    from scoring.evaluation.analysis import Answer

CRITERION_LABELS = {
    "ru": {
        "technical_skills": "Технические навыки",
        "experience_relevance": "Релевантность опыта",
        "communication": "Коммуникация",
        "problem_solving": "Решение задач",
        "cultural_fit": "Культурное соответствие",
    },
    "en": {
        "technical_skills": "Technical skills",
        "experience_relevance": "Experience relevance",
        "communication": "Communication",
        "problem_solving": "Problem solving",
        "cultural_fit": "Cultural fit",
    },
}
RECOMMENDATION_LABELS = {
    "ru": {
        Recommendation.STRONGLY_RECOMMEND: "настоятельно рекомендовать",
        Recommendation.RECOMMEND: "рекомендовать",
        Recommendation.CONSIDER: "рассмотреть (нужен доп. этап)",
        Recommendation.REJECT: "отказать",
    },
    "en": {
        Recommendation.STRONGLY_RECOMMEND: "strongly recommend",
        Recommendation.RECOMMEND: "recommend",
        Recommendation.CONSIDER: "consider (a further step is needed)",
        Recommendation.REJECT: "reject",
    },
}


class Texts:
    def __init__(self, language: str) -> None:
        self.ru = language != "en"

    def pick(self, ru: str, en: str) -> str:
        return ru if self.ru else en

    # --- requirement notes ---------------------------------------------------------------
    @property
    def not_discussed(self) -> str:
        return self.pick(
            "В интервью не обсуждалось; данные резюме без подтверждения не засчитываются.",
            "Not discussed in the interview; resume claims alone do not count.",
        )

    @property
    def req_confirmed(self) -> str:
        return self.pick(
            "Подтверждено конкретными ответами в интервью.", "Supported by concrete answers in the interview."
        )

    @property
    def req_partly(self) -> str:
        return self.pick(
            "Подтверждено частично: упомянуто или описано без глубины, есть пробелы.",
            "Partly supported: mentioned or described without depth, with gaps.",
        )

    @property
    def req_not_confirmed(self) -> str:
        return self.pick(
            "Не подтверждено: кандидат признаёт отсутствие опыта, ошибается или уходит от ответа.",
            "Not confirmed: the candidate admits no experience, is wrong, or avoids the question.",
        )

    @property
    def req_unsupported(self) -> str:
        return self.pick(
            "Не подтверждено: ни одна цитата не говорит об этом требовании.",
            "Not confirmed: no quote is about this requirement.",
        )

    @property
    def language_shown(self) -> str:
        return self.pick(
            "Интервью проведено на этом языке, кандидат отвечает развёрнуто.",
            "The interview was held in this language with full answers.",
        )

    @property
    def years_unknown(self) -> str:
        return self.pick("Стаж не назван.", "Years of experience not stated.")

    @property
    def years_short(self) -> str:
        return self.pick(
            "Стаж {stated} г. меньше требуемых {required}.", "{stated} years is below the required {required}."
        )

    @property
    def years_short_but_shown(self) -> str:
        return self.pick("Навык виден в ответах. {short}", "The skill shows in the answers. {short}")

    @property
    def years_but_weak(self) -> str:
        return self.pick(
            "Стаж ({stated} г.) есть, но ответы не показывают нужного уровня.",
            "The years are there ({stated}), but the answers do not show the expected level.",
        )

    # --- flags ---------------------------------------------------------------------------
    @property
    def flag_manipulation(self) -> str:
        return self.pick(
            "Попытка манипулировать оценкой: кандидат требует от ИИ высоких баллов или рекомендации, ссылается на "
            "«указание разработчиков» или давит угрозами. Оценка по просьбе не меняется.",
            "Manipulation attempt: the candidate tells the AI to give high scores or a recommendation, claims false "
            "authority or applies pressure. Scores do not follow such requests.",
        )

    @property
    def flag_injection(self) -> str:
        return self.pick(
            "Попытка инъекции промпта: кандидат пытается подменить инструкции оценщика.",
            "Prompt-injection attempt: the candidate tries to replace the evaluator's instructions.",
        )

    @property
    def flag_pivot(self) -> str:
        return self.pick(
            "Уход от вопроса: вместо ответа кандидат переводит разговор на условия (зарплата, вилка, удалёнка).",
            "Avoids the question: switches to conditions (salary, remote work) instead of answering.",
        )

    @property
    def flag_digression(self) -> str:
        return self.pick(
            "Уход от темы: вместо ответа — посторонняя история, не по теме вопроса «{question}»",
            "Off-topic: an unrelated story instead of an answer to \u201c{question}\u201d",
        )

    @property
    def flag_evasive(self) -> str:
        return self.pick(
            "Уклончивый ответ без конкретики на вопрос: «{question}»",
            "Evasive answer with nothing concrete to the question: \u201c{question}\u201d",
        )

    @property
    def flag_stuffing(self) -> str:
        return self.pick(
            "Слова вакансии вместо ответов: в {count} из {total} ответов кандидат повторяет термины из требований "
            "без своих фактов — ни чисел, ни названий, ни того, что сделал сам. Такие ответы не засчитываются.",
            "The vacancy's words instead of answers: in {count} of {total} answers the candidate repeats the "
            "requirements' terms with no facts of his own — no numbers, names or own actions. They earn nothing.",
        )

    @property
    def flag_self_contradiction(self) -> str:
        return self.pick(
            "Противоречие в ответах: позже кандидат сам опровергает то, что говорил раньше (кто делал работу, "
            "роль или стаж). Заявлениям из начала интервью доверять нельзя без проверки.",
            "Contradicts himself: a later answer takes back an earlier claim (who did the work, the role or the "
            "years). The opening claims cannot be trusted without checking.",
        )

    @property
    def flag_contradiction(self) -> str:
        return self.pick(
            "Расхождение с резюме: навык «{skill}» указан в резюме, но в интервью кандидат говорит, "
            "что не использовал его.",
            "Contradicts the resume: \u201c{skill}\u201d is on the resume, but the candidate says he has not used it.",
        )

    # --- rationales ----------------------------------------------------------------------
    def technical(self, depth: float, confirmed: int, total: int, wrong: list[RedFlag]) -> str:
        level = self._level(depth)
        parts = [self.pick(f"Глубина технических ответов — {level[0]}.", f"Depth of technical answers: {level[1]}.")]
        if total:
            parts.append(
                self.pick(
                    f"Подтверждено обязательных требований: {confirmed} из {total}.",
                    f"Must-haves confirmed: {confirmed} of {total}.",
                )
            )
        if wrong:
            said = [f.description.split(" Верно:")[0].split(" Correct:")[0] for f in wrong[:3]]
            listed = "; ".join(d.split(":", 1)[-1].strip().rstrip(".") for d in said) + "."
            parts.append(
                self.pick(
                    f"Ошибки и слабые практики ({len(wrong)}): {listed}",
                    f"Errors and weak practices ({len(wrong)}): {listed}",
                )
            )
        else:
            parts.append(self.pick("Явных технических ошибок не замечено.", "No clear technical errors noticed."))
        return " ".join(parts)

    def experience(
        self, requirements: list[RequirementAssessment], stated: float | None, required: float, nice: list[str]
    ) -> str:
        counts = {s: sum(r.status == s for r in requirements) for s in RequirementStatus}
        parts = []
        if requirements:
            parts.append(
                self.pick(
                    f"Обязательные требования: подтверждено {counts[RequirementStatus.CONFIRMED]}, частично "
                    f"{counts[RequirementStatus.PARTLY]}, не подтверждено {counts[RequirementStatus.NOT_CONFIRMED]}, "
                    f"не обсуждалось {counts[RequirementStatus.NOT_ASSESSED]}.",
                    f"Must-haves: {counts[RequirementStatus.CONFIRMED]} confirmed, {counts[RequirementStatus.PARTLY]} "
                    f"partly, {counts[RequirementStatus.NOT_CONFIRMED]} not confirmed, "
                    f"{counts[RequirementStatus.NOT_ASSESSED]} not assessed.",
                )
            )
        if stated is not None:
            parts.append(
                self.pick(
                    f"Стаж по словам кандидата или резюме: {_years(stated, ',')} г. "
                    f"(требуется от {_years(required, ',')}).",
                    f"Experience stated: {_years(stated, '.')} years (required: {_years(required, '.')}+).",
                )
            )
        if nice:
            parts.append(
                self.pick(
                    "Из желательного упомянуто: " + ", ".join(nice) + ".",
                    "Nice-to-haves mentioned: " + ", ".join(nice) + ".",
                )
            )
        return " ".join(parts) or self.pick("Данных об опыте мало.", "Little evidence about experience.")

    def communication(self, answers: list[Answer], evasive: list[Answer], violation: bool) -> str:
        words = round(sum(a.words for a in answers) / len(answers)) if answers else 0
        parts = [
            self.pick(
                f"Средняя длина содержательного ответа — {words} слов.", f"Average substantive answer: {words} words."
            )
        ]
        if evasive:
            parts.append(
                self.pick(
                    f"Уход от вопроса или ответ без конкретики: {len(evasive)} из {len(answers)}.",
                    f"Evasive or non-specific answers: {len(evasive)} of {len(answers)}.",
                )
            )
        else:
            parts.append(self.pick("Ответы по существу заданных вопросов.", "Answers address the questions asked."))
        if violation:
            parts.append(
                self.pick(
                    "Давление на интервьюера и требования к оценке снижают балл.",
                    "Pressure on the interviewer and demands about the score lower this score.",
                )
            )
        parts.append(
            self.pick(
                "Слова-паразиты устной речи (э-э, ну) не штрафуются.",
                "Ordinary spoken fillers (um, uh) are not penalised.",
            )
        )
        return " ".join(parts)

    def problem_solving(self, answers: list[Answer], wrong: list[RedFlag]) -> str:
        problems = [a for a in answers if a.is_problem]
        strong = [a for a in problems if a.substance >= 0.6 and not a.evasive and not a.misconceptions]
        parts = [
            self.pick(
                f"Вопросов-задач и «как бы вы…»: {len(problems)}, развёрнутых обоснованных решений: {len(strong)}.",
                f"Scenario and how-would-you questions: {len(problems)}; well-reasoned answers: {len(strong)}.",
            )
        ]
        weak = [f for f in wrong if f.severity != "high"]
        if weak:
            listed = "; ".join(f.description.split(":", 1)[-1].strip().rstrip(".") for f in weak[:2]) + "."
            parts.append(self.pick("Слабые практики: " + listed, "Weak practices: " + listed))
        return " ".join(parts)

    def cultural_fit(self, answers: list[Answer], violation: bool) -> str:
        """From what the candidate said about work; the integrity flag is reported on
        its own line and only named here as the reason for the cap."""
        from scoring.evaluation import markers as mk

        work = [a for a in answers if not a.is_closing]
        owned = sum(1 for a in work if a.signals and a.signals.own_actions and not a.evasive)
        positive = sum(a.n(mk.POSITIVE_ATTITUDE) for a in answers)
        candid = sum(1 for a in work if a.gaps and not a.evasive)
        blame = sum(a.n(mk.BLAME) for a in answers)
        parts = [
            self.pick(
                f"О своей работе от первого лица (что сделал сам): {owned} из {len(work)} ответов; "
                f"признаки ответственности, открытости и готовности учиться: {positive}; "
                f"честно названных пробелов: {candid}.",
                f"Talks about own work in the first person: {owned} of {len(work)} answers; signs of ownership, "
                f"candour and willingness to learn: {positive}; gaps admitted honestly: {candid}.",
            )
        ]
        if blame:
            parts.append(self.pick(f"Перекладывание ответственности на других: {blame}.", f"Blaming others: {blame}."))
        if violation:
            parts.append(
                self.pick(
                    "Балл ограничен из-за попытки повлиять на оценку (см. «Добросовестность»).",
                    "Capped because of the attempt to steer the evaluation (see “Integrity”).",
                )
            )
        return " ".join(parts)

    @staticmethod
    def _level(value: float) -> tuple[str, str]:
        if value >= 0.75:
            return "высокая: конкретные, точные ответы с примерами", "high: specific, accurate answers with examples"
        if value >= 0.5:
            return "средняя: по делу, но с пробелами", "medium: to the point, with gaps"
        if value >= 0.25:
            return "низкая: мало конкретики", "low: little that is concrete"
        return "очень низкая: ответы неверные или пустые", "very low: answers wrong or empty"

    # --- summary -------------------------------------------------------------------------
    def strengths_and_gaps(self, draft: EvaluationDraft, answers: list[Answer]) -> tuple[list[str], list[str]]:
        labels = CRITERION_LABELS["ru" if self.ru else "en"]
        strengths, gaps = [], []
        for name, criterion in draft.criteria.items():
            if criterion.score >= 75:
                strengths.append(
                    self.pick(f"{labels[name]}: {criterion.score}/100", f"{labels[name]}: {criterion.score}/100")
                )
        for req in draft.requirements:
            if req.status == RequirementStatus.CONFIRMED:
                strengths.append(self.pick(f"Подтверждено: {req.requirement}", f"Confirmed: {req.requirement}"))
            elif req.status == RequirementStatus.NOT_CONFIRMED:
                gaps.append(
                    self.pick(
                        f"Не подтверждено обязательное требование: {req.requirement}",
                        f"Must-have not confirmed: {req.requirement}",
                    )
                )
            elif req.status == RequirementStatus.NOT_ASSESSED:
                gaps.append(
                    self.pick(
                        f"Не проверено в интервью: {req.requirement}",
                        f"Not checked in the interview: {req.requirement}",
                    )
                )
        for flag in draft.red_flags:
            if flag.type == RedFlagType.WRONG_TECHNICAL_STATEMENT:
                gaps.append(flag.description)
        from scoring.evaluation import markers as mk

        if any(a.n(mk.BLAME) for a in answers):
            gaps.append(
                self.pick(
                    "Перекладывает ответственность за сроки и проблемы на других.",
                    "Blames others for delays and problems.",
                )
            )
        if draft.criteria.communication.score >= 75 and draft.criteria.technical_skills.score <= 45:
            gaps.append(
                self.pick(
                    "Сильная коммуникация и презентация могут маскировать технические пробелы.",
                    "Strong communication and presentation may mask technical gaps.",
                )
            )
        for name, criterion in draft.criteria.items():
            if criterion.score < 40:
                gaps.append(
                    self.pick(f"{labels[name]}: {criterion.score}/100", f"{labels[name]}: {criterion.score}/100")
                )
        return strengths[:8], gaps[:10]

    def summary(self, draft: EvaluationDraft, recommendation: Recommendation, reasons: list[str]) -> str:
        labels = CRITERION_LABELS["ru" if self.ru else "en"]
        rec = RECOMMENDATION_LABELS["ru" if self.ru else "en"][recommendation]
        ranked = sorted(draft.criteria.items(), key=lambda item: -item[1].score)
        best = ", ".join(f"{labels[n].lower()} ({c.score})" for n, c in ranked[:2])
        worst = ", ".join(f"{labels[n].lower()} ({c.score})" for n, c in ranked[-2:])
        integrity = [f for f in draft.red_flags if f.type in (RedFlagType.MANIPULATION, RedFlagType.PROMPT_INJECTION)]
        text = self.pick(
            f"Рекомендация ИИ: {rec}. Сильнее всего — {best}; слабее всего — {worst}.",
            f"AI recommendation: {rec}. Strongest: {best}; weakest: {worst}.",
        )
        if len(reasons) > 1:
            text += " " + " ".join(reasons[1:])
        if integrity:
            text += " " + self.pick(
                "Кандидат пытался повлиять на оценку; технические баллы выставлены только по ответам.",
                "The candidate tried to influence the evaluation; technical scores rest on the answers only.",
            )
        text += " " + self.pick("Окончательное решение принимает человек.", "The final decision is made by a person.")
        return text


def _years(value: float, point: str) -> str:
    """Years as people write them: 7.41667 → «7,4» (one decimal, the language's point)."""
    return f"{round(value, 1):g}".replace(".", point)
