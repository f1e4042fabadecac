from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

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
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["vacancy"]
        if isinstance(vacancies, list):
            ids = [v.pk for v in vacancies]
            field.queryset = Vacancy.objects.filter(pk__in=ids).order_by("title")  # type: ignore[attr-defined]
        else:
            field.queryset = vacancies  # type: ignore[attr-defined]


class AssignForm(_VacancyChoiceForm):
    pass


class InviteForm(_VacancyChoiceForm):
    days = forms.IntegerField(label=_("Срок действия, дней"), min_value=1, max_value=90, initial=DEFAULT_LINK_DAYS)
    send_email = forms.BooleanField(label=_("Отправить письмо кандидату"), required=False, initial=True)
