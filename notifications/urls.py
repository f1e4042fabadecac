from django.urls import path

from notifications import views

app_name = "notifications"
urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("profile/telegram/link/", views.telegram_link, name="telegram_link"),
    path("profile/telegram/unlink/", views.telegram_unlink, name="telegram_unlink"),
    path("profile/notifications/", views.preferences, name="preferences"),
    path("telegram/webhook/", views.webhook, name="telegram_webhook"),
]
