from django.contrib import admin

from pool.models import RoleFamily, SkillEvidence


@admin.register(RoleFamily)
class RoleFamilyAdmin(admin.ModelAdmin):
    list_display = ("name", "vacancy", "created_at")


@admin.register(SkillEvidence)
class SkillEvidenceAdmin(admin.ModelAdmin):
    list_display = ("candidate", "skill", "level", "observed_at")
    list_filter = ("level",)
    search_fields = ("skill", "candidate__full_name")
    raw_id_fields = ("candidate", "evaluation")
