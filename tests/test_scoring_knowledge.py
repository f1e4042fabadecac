"""The knowledge bank of classic questions, answer-level substance (keyword stuffing),
on-topic evidence for must-haves and the plain-language recommendation reasons."""

from __future__ import annotations

import pytest

from scoring.evaluation.evaluate import evaluate_transcript
from scoring.evaluation.knowledge import all_misconceptions, classic_questions, professions
from scoring.evaluation.misconceptions import find_misconceptions
from scoring.evaluation.recommendation import decide
from scoring.evaluation.schema import (
    CRITERIA,
    Criteria,
    CriterionScore,
    EvaluationDraft,
    Recommendation,
    RedFlag,
    RedFlagType,
    RequirementStatus,
    Severity,
    Transcript,
)

REQUIRED = {  # fmt: skip
    "security",
    "systems_c",
    "programming",
    "medicine",
    "law",
    "construction",
    "teaching",
    "procurement",
    "manufacturing",
    "finance",
    "marketing",
    "java",
    "python",
    "javascript",
    "go",
    "dotnet",
    "sql",
    "linux",
    "containers",
    "qa",
    "android",
    "ios",
    "onec",
    "data_science",
    "networking",
    "sales",
    "accounting",
    "logistics",
    "hr",
}


def test_it_loads_every_profession_with_sources() -> None:
    loaded = {p.name: p for p in professions()}
    assert REQUIRED <= set(loaded)
    for profession in loaded.values():
        assert profession.questions, profession.name
        assert all(q.source and q.correct_ru and q.correct_en for q in profession.questions)
    rules = all_misconceptions()
    assert len({r.key for r in rules}) == len(rules)
    assert all(r.source and r.correct_ru and r.ru and r.en for r in rules)


