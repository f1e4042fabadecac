"""The staff profile page (Telegram linking and notification settings) and the bot's
webhook. Views parse, call one service, render."""

from __future__ import annotations

import hmac
import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hrcrm.roles import staff_required
from notifications import bot, services, telegram
from notifications.models import NotificationKind, TelegramAccount


@staff_required
def profile(request: HttpRequest, deep_link: str = "") -> HttpResponse:
    account = TelegramAccount.objects.filter(user=request.user).first()
    return TemplateResponse(
        request,
        "notifications/profile.html",
        {
            "account": account,
            "bot_enabled": telegram.is_enabled(),
            "deep_link": deep_link,
            "code_minutes": settings.TELEGRAM_LINK_CODE_MINUTES,
            "kinds": [
                {"value": k.value, "label": k.label, "on": account is None or k.value not in (account.muted or [])}
                for k in NotificationKind
            ],
            "section": "profile",
        },
    )


@staff_required
@require_POST
def telegram_link(request: HttpRequest) -> HttpResponse:
    """A new one-time deep link, shown once on the page it returns."""
    if not telegram.is_enabled():
        messages.error(request, _("Telegram-бот не настроен: задайте TELEGRAM_BOT_TOKEN."))
        return redirect("notifications:profile")
    code = services.link_code_create(user=request.user)
    try:
        link = telegram.deep_link(services.LINK_PREFIX + code)
    except telegram.TelegramError as error:
        messages.error(request, _("Не удалось связаться с Telegram: %(error)s") % {"error": error})
        return redirect("notifications:profile")
    return profile(request, deep_link=link)


@staff_required
@require_POST
def telegram_unlink(request: HttpRequest) -> HttpResponse:
    services.account_unlink(user=request.user)
    messages.success(request, _("Telegram отвязан: уведомления больше не приходят."))
    return redirect("notifications:profile")


@staff_required
@require_POST
def preferences(request: HttpRequest) -> HttpResponse:
    enabled = {k for k in request.POST.getlist("kinds") if k in NotificationKind.values}
    services.preferences_save(user=request.user, enabled=enabled)
    messages.success(request, _("Настройки уведомлений сохранены."))
    return redirect("notifications:profile")


@login_not_required
@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Telegram's webhook: answers only with the secret token set by setWebhook."""
    secret = settings.TELEGRAM_WEBHOOK_SECRET
    if not secret or not telegram.is_enabled():
        raise Http404
    given = request.headers.get("X-Telegram-Bot-Api-Secret-Token", "")
    if not hmac.compare_digest(given.encode(), secret.encode()):
        return JsonResponse({"ok": False}, status=403)
    try:
        payload = json.loads(request.body)
    except ValueError:
        return JsonResponse({"ok": False}, status=400)
    if not isinstance(payload, dict):
        return JsonResponse({"ok": False}, status=400)
    bot.handle_update(payload, via="webhook")
    return JsonResponse({"ok": True})
