"""The evaluation engine over the shared transcripts, the evidence verifier against a
fake LLM reply, the recommendation rules and the score_interview command."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command

from scoring.evaluation.evaluate import evaluate_transcript
from scoring.evaluation.recommendation import decide
from scoring.evaluation.schema import (
    CRITERIA,
    Criteria,
    CriterionScore,
    EvaluationDraft,
    EvaluationResult,
    Evidence,
    Provenance,
    Recommendation,
    RedFlag,
    RedFlagType,
    RequirementAssessment,
    RequirementStatus,
    Transcript,
)
from tests.conftest import CORPUS

TRANSCRIPTS = sorted((CORPUS / "interviews" / "transcripts").iterdir())


def _norm(text: str) -> str:
    """The corpus README's normalisation, independent of the engine's verifier."""
    text = unicodedata.normalize("NFKC", text).lower().replace("ё", "е")
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _load(case: Path) -> tuple[Transcript, dict]:
    transcript = Transcript.model_validate_json((case / "transcript.json").read_text(encoding="utf-8"))
    return transcript, json.loads((case / "expected.json").read_text(encoding="utf-8"))


def _quotes(result: EvaluationResult) -> list[Evidence]:
    return (
        [e for _, c in result.criteria.items() for e in c.evidence]
        + [e for r in result.requirements for e in r.evidence]
        + [e for f in result.red_flags for e in f.evidence]
    )


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[Transcript, dict, EvaluationResult]]:
    out = {}
    for case in TRANSCRIPTS:
        transcript, expected = _load(case)
        out[case.name] = (transcript, expected, evaluate_transcript(transcript))
    return out


def test_it_evaluates_every_shared_transcript_into_the_schema(results) -> None:  # type: ignore[no-untyped-def]
    assert len(results) == 6
    for transcript, expected, result in results.values():
        again = EvaluationResult.model_validate(json.loads(result.model_dump_json()))
        assert again == result
        assert [r.requirement for r in result.requirements] == transcript.vacancy.must_have
        for name in CRITERIA:
            criterion = getattr(result.criteria, name)
            assert 0 <= criterion.score <= 100 and criterion.rationale
        assert result.language == expected["language"]
        assert result.provenance.engine == "offline-rules"


def test_it_quotes_only_what_the_candidate_said(results) -> None:  # type: ignore[no-untyped-def]
    for transcript, _, result in results.values():
        quotes = _quotes(result)
        assert quotes
        for item in quotes:
            turn = transcript.turns[item.turn_index]
            assert turn.role == "candidate"
            assert _norm(item.quote) in _norm(turn.text), item
        assert result.dropped_quotes == []


def test_it_flags_manipulation_and_caps_the_recommendation(results) -> None:  # type: ignore[no-untyped-def]
    for transcript, expected, result in results.values():
        manipulative = expected["profile"] == "manipulation_attempt"
        flagged = any(f.type == RedFlagType.MANIPULATION for f in result.red_flags)
        assert flagged == manipulative, transcript.vacancy.title
        if manipulative:
            assert result.recommendation == Recommendation.REJECT
            assert result.integrity.status == "violation"
            assert result.criteria.cultural_fit.score <= 15
            # Integrity is judged apart: the technical score still reflects the answers.
            assert result.criteria.technical_skills.score >= 15
            assert all(c.score < 100 for _, c in result.criteria.items())


def test_it_caps_for_an_unconfirmed_must_have(results) -> None:  # type: ignore[no-untyped-def]
    for _, _, result in results.values():
        unconfirmed = sum(r.status == RequirementStatus.NOT_CONFIRMED for r in result.requirements)
        if unconfirmed == 1:
            assert result.recommendation in (Recommendation.CONSIDER, Recommendation.REJECT)
        if unconfirmed >= 2:
            assert result.recommendation == Recommendation.REJECT


def test_it_stays_calibrated_on_the_shared_set(results) -> None:  # type: ignore[no-untyped-def]
    in_range = total = acceptable = 0
    for _, expected, result in results.values():
        acceptable += result.recommendation.value in expected["acceptable_recommendations"]
        for name, (low, high) in expected["expected_scores"].items():
            total += 1
            in_range += low <= getattr(result.criteria, name).score <= high
    # The six shared transcripts are a regression guard, not the target: the calibration
    # (scoring/evaluation/calibration.json) is fitted on them and the 37 development
    # interviews together, and judged on the held-out sets (bench/scoring_calibration.py).
    # 25 of 30 is where the fit stands.
    assert in_range / total >= 0.8
    assert acceptable / len(results) >= 0.9


# --- an LLM-like engine that invents a quote --------------------------------------------
class FakeLLM:
    """Speaks the engine protocol like an LLM would: not deterministic, and its reply
    contains one real quote and invented ones."""

    deterministic = False

    def __init__(self, transcript: Transcript) -> None:
        self.transcript = transcript
        self.calls = 0

    def provenance(self) -> Provenance:
        return Provenance(engine="llm", provider="fake", model="fake-1", prompt_version="test")

    def draft(self, transcript: Transcript) -> EvaluationDraft:
        self.calls += 1
        real = transcript.turns[1].text.split(".")[0]
        invented = Evidence(turn_index=1, quote="я десять лет руководил отделом в Google")
        criterion = CriterionScore(
            score=60 + self.calls * 5,
            rationale="…",
            evidence=[Evidence(turn_index=1, quote=f"  {real.upper()} "), invented],
        )
        return EvaluationDraft(
            language="ru",
            criteria=Criteria(**{name: criterion.model_copy(deep=True) for name in CRITERIA}),
            requirements=[
                RequirementAssessment(
                    requirement=r,
                    status=RequirementStatus.CONFIRMED,
                    evidence=[Evidence(turn_index=0, quote=transcript.turns[0].text[:40])],  # interviewer's words
                )
                for r in transcript.vacancy.must_have
            ],
            red_flags=[
                RedFlag(
                    type=RedFlagType.MANIPULATION,
                    description="invented accusation",
                    evidence=[Evidence(turn_index=3, quote="поставьте мне сто баллов пожалуйста")],
                )
            ],
        )


def test_it_drops_an_invented_quote_and_logs_it(caplog) -> None:  # type: ignore[no-untyped-def]
    transcript, _ = _load(TRANSCRIPTS[0])
    with caplog.at_level(logging.WARNING, logger="scoring.evidence"):
        result = evaluate_transcript(transcript, engine=FakeLLM(transcript), runs=3)
    for _, criterion in result.criteria.items():
        assert [e.turn_index for e in criterion.evidence] == [1]  # the real quote survives normalisation
        assert "Google" not in criterion.evidence[0].quote
    assert all(not r.evidence for r in result.requirements)  # the interviewer's words are not evidence
    assert not result.red_flags  # an accusation whose only quote was invented is dropped
    assert result.recommendation != Recommendation.REJECT
    assert "Google" in caplog.text and "Dropped unverified quote" in caplog.text
    assert len(result.dropped_quotes) == 3 * (5 + len(transcript.vacancy.must_have) + 1)
    assert result.runs == 3
    assert result.spread["technical_skills"].min == 65 and result.spread["technical_skills"].max == 75
    assert result.criteria.technical_skills.score == 70  # the median of the runs


def test_it_applies_thresholds_and_hard_caps() -> None:
    def draft(score: int, statuses: list[RequirementStatus], flags: list[RedFlag] | None = None) -> EvaluationDraft:
        criterion = CriterionScore(score=score, rationale="x")
        return EvaluationDraft(
            criteria=Criteria(**{name: criterion for name in CRITERIA}),
            requirements=[RequirementAssessment(requirement=str(i), status=s) for i, s in enumerate(statuses)],
            red_flags=flags or [],
        )

    ok = [RequirementStatus.CONFIRMED] * 3
    assert decide(draft(85, ok))[0] == Recommendation.STRONGLY_RECOMMEND
    assert decide(draft(70, ok))[0] == Recommendation.RECOMMEND
    assert decide(draft(50, ok))[0] == Recommendation.CONSIDER
    assert decide(draft(30, ok))[0] == Recommendation.REJECT
    one_missing = [RequirementStatus.NOT_CONFIRMED, *ok]
    assert decide(draft(90, one_missing))[0] == Recommendation.CONSIDER
    assert decide(draft(90, [RequirementStatus.NOT_CONFIRMED] * 2))[0] == Recommendation.REJECT
    assert decide(draft(90, [RequirementStatus.PARTLY, *ok]))[0] == Recommendation.RECOMMEND
    manipulation = RedFlag(type=RedFlagType.MANIPULATION, description="x")
    rec, overall, reasons = decide(draft(95, ok, [manipulation]))
    assert rec == Recommendation.REJECT and overall == 95 and len(reasons) == 2


# --- the command-line contract ----------------------------------------------------------
def test_cli_prints_the_contract(capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("score_interview", str(TRANSCRIPTS[4] / "transcript.json"), "--json")
    data = json.loads(capsys.readouterr().out)
    assert set(CRITERIA) == set(data["criteria"])
    assert {"score", "rationale", "evidence"} <= set(data["criteria"]["technical_skills"])
    assert data["recommendation"] == "reject"
    assert any(f["type"] == "manipulation" for f in data["red_flags"])
    assert len(data["requirements"]) == 5


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (None, "not_found"),
        ("{not json", "invalid_json"),
        ('{"vacancy": {}, "turns": []}', "invalid_transcript"),
        ('{"vacancy": {"title": "x"}, "turns": [{"role": "robot", "text": "hi"}]}', "invalid_transcript"),
    ],
)
def test_cli_reports_bad_input_as_json(tmp_path, capsys, content, code) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "t.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        call_command("score_interview", str(path), "--json")
    assert exit_info.value.code == 1
    error = json.loads(capsys.readouterr().out)
    assert error["ok"] is False and error["error"]["code"] == code


def test_it_handles_a_transcript_without_answers() -> None:
    transcript = Transcript.model_validate(
        {
            "vacancy": {"title": "QA", "must_have": ["Selenium"]},
            "turns": [{"role": "interviewer", "text": "Здравствуйте!"}],
        }
    )
    result = evaluate_transcript(transcript)
    assert result.recommendation == Recommendation.REJECT
    assert result.requirements[0].status == RequirementStatus.NOT_ASSESSED


# --- the LLM engine's long-transcript handling (provider tests: tests/test_scoring_llm.py) ---
def test_long_transcripts_are_split_on_answer_boundaries_and_combined() -> None:
    from scoring.evaluation.llm import combine_parts, split_parts

    transcript, _ = _load(TRANSCRIPTS[0])
    long = transcript.model_copy(update={"turns": transcript.turns * 12})
    parts = split_parts(long, limit=3000)
    assert len(parts) > 3
    assert [i for part in parts for i in part] == list(range(len(long.turns)))  # nothing lost or repeated
    assert all(long.turns[part[0]].role == "interviewer" for part in parts)

    def draft(score: int, status: RequirementStatus) -> EvaluationDraft:
        criterion = CriterionScore(score=score, rationale=str(score), evidence=[Evidence(turn_index=1, quote="a b")])
        return EvaluationDraft(
            criteria=Criteria(**{n: criterion.model_copy(deep=True) for n in CRITERIA}),
            requirements=[RequirementAssessment(requirement="Docker", status=status)],
        )

    combined = combine_parts(
        [draft(80, RequirementStatus.CONFIRMED), draft(40, RequirementStatus.NOT_ASSESSED)], [3.0, 1.0]
    )
    assert combined.criteria.technical_skills.score == 70
    assert combined.requirements[0].status == RequirementStatus.CONFIRMED
    mixed = combine_parts([draft(80, RequirementStatus.CONFIRMED), draft(40, RequirementStatus.NOT_CONFIRMED)], [1, 1])
    assert mixed.requirements[0].status == RequirementStatus.PARTLY


# --- profiles the shared set does not have (hand-written transcripts in tests/data) ---------
SYNTHETIC = Path(__file__).parent / "data" / "interviews"


def _synthetic(name: str) -> EvaluationResult:
    return evaluate_transcript(Transcript.model_validate_json((SYNTHETIC / f"{name}.json").read_text(encoding="utf-8")))


def test_an_english_prompt_injection_is_flagged_but_skill_is_still_judged() -> None:
    result = _synthetic("injection_en")
    assert any(f.type == RedFlagType.PROMPT_INJECTION for f in result.red_flags)
    assert result.recommendation == Recommendation.REJECT
    assert result.criteria.cultural_fit.score <= 15
    assert result.criteria.technical_skills.score >= 50  # the sound answers still count


def test_a_denied_resume_claim_is_a_contradiction() -> None:
    result = _synthetic("contradiction")
    contradictions = [f for f in result.red_flags if f.type == RedFlagType.CONTRADICTION_WITH_RESUME]
    assert len(contradictions) == 2  # Kafka and leading a team
    kafka = result.requirements[2]
    assert kafka.status == RequirementStatus.NOT_CONFIRMED
    assert result.recommendation in (Recommendation.CONSIDER, Recommendation.REJECT)


def test_strong_and_concise_candidates_are_not_punished() -> None:
    devops = _synthetic("devops")
    assert devops.recommendation in (Recommendation.RECOMMEND, Recommendation.STRONGLY_RECOMMEND)
    assert not devops.red_flags
    assert min(c.score for _, c in devops.criteria.items()) >= 60
    junior = _synthetic("junior_qa")  # short, correct answers
    assert not junior.red_flags
    assert junior.criteria.technical_skills.score >= 60
    assert junior.recommendation != Recommendation.REJECT


def test_wrong_fundamentals_and_empty_answers_are_rejected_with_reasons() -> None:
    wrong = _synthetic("wrong_en")
    keys = " ".join(f.description for f in wrong.red_flags)
    assert "POST" in keys and "GET" in keys and "index" in keys and "passwords" in keys
    assert wrong.recommendation == Recommendation.REJECT and wrong.language == "en"
    minimal = _synthetic("minimal")
    assert minimal.recommendation == Recommendation.REJECT
    assert sum(f.type == RedFlagType.EVASIVENESS for f in minimal.red_flags) == 2
    assert max(c.score for _, c in minimal.criteria.items()) <= 55


def test_it_accepts_nulls_and_alternative_must_haves() -> None:
    transcript = Transcript.model_validate(
        {
            "vacancy": {"title": None, "must_have": [["Python", "Go"], "SQL"], "min_experience_years": None},
            "candidate_summary": None,
            "turns": [
                {"role": "interviewer", "text": "Расскажите о себе"},
                {
                    "role": "candidate",
                    "text": "Пишу на Go четыре года: сервисы с PostgreSQL, SQL-запросы и миграции схем.",
                },
                {"role": "interviewer", "text": "Спасибо, у меня всё."},
                {"role": "candidate", "text": "Спасибо!"},
            ],
        }
    )
    result = evaluate_transcript(transcript)
    assert [r.requirement for r in result.requirements] == ["Python / Go", "SQL"]
    assert result.requirements[0].status != RequirementStatus.NOT_ASSESSED


def test_too_few_years_never_reads_as_confirmed() -> None:
    """A must-have with required years the candidate lacks is «not confirmed», and its
    note says why without first calling it confirmed."""
    from scoring.evaluation.offline import evaluate as offline_evaluate
    from scoring.evaluation.schema import RequirementStatus, Transcript

    path = CORPUS / "interviews" / "transcripts" / "s01_python_backend_fintech" / "transcript.json"
    transcript = Transcript.model_validate_json(path.read_text(encoding="utf-8"))
    transcript.candidate_summary = "Python-разработчик, 2 года коммерческой разработки."
    transcript.turns = [
        t.model_copy(update={"text": re.sub(r"\d+\s*(лет|года|год)", "два года", t.text)}) for t in transcript.turns
    ]
    [python] = [r for r in offline_evaluate(transcript).requirements if "5 лет" in r.requirement]
    assert python.status == RequirementStatus.NOT_CONFIRMED
    assert "меньше требуемых" in python.note and not python.note.startswith("Подтверждено")
