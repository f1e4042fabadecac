"""Matching resumes to vacancies: an explained 0–100 score (see ``score.match``).

Pure Python, no database; ``matching.services`` is its database side."""

from .fairness import strip_protected
from .inputs import CandidateProfile, Job, Salary, VacancyRequirements, candidate_from_resume
from .score import MatchResult, ScorePart, match
from .weights import PARTS, WEIGHTS

__all__ = [
    "PARTS",
    "WEIGHTS",
    "CandidateProfile",
    "Job",
    "MatchResult",
    "Salary",
    "ScorePart",
    "VacancyRequirements",
    "candidate_from_resume",
    "match",
    "strip_protected",
]
