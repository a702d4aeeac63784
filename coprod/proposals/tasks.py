"""Proposals imported from a file, by the worker (coprod.jobs): reading the file for its
preview, then importing it once the facilitator has confirmed.

Both are jobs of the kind « Import de propositions » (`params["step"]` tells them apart): the
upload waits in the preview job's folder, the preview's page reads what the job kept
(`import_preview`), and the confirmation starts the import from that same file.
"""

import json

from django.urls import reverse
from django.utils.translation import gettext as _

from coprod.core.tasks import task
from coprod.jobs import services as jobs

from . import importing

PREVIEW, IMPORT = "preview", "import"
PREVIEW_ROWS = 100  # proposals listed on the preview page; every skipped line is listed


def _preview(work: jobs.Work) -> None:
    job = work.job
    work.progress(0, 0, step=_("Lecture du fichier…"))
    filename = job.params["filename"]
    result = importing.preview(job.workshop, filename, work.read_input())
    data = importing.preview_data(result, job.workshop, filename=filename, shown=PREVIEW_ROWS)
    job.result_path.write_text(json.dumps(data), encoding="utf-8")
    work.finish(
        next_url=reverse("proposals:import_preview", args=[job.workshop_id, job.pk]),
        open_next=True,
    )


def _import(work: jobs.Work) -> None:
    job = work.job
    work.progress(0, 0, step=_("Import des propositions…"))
    result = importing.import_proposals(
        job.workshop,
        actor=work.actor,
        filename=job.params["filename"],
        data=work.read_input(),
        expected=job.params.get("fingerprint"),  # none in a job queued before previews
    )
    work.finish(
        summary=importing.summary(result),
        next_url=reverse("proposals:manage", args=[job.workshop_id]),
        next_label=_("Voir les propositions"),
        outcome={"created": [p.pk for p in result["created"]]},
    )


@task()
def preview_proposals(job_id: str) -> None:
    jobs.run(job_id, _preview)


@task()
def import_proposals(job_id: str) -> None:
    jobs.run(job_id, _import)
