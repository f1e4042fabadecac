"""Admin actions on tasks: retry a failed task, delete a failed or queued one."""

from __future__ import annotations

from django.db import transaction
from django_q.models import Failure, OrmQ
from django_q.tasks import async_task


def failed_task_retry(*, task_id: str) -> None:
    """Submit the failed task again with its arguments and drop the failure row, as the
    django-q2 admin's «resubmit» does (the new run records its own result)."""
    with transaction.atomic():
        task = Failure.objects.select_for_update().get(pk=task_id)
        args, kwargs = task.args or (), task.kwargs or {}
        func, hook, group = task.func, task.hook, task.group
        task.delete()
        transaction.on_commit(lambda: async_task(func, *args, hook=hook, group=group, **kwargs))


def failed_task_delete(*, task_id: str) -> None:
    Failure.objects.filter(pk=task_id).delete()


def queued_task_delete(*, queued_id: int) -> None:
    OrmQ.objects.filter(pk=queued_id).delete()
