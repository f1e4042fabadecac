"""Words for the codes shown on intake pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

HIDDEN_REASONS = {
    "white_text": _("белый текст на белом фоне"),
    "background_colour": _("текст цвета фона"),
    "tiny_font": _("шрифт меньше 4 pt"),
    "off_page": _("текст за пределами страницы"),
    "invisible_render": _("невидимый режим отрисовки"),
    "transparent_text": _("прозрачный текст"),
    "vanish": _("скрытый текст Word"),
    "tag_chars": _("невидимые символы Unicode"),
}
