"""The one place where the parts of the match score and their weights live.

Every part of :func:`matching.engine.score.match` yields a fraction in [0, 1]; the
part's points are ``fraction * weight`` and the score is the sum of the points, so the
weights below add up to 100 and are what people see next to each part.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    key: str
    weight: int
    label_ru: str
    label_en: str


# Order is the display order. Must-haves and role fit dominate because a recruiter
# rejects a wrong profession or a missing core skill first; location and salary are
# hard constraints for a person, so they carry more than a tie-breaker would.
PARTS: tuple[Part, ...] = (
    Part("must_have", 30, "Обязательные навыки", "Must-have skills"),
    Part("role", 16, "Соответствие роли", "Role fit"),
    Part("experience", 12, "Опыт по профилю", "Relevant experience"),
    Part("seniority", 8, "Уровень", "Seniority"),
    Part("nice_to_have", 6, "Желательные навыки", "Nice-to-have skills"),
    Part("semantic", 8, "Смысловая близость", "Semantic similarity"),
    Part("location", 12, "Город и формат работы", "City and work format"),
    Part("salary", 8, "Зарплатные ожидания", "Salary expectations"),
)

WEIGHTS: dict[str, int] = {p.key: p.weight for p in PARTS}

# A deal-breaker (he will not work where or how the job is, or wants far more than the
# range) makes a strong resume a weak candidate, which the 12 or 8 points of the
# location and salary parts alone cannot say. Such a match loses this share of the
# points above, shown as one more, negative, part ("Препятствия"), so the parts still
# add up to the score. Two deal-breakers cost no more than one: either stops the hire.
DEAL_BREAKER = Part("deal_breakers", 0, "Препятствия", "Deal-breakers")
DEAL_BREAKER_SHARE = 0.2
# A part at or below this fraction is a deal-breaker (location: refuses to relocate 0.05,
# remote only for an office job 0.1, abroad 0.15, office only some days 0.3).
DEAL_BREAKER_FRACTION = {"location": 0.3, "salary": 0.49}

assert sum(WEIGHTS.values()) == 100, "match weights must add up to 100"


# Credit a requirement gets from the strongest evidence the resume gives for it.
# Work history beats a skills list, and a skills list beats courses or pet projects:
# this is what keeps keyword-stuffed resumes below people who did the work.
EVIDENCE_CREDIT: dict[str, float] = {
    "work_relevant": 1.0,  # named in a job of the vacancy's role family
    "work_other": 0.75,  # named in some other job
    "listed": 0.5,  # only in the skills block / summary
    "related_work": 0.4,  # an adjacent tool (aiohttp for FastAPI) used at work
    "course": 0.3,  # only in courses or pet projects
    "related_listed": 0.2,
    "none": 0.0,
}

# The semantic part maps the embedding cosine to [0, 1] with the AI layer's calibration
# (hrcrm.ai.embeddings.calibrated_similarity: the one place the E5 band is measured).
