"""Where in a resume a skill shows up: in a job, only in the skills list, or only in courses.

When intake gives job descriptions they are used as they are. Otherwise each job's
text is located in the extracted resume text: it starts at the line naming the job's
company (or title) and runs to the next job or the next section heading. This does
not parse a resume; it only finds the span behind jobs the parser already found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .inputs import CandidateProfile, Job
from .skills import implied_by, mentioned, norm, variants

# Section headings that end the work history (ru/en, incl. hh.ru export labels).
_HEADING = re.compile(
    r"^\s*[#*\s]*(?:образование|education|курсы|courses|сертификат|certificat|повышение квалификации|"
    r"навыки|ключевые навыки|skills|технические навыки|языки|знание языков|languages|"
    r"дополнительн|additional|обо мне|о себе|about me|profile|summary|проекты|pet[- ]?про|projects|"
    r"рекомендации|references|хобби|hobbies)\b[^\n]{0,40}$",
    re.IGNORECASE | re.MULTILINE,
)
_MAX_JOB_CHARS = 3000
# A job line naming study or hobby work does not prove commercial use.
_PET = re.compile(
    r"(?:pet|п[еэ]т)[- ]?проект|pet[- ]?project|учебн\w* проект|курсов\w* проект|хакатон|hackathon|"
    r"^\s*(?:[-•*]\s*)?(?:онлайн-)?курс\w*\b|^\s*(?:[-•*]\s*)?(?:online )?course\b",
    re.IGNORECASE | re.MULTILINE,
)


# A clause that denies the skill ("CRM в компании не внедрена", "с TypeScript в
# продакшене не работал", "no Kubernetes experience") names it without proving it.
# The cue is searched for; the clause around it (to the nearest . , ; ( ) or line end)
# is dropped. A scan, not one regex with open-ended clauses, which backtracks badly.
_NEGATION_CUE = re.compile(
    r"\bне\s+(?:работал|использовал|применял|внедр[её]н|внедрял|знаком|было)\w*|"
    r"\bнет\s+опыта|\bбез\s+опыта|\bno\s+(?:hands-on\s+|commercial\s+)?experience|"
    r"\bhave(?:\s+not|n't)\s+(?:used|worked)",
    re.IGNORECASE,
)
_CLAUSE_MARKS = ".,;()\n"


def drop_negated(text: str) -> str:
    pieces: list[str] = []
    done = 0
    for cue in _NEGATION_CUE.finditer(text):
        if cue.start() < done:
            continue
        start = max(done, max(text.rfind(mark, 0, cue.start()) for mark in _CLAUSE_MARKS) + 1)
        ends = [i for i in (text.find(mark, cue.end()) for mark in _CLAUSE_MARKS) if i != -1]
        pieces += [text[done:start], " "]
        done = min(ends, default=len(text))
    return "".join(pieces) + text[done:] if pieces else text


_STUDY_NOTE = re.compile(r"[\w.]*\s*\(\s*(?:pet|учебн|курс|study|learning|изучаю)", re.IGNORECASE)


@dataclass(frozen=True)
class JobText:
    job: Job
    text: str  # normalised


def job_texts(profile: CandidateProfile) -> list[JobText]:
    jobs = profile.jobs
    if not jobs:
        return []
    if all(j.description for j in jobs):
        return [JobText(j, drop_negated(norm(f"{j.title}\n{j.description}"))) for j in jobs]
    text = profile.text
    low = norm(text)
    anchors: list[tuple[int, int]] = []  # (position, job index)
    for i, job in enumerate(jobs):
        pos = _find_anchor(low, job)
        if pos is not None:
            anchors.append((pos, i))
    anchors.sort()
    out: dict[int, str] = {}
    for n, (pos, i) in enumerate(anchors):
        line_start = low.rfind("\n", 0, pos) + 1
        end = anchors[n + 1][0] if n + 1 < len(anchors) else len(low)
        if n + 1 < len(anchors):
            end = low.rfind("\n", 0, end) + 1 or end
        heading = _HEADING.search(low, pos + 1, end)
        if heading:
            end = heading.start()
        out[i] = low[line_start : min(end, line_start + _MAX_JOB_CHARS)]
    return [
        JobText(job, drop_negated(out.get(i) or norm(f"{job.title}\n{job.description}"))) for i, job in enumerate(jobs)
    ]


def _find_anchor(low: str, job: Job) -> int | None:
    for probe in (_company_core(job.company), norm(job.title)):
        words = probe.split()
        if len("".join(words)) >= 3:
            # Table cells and two-column layouts wrap names across lines.
            m = re.search(r"\s+".join(re.escape(w) for w in words), low)
            if m:
                return m.start()
    return None


def _company_core(company: str) -> str:
    # "ООО «ПэйКонтур»" is written as "ПэйКонтур" or "ООО "ПэйКонтур"" in different layouts.
    name = norm(company)
    m = re.search(r"[«\"“']([^»\"”']+)[»\"”']", name)
    if m:
        return m.group(1).strip()
    return re.sub(r"^(?:ооо|ао|пао|зао|ип|llc|ltd|inc)\s+", "", name).strip()


@dataclass(frozen=True)
class Evidence:
    level: str  # a key of weights.EVIDENCE_CREDIT
    where: str = ""  # title of the job that backs it, when there is one


class EvidenceIndex:
    """Answers "how well does this resume back skill X" for one candidate."""

    def __init__(self, profile: CandidateProfile, jobs: list[JobText], job_relevance: list[float]):
        self.jobs = jobs
        self.relevance = job_relevance
        # Words after a "pet project" or course marker in a job's text are not work.
        self._work_texts = [_PET.split(jt.text)[0] for jt in jobs]
        self.listed_text = drop_negated(
            norm("\n".join(profile.skills) + "\n" + profile.desired_position + "\n" + profile.text)
        )
        self.courses_text = norm("\n".join(profile.courses))
        self.listed_skills = {norm(s) for s in profile.skills}
        self._cache: dict[str, Evidence] = {}

    def find(self, skill: str) -> Evidence:
        """Strongest evidence for the skill or for a skill that implies it."""
        if skill not in self._cache:
            self._cache[skill] = self._find(skill)
        return self._cache[skill]

    def _find(self, skill: str) -> Evidence:
        proofs = implied_by(skill) | {skill}
        best: Evidence | None = None
        for jt, rel, text in zip(self.jobs, self.relevance, self._work_texts, strict=True):
            if any(mentioned(p, text) for p in proofs):
                level = "work_relevant" if rel >= 0.5 else "work_other"
                if level == "work_relevant":
                    return Evidence(level, jt.job.title)
                best = best or Evidence(level, jt.job.title)
        if best:
            return best
        listed = bool(proofs & self.listed_skills) or any(mentioned(p, self.listed_text) for p in proofs)
        if listed and not self._listed_as_study(skill):
            return Evidence("listed")
        if listed or (self.courses_text and any(mentioned(p, self.courses_text) for p in proofs)):
            return Evidence("course")
        return Evidence("none")

    def _listed_as_study(self, skill: str) -> bool:
        """ "Python (pet-проекты)" in a skills list is study, not a working skill."""
        for variant in variants(skill):
            for m in re.finditer(re.escape(variant.rstrip("*")), self.listed_text):
                if _STUDY_NOTE.match(self.listed_text, m.end()):
                    return True
        return False
