"""Translatable fields as Odoo 16+ stores them: one JSON object per value, keyed by language.

`en_US` is the source slot: a read without a `lang` (every plain RPC call) returns it, and a
read in a language that has no value of its own falls back to it, like Odoo's
`COALESCE(name->>'es_ES', name->>'en_US')`. Creating in another language fills both slots;
writing in a language changes that language only (writing in `en_US` changes the source).
"""

from __future__ import annotations

from typing import Any

SOURCE = "en_US"
# The languages the sandbox can install: code -> name, as res.lang shows them.
LANGUAGES = {
    "en_US": "English (US)",
    "es_ES": "Spanish / Español",
    "es_CL": "Spanish (CL) / Español (CL)",
    "es_419": "Spanish (Latin America) / Español (América Latina)",
    "pt_BR": "Portuguese (BR) / Português (BR)",
    "fr_FR": "French / Français",
    "de_DE": "German / Deutsch",
    "it_IT": "Italian / Italiano",
}
SHORT = {"en": "en_US", "es": "es_ES", "pt": "pt_BR", "fr": "fr_FR", "de": "de_DE", "it": "it_IT"}


def odoo_lang(code: str) -> str:
    """A fixture's language ("es", "en", "es_CL") as an Odoo language code."""
    full = SHORT.get(code, code)
    if full not in LANGUAGES:
        raise ValueError(f"unknown language {code!r}; known: {', '.join(sorted(SHORT))}")
    return full


def pick(value: Any, lang: str | None) -> Any:
    """The value in `lang`, else the source; plain strings (older records) pass through."""
    if not isinstance(value, dict):
        return value
    if lang and value.get(lang) is not None:
        return value[lang]
    return value.get(SOURCE)


def on_create(value: Any, lang: str | None) -> Any:
    if value is None:
        return None
    return {SOURCE: value} if lang in (None, SOURCE) else {SOURCE: value, lang: value}


def on_write(old: Any, value: Any, lang: str | None) -> Any:
    if value is None:
        return None  # Odoo: False clears every language
    current = dict(old) if isinstance(old, dict) else ({SOURCE: old} if old is not None else {})
    if not current:
        return on_create(value, lang)
    current[lang or SOURCE] = value
    return current
