"""Roles and access checks, in one place.

Staff users belong to one or more groups (Recruiter, Hiring manager, Admin); a superuser
counts as Admin. Candidates have no accounts: they reach their own pages by token.
Views, consumers and tasks ask this module, never ``user.groups`` directly.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


class Role(StrEnum):
    RECRUITER = "Recruiter"
    HIRING_MANAGER = "Hiring manager"
    ADMIN = "Admin"


STAFF_ROLES = frozenset(Role)

User = AbstractBaseUser | AnonymousUser


def user_roles(user: Any) -> frozenset[Role]:
    """The roles of ``user``; cached on the instance for the request's lifetime."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, "_hrcrm_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))
    roles = {role for role in Role if role.value in names}
    if user.is_superuser:
        roles.add(Role.ADMIN)
    result = frozenset(roles)
    user._hrcrm_roles = result
    return result


def has_role(user: Any, *roles: Role) -> bool:
    return bool(user_roles(user) & set(roles))


def is_staff_member(user: Any) -> bool:
    """Recruiters, hiring managers and admins see each other's pages."""
    return bool(user_roles(user) & STAFF_ROLES)


def is_admin(user: Any) -> bool:
    return Role.ADMIN in user_roles(user)


# Personal data (152-ФЗ): recruiters handle candidates' requests (export, erasure on a
# written request); only admins delete at once and read the access log.
def can_export_personal_data(user: Any) -> bool:
    return has_role(user, Role.RECRUITER, Role.ADMIN)


def can_request_erasure(user: Any) -> bool:
    return has_role(user, Role.RECRUITER, Role.ADMIN)


def can_erase_now(user: Any) -> bool:
    return is_admin(user)


def can_read_access_log(user: Any) -> bool:
    return is_admin(user)


ViewFunc = TypeVar("ViewFunc", bound=Callable[..., HttpResponse])


def role_required(*roles: Role) -> Callable[[ViewFunc], ViewFunc]:
    """Allow the view only to users holding one of ``roles`` (403 otherwise).

    Login itself is enforced by LoginRequiredMiddleware before the view runs.
    """
    allowed = set(roles) or set(STAFF_ROLES)

    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not user_roles(request.user) & allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


staff_required = role_required(*STAFF_ROLES)
