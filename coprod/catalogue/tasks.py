"""The catalogue's imports, run by the worker (coprod.jobs): reading a file for its preview,
then importing it once the person has confirmed.

A spreadsheet of thousands of rows takes seconds to read (a large XLSX, tens of seconds): both
steps report the rows read, and the preview keeps what its page shows (counts, every error, the
first rows) as the job's result, for `views.manage.import_preview`.
"""

import json

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coprod.core.tasks import task
from coprod.jobs import services as jobs

from . import importing
from .importing import Preview

PREVIEW_ROWS = 200  # rows shown in the preview table; every error is listed apart


def _reading(work: jobs.Work):
    work.progress(0, 0, step=_("Lecture du fichier…"))
    return lambda done, total: work.progress(done, total)


def preview_data(plan: Preview, shown: int) -> dict:
    """The preview as the page shows it (JSON): counts, every error, the first `shown` rows."""
    return {
        "filename": plan.filename,
        "columns": plan.columns,
        "understood": plan.understood,
        "ignored_columns": plan.ignored_columns,
        "new_publics": plan.new_publics,
        "created": plan.created,
        "updated": plan.updated,
        "duplicates": plan.duplicates,
        "errors": plan.errors,
        "skipped": plan.skipped,
        "ok": plan.ok,
        "rows": [
            {
                "line": r.line,
                "title": r.title,
                "organisation": r.organisation,
                "outcome": r.outcome,
                "messages": r.messages,
            }
            for r in plan.rows[:shown]
        ],
        "hidden": max(0, len(plan.rows) - shown),
    }


def _preview(work: jobs.Work) -> None:
    job = work.job
    plan = importing.preview(
        job.process,
        job.params["filename"],
        work.read_input(),
        create_publics=job.params["create_publics"],
        progress=_reading(work),
    )
    job.result_path.write_text(json.dumps(preview_data(plan, PREVIEW_ROWS)), encoding="utf-8")
    work.finish(
        next_url=reverse("catalogue:import_preview", args=[job.process_id, job.pk]),
        open_next=True,
    )


def summary(plan: Preview) -> str:
    return _("Import terminé : %(created)s, %(updated)s, %(duplicates)s.") % {
        "created": ngettext("%(n)d action créée", "%(n)d actions créées", plan.created)
        % {"n": plan.created},
        "updated": ngettext("%(n)d action mise à jour", "%(n)d actions mises à jour", plan.updated)
        % {"n": plan.updated},
        "duplicates": ngettext("%(n)d doublon ignoré", "%(n)d doublons ignorés", plan.duplicates)
        % {"n": plan.duplicates},
    }


def _import(work: jobs.Work) -> None:
    job = work.job
    plan = importing.import_actions(
        job.process,
        actor=work.actor,
        filename=job.params["filename"],
        data=work.read_input(),
        create_publics=job.params["create_publics"],
        progress=_reading(work),
        writing=lambda: work.progress(0, 0, step=_("Enregistrement dans le catalogue…")),
    )
    work.finish(
        summary=summary(plan),
        next_url=reverse("catalogue:list", args=[job.process_id]),
        next_label=_("Voir le catalogue"),
    )


@task()
def preview_catalogue(job_id: str) -> None:
    jobs.run(job_id, _preview)


@task()
def import_catalogue(job_id: str) -> None:
    jobs.run(job_id, _import)