# (question, wrong answer, expected rule, a correct answer to the same question)
CASES = [
    (
        "Чем список отличается от кортежа?",
        "Список неизменяемый, а кортеж можно менять.",
        "py_list_immutable",
        "Список изменяемый, кортеж неизменяемый.",
    ),
    (
        "Потокобезопасен ли HashMap?",
        "Да, HashMap потокобезопасный, можно писать из разных потоков.",
        "java_hashmap_threadsafe",
        "HashMap не потокобезопасный, беру ConcurrentHashMap.",
    ),
    (
        "Как работает @Transactional?",
        "Откатывается на любое исключение, и checked тоже откатываются.",
        "spring_tx_any_exception",
        "По умолчанию откат только на RuntimeException, для checked нужен rollbackFor.",
    ),
    (
        "Кто оплачивает больничный?",
        "Первые три дня оплачивает Социальный фонд, остальное работодатель.",
        "pay_sick_first_days_fund",
        "Первые три дня оплачивает работодатель, дальше Социальный фонд.",
    ),
    (
        "Как считается НДФЛ, если доход превысил 5 миллионов?",
        "Если превысил порог, то весь доход облагается по повышенной ставке.",
        "pay_ndfl_whole_income",
        "По повышенной ставке облагается только превышение над порогом.",
    ),
    (
        "На каких условиях работали?",
        "По FOB продавец отвечает за груз до нашего склада.",
        "inco_fob_risk_destination",
        "По FOB риск переходит на покупателя, когда товар на борту судна.",
    ),
    (
        "Чем liveness отличается от readiness?",
        "Это одно и то же, обе перезапускают под.",
        "k8s_probes_same",
        "Liveness перезапускает контейнер, readiness убирает под из балансировки.",
    ),
    (
        "Какой испытательный срок можно дать менеджеру по продажам?",
        "Испытательный срок до шести месяцев, как решим.",
        "hr_probation_long",
        "Не больше трёх месяцев.",
    ),
    (
        "Severity и priority — в чём разница?",
        "Это одно и то же, синонимы.",
        "qa_severity_is_priority",
        "Severity — влияние дефекта, priority — срочность исправления.",
    ),
    (
        "Чем хэширование отличается от шифрования?",
        "Хэш можно расшифровать, если знаешь алгоритм.",
        "sec_hash_decrypt",
        "Хэш односторонний, расшифровать его нельзя, только подобрать перебором.",
    ),
    (
        "Что даёт volatile?",
        "Volatile делает переменную атомарной, мьютекс уже не нужен.",
        "c_volatile_atomic",
        "Volatile не даёт атомарности, он только запрещает компилятору кэшировать чтение.",
    ),
    (
        "Что делаете с иглой после укола?",
        "Надеваю колпачок обратно на иглу и выбрасываю шприц.",
        "med_needle_recapped",
        "Колпачок на использованную иглу не надеваю, сразу в контейнер для острых отходов.",
    ),
    (
        "Какой общий срок исковой давности?",
        "Общий срок исковой давности — один год.",
        "law_limitation_wrong_term",
        "Общий срок исковой давности три года.",
    ),
    (
        "Когда бетон набирает прочность?",
        "Через неделю бетон набирает полную прочность, можно нагружать.",
        "build_concrete_week_full",
        "Проектную прочность бетон набирает к 28 суткам, распалубка по результатам испытаний.",
    ),
    (
        "Как вы учитываете разных учеников?",
        "Для визуалов я подбираю картинки, а аудиалам объясняю голосом.",
        "teach_styles_matching",
        "Стили обучения — миф, я опираюсь на то, что дети уже знают.",
    ),
    (
        "Как провести большую закупку быстро?",
        "Разбиваем на несколько договоров под лимит, чтобы не проводить аукцион.",
        "proc_split_to_avoid",
        "Дробить закупку нельзя, это нарушение, проводим конкурентную процедуру.",
    ),
    (
        "Как считается OEE?",
        "OEE — это средняя загрузка станка за смену.",
        "mfg_oee_wrong_formula",
        "OEE — произведение доступности, производительности и качества.",
    ),
    (
        "Прибыль есть, а денег нет — почему?",
        "Прибыль — это и есть деньги на счёте.",
        "fin_profit_is_cash",
        "Прибыль считается по начислению, деньги зависят от дебиторки и запасов, это разные вещи.",
    ),
    (
        "Можно ли уволить сотрудника на больничном?",
        "На больничном можно уволить по сокращению, это нормально.",
        "hr_dismiss_on_sick_leave",
        "Нельзя, увольнение по инициативе работодателя на больничном запрещено.",
    ),
    (
        "Clients say it is too expensive. What do you do?",
        "I just give a discount right away.",
        "sales_discount_first",
        "I ask what they compare us with and show the total cost.",
    ),
]


@pytest.mark.parametrize(("question", "wrong", "key", "right"), CASES)
def test_it_catches_the_misconception_and_not_the_correct_answer(
    question: str, wrong: str, key: str, right: str
) -> None:
    assert key in {rule.key for rule, _, _ in find_misconceptions(wrong, question)}
    assert key not in {rule.key for rule, _, _ in find_misconceptions(right, question)}


# (question, the wrong claim in words no rule pattern expects, rule, the correct answer)
MEANING_CASES = [
    (
        "Что делаете с иглой после инъекции?",
        "Ну, закрываю иглу колпачком и кидаю шприц в обычное ведро для мусора.",
        "med_needle_recapped",
        "Иглу сразу сбрасываю в жёсткий контейнер, колпачок обратно не надеваю.",
    ),
    (
        "Когда бетон готов?",
        "Бетон через семь суток уже полностью набран и держит всю проектную нагрузку.",
        "build_concrete_week_full",
        "Проектную прочность бетон набирает к 28 суткам при нормальной температуре.",
    ),
]


@pytest.mark.parametrize(("question", "wrong", "key", "right"), MEANING_CASES)
def test_it_catches_a_misconception_by_meaning_in_other_words(question: str, wrong: str, key: str, right: str) -> None:
    assert key in {rule.key for rule, _, _ in find_misconceptions(wrong, question)}
    assert key not in {rule.key for rule, _, _ in find_misconceptions(right, question)}


