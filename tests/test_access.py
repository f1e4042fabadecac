"""Walk every URL of the project (from the URLconf) as every persona and assert that no
one gets a 2xx where he has no business: anonymous, a logged-in user without a role, a
candidate holding his own token (asking for another candidate's objects), recruiter,
hiring manager and admin. New URLs are picked up automatically; a URL with a parameter
name this test does not know fails loudly so the test grows with the project."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from candidates import services
from candidates.models import Note, UploadBatch
from candidates.pipeline import Stage
from interviews.models import Interview, InterviewStatus, Recording, Turn
from privacy.models import ErasureChannel, ErasureReason, ErasureRequest
from scoring.models import Decision
from tests import factories as f
from vacancies import links

# Pages anyone may open (tokens are checked inside).
PUBLIC = {
    "login",
    "logout",
    "set_language",
    "health",
    "invite:landing",
    "invite:apply",
    "interviews:room",
    "interviews:request_human",
    "interviews:practice_question",  # the device check's question, by the candidate's token
    "privacy_public:my_data",
    "notifications:telegram_webhook",  # Telegram calls it; the secret header is checked inside
    "api-v1:openapi-json",  # the screening API's schema and docs; its operations need a key
    "api-v1:openapi-view",
}
# The screening API answers to an API key, never to a session (tests/test_api.py).
API_PREFIX = "api-v1:"
# Pages only for admins (recruiters and managers get 403).
ADMIN_ONLY = {
    "monitor:index",
    "monitor:failed_retry",
    "monitor:failed_delete",
    "monitor:queued_delete",
    "privacy:access_log",
    "privacy:erase_now",
}
TOKEN_PAGES = {
    "invite:landing",
    "invite:apply",
    "interviews:room",
    "interviews:request_human",
    "interviews:practice_question",
    "privacy_public:my_data",
}


@dataclass(frozen=True)
class Route:
    name: str
    params: dict[str, str]  # parameter name -> converter name


def _walk(patterns: list, namespace: str = "") -> list[Route]:  # type: ignore[type-arg]
    routes: list[Route] = []
    for entry in patterns:
        converters = {k: type(v).__name__ for k, v in getattr(entry.pattern, "converters", {}).items()}
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                routes.append(Route("admin:index", {}))  # the admin guards its own pages
                continue
            inner = _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            routes += [Route(r.name, converters | r.params) for r in inner]
        elif isinstance(entry, URLPattern) and entry.name:
            routes.append(Route(namespace + entry.name, converters))
    return routes


ROUTES = _walk(get_resolver().url_patterns)


@dataclass
class World:
    own_token: str  # the candidate persona's personal link
    values: dict[str, int]  # other candidate's objects
    own_name: str
    other_name: str


@pytest.fixture
def world(manager, recruiter) -> World:  # type: ignore[no-untyped-def]
    vacancy = f.vacancy(title="Вакансия для обхода", hiring_manager=manager)
    other = f.candidate(full_name="Чужой Кандидат")
    app = f.application(cand=other, vac=vacancy, stage=Stage.AWAITING_DECISION)
    from scoring.services import decision_make

    decision = decision_make(
        application_id=app.pk,
        actor=manager,
        outcome="accept",
        comment="Очное интервью",
        confirmed=True,
        without_ai=True,
    )
    Note.objects.create(candidate=other, author=recruiter, text="секретная заметка")
    from django.core.files.uploadedfile import SimpleUploadedFile

    resume = services.candidate_attach_resume_upload(candidate=other, upload=SimpleUploadedFile("cv.txt", b"CV"))
    link = links.link_create_for_application(application=app, actor=recruiter)
    interview = Interview.objects.create(application=app, status=InterviewStatus.COMPLETED)
    Turn.objects.create(interview=interview, index=0, speaker="interviewer", text="Расскажите о своём опыте.")
    Turn.objects.create(
        interview=interview, index=1, speaker="candidate", text="Пять лет пишу на Python, делал платёжный сервис."
    )
    from scoring.services import evaluation_run

    evaluation = evaluation_run(interview_id=interview.pk)
    own = f.application(cand=f.candidate(full_name="Свой Кандидат"), vac=vacancy)
    own_link = links.link_create_for_application(application=own, actor=recruiter)
    return World(
        own_token=own_link.token,
        values={
            "candidate": other.pk,
            "vacancy": vacancy.pk,
            "application": app.pk,
            "decision": Decision.objects.get(pk=decision.pk).pk,
            "resume": resume.pk,
            "link": link.link.pk,
            "evaluation": evaluation.pk,
            "interview": interview.pk,
            "batch": UploadBatch.objects.create(created_by=recruiter).pk,
            "recording": Recording.objects.create(interview=interview).pk,
            "own_candidate": own.candidate_id,
            "erasure": ErasureRequest.objects.create(
                candidate=other,
                candidate_ref=other.pk,
                reason=ErasureReason.REQUEST,
                channel=ErasureChannel.STAFF,
                due_at=timezone.now() + timedelta(days=30),
            ).pk,
        },
        own_name="Свой Кандидат",
        other_name="Чужой Кандидат",
    )


def _kwargs(route: Route, world: World, token: str) -> dict[str, object]:
    """Real values where the URL's meaning is known, by prefix and parameter name."""
    kwargs: dict[str, object] = {}
    for param, converter in route.params.items():
        if param == "token":
            kwargs[param] = token
        elif param == "queued_id":
            kwargs[param] = 0  # no such queued task: the delete is a no-op redirect
        elif param == "table":
            kwargs[param] = "funnel"
        elif param == "stage":
            kwargs[param] = Stage.INVITED.value
        elif param == "erasure_id":
            kwargs[param] = world.values["erasure"]
        elif param == "resume_id":
            kwargs[param] = world.values["resume"]
        elif param == "link_id":
            kwargs[param] = world.values["link"]
        elif param in ("candidate_id", "candidate_pk"):
            kwargs[param] = world.values["candidate"]
        elif param in ("vacancy_id", "vacancy_pk"):
            kwargs[param] = world.values["vacancy"]
        elif param == "application_id":
            kwargs[param] = world.values["application"]
        elif param == "family_id":
            kwargs[param] = 1
        elif param in ("keep_pk", "merge_pk"):
            kwargs[param] = world.values["candidate" if param == "keep_pk" else "own_candidate"]
        elif param == "application_pk":
            kwargs[param] = world.values["application"]
        elif param == "pk" and route.name in (
            "interviews:live_status",
            "interviews:stop",
            "interviews:joined_recording",
        ):
            kwargs[param] = world.values["interview"]
        elif param == "pk":
            if route.name == "scoring:override":
                kwargs[param] = world.values["evaluation"]
            elif route.name.startswith("candidates:application") or route.name in ("scoring:decide", "scoring:offer"):
                kwargs[param] = world.values["application"]
            elif route.name.startswith("candidates:"):
                kwargs[param] = world.values["candidate"]
            elif route.name.startswith("vacancies:") or route.name == "matching:recommended_add":
                kwargs[param] = world.values["vacancy"]
            elif route.name == "intake:candidate_upload":
                kwargs[param] = world.values["candidate"]
            elif route.name == "intake:batch":
                kwargs[param] = world.values["batch"]
            elif route.name == "intake:resume":
                kwargs[param] = world.values["resume"]
            elif route.name == "interviews:recording_file":
                kwargs[param] = world.values["recording"]
            elif route.name.startswith("privacy:"):
                kwargs[param] = world.values["candidate"]
            elif route.name.startswith("scoring_reports:"):
                kwargs[param] = world.values["evaluation"]
            elif route.name.startswith("scoring:"):
                kwargs[param] = world.values["decision"]
            else:
                pytest.fail(f"test_access does not know what {route.name} <{param}> means; teach it")
        elif converter in ("IntConverter",):
            pytest.fail(f"test_access does not know {route.name} <{param}>; teach it")
        else:
            kwargs[param] = "bogus-value"
    return kwargs


