"""The demo: the Vexin workshop 4, exactly as the seed running order describes it."""

import secrets
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from coprod.accounts.services import get_or_create_facilitator
from coprod.agenda import services as agenda
from coprod.agenda.presets import VEXIN_CHARTER
from coprod.catalogue.importing import load_examples
from coprod.organisations.models import Membership, Organisation
from coprod.organisations.services import create_organisation
from coprod.processes.models import Process
from coprod.processes.services import create_process
from coprod.workshops import services
from coprod.workshops.models import Workshop

PROCESS_TITLE = "Démarche de progrès — Parc naturel régional du Vexin français"
WORKSHOP_TITLE = (
    "Atelier 4 — Quelles actions expérimentales et/ou innovantes à développer vers des "
    "publics spécifiques ?"
)
QUESTION = (
    "Quelles actions expérimentales et/ou innovantes à développer vers des publics spécifiques ? "
    "Ou comment développer des actions vers des publics ciblés ?"
)
MISSION = (
    "Une séance de travail basée sur la coopération entre les différentes parties prenantes, "
    "destinée à construire ensemble une action qui répond à la question de l’atelier."
)
PRIORITY_ITEMS = [
    "Porter une attention aux publics sans transports et favoriser l’accessibilité de ses "
    "publics aux offres",
    "Intervenir sur le maintien des services de proximité",
    "Travailler à des solutions d’insertion professionnelles sur le territoire",
]
TARGET_PUBLICS = [
    "Personnes sans moyen de transport",
    "Demandeurs d’emploi",
    "Personnes âgées",
    "Jeunes",
]
FACILITATOR = "animateur"
ORGANISATION_SLUG = "pnr-vexin"


def _next_session_start():
    """Next day at 14:00 local time: a plausible afternoon session."""
    today = timezone.localdate()
    naive = datetime.combine(today + timedelta(days=1), time(14, 0))
    return timezone.make_aware(naive)


def _demo_password(user) -> str:
    """The demo account's password, generated once and kept in the data folder."""
    path = Path(settings.DATA_DIR) / "demo-password"
    if path.exists() and user.check_password(path.read_text().strip()):
        return path.read_text().strip()
    password = secrets.token_urlsafe(9)
    user.set_password(password)
    user.save(update_fields=["password"])
    path.write_text(password)
    path.chmod(0o600)
    return password


def _demo_organisation() -> Organisation:
    found = Organisation.objects.filter(slug=ORGANISATION_SLUG).first()
    return found or create_organisation(
        name="Parc naturel régional du Vexin français",
        slug=ORGANISATION_SLUG,
        kind=Organisation.Kind.PARK,
        privacy_contact="dpo@example.org",
    )


@transaction.atomic
def ensure_demo() -> dict:
    """Create (once) the demo process, workshop and facilitator; return how to reach them."""
    user = get_or_create_facilitator(FACILITATOR, password=secrets.token_urlsafe(9))
    # The demo's account administers the park's organisation: it owns processes, runs their
    # workshops and invites colleagues.
    organisation = _demo_organisation()
    Membership.objects.update_or_create(
        organisation=organisation, user=user, defaults={"role": Membership.Role.ADMIN}
    )
    password = _demo_password(user)
    process = Process.objects.filter(title=PROCESS_TITLE).first()
    if process is None:
        process = create_process(
            actor=user,
            title=PROCESS_TITLE,
            description="Ateliers de co-production de la démarche de progrès du Parc.",
            territory="Parc naturel régional du Vexin français",
            priority_items=PRIORITY_ITEMS,
            target_publics=TARGET_PUBLICS,
            organisation=organisation,
        )
    workshop = Workshop.objects.filter(process=process, title=WORKSHOP_TITLE).first()
    if workshop is None:
        workshop = services.create_workshop(
            actor=user,
            process=process,
            title=WORKSHOP_TITLE,
            question=QUESTION,
            mission=MISSION,
            place="Maison du Parc, Théméricourt",
            starts_at=_next_session_start(),
            charter="\n".join(VEXIN_CHARTER),
        )
        agenda.apply_template(workshop, actor=user, template="co-production")
    # Example actions (titled « [Exemple] … ») so the existing-actions step has something to show.
    load_examples(process, actor=user)
    return {
        "workshop": workshop.pk,
        "join_code": workshop.join_code,
        "facilitator": user.username,
        "password": password,
    }