def test_a_newly_covered_profession_gets_its_error_quoted_with_the_correct_statement() -> None:
    wrong = "Если постоянный покупатель просит антибиотик, отпускаю без рецепта, все так делают."
    transcript = _transcript(
        ["фармацевтическое образование", "отпуск лекарственных препаратов"],
        [
            ("Расскажите о себе.", "Работаю фармацевтом в аптеке шесть лет, веду приёмку и отпуск препаратов."),
            ("Можно ли отпустить антибиотик без рецепта?", wrong),
        ],
        title="Фармацевт",
    )
    result = evaluate_transcript(transcript)
    flags = [f for f in result.red_flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT]
    assert flags, "the error is flagged"
    flag = flags[0]
    assert flag.evidence[0].turn_index == 3 and flag.evidence[0].quote in wrong
    assert "Верно:" in flag.description and "по рецепту" in flag.description


def test_it_offers_classic_questions_for_a_vacancy() -> None:
    java = classic_questions(["Java 17, Spring Boot", "PostgreSQL"], limit=4)
    assert {q.profession for q in java} == {"java", "sql"} and len(java) == 4
    payroll = classic_questions(["Расчёт заработной платы в 1С:ЗУП", "НДФЛ и страховые взносы"])
    assert any(q.profession == "accounting" for q in payroll)
    assert all(q.question("ru") and q.question("en") for q in payroll)


def _transcript(must_have: list[str], pairs: list[tuple[str, str]], title: str = "Рекрутер") -> Transcript:
    turns = []
    for question, answer in pairs:
        turns += [{"role": "interviewer", "text": question}, {"role": "candidate", "text": answer}]
    return Transcript.model_validate(
        {"vacancy": {"title": title, "must_have": must_have, "min_experience_years": 1}, "turns": turns}
    )


STUFFED = "Массовый подбор, воронка подбора, конверсия и time to hire под контролем, структурированные интервью."


def test_it_flags_keyword_stuffing_and_keeps_it_at_consider_or_below() -> None:
    transcript = _transcript(
        ["массовый подбор", "воронка подбора и конверсия", "time to hire", "структурированные интервью"],
        [
            ("Расскажите о своём опыте.", "У меня большой опыт. " + STUFFED),
            ("Сколько человек в месяц вы нанимали?", "Массовый подбор, много позиций. " + STUFFED),
            ("Какой был time to hire в днях?", "Time to hire — ключевая метрика. " + STUFFED),
            ("Как вы проводите интервью?", "Структурированное интервью по структуре. " + STUFFED),
        ],
    )
    result = evaluate_transcript(transcript)
    stuffing = [f for f in result.red_flags if f.type == RedFlagType.KEYWORD_STUFFING]
    assert stuffing and stuffing[0].evidence
    assert result.recommendation in (Recommendation.CONSIDER, Recommendation.REJECT)
    assert all(r.status != RequirementStatus.CONFIRMED for r in result.requirements)


def test_it_confirms_a_must_have_only_with_a_quote_about_it() -> None:
    transcript = _transcript(
        ["pytest", "тестирование API"],
        [
            (
                "Как вы писали автотесты?",
                "Мы применяли попарное тестирование для комбинаций параметров, так сократили набор "
                "с 400 до 60 случаев и нашли два дефекта в расчёте тарифов за первую неделю.",
            ),
            ("Как вы тестировали API?", "Ну, по-разному, как обычно, по ситуации."),
        ],
        title="Инженер по тестированию",
    )
    result = evaluate_transcript(transcript)
    pytest_req, api_req = result.requirements
    assert pytest_req.status != RequirementStatus.CONFIRMED
    assert api_req.status != RequirementStatus.CONFIRMED
    assert not [e for e in api_req.evidence if e.polarity and e.polarity.value == "positive"]


