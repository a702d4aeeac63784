"""A workshop's archive written, or an archive imported, by the worker (coprod.jobs).

Both read or write every table of a workshop: seconds for a full one.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core.tasks import task
from coprod.jobs import services as jobs
from coprod.jobs.models import Job

from . import services


def _export(work: jobs.Work) -> None:
    work.progress(0, 0, step=_("Écriture de l'archive…"))
    exported = services.export_workshop(work.job.workshop, actor=work.actor)
    work.keep_file(exported.body, exported.filename, "application/zip")


def summary(loaded) -> str:
    title = loaded.workshop.title
    if loaded.replaced:
        said = _("L'atelier « %(title)s » a été remplacé par le contenu de l'archive.")
    else:
        said = _("L'atelier « %(title)s » a été créé sur ce serveur.")
    reused = loaded.reused.get("catalogue.action", 0)
    created = loaded.created.get("catalogue.action", 0)
    catalogue = ngettext(
        "%(n)d action du catalogue déjà connue a été reprise",
        "%(n)d actions du catalogue déjà connues ont été reprises",
        reused,
    ) % {"n": reused}
    added = ngettext(
        "%(n)d action ajoutée au catalogue.", "%(n)d actions ajoutées au catalogue.", created
    ) % {"n": created}
    return f"{said % {'title': title}}\n{catalogue}, {added}"


def _import(work: jobs.Work) -> None:
    work.progress(0, 0, step=_("Lecture de l'archive…"))
    try:
        loaded = services.import_archive(work.read_input(), actor=work.actor)
    except services.Refused as refused:
        raise jobs.Failed(refused.message) from None
    workshop = loaded.workshop
    Job.objects.filter(pk=work.job.pk).update(workshop=workshop)
    work.finish(
        summary=summary(loaded),
        next_url=workshop.get_absolute_url(),
        next_label=_("Ouvrir l'atelier « %(title)s »") % {"title": workshop.title},
        outcome={
            "workshop": workshop.pk,
            "replaced": loaded.replaced,
            "process_created": loaded.process_created,
        },
    )


@task()
def export_archive(job_id: str) -> None:
    jobs.run(job_id, _export)


@task()
def import_archive(job_id: str) -> None:
    jobs.run(job_id, _import)
