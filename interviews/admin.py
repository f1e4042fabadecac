from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from interviews.models import Interview, Turn


class TurnInline(admin.TabularInline):
    model = Turn
    extra = 0
    fields = ("index", "speaker", "text", "topic")


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    # The mode is what happened (interviews.modes), not something to edit.
    list_display = ("id", "application", "status", "mode", "language", "started_at", "finished_at")
    list_filter = ("status", "mode", "language")
    raw_id_fields = ("application",)
    readonly_fields = ("mode", "mode_switches")
    inlines = [TurnInline]

    @admin.display(description=_("переключения режима"))
    def mode_switches(self, obj: Interview) -> str:
        return obj.mode_switches or "—"
