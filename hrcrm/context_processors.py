from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from hrcrm.roles import Role, is_admin, is_staff_member, user_roles

# (url name, label, section key). A section whose URL is not installed yet is hidden,
# so apps can add their pages without touching the base template.
NAV_ITEMS = [
    ("candidates:list", _("Кандидаты"), "candidates"),
    ("vacancies:list", _("Вакансии"), "vacancies"),
    ("interviews:list", _("Интервью"), "interviews"),
    ("scoring:decisions", _("Решения"), "decisions"),
    ("pool:index", _("Резерв"), "pool"),
    ("analytics:index", _("Аналитика"), "analytics"),
]

ROLE_LABELS = {
    Role.RECRUITER: _("Рекрутер"),
    Role.HIRING_MANAGER: _("Нанимающий менеджер"),
    Role.ADMIN: _("Администратор"),
}


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not is_staff_member(user):
        return {"nav_items": [], "user_role_labels": []}
    items = []
    for url_name, label, section in NAV_ITEMS:
        url = _url_or_none(url_name)
        items.append(
            {
                "url": url,
                "label": label,
                "section": section,
                "active": bool(url and request.path.startswith(url)),
            }
        )
    return {
        "nav_items": items,
        "user_role_labels": [ROLE_LABELS[r] for r in Role if r in user_roles(user)],
        "user_is_admin": is_admin(user),
    }


def employer(request: HttpRequest) -> dict[str, Any]:
    """The employer's name and logo for candidate pages (settings EMPLOYER_NAME,
    EMPLOYER_LOGO); a logo that is not a full URL is a static file."""
    logo = settings.EMPLOYER_LOGO
    if logo and not logo.startswith(("http://", "https://", "/")):
        logo = static(logo)
    return {"employer": {"name": settings.EMPLOYER_NAME, "logo": logo}}
