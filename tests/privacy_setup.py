"""A candidate with something in every place personal data lives (rows, files, AI audit
log, admin log, embedding), built through the real services, and a bystander whose data
must survive his erasure."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from candidates import services
from candidates.models import Candidate, Resume
from hrcrm.models import AIAuditLog
from interviews.models import Interview, InterviewStatus, Recording
from interviews.recording import recording_append, recording_assemble
from matching.models import MatchScore
from privacy.consents import consent_give
from privacy.models import ConsentPurpose
from scoring.models import Decision, Evaluation, Outcome
from scoring.services import evaluation_report_generate, evaluation_run
from tests import factories as f
from tests.conftest import CORPUS
from vacancies import links

RESUMES = CORPUS / "resumes"
PDF = RESUMES / "Смирнов_Алексей_Python_Senior.pdf"
DOCX = RESUMES / "CV_Nikitin_Product.docx"
BYSTANDER_PDF = RESUMES / "Egorov_QA_Automation.pdf"
SURNAME = "Удалёнов"
EMAIL = "udalenov.private@example.com"
CHUNKS = [b"\x1aE\xdf\xa3webm-header-and-cluster-0", b"cluster-1-bytes"]


@dataclass
class Person:
    candidate: Candidate
    interview: Interview
    evaluation: Evaluation
    recording: Recording
    pdf: Resume
    docx: Resume
    token: str


def media_files(root: str | Path) -> set[str]:
    found = set()
    for folder, _, names in os.walk(root):
        found |= {os.path.relpath(os.path.join(folder, n), root) for n in names}
    return found


def full_person(admin) -> Person:
    interview = f.interview_from_corpus("s01_python_backend_fintech", f"Андрей {SURNAME}")
    candidate = interview.application.candidate
    Candidate.objects.filter(pk=candidate.pk).update(email=EMAIL, phone="+79990001122", embedding=[0.01] * 384)
    candidate.refresh_from_db()
    pdf = services.candidate_attach_resume_file(candidate=candidate, path=PDF, queue=False)
    docx = services.candidate_attach_resume_file(candidate=candidate, path=DOCX, queue=False)
    Resume.objects.filter(pk=pdf.pk).update(extracted_text=f"Андрей {SURNAME}, Python", profile={"name": SURNAME})
    consent_give(
        candidate=candidate, purpose=ConsentPurpose.PROCESSING, ip_address="10.0.0.7", user_agent="UA", source="t"
    )
    consent_give(
        candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address="10.0.0.7", user_agent="UA", source="t"
    )
    services.note_create(candidate=candidate, author=admin, text=f"Звонил {SURNAME}, просил перезвонить")
    token = links.link_create_for_application(application=interview.application, actor=admin, days=7).token

    # The browser's recording: uploaded while the interview runs, joined on first view.
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.IN_PROGRESS)
    interview.refresh_from_db()
    first = recording_append(interview=interview, recording_id=None, index=0, data=CHUNKS[0], mime_type="video/webm")
    recording_append(
        interview=interview, recording_id=first.recording_id, index=1, data=CHUNKS[1], mime_type="video/webm"
    )
    recording = recording_assemble(recording_id=first.recording_id)
    Interview.objects.filter(pk=interview.pk).update(status=InterviewStatus.COMPLETED)

    evaluation = evaluation_report_generate(evaluation_id=evaluation_run(interview_id=interview.pk).pk)
    Decision.objects.create(
        application=interview.application, outcome=Outcome.REJECT, decided_by=admin, comment=f"{SURNAME} не подошёл"
    )
    MatchScore.objects.create(candidate=candidate, vacancy=interview.application.vacancy, score=61.0, result={})
    for refs in ({"candidate_id": candidate.pk}, {"resume_id": pdf.pk}, {"interview_id": interview.pk}):
        AIAuditLog.objects.create(purpose="test", provider="offline", input_refs=refs, input_text=SURNAME)
    LogEntry.objects.create(
        user=admin,
        content_type=ContentType.objects.get_for_model(Candidate),
        object_id=str(candidate.pk),
        object_repr=str(candidate),
        action_flag=CHANGE,
        change_message="[]",
    )
    return Person(candidate, interview, evaluation, recording, pdf, docx, token)


def bystander() -> Candidate:
    other = f.candidate(full_name="Посторонний Свидетель", email="bystander@example.com")
    services.candidate_attach_resume_file(candidate=other, path=BYSTANDER_PDF, queue=False)
    AIAuditLog.objects.create(purpose="test", provider="offline", input_refs={"candidate_id": other.pk})
    return other
