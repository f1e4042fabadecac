from django.contrib import admin

from notifications.models import TelegramAccount, TelegramMessage


@admin.register(TelegramAccount)
class TelegramAccountAdmin(admin.ModelAdmin):
    list_display = ("user", "username", "chat_id", "linked_at")
    search_fields = ("user__username", "username")
    readonly_fields = ("chat_id", "username", "linked_at")


@admin.register(TelegramMessage)
class TelegramMessageAdmin(admin.ModelAdmin):
    """The bot's outbox: what was sent, and why a message failed."""

    list_display = ("created_at", "kind", "chat_id", "user", "status", "sent_at")
    list_filter = ("kind", "status", "created_at")
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
