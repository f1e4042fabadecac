from django.contrib import admin

from interviews.models import Interview, Turn


class TurnInline(admin.TabularInline):
    model = Turn
    extra = 0
    fields = ("index", "speaker", "text", "topic")


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ("id", "application", "status", "mode", "language", "started_at", "finished_at")
    list_filter = ("status", "mode", "language")
    raw_id_fields = ("application",)
    inlines = [TurnInline]
