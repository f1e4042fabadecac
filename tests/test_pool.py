"""The warm pool: a general interview's evaluation becomes a verified skill profile;
pool candidates are matched to a vacancy with confirmed skills above claimed ones; the
pool page and its filters; «Кандидаты из резерва» on the vacancy page; the page in
Chromium (Russian and English)."""

from __future__ import annotations

import html
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from candidates import services as candidate_services
from candidates.models import Candidate, ConsentRecord, Resume, ResumeStatus
from interviews.models import Interview, InterviewStatus
from pool import services
from pool.combined import combined_evaluation
from pool.models import EvidenceLevel, RoleFamily, SkillEvidence
from pool.selectors import PoolFilters, pool_matches, pool_rows
from privacy.consents import consent_give, consent_withdraw, talent_pool_expire
from privacy.models import ConsentPurpose
from scoring.models import Evaluation
from scoring.services import evaluation_run
from tests import factories as f
from tests.factories import interview_from_corpus

pytestmark = pytest.mark.django_db


def _family(name: str = "Python-разработчик", skills: tuple[str, ...] = ("Python", "SQL", "Git")) -> RoleFamily:
    return services.role_family_create(name=name, core_skills=list(skills), actor=None)


def _member(
    family: RoleFamily, name: str, *, skills: list[str], days_ago: int = 3, consent: bool = True, **fields
) -> Candidate:
    """A candidate who took the family's general interview (and consented to the pool)."""
    candidate = f.candidate(full_name=name, skills=skills, **fields)
    if consent:
        consent_give(
            candidate=candidate, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="test"
        )
    app = candidate_services.application_create(candidate=candidate, vacancy=family.vacancy)
    Interview.objects.create(
        application=app, status=InterviewStatus.COMPLETED, finished_at=timezone.now() - timedelta(days=days_ago)
    )
    return candidate


def _evidence(candidate: Candidate, skill: str, level: str, quote: str = "") -> None:
    SkillEvidence.objects.create(
        candidate=candidate,
        skill=skill,
        key=services.skill_key(skill),
        level=level,
        quote=quote,
        observed_at=timezone.now(),
    )


