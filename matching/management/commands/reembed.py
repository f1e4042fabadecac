"""``python manage.py reembed [--all] [--no-rescore]``: store every candidate's and
vacancy's vector with the embedding model configured now, then re-score the open
vacancies, printing progress. Run it after changing ``AI_PROVIDER_EMBEDDINGS`` (until
then, vectors of the old model are never compared with new ones, so recommendations
cover only what is already re-embedded)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.management.base import BaseCommand

from hrcrm.ai import AIError
from hrcrm.ai import embeddings as ai
from matching import services
from vacancies.models import Vacancy, VacancyStatus


class Command(BaseCommand):
    help = "Re-embed candidates and vacancies with the current embedding model, then re-score."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--all", action="store_true", help="re-embed current vectors too")
        parser.add_argument("--no-rescore", action="store_true", help="leave the stored match scores alone")

    def handle(self, *args: Any, all: bool, no_rescore: bool, **options: Any) -> None:
        self.stdout.write(f"model: {ai.embedding_model()} ({ai.embedding_dimensions()} dimensions)")
        candidates = list(services.stale_candidates(everyone=all).order_by("pk").values_list("pk", flat=True))
        vacancies = list(services.stale_vacancies(everyone=all).order_by("pk").values_list("pk", flat=True))
        failed = self._run("candidates", candidates, lambda pk: services.candidate_embed(candidate_id=pk, force=True))
        failed += self._run("vacancies", vacancies, lambda pk: services.vacancy_embed(vacancy_id=pk, force=True))
        if not no_rescore:
            open_ids = Vacancy.objects.filter(status=VacancyStatus.OPEN).order_by("pk").values_list("pk", flat=True)
            failed += self._run("scores", list(open_ids), lambda pk: services.vacancy_matches_refresh(vacancy_id=pk))
        if failed:
            self.stdout.write(self.style.WARNING(f"{failed} failed (see the log); run the command again for them"))
        else:
            self.stdout.write(self.style.SUCCESS("done"))

    def _run(self, label: str, ids: Iterable[int], step: Callable[[int], object]) -> int:
        ids = list(ids)
        every = max(1, len(ids) // 20)  # about twenty progress lines per kind
        failed = 0
        for n, pk in enumerate(ids, start=1):
            try:
                step(pk)
            except AIError as error:
                # The provider refused or is down for this one: the rest still run, and a
                # second run picks up what is left (it re-embeds only what is stale).
                failed += 1
                self.stderr.write(f"{label} #{pk}: {error}")
            if n % every == 0 or n == len(ids):
                self.stdout.write(f"{label}: {n}/{len(ids)}")
        if not ids:
            self.stdout.write(f"{label}: nothing to do")
        return failed
