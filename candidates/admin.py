from django.contrib import admin

from candidates.models import (
    Application,
    Candidate,
    CandidateMerge,
    ConsentRecord,
    Note,
    RejectionReason,
    Resume,
    SavedFilter,
    StageChange,
    Tag,
    UploadBatch,
)


class ResumeInline(admin.TabularInline):
    model = Resume
    extra = 0
    fields = ("original_name", "status", "error_code", "is_current", "created_at")
    readonly_fields = fields
    show_change_link = True


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("full_name", "email", "phone", "city", "source", "created_at")
    list_filter = ("source", "city")
    search_fields = ("full_name", "email", "phone", "telegram")
    inlines = [ResumeInline]


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ("original_name", "candidate", "status", "error_code", "language", "created_at")
    list_filter = ("status", "language", "error_code")
    search_fields = ("original_name", "candidate__full_name", "sha256")
    raw_id_fields = ("candidate", "batch")


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_stage", "to_stage", "actor", "system_reason", "comment", "created_at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # history is append-only and written by the pipeline service


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ("candidate", "vacancy", "stage", "origin", "match_score", "updated_at")
    list_filter = ("stage", "origin", "vacancy")
    search_fields = ("candidate__full_name", "vacancy__title")
    raw_id_fields = ("candidate", "vacancy")
    # The stage changes only through the pipeline service, which writes history.
    readonly_fields = ("stage", "stage_changed_at")
    inlines = [StageChangeInline]


@admin.register(StageChange)
class StageChangeAdmin(admin.ModelAdmin):
    list_display = ("application", "from_stage", "to_stage", "actor", "created_at")
    list_filter = ("to_stage",)

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ("candidate", "purpose", "text_version", "granted", "created_at")
    list_filter = ("purpose", "granted")


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = ("candidate", "author", "created_at")


@admin.register(UploadBatch)
class UploadBatchAdmin(admin.ModelAdmin):
    list_display = ("id", "created_by", "created_at")


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    """The rejection categories recruiters choose from (bulk reject) and analytics counts."""

    list_display = ("name", "name_en", "is_active", "order")
    list_editable = ("is_active", "order")


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)


@admin.register(SavedFilter)
class SavedFilterAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "query", "created_at")


@admin.register(CandidateMerge)
class CandidateMergeAdmin(admin.ModelAdmin):
    list_display = ("kept", "merged_id", "resume", "reason", "actor", "created_at")
    list_filter = ("reason",)
    raw_id_fields = ("kept", "resume")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # the record of a merge
