"""The offline evaluator's fitted calibration: scores follow what the answers show (own
actions, numbers, named systems, causes and results), not their length or the vacancy's
words; the weights file only names features the engine computes."""

from __future__ import annotations

import json

import pytest

from scoring.evaluation import calibration, offline
from scoring.evaluation.evaluate import evaluate_transcript
from scoring.evaluation.schema import CRITERIA, Recommendation, RedFlagType, Transcript

MUST_HAVE = ["складская логистика", "WMS", "инвентаризация"]
QUESTIONS = [
    "Расскажите, чем вы управляли на последнем месте.",
    "Как у вас была устроена инвентаризация?",
    "Был ли случай, когда склад не справлялся с потоком? Что вы сделали?",
    "Как вы работали с WMS?",
    "Как вы снижали пересорт и ошибки комплектации?",
]
# Two or three precise sentences each: numbers, named systems, own actions, cause and result.
TERSE = [
    "Склад 18 тысяч паллет, 120 человек в три смены. Отвечал за приёмку, хранение и отгрузку в 40 магазинов.",
    "Ввёл циклическую: каждую ночь 2% ячеек по ABC. Расхождения упали с 0,9% до 0,2% за полгода.",
    "В декабре поток вырос на 35%. Я перенёс отбор мелочи в отдельную зону и добавил вечернюю волну — "
    "отгрузки ушли вовремя.",
    "Внедряли Solvo.WMS: я писал сценарии приёмки по ТСД и обучил 30 кладовщиков.",
    "Ввели сканирование при отборе и контрольное взвешивание. Ошибки комплектации снизились с 0,6% до 0,15%.",
]
# Long, fluent, on the vacancy's subject, and saying nothing that could be checked.
VERBOSE = [
    "Ну, складская логистика — это вообще очень важная и интересная область, и я всегда старался подходить к ней "
    "ответственно, потому что от склада зависит очень многое, и клиенты, и магазины, и вообще вся компания. "
    "Управлял я, в общем, всем понемногу, как обычно бывает, и приёмкой, и всем остальным, по ситуации.",
    "Инвентаризация у нас проводилась, как положено, регулярно, по-разному, в зависимости от ситуации, "
    "и я считаю, что инвентаризация — это очень важный процесс, без неё никуда, это основа порядка на складе, "
    "и мы всегда к этому относились серьёзно и внимательно, как и ко всему остальному.",
    "Ну, бывали разные ситуации, всякое бывает, склад — это живой организм, и всегда что-то происходит, "
    "но мы справлялись, потому что команда была хорошая и все старались, и в итоге всё было нормально, "
    "как обычно, без каких-то серьёзных проблем, по ситуации решали.",
    "С WMS работал, да, это очень удобная вещь, WMS сильно помогает в работе склада, все процессы в WMS, "
    "и приёмка, и отгрузка, и всё остальное, в общем, WMS — это современный подход к складской логистике.",
    "Ошибки, конечно, бывают у всех, и мы с ними боролись, контролировали, старались, чтобы было меньше, "
    "и в целом ситуация была под контролем, всё по-разному, как обычно, зависит от людей и от ситуации.",
]


def _transcript(answers: list[str]) -> Transcript:
    turns = []
    for question, answer in zip(QUESTIONS, answers, strict=True):
        turns += [{"role": "interviewer", "text": question}, {"role": "candidate", "text": answer}]
    return Transcript.model_validate(
        {
            "vacancy": {"title": "Начальник склада", "must_have": MUST_HAVE, "min_experience_years": 3},
            "turns": turns,
        }
    )


@pytest.fixture(scope="module")
def terse_and_verbose():  # type: ignore[no-untyped-def]
    return evaluate_transcript(_transcript(TERSE)), evaluate_transcript(_transcript(VERBOSE))


def test_a_terse_specific_candidate_outscores_a_verbose_empty_one(terse_and_verbose) -> None:  # type: ignore[no-untyped-def]
    terse, verbose = terse_and_verbose
    assert sum(len(a.split()) for a in VERBOSE) > 2 * sum(len(a.split()) for a in TERSE)
    for name in ("technical_skills", "experience_relevance", "problem_solving"):
        assert getattr(terse.criteria, name).score >= getattr(verbose.criteria, name).score + 15, name
    # Brevity is not a communication defect when every sentence carries a fact.
    assert terse.criteria.communication.score >= verbose.criteria.communication.score
    assert terse.overall_score > verbose.overall_score
    assert terse.recommendation in (Recommendation.RECOMMEND, Recommendation.STRONGLY_RECOMMEND)
    assert verbose.recommendation in (Recommendation.CONSIDER, Recommendation.REJECT)


def test_the_vacancys_words_said_again_never_score_above_consider() -> None:
    stuffed = "Складская логистика, WMS и инвентаризация — складская логистика, WMS, инвентаризация на складе."
    result = evaluate_transcript(_transcript([stuffed] * len(QUESTIONS)))
    assert any(f.type == RedFlagType.KEYWORD_STUFFING for f in result.red_flags)
    assert result.recommendation in (Recommendation.CONSIDER, Recommendation.REJECT)
    assert result.criteria.technical_skills.score <= 40


def test_the_weights_name_only_features_the_engine_computes() -> None:
    features = offline.features_of(_transcript(TERSE))
    assert all(0.0 <= value <= 2.0 for value in features.values())
    data = json.loads(calibration.PATH.read_text(encoding="utf-8"))
    assert set(data["criteria"]) == set(CRITERIA)
    for name, spec in data["criteria"].items():
        unknown = set(spec["weights"]) - set(features)
        assert not unknown, f"{name}: {unknown}"
        assert 0 <= spec["low"] < spec["high"] <= 100
    scores = calibration.scores(features)
    assert all(data["criteria"][n]["low"] <= scores[n] <= data["criteria"][n]["high"] for n in CRITERIA)
