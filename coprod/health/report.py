"""The French lines `coprod healthcheck` prints, one per check, from /healthz's JSON."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .checks import DEGRADED, DOWN, OK


def _names() -> dict[str, str]:
    return {
        "database": _("Base de données"),
        "cache": _("Cache"),
        "channel_layer": _("Temps réel"),
        "worker": _("Travaux en arrière-plan"),
        "disk": _("Espace disque"),
    }


def _words() -> dict[str, str]:
    return {OK: _("ok"), DEGRADED: _("dégradé"), DOWN: _("en panne")}


def _details(name: str, check: dict) -> str:
    if reason := check.get("reason"):
        return reason
    if name == "worker":
        return ngettext(
            "%(alive)d actif, dernier signe de vie il y a %(age)d s",
            "%(alive)d actifs, dernier signe de vie il y a %(age)d s",
            check["alive"],
        ) % {
            "alive": check["alive"],
            "age": check["age_seconds"],
        }
    if name == "disk":
        return _("%(free)d Mo libres (%(percent)s %%)") % {
            "free": check["free_mb"],
            "percent": check["free_percent"],
        }
    backend = f"{check['backend']}, " if "backend" in check else ""
    return f"{backend}{check.get('ms', '?')} ms"


def lines(state: dict) -> list[str]:
    """One line per check, then the overall state."""
    names, words = _names(), _words()
    out = []
    for name, check in state.get("checks", {}).items():
        word = words.get(check.get("status"), check.get("status"))
        out.append(f"{names.get(name, name)} : {word} — {_details(name, check)}")
    out.append(_("État général : %(status)s") % {"status": words.get(state["status"])})
    return out
