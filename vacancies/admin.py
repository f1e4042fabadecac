from django.contrib import admin

from vacancies.models import InviteLink, Vacancy


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "work_format", "seniority", "status", "hiring_manager", "opened_at")
    list_filter = ("status", "work_format", "seniority", "city")
    search_fields = ("title", "company", "department", "description")
    filter_horizontal = ("shared_with",)


@admin.register(InviteLink)
class InviteLinkAdmin(admin.ModelAdmin):
    list_display = ("purpose", "vacancy", "application", "expires_at", "revoked_at", "use_count", "created_at")
    list_filter = ("purpose",)
    raw_id_fields = ("application", "vacancy")
    readonly_fields = ("token_hash", "use_count", "last_used_at")
