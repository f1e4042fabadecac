"""The interview plan: topics with a goal each and a time budget, built from the
vacancy's requirements and what the resume claims. Stored as JSON on the Interview, so
a recruiter can read and edit it before the interview starts."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from interviews.engine import bank
from interviews.engine.guard import assert_allowed
from interviews.engine.jobfacts import JobFact, build_facts


class TopicKind(StrEnum):
    INTRO = "intro"
    MUST_HAVE = "must_have"  # confirm a requirement the resume claims
    GAP = "gap"  # probe a requirement the resume does not show
    BEHAVIOURAL = "behavioural"
    CASE = "case"
    CANDIDATE_QUESTIONS = "candidate_questions"


class VacancyInput(BaseModel):
    title: str
    must_have: list[str | list[str]] = Field(default_factory=list)
    nice_to_have: list[str | list[str]] = Field(default_factory=list)
    min_experience_years: float = 0
    language: str = "ru"
    # What the candidate may ask about (answered from here, never invented).
    company: str = ""
    city: str = ""
    work_format: str = ""
    salary_from: int | None = None
    salary_to: int | None = None
    currency: str = "RUB"
    description: str = ""
    responsibilities: str = ""


class ProfileInput(BaseModel):
    """What the parsed resume says; every field optional (no resume = all gaps)."""

    skills: list[str] = Field(default_factory=list)
    total_experience_months: int | None = None
    summary: str = ""


class Topic(BaseModel):
    id: str
    kind: TopicKind
    goal: str
    requirement: str | None = None
    question: str
    points: list[list[str]] = Field(default_factory=list)
    followups: list[str] = Field(default_factory=list)
    essential: bool = True  # kept even when time runs short
    written_by: str = "bank"  # "llm" when a model wrote the question for this candidate


class InterviewPlan(BaseModel):
    language: str = "ru"
    budget_seconds: int = 25 * 60
    persona: str = "Алина"
    vacancy_title: str = ""
    topics: list[Topic]
    facts: list[JobFact] = Field(default_factory=list)
    resume_summary: str = ""


def requirement_label(item: str | list[str]) -> str:
    return " / ".join(item) if isinstance(item, list) else item


def _claimed(requirement: str, profile: ProfileInput) -> bool:
    """Does the resume claim this requirement? Compared through the bank's canonical
    skills, so «Postgres» in a resume satisfies «PostgreSQL» in a vacancy."""
    needed = set(bank.skills_in(requirement))
    have = set(bank.skills_in(" ".join(profile.skills) + " " + profile.summary))
    if needed:
        return bool(needed & have)
    words = {w.lower() for w in requirement.split() if len(w) > 3}
    return any(w in (" ".join(profile.skills) + " " + profile.summary).lower() for w in words)


def _topic(topic_id: str, kind: TopicKind, goal: str, question: bank.Question, language: str, **extra: object) -> Topic:
    text = question.text(language)
    followups = [ru if language != "en" else en for ru, en in question.followups]
    for line in [text, *followups]:
        assert_allowed(line)
    return Topic(
        id=topic_id,
        kind=kind,
        goal=goal,
        question=text,
        points=[list(p) for p in question.points],
        followups=followups,
        **extra,  # type: ignore[arg-type]
    )


def build_plan(
    *,
    vacancy: VacancyInput,
    profile: ProfileInput | None = None,
    language: str | None = None,
    budget_minutes: int = 25,
    persona: str | None = None,
    max_requirements: int = 6,
) -> InterviewPlan:
    language = language or vacancy.language or "ru"
    profile = profile or ProfileInput()
    en = language == "en"
    goals = {
        "intro": ("Понять недавний опыт кандидата", "Understand the candidate's recent experience"),
        "behavioural": ("Поведенческий вопрос (STAR)", "Behavioural question (STAR)"),
        "case": ("Короткая задача / кейс", "A short case"),
        "questions": ("Вопросы кандидата", "The candidate's questions"),
    }
    fixed = {key: pair[1] if en else pair[0] for key, pair in goals.items()}
    topics = [_topic("intro", TopicKind.INTRO, fixed["intro"], bank.INTRO, language)]
    used_questions: set[str] = set()
    family = bank.role_family(vacancy.title)
    for n, item in enumerate(vacancy.must_have[:max_requirements], start=1):
        label = requirement_label(item)
        claimed = _claimed(label, profile)
        question = None
        for skill in bank.skills_in(label):
            question = bank.skill_question(skill, family, used_questions)
            if question:
                break
        if question is None:
            question = bank.generic_skill_question(label) if claimed else bank.gap_question(label)
        used_questions.add(question.ru)
        kind = TopicKind.MUST_HAVE if claimed else TopicKind.GAP
        goal = (
            (f"Confirm: {label}" if claimed else f"Probe gap: {label}")
            if en
            else (f"Подтвердить: {label}" if claimed else f"Проверить пробел: {label}")
        )
        topics.append(_topic(f"req{n}", kind, goal, question, language, requirement=label))
    behavioural = bank.BEHAVIOURAL.get(family, bank.BEHAVIOURAL["default"])
    topics.append(
        _topic("behavioural", TopicKind.BEHAVIOURAL, fixed["behavioural"], behavioural, language, essential=False)
    )
    case = bank.CASES.get(family) if family != "default" else None
    duties = _duties(vacancy)
    if case is None and duties:
        # A role the bank does not know: the case comes from the vacancy's own duties.
        case = bank.duty_question(duties[0])
    topics.append(
        _topic(
            "case", TopicKind.CASE, "Короткая задача / кейс", case or bank.CASES["default"], language, essential=False
        )
    )
    topics.append(
        _topic(
            "questions",
            TopicKind.CANDIDATE_QUESTIONS,
            fixed["questions"],
            bank.CANDIDATE_QUESTIONS,
            language,
        )
    )
    facts = build_facts(
        language=language,
        company=vacancy.company,
        city=vacancy.city,
        work_format=vacancy.work_format,
        salary_from=vacancy.salary_from,
        salary_to=vacancy.salary_to,
        currency=vacancy.currency,
        description=vacancy.description,
        responsibilities=vacancy.responsibilities,
    )
    return InterviewPlan(
        language=language,
        budget_seconds=budget_minutes * 60,
        persona=persona or ("Alina" if en else "Алина"),
        vacancy_title=vacancy.title,
        topics=topics,
        facts=facts,
        resume_summary=profile.summary[:1500],
    )


def _duties(vacancy: VacancyInput) -> list[str]:
    """The vacancy's duties, one per line or sentence, in the vacancy's order."""
    from interviews.engine.jobfacts import _sentences

    return [d for d in _sentences(vacancy.responsibilities) if 3 <= len(d.split()) <= 25]
