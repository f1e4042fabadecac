from django.contrib import admin

from vacancies.models import Vacancy


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "work_format", "seniority", "status", "hiring_manager", "opened_at")
    list_filter = ("status", "work_format", "seniority", "city")
    search_fields = ("title", "company", "department", "description")