PERSONAS = ["anonymous", "outsider", "candidate", "recruiter", "manager", "admin"]


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_one_gets_a_page_he_is_not_allowed_to_see(  # type: ignore[no-untyped-def]
    client: Client, persona: str, world: World, recruiter, manager, admin_user, outsider
) -> None:
    users = {"outsider": outsider, "recruiter": recruiter, "manager": manager, "admin": admin_user}
    if persona in users:
        client.force_login(users[persona])
    staff = persona in ("recruiter", "manager", "admin")
    assert len(ROUTES) > 20
    checked = 0
    for route in ROUTES:
        if route.name == "logout":
            continue  # POST-only and ends the session under test
        token = world.own_token if persona == "candidate" else "0" * 32
        tokens = [token, "bogus" * 8] if "token" in route.params else [token]
        for tok in tokens:
            url = reverse(route.name, kwargs=_kwargs(route, world, tok))
            for method in ("get", "post"):
                if route.name == "set_language" and method == "post":
                    continue  # sets a cookie for anyone, by design
                response = getattr(client, method)(url)
                checked += 1
                status = response.status_code
                assert status < 500, (persona, method, url, status)
                if route.name == "admin:index":
                    assert (status == 200) == (persona == "admin"), (persona, url, status)
                    continue
                if not 200 <= status < 300:
                    continue
                if route.name in TOKEN_PAGES:
                    # a token page answers only to the persona's own, valid token
                    assert persona == "candidate" and tok == world.own_token, (persona, url)
                    body = response.content.decode(errors="replace")  # the practice question is audio
                    assert world.other_name not in body and "секретная заметка" not in body
                    continue
                if route.name in ADMIN_ONLY:
                    assert persona == "admin", (persona, method, url, status)
                    continue
                assert staff or route.name in PUBLIC, (persona, method, url, status)
    assert checked > 60


# URL parameters that are not an object of the world (the walker's own values).
NOT_OBJECTS = {"token", "queued_id", "table", "stage"}


