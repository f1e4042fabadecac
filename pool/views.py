"""The warm pool page (staff)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from candidates.models import Candidate
from hrcrm.roles import staff_required
from pool import continuation, selectors, services
from pool.models import RoleFamily
from privacy.consents import talent_pool_recently_expired
from vacancies import selectors as vacancy_selectors
from vacancies.models import WorkFormat


class RoleFamilyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Семейство ролей"), max_length=200)
    skills = forms.CharField(label=gettext_lazy("Ключевые навыки"), widget=forms.Textarea(attrs={"rows": 3}))
    language = forms.ChoiceField(choices=[("ru", "Русский"), ("en", "English")], initial="ru")

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if RoleFamily.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(gettext_lazy("Такое семейство ролей уже есть."))
        return name

    def clean_skills(self) -> list[str]:
        items = [s.strip() for line in self.cleaned_data["skills"].splitlines() for s in line.split(",") if s.strip()]
        if not items:
            raise forms.ValidationError(gettext_lazy("Укажите хотя бы один навык."))
        return list(dict.fromkeys(items))[:30]


@staff_required
def pool_page(request: HttpRequest) -> HttpResponse:
    filters = selectors.pool_filters_from(request.GET.dict())
    return TemplateResponse(
        request,
        "pool/pool.html",
        {
            "rows": selectors.pool_rows(filters),
            "filters": filters,
            "families": selectors.families(),
            "levels": list(selectors.LEVELS),
            "work_formats": [(value, WorkFormat(value).label) for value in selectors.WORK_FORMATS],
            "expired": talent_pool_recently_expired(),
            "family_form": RoleFamilyForm(),
            "section": "pool",
        },
    )


@staff_required
@require_POST
def family_create(request: HttpRequest) -> HttpResponse:
    """«Новое общее интервью»: the family's campaign opens on its vacancy page, where the
    open link and the Telegram deep link are made as for any vacancy."""
    form = RoleFamilyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("pool:index")
    family = services.role_family_create(
        name=form.cleaned_data["name"],
        core_skills=form.cleaned_data["skills"],
        actor=request.user,
        language=form.cleaned_data["language"],
    )
    messages.success(request, _("Общее интервью создано. Создайте открытую ссылку и поделитесь ею."))
    return redirect("vacancies:detail", pk=family.vacancy_id)


@staff_required
@require_POST
def continuation_invite(request: HttpRequest, vacancy_pk: int, candidate_pk: int) -> HttpResponse:
    """«Пригласить на продолжение» from the vacancy page's pool block: a person's click,
    never a bulk send; the link is shown once, in the message."""
    vacancy = vacancy_selectors.vacancy_get_for_user(request.user, vacancy_pk, write=True)
    candidate = get_object_or_404(Candidate, pk=candidate_pk)
    if not vacancy.is_open:
        messages.error(request, _("Вакансия закрыта."))
        return redirect("vacancies:detail", pk=vacancy.pk)
    result = continuation.continuation_invite(candidate=candidate, vacancy=vacancy, actor=request.user)
    text = _("Ссылка на продолжение для «%(name)s»: %(url)s") % {
        "name": candidate.full_name,
        "url": result.invitation.url,
    }
    if result.skipped:
        text += " " + _("Не спрашиваем повторно (подтверждено): %(skills)s.") % {"skills": ", ".join(result.skipped)}
    messages.success(request, text)
    return redirect("vacancies:detail", pk=vacancy.pk)
