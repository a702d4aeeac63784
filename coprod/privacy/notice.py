"""The information notice shown to whoever joins a workshop (GDPR art. 13).

The organisation (the controller) may write its own full text; otherwise coprod's default,
filled with the organisation's contacts and the retention of the process, says it all."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from coprod.organisations.models import Organisation

PUBLIC_BODIES = {
    Organisation.Kind.PARK,
    Organisation.Kind.INTERCOMMUNALITY,
    Organisation.Kind.MUNICIPALITY,
    Organisation.Kind.SOCIAL_ACTION,
}


@dataclass(frozen=True)
class Notice:
    controller: str
    purpose: str
    legal_basis: str
    retention_months: int
    contact: str
    dpo: str
    custom_text: str  # the organisation's own full notice, "" for coprod's default


def notice_for(workshop) -> Notice:
    process = workshop.process
    organisation = process.organisation
    if organisation.kind in PUBLIC_BODIES:
        basis = _("une mission d'intérêt public (RGPD, article 6-1-e)")
    else:
        basis = _("l'intérêt légitime de l'organisateur à associer le public (RGPD, article 6-1-f)")
    return Notice(
        controller=organisation.name,
        purpose=_(
            "animer l'atelier « %(workshop)s » de la démarche « %(process)s » et en rédiger "
            "la restitution"
        )
        % {"workshop": workshop.title, "process": process.title},
        legal_basis=basis,
        retention_months=process.kept_months,
        contact=organisation.privacy_contact,
        dpo=organisation.dpo_contact,
        custom_text=organisation.privacy_notice.strip(),
    )