@pytest.fixture
def other_manager(db: None):  # type: ignore[no-untyped-def]
    """A hiring manager of another vacancy: he sees none of the world's candidates."""
    from django.contrib.auth.models import Group, User

    from hrcrm.roles import Role

    user = User.objects.create_user(username="dave", password="pw-dave")
    user.groups.add(Group.objects.get_or_create(name=Role.HIRING_MANAGER.value)[0])
    f.application(
        cand=f.candidate(full_name="Кандидат Дэйва"), vac=f.vacancy(title="Вакансия Дэйва", hiring_manager=user)
    )
    return user


def test_a_manager_of_another_vacancy_is_refused_every_object_of_this_one(  # type: ignore[no-untyped-def]
    client: Client, world: World, other_manager
) -> None:
    """Every URL naming a candidate, application, vacancy, interview, recording, report,
    resume or batch of a vacancy he does not manage answers him with no page; every list
    he can open shows none of its candidates."""
    client.force_login(other_manager)
    refused = listed = 0
    for route in ROUTES:
        if route.name in ("logout", "admin:index") or route.name in PUBLIC or route.name in ADMIN_ONLY:
            continue
        url = reverse(route.name, kwargs=_kwargs(route, world, "0" * 32))
        names_object = bool(set(route.params) - NOT_OBJECTS)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            status = response.status_code
            assert status < 500, (method, url, status)
            if names_object:
                assert not 200 <= status < 300, (method, url, status)
                refused += 1
            elif 200 <= status < 300 and not getattr(response, "streaming", False):
                body = response.content.decode()
                assert world.other_name not in body and world.own_name not in body, (method, url)
                assert "секретная заметка" not in body, (method, url)
                listed += 1
    assert refused > 30 and listed > 10
    # The same manager with the company's setting open sees the candidate.
    from django.test import override_settings

    with override_settings(MANAGERS_SEE_ALL=True):
        page = client.get(reverse("candidates:detail", args=[world.values["candidate"]]))
        assert page.status_code == 200 and world.other_name in page.content.decode()


def test_a_vacancy_shared_with_a_manager_opens_its_candidates(client: Client, world: World, other_manager) -> None:
    from vacancies.models import Vacancy

    client.force_login(other_manager)
    url = reverse("candidates:detail", args=[world.values["candidate"]])
    assert client.get(url).status_code == 404
    Vacancy.objects.get(pk=world.values["vacancy"]).shared_with.add(other_manager)
    assert client.get(url).status_code == 200
    assert world.other_name in client.get(reverse("candidates:list")).content.decode()


def test_staff_reach_every_staff_page_with_real_values(recruiter_client: Client, world: World) -> None:
    """The walker must fill real objects, or the test above proves nothing."""
    for route in ROUTES:
        if route.name in PUBLIC or route.name in ADMIN_ONLY or route.name == "admin:index":
            continue
        if route.name.startswith(API_PREFIX):
            assert recruiter_client.get(reverse(route.name, kwargs=_kwargs(route, world, ""))).status_code in (
                401,
                404,
                405,
            )
            continue
        url = reverse(route.name, kwargs=_kwargs(route, world, world.own_token))
        status = recruiter_client.get(url).status_code
        if route.name == "scoring:decision_email":
            # The decision letter is for whoever may decide (the vacancy's manager, an
            # admin); the manager's own path is in test_emails_smtp.
            assert status == 403, (url, status)
            continue
        if route.name == "interviews:joined_recording":
            # The world's recording has no chunk: there is nothing to play (tests/test_recording_join.py).
            assert status == 404, (url, status)
            continue
        assert status in (200, 405), (url, status)  # 405: POST-only actions


FILE_POSTS = [
    ("intake:upload", "files", "cv.txt"),
    ("intake:candidate_upload", "files", "cv.txt"),
    ("vacancies:create", "vacancy_file", "vacancy.txt"),
]


@pytest.mark.parametrize("persona", ["anonymous", "outsider", "candidate"])
@pytest.mark.parametrize(("name", "field", "filename"), FILE_POSTS)
def test_file_uploads_wired_into_crm_pages_need_a_role(  # type: ignore[no-untyped-def]
    client: Client, persona: str, name: str, field: str, filename: str, world: World, outsider
) -> None:
    """The candidates page's drop zone, the candidate page's resume upload and the vacancy
    «Создать из файла» take files: none of them stores or parses anything without a role."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from candidates.models import Resume
    from vacancies.models import Vacancy

    if persona == "outsider":
        client.force_login(outsider)
    elif persona == "candidate":
        client.get(reverse("invite:landing", args=[world.own_token]))
    route = next(r for r in ROUTES if r.name == name)
    url = reverse(name, kwargs=_kwargs(route, world, world.own_token))
    resumes, vacancies = Resume.objects.count(), Vacancy.objects.count()
    response = client.post(url, {field: SimpleUploadedFile(filename, "Иванов Иван\nPython".encode())})
    assert not 200 <= response.status_code < 300, (persona, url, response.status_code)
    assert "Иванов" not in response.content.decode()
    assert (Resume.objects.count(), Vacancy.objects.count()) == (resumes, vacancies)
