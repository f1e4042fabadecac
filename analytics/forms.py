from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vacancies.models import Vacancy

from .selectors import DEFAULT_DAYS, PRESETS, Period


class PeriodForm(forms.Form):
    """The period and vacancy from the query string. A preset (``days``) wins over
    explicit dates; nothing valid given means the last 90 days."""

    days = forms.TypedChoiceField(
        label=_("Период"), choices=[(d, d) for d in PRESETS], coerce=int, required=False, empty_value=None
    )
    start = forms.DateField(label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    vacancy = forms.ModelChoiceField(
        label=_("Вакансия"),
        queryset=Vacancy.objects.order_by("title"),
        required=False,
        empty_label=_("Все вакансии"),
    )

    def period(self) -> Period:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        vacancy = data.get("vacancy")
        vacancy_id = vacancy.pk if vacancy else None
        days = data.get("days")
        start, end = data.get("start"), data.get("end")
        if days is None and (start or end):
            end = end or today
            start = start or end - dt.timedelta(days=DEFAULT_DAYS - 1)
            if start > end:
                start, end = end, start
            return Period(start=start, end=end, vacancy_id=vacancy_id)
        days = days or DEFAULT_DAYS
        return Period(start=today - dt.timedelta(days=days - 1), end=today, vacancy_id=vacancy_id)