def test_a_general_interview_leaves_a_verified_skill_profile(
    django_capture_on_commit_callbacks, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    interview = interview_from_corpus("s02_go_backend_engineer_en", "Maria Test", start_index=1)
    application = interview.application
    RoleFamily.objects.create(name="Go backend", core_skills=application.vacancy.must_have, vacancy=application.vacancy)
    Candidate.objects.filter(pk=application.candidate_id).update(skills=["Go", "Kubernetes", "Figma"])
    with django_capture_on_commit_callbacks(execute=True):
        evaluation = evaluation_run(interview_id=interview.pk)
    profile = {e.key: e for e in SkillEvidence.objects.filter(candidate_id=application.candidate_id)}
    assessed = {r["requirement"]: r["status"] for r in evaluation.result["requirements"]}
    transcript = " ".join(interview.turns.values_list("text", flat=True))
    confirmed = [e for e in profile.values() if e.level == EvidenceLevel.CONFIRMED]
    assert confirmed, assessed
    for item in confirmed:
        assert item.quote and item.quote in transcript  # a real quote of the candidate
        assert assessed[item.skill] in ("confirmed", "partly") and item.evaluation_id == evaluation.pk
    for requirement, status in assessed.items():
        if status == "not_confirmed":
            assert profile[services.skill_key(requirement)].level == EvidenceLevel.NOT_CONFIRMED
    assert profile["figma"].level == EvidenceLevel.CLAIMED and profile["figma"].quote == ""
    # The candidate is in the pool once he consents to it.
    assert pool_rows() == []
    consent_give(
        candidate=application.candidate,
        purpose=ConsentPurpose.TALENT_POOL,
        ip_address=None,
        user_agent="",
        source="test",
    )
    (row,) = pool_rows()
    assert row.families == ["Go backend"] and row.confirmed


def test_matching_ranks_confirmed_above_claimed_above_not_confirmed() -> None:
    family = _family()
    confirmed = _member(family, "Анна Подтверждённая", skills=["Python", "SQL"])
    _evidence(confirmed, "Python", EvidenceLevel.CONFIRMED, "Пишу на Python шесть лет, сервисы на FastAPI")
    _evidence(confirmed, "SQL", EvidenceLevel.CONFIRMED, "Оптимизировал запросы в PostgreSQL")
    claimed = _member(family, "Борис Заявленный", skills=["Python", "SQL"])  # resume only, not yet asked
    failed = _member(family, "Виктор Неподтверждённый", skills=["Python", "SQL"])
    _evidence(failed, "Python", EvidenceLevel.NOT_CONFIRMED)
    _evidence(failed, "SQL", EvidenceLevel.NOT_CONFIRMED)
    _member(family, "Галина Без согласия", skills=["Python", "SQL"], consent=False)
    withdrawn = _member(family, "Дмитрий Передумал", skills=["Python", "SQL"])
    consent_withdraw(
        candidate=withdrawn, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="test"
    )
    vacancy = f.vacancy(
        title="Backend-разработчик", must_have=["Python", ["PostgreSQL", "SQL"]], nice_to_have=["Docker"]
    )
    matches = pool_matches(vacancy)
    assert [m.row.candidate for m in matches] == [confirmed, claimed, failed]
    assert matches[0].score > matches[1].score > matches[2].score
    top = {r.requirement: r for r in matches[0].breakdown}
    assert top["Python"].level == "confirmed" and "FastAPI" in top["Python"].quote
    assert top["PostgreSQL / SQL"].level == "confirmed" and top["Docker"].level == ""
    assert {r.level for r in matches[1].breakdown if r.must} == {"claimed"}
    # Someone already on the vacancy is not offered again; the family's own campaign has no pool block.
    candidate_services.application_create(candidate=claimed, vacancy=vacancy)
    assert [m.row.candidate for m in pool_matches(vacancy)] == [confirmed, failed]
    assert pool_matches(family.vacancy) == []


def test_pool_filters() -> None:
    python, sales = _family(), _family("Менеджер по продажам B2B", ("B2B-продажи", "CRM"))
    senior = _member(python, "Анна Старшая", skills=["Python"], city="Казань", total_experience_months=84, days_ago=2)
    _evidence(senior, "Python", EvidenceLevel.CONFIRMED, "цитата")
    junior = _member(python, "Борис Младший", skills=["Python"], city="Москва", total_experience_months=12, days_ago=40)
    seller = _member(sales, "Вера Продажи", skills=["CRM"], city="Москва", total_experience_months=40, days_ago=1)

    def names(**kw) -> set[str]:
        return {r.candidate.full_name for r in pool_rows(PoolFilters(**kw))}

    assert names() == {senior.full_name, junior.full_name, seller.full_name}
    assert names(family=sales.pk) == {seller.full_name}
    assert names(level="senior") == {senior.full_name} and names(level="junior") == {junior.full_name}
    assert names(city="моск") == {junior.full_name, seller.full_name}
    assert names(skill="python") == {senior.full_name}  # confirmed only, not the claim
    assert names(fresh_days=30) == {senior.full_name, seller.full_name}


def _resume(candidate: Candidate, text: str) -> None:
    Resume.objects.create(
        candidate=candidate,
        original_name="resume.txt",
        sha256=str(candidate.pk),
        status=ResumeStatus.DONE,
        extracted_text=text,
        profile={"city": candidate.city, "skills": candidate.skills},
    )


def test_pool_filters_by_work_format_and_relocation(recruiter_client) -> None:
    family = _family()
    remote = _member(family, "Анна Удалённая", skills=["Python"], city="Казань")
    _resume(remote, "Python-разработчик. Рассматриваю только удалённую работу. Переезд не рассматриваю.")
    office = _member(family, "Борис Офисный", skills=["Python"], city="Москва")
    _resume(office, "Python-разработчик. Только офис, удалённую работу не рассматриваю.")
    mover = _member(family, "Вера Переезжающая", skills=["Python"], city="Пермь")
    _resume(mover, "Python-разработчик. Готова к переезду в Москву или Санкт-Петербург.")
    unstated = _member(family, "Глеб Без резюме", skills=["Python"])

    def names(**kw) -> set[str]:
        return {r.candidate.full_name for r in pool_rows(PoolFilters(**kw))}

    everyone = {remote.full_name, office.full_name, mover.full_name, unstated.full_name}
    assert names() == everyone
    assert names(work_format="office") == everyone - {remote.full_name}
    assert names(work_format="hybrid") == everyone - {remote.full_name, office.full_name}
    assert names(work_format="remote") == everyone - {office.full_name}
    assert names(relocation=True) == {mover.full_name}
    assert names(work_format="remote", relocation=True) == {mover.full_name}
    # The page's form reads the same filters; an unknown format is ignored, not an error.
    page = recruiter_client.get("/pool/?format=remote&relocation=1").content.decode()
    assert "Вера Переезжающая" in page and "Борис Офисный" not in page and "Анна Удалённая" not in page
    assert "Борис Офисный" in recruiter_client.get("/pool/?format=moon").content.decode()


def test_an_expired_pool_consent_leaves_the_pool_and_the_page_says_so(recruiter_client, settings) -> None:
    settings.TALENT_POOL_CONSENT_DAYS = 365
    family = _family()
    old = _member(family, "Анна Давняя", skills=["Python"])
    ConsentRecord.objects.filter(candidate=old).update(created_at=timezone.now() - timedelta(days=400))
    renewed = _member(family, "Борис Продливший", skills=["Python"])
    ConsentRecord.objects.filter(candidate=renewed).update(created_at=timezone.now() - timedelta(days=400))
    consent_give(candidate=renewed, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="t")
    fresh = _member(family, "Вера Недавняя", skills=["Python"])
    # Out of the pool as soon as the term is over, before any run records it.
    assert {r.candidate for r in pool_rows()} == {renewed, fresh}
    assert talent_pool_expire() == [old.pk] and talent_pool_expire() == []
    last = ConsentRecord.objects.filter(candidate=old).latest("created_at")
    assert not last.granted and last.source == "term_expired" and last.source_display == "истёк срок согласия"
    page = recruiter_client.get("/pool/").content.decode()
    assert 'id="pool-expired"' in page and "Анна Давняя" in page
    expired_block = page.split('id="pool-expired"')[1].split('id="pool-filters"')[0]
    assert "Анна Давняя" in expired_block and "Борис" not in expired_block and "Вера" not in expired_block
    # Consenting again brings him back and takes him off the notice.
    consent_give(candidate=old, purpose=ConsentPurpose.TALENT_POOL, ip_address=None, user_agent="", source="t")
    assert old in {r.candidate for r in pool_rows()}
    assert 'id="pool-expired"' not in recruiter_client.get("/pool/").content.decode()


def test_pool_page_vacancy_panel_and_family_form(recruiter_client) -> None:
    response = recruiter_client.post(
        "/pool/families/new/",
        {"name": "Бухгалтер по расчёту зарплаты", "skills": "1С:ЗУП, НДФЛ\nКадровый учёт", "language": "ru"},
    )
    family = RoleFamily.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/vacancies/{family.vacancy_id}/"
    assert (
        family.vacancy.must_have == ["1С:ЗУП", "НДФЛ", "Кадровый учёт"]
        and family.core_skills == family.vacancy.must_have
    )
    again = recruiter_client.post(
        "/pool/families/new/", {"name": "бухгалтер по расчёту зарплаты", "skills": "НДФЛ", "language": "ru"}
    )
    assert again.status_code == 302 and RoleFamily.objects.count() == 1
    member = _member(family, "Ольга Расчётчица", skills=["НДФЛ"])
    _evidence(member, "1С:ЗУП", EvidenceLevel.CONFIRMED, "Веду расчёт в 1С:ЗУП на 800 человек")
    page = recruiter_client.get("/pool/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ольга Расчётчица" in text and "Веду расчёт в 1С:ЗУП" in text and "Бухгалтер по расчёту зарплаты" in text
    assert "Ольга" not in recruiter_client.get("/pool/?skill=Python").content.decode()
    vacancy = f.vacancy(title="Бухгалтер", must_have=["1С:ЗУП", "НДФЛ"])
    detail = recruiter_client.get(f"/vacancies/{vacancy.pk}/").content.decode()
    assert "Кандидаты из резерва" in detail and "Ольга Расчётчица" in detail
    assert "подтверждён на интервью" in detail and "заявлен в резюме" in detail


def test_pool_page_needs_a_staff_role(client, outsider) -> None:
    assert client.get("/pool/").status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get("/pool/").status_code == 403
    assert client.post("/pool/families/new/", {"name": "X", "skills": "Y"}).status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pool_page_in_chromium(live_server, browser, recruiter, tmp_path: Path) -> None:
    family = _family()
    member = _member(
        family, "Анна Подтверждённая", skills=["Python", "Docker"], city="Казань", total_experience_months=70
    )
    _evidence(member, "Python", EvidenceLevel.CONFIRMED, "Пишу на Python шесть лет")
    _evidence(member, "SQL", EvidenceLevel.NOT_CONFIRMED)
    _member(family, "Борис Младший", skills=["Python"], city="Москва", total_experience_months=10)
    for lang, title in (("ru", "Кадровый резерв"), ("en", "Talent pool")):
        context = browser.new_context(locale=lang, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.goto(live_server.url + "/login/")
        page.fill("input[name=username]", "alice")
        page.fill("input[name=password]", "pw-alice")
        page.click(".auth-card button[type=submit]")
        page.wait_for_selector("nav.mainnav")
        if lang == "en":
            page.evaluate("document.cookie = 'django_language=en; path=/'")
        page.goto(live_server.url + "/pool/")
        assert page.locator("h1").inner_text() == title
        assert page.locator("#pool-table tbody tr").count() == 2
        page.fill("input[name=skill]", "Python")
        page.click("#pool-filters button[type=submit]")
        page.wait_for_url("**/pool/?*")
        rows = page.locator("#pool-table tbody tr")
        assert rows.count() == 1 and "Анна Подтверждённая" in rows.inner_text()
        # The work format and relocation filters keep their values; no resume rules «remote» out.
        page.select_option("select[name=format]", "remote")
        page.check("input[name=relocation]")
        page.click("#pool-filters button[type=submit]")
        page.wait_for_url("**format=remote**")
        assert page.locator("select[name=format]").input_value() == "remote"
        assert page.locator("input[name=relocation]").is_checked()
        assert page.locator("#pool-table").count() == 0  # nobody's resume says he would relocate
        page.uncheck("input[name=relocation]")
        page.click("#pool-filters button[type=submit]")
        page.wait_for_url(lambda url: "relocation" not in url)
        assert page.locator("#pool-table tbody tr").count() == 1
        page.screenshot(path=str(tmp_path / f"pool-{lang}.png"), full_page=True)
        context.close()


def test_continuation_plan_skips_confirmed_topics(recruiter_client, settings) -> None:
    settings.POOL_EVIDENCE_MAX_DAYS = 90
    family = _family()
    member = _member(family, "Анна Подтверждённая", skills=["Python", "SQL", "Docker", "Kafka"])
    _evidence(member, "Python", EvidenceLevel.CONFIRMED, "Пишу на Python шесть лет")
    _evidence(member, "Kafka", EvidenceLevel.CONFIRMED, "Настраивал Kafka")
    SkillEvidence.objects.filter(candidate=member, key="kafka").update(observed_at=timezone.now() - timedelta(days=200))
    _evidence(member, "SQL", EvidenceLevel.NOT_CONFIRMED)
    vacancy = f.vacancy(title="Backend-разработчик", must_have=["Python", "SQL", "Kafka", "Docker"])
    response = recruiter_client.post(f"/pool/vacancies/{vacancy.pk}/continue/{member.pk}/")
    assert response.status_code == 302
    interview = Interview.objects.get(application__vacancy=vacancy, application__candidate=member)
    requirements = [t["requirement"] for t in interview.plan["topics"] if t["kind"] in ("must_have", "gap")]
    assert "Python" not in requirements  # confirmed recently: not asked again
    assert {"SQL", "Kafka", "Docker"} <= set(requirements)  # not confirmed, stale, never asked
    assert any(t["kind"] == "case" for t in interview.plan["topics"])
    full = f.vacancy(title="Копия", must_have=vacancy.must_have)
    other = _member(family, "Борис Без подтверждений", skills=["Python"])
    recruiter_client.post(f"/pool/vacancies/{full.pk}/continue/{other.pk}/")
    assert Interview.objects.get(application__vacancy=full).plan == {}  # nothing to skip: the usual plan
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("/i/" in m and "Python" in m for m in messages)


def _transcript(evaluation: Evaluation) -> str:
    return " ".join(evaluation.interview.turns.values_list("text", flat=True))


def test_the_continuation_evaluation_combines_both_interviews_with_dated_quotes(
    recruiter_client, settings, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.POOL_EVIDENCE_MAX_DAYS = 180
    general, continuation = f.pool_continuation(
        "s02_go_backend_engineer_en", "s01_python_backend_fintech", general_days_ago=40
    )
    combined = combined_evaluation(continuation)
    assert combined is not None and combined.general_evaluation_id == general.pk and not combined.general_stale
    assert combined_evaluation(general) is None  # the general interview itself combines nothing
    rows = {r.requirement: r for r in combined.requirements}
    assert list(rows) == [r["requirement"] for r in continuation.result["requirements"]]
    general_status = {r["requirement"]: r["status"] for r in general.result["requirements"]}
    own = {r["requirement"]: r["status"] for r in continuation.result["requirements"]}
    carried = [r for r in combined.requirements if r.source == "general"]
    assert carried, own  # the continuation did not ask the Go topics: the general interview answers them
    for row in carried:
        assert own[row.requirement] == "not_assessed" and row.status == general_status[row.requirement] == "confirmed"
    assert any(r.source == "continuation" and r.status == own[r.requirement] for r in combined.requirements)
    # Every quote is the candidate's words in the interview it names, dated by that interview.
    sources = {"general": (general, combined.general_at), "continuation": (continuation, combined.continuation_at)}
    kinds = set()
    for row in combined.requirements:
        for quote in row.quotes:
            evaluation, at = sources[quote.interview]
            assert (
                quote.quote in _transcript(evaluation)
                and quote.at == at
                and quote.interview_id == evaluation.interview_id
            )
            kinds.add(quote.interview)
    assert kinds == {"general", "continuation"}
    assert combined.general_at.date() == (timezone.now() - timedelta(days=40)).date()

    # The candidate page shows it under the continuation's evaluation; the PDF and the API carry it.
    page = html.unescape(recruiter_client.get(f"/candidates/{continuation.application.candidate_id}/").content.decode())
    assert page.count('class="card evaluation combined"') == 1 and "Два интервью вместе" in page
    assert f"{combined.general_at:%d.%m.%Y}" in page and carried[0].quotes[0].quote.split()[0] in page
    pdf = b"".join(recruiter_client.get(f"/evaluations/{continuation.pk}/report.pdf").streaming_content)
    text = _pdf_text(pdf, tmp_path)
    assert "Два интервью вместе" in text and "общее интервью" in text and f"{combined.general_at:%d.%m.%Y}" in text
    plain = b"".join(recruiter_client.get(f"/evaluations/{general.pk}/report.pdf").streaming_content)
    assert "Два интервью вместе" not in _pdf_text(plain, tmp_path)


def test_a_stale_general_interview_is_shown_but_not_counted(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.POOL_EVIDENCE_MAX_DAYS = 30
    _general, continuation = f.pool_continuation(
        "s02_go_backend_engineer_en", "s01_python_backend_fintech", general_days_ago=40
    )
    combined = combined_evaluation(continuation)
    assert combined is not None and combined.general_stale
    assert not [r for r in combined.requirements if r.source == "general"]
    assert any(q.interview == "general" for r in combined.requirements for q in r.quotes)  # still shown


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
