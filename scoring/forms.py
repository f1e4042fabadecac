from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import OfferStatus


class OfferForm(forms.Form):
    """The offer's outcome: the service decides what each status requires."""

    status = forms.ChoiceField(label=_("Исход"), choices=OfferStatus.choices)
    start_date = forms.DateField(
        label=_("Дата выхода"),
        required=False,
        error_messages={"invalid": _("Дата выхода — в виде ДД.ММ.ГГГГ или ГГГГ-ММ-ДД.")},
        input_formats=["%Y-%m-%d", "%d.%m.%Y"],
    )
    note = forms.CharField(label=_("Комментарий"), required=False, max_length=2000)
