"""Proposals imported from a file, by the worker (coprod.jobs)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core.tasks import task
from coprod.jobs import services as jobs

from . import importing


def summary(result: dict) -> str:
    created, duplicates = len(result["created"]), result["duplicates"]
    lines = [
        ngettext("%(n)d proposition ajoutée.", "%(n)d propositions ajoutées.", created)
        % {"n": created}
    ]
    if duplicates:
        lines.append(
            _("Déjà présentes, non ajoutées : %(list)s") % {"list": " ; ".join(duplicates)}
        )
    return "\n".join(lines)


def _import(work: jobs.Work) -> None:
    job = work.job
    work.progress(0, 0, step=_("Lecture du fichier…"))
    result = importing.import_proposals(
        job.workshop, actor=work.actor, filename=job.params["filename"], data=work.read_input()
    )
    work.finish(
        summary=summary(result),
        next_url=reverse("proposals:manage", args=[job.workshop_id]),
        next_label=_("Voir les propositions"),
    )


@task()
def import_proposals(job_id: str) -> None:
    jobs.run(job_id, _import)
