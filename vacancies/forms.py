from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from candidates.forms import normalize_phone, resume_upload_clean
from hrcrm.roles import Role, has_role, is_admin
from vacancies.models import DEFAULT_LINK_DAYS, Vacancy

Requirement = str | list[str]


def parse_requirements(text: str) -> list[Requirement]:
    """One skill per line; alternatives on one line separated by "|" ("FastAPI | Django")."""
    items: list[Requirement] = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.split("|") if p.strip()]
        if len(parts) == 1:
            items.append(parts[0])
        elif parts:
            items.append(parts)
    return items


def format_requirements(items: list[Requirement]) -> str:
    return "\n".join(" | ".join(item) if isinstance(item, list) else str(item) for item in items or [])


class VacancyForm(forms.ModelForm):
    must_have_text = forms.CharField(
        label=_("Обязательные навыки"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("По одному на строку; альтернативы через «|», например: FastAPI | Django"),
    )
    nice_to_have_text = forms.CharField(
        label=_("Желательные навыки"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("По одному на строку; альтернативы через «|»"),
    )

    class Meta:
        model = Vacancy
        fields = [
            "title",
            "company",
            "department",
            "hiring_manager",
            "shared_with",
            "description",
            "responsibilities",
            "min_experience_years",
            "seniority",
            "city",
            "work_format",
            "salary_from",
            "salary_to",
            "currency",
            "language",
            "interview_minutes",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "responsibilities": forms.Textarea(attrs={"rows": 4}),
            "language": forms.Select(choices=[("ru", "Русский"), ("en", "English")]),
            "shared_with": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["hiring_manager"]
        shared = self.fields["shared_with"]
        field.queryset = User.objects.filter(
            groups__name__in=[Role.HIRING_MANAGER.value, Role.ADMIN.value], is_active=True
        ).distinct()
        shared.queryset = User.objects.filter(groups__name=Role.HIRING_MANAGER.value, is_active=True).order_by(
            "last_name", "username"
        )
        shared.help_text = _("Другие нанимающие менеджеры, которым видны кандидаты этой вакансии.")
        if not is_admin(user):
            # The hiring manager decides on the vacancy's candidates and the shared
            # managers see them: only an admin assigns either. For everyone else the
            # fields show the value and ignore whatever is posted (a disabled field
            # keeps its initial value).
            for name in ("hiring_manager", "shared_with"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Назначает администратор.")
            if not self.instance.pk:
                self.initial["hiring_manager"] = default_hiring_manager(user)
        if self.instance.pk:
            self.fields["must_have_text"].initial = format_requirements(self.instance.must_have)
            self.fields["nice_to_have_text"].initial = format_requirements(self.instance.nice_to_have)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("salary_from"), data.get("salary_to")
        if low and high and low > high:
            self.add_error("salary_to", _("«До» меньше, чем «от»."))
        return data

    def save(self, commit: bool = True) -> Vacancy:
        self.instance.must_have = parse_requirements(self.cleaned_data.get("must_have_text", ""))
        self.instance.nice_to_have = parse_requirements(self.cleaned_data.get("nice_to_have_text", ""))
        return super().save(commit=commit)


def default_hiring_manager(user: Any) -> int | None:
    """A hiring manager who creates a vacancy manages it; a recruiter's new vacancy
    waits for an admin to assign one."""
    return user.pk if has_role(user, Role.HIRING_MANAGER, Role.ADMIN) else None


VACANCY_FILE_SUFFIXES = (".txt", ".docx", ".pdf")


class VacancyFileForm(forms.Form):
    """A vacancy posting to pre-fill the vacancy form from (nothing is saved from it)."""

    vacancy_file = forms.FileField(label=_("Файл вакансии"), help_text=_("TXT, DOCX или PDF"))

    def clean_vacancy_file(self) -> Any:
        from django.conf import settings

        upload = self.cleaned_data["vacancy_file"]
        if not upload.name.lower().endswith(VACANCY_FILE_SUFFIXES):
            raise forms.ValidationError(_("Загрузите вакансию в формате TXT, DOCX или PDF."))
        if upload.size > settings.RESUME_MAX_BYTES:
            raise forms.ValidationError(_("Файл больше допустимого размера."))
        return upload

    def draft(self) -> tuple[dict[str, Any], str]:
        """(initial values of ``VacancyForm``, error message in words) parsed by intake."""
        from vacancies.parsing import vacancy_form_initial

        upload = self.cleaned_data["vacancy_file"]
        values, error = vacancy_form_initial(upload.read(), upload.name)
        if error:
            return {}, error
        values["must_have_text"] = format_requirements(values.pop("must_have", []))
        values["nice_to_have_text"] = format_requirements(values.pop("nice_to_have", []))
        if not values.get("work_format"):
            values.pop("work_format", None)  # keep the model default
        return {k: v for k, v in values.items() if v not in ("", None)}, ""


class OpenLinkForm(forms.Form):
    days = forms.IntegerField(label=_("Срок действия, дней"), min_value=1, max_value=90, initial=DEFAULT_LINK_DAYS)


class InviteCandidatesForm(forms.Form):
    candidates = forms.ModelMultipleChoiceField(queryset=None)
    days = forms.IntegerField(min_value=1, max_value=90, initial=DEFAULT_LINK_DAYS)
    send_email = forms.BooleanField(required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from candidates.models import Candidate

        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = Candidate.objects.all()


class SelfApplyForm(forms.Form):
    full_name = forms.CharField(label=_("ФИО"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Телефон"), max_length=20, required=False)
    telegram = forms.CharField(label=_("Telegram"), max_length=64, required=False)
    city = forms.CharField(label=_("Город"), max_length=100, required=False)
    resume = forms.FileField(label=_("Резюме"), required=False, help_text=_("PDF, DOCX или TXT"))
    consent = forms.BooleanField(label=_("Согласен на обработку персональных данных"))
    talent_pool = forms.BooleanField(label=_("Согласен на включение в кадровый резерв"), required=False)

    def clean_resume(self) -> Any:
        return resume_upload_clean(self.cleaned_data.get("resume"))

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))
