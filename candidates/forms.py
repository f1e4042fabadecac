from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from candidates.intake.extract import SUPPORTED
from candidates.models import Candidate
from candidates.pipeline import Stage
from vacancies.models import DEFAULT_LINK_DAYS, Vacancy


class MoveForm(forms.Form):
    to_stage = forms.ChoiceField(choices=Stage.choices)
    comment = forms.CharField(required=False, max_length=2000)


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Заметка"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class _VacancyChoiceForm(forms.Form):
    vacancy = forms.ModelChoiceField(queryset=Vacancy.objects.none(), label=_("Вакансия"))

    def __init__(self, *args: object, vacancies: Iterable[Vacancy], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["vacancy"]
        if isinstance(vacancies, list):
            ids = [v.pk for v in vacancies]
            field.queryset = Vacancy.objects.filter(pk__in=ids).order_by("title")
        else:
            field.queryset = vacancies


class AssignForm(_VacancyChoiceForm):
    pass


class InviteForm(_VacancyChoiceForm):
    days = forms.IntegerField(label=_("Срок действия, дней"), min_value=1, max_value=90, initial=DEFAULT_LINK_DAYS)
    send_email = forms.BooleanField(label=_("Отправить письмо кандидату"), required=False, initial=True)


def normalize_phone(raw: str) -> str:
    """E.164 from what people type ("8 (912) 345-67-89" -> "+79123456789"); "" stays ""."""
    digits = re.sub(r"\D", "", raw or "")
    if not digits:
        return ""
    if len(digits) == 11 and digits[0] == "8":
        digits = "7" + digits[1:]
    elif len(digits) == 10 and digits[0] == "9":
        digits = "7" + digits  # a Russian mobile without the country code
    if not 10 <= len(digits) <= 15:
        raise forms.ValidationError(_("Укажите телефон в международном формате, например +7 912 345-67-89."))
    return "+" + digits


class CandidateForm(forms.ModelForm):
    resume = forms.FileField(label=_("Резюме"), required=False, help_text=_("PDF, DOCX или TXT"))

    class Meta:
        model = Candidate
        fields = ["full_name", "email", "phone", "telegram", "city", "desired_position", "source"]

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone", ""))

    def clean_telegram(self) -> str:
        value = self.cleaned_data.get("telegram", "").strip()
        return "@" + value.lstrip("@") if value else ""

    def clean_email(self) -> str:
        email = self.cleaned_data.get("email", "").strip().lower()
        if email:
            clash = Candidate.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).first()
            if clash is not None:
                raise forms.ValidationError(
                    _("Кандидат с таким e-mail уже есть: %(name)s (№ %(pk)s).")
                    % {"name": clash.full_name, "pk": clash.pk}
                )
        return email

    def clean_resume(self) -> Any:
        return resume_upload_clean(self.cleaned_data.get("resume"))


# What intake can read: a file it would refuse is refused here, at the form, in words.
RESUME_SUFFIXES = tuple(sorted(SUPPORTED))


def resume_upload_clean(upload: Any) -> Any:
    """A resume file from any form: refused here, in words, if intake could not read it."""
    from django.conf import settings

    if upload is None:
        return None
    if not upload.name.lower().endswith(RESUME_SUFFIXES):
        raise forms.ValidationError(_("Загрузите резюме в формате PDF, DOCX или TXT."))
    if upload.size > settings.RESUME_MAX_BYTES:
        raise forms.ValidationError(_("Файл слишком большой."))
    return upload
