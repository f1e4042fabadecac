from django import forms
from django.contrib import admin
from django.template import TemplateSyntaxError
from django.utils.translation import gettext_lazy as _

from hrcrm.emails import EmailContext, email_check
from hrcrm.models import EmailTemplate


class EmailTemplateForm(forms.ModelForm):
    class Meta:
        model = EmailTemplate
        fields = ["subject_ru", "body_ru", "subject_en", "body_en"]

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        # A broken template would fail the recruiter's click later; refuse it here.
        for name in self.Meta.fields:
            try:
                email_check(data.get(name, ""), EmailContext(candidate_name="Иван", vacancy_title="QA"))
            except TemplateSyntaxError as error:
                self.add_error(name, _("Ошибка в шаблоне: %(error)s") % {"error": error})
        return data


@admin.register(EmailTemplate)
class EmailTemplateAdmin(admin.ModelAdmin):
    form = EmailTemplateForm
    list_display = ("kind", "subject_ru", "updated_at")
    readonly_fields = ("kind",)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False  # one template per kind, seeded by a migration

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