def test_an_evasive_or_negative_answer_never_confirms_a_must_have() -> None:
    transcript = _transcript(
        ["Kubernetes", "PostgreSQL"],
        [
            (
                "Как вы работали с Kubernetes?",
                "Kubernetes — это по ситуации, по-разному бывает, зависит от проекта и от команды, как обычно.",
            ),
            ("А PostgreSQL?", "С PostgreSQL я никогда не работал, только слышал про него на конференциях."),
            ("Расскажите про Kubernetes подробнее.", "Ну это как у всех, Kubernetes есть Kubernetes, по-разному."),
        ],
        title="DevOps-инженер",
    )
    result = evaluate_transcript(transcript)
    for requirement in result.requirements:
        assert requirement.status != RequirementStatus.CONFIRMED, requirement
        assert not [e for e in requirement.evidence if e.polarity and e.polarity.value == "positive"]


def test_any_engine_loses_a_confirmation_without_a_quote_about_it() -> None:
    from scoring.evaluation.schema import Evidence, Polarity, RequirementAssessment
    from scoring.evaluation.verify import verify_draft

    transcript = _transcript(
        ["pytest"],
        [
            (
                "Как вы писали автотесты?",
                "Мы применяли попарное тестирование для комбинаций параметров и сократили набор с 400 до 60 случаев.",
            )
        ],
        title="Инженер по тестированию",
    )
    quote = "Мы применяли попарное тестирование для комбинаций параметров"
    draft = _draft(70, [])
    draft.requirements = [
        RequirementAssessment(
            requirement="pytest",
            status=RequirementStatus.CONFIRMED,
            evidence=[Evidence(turn_index=1, quote=quote, polarity=Polarity.POSITIVE)],
        )
    ]
    checked, dropped = verify_draft(draft, transcript)
    assert not dropped  # the quote is real ...
    assert checked.requirements[0].status == RequirementStatus.NOT_CONFIRMED  # ... but not about pytest
    assert not checked.requirements[0].evidence


def test_it_rejects_confidently_wrong_fundamentals_and_says_why() -> None:
    transcript = _transcript(
        ["Java", "Spring"],
        [
            ("Чем ArrayList отличается от LinkedList?", "LinkedList быстрее по индексу, чем ArrayList, это O(1)."),
            ("Потокобезопасен ли HashMap?", "HashMap потокобезопасный, я всегда пишу в него из разных потоков."),
            ("Как работает @Transactional?", "Транзакция откатывается на любое исключение, checked тоже откатываются."),
            ("Бывают ли утечки памяти в Java?", "В Java утечек памяти не бывает, сборщик мусора всё убирает."),
        ],
        title="Java-разработчик",
    )
    result = evaluate_transcript(transcript)
    wrong = [f for f in result.red_flags if f.type == RedFlagType.WRONG_TECHNICAL_STATEMENT]
    assert len(wrong) >= 3 and all("Верно:" in f.description and f.evidence for f in wrong)
    assert result.recommendation == Recommendation.REJECT
    assert result.criteria.technical_skills.score <= 25
    reasons = " ".join(result.recommendation_reasons)
    assert "«отказать»" in reasons
    for code in ("recommend", "reject", "rules-v1", "косинус"):
        assert code not in reasons


def _draft(score: int, flags: list[RedFlag], language: str = "ru") -> EvaluationDraft:
    criterion = CriterionScore(score=score, rationale="")
    return EvaluationDraft(
        language=language, criteria=Criteria(**{name: criterion for name in CRITERIA}), red_flags=flags
    )


def test_it_says_which_rule_overrode_a_high_score() -> None:
    errors = [
        RedFlag(type=RedFlagType.WRONG_TECHNICAL_STATEMENT, severity=Severity.HIGH, description=str(n))
        for n in range(3)
    ]
    recommendation, overall, reasons = decide(_draft(85, errors))
    assert recommendation == Recommendation.REJECT and overall == 85
    assert "«настоятельно рекомендовать»" in reasons[0]
    assert reasons[1].startswith("Рекомендация снижена до «отказать»") and "базовых вопросах" in reasons[1]
    stuffing = RedFlag(type=RedFlagType.KEYWORD_STUFFING, severity=Severity.HIGH, description="x")
    recommendation, _, reasons = decide(_draft(90, [stuffing], "en"))
    assert recommendation == Recommendation.CONSIDER
    assert "lowered to “consider" in reasons[1] and "vacancy's words" in reasons[1]
