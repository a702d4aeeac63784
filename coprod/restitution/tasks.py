"""Restitution documents and open-data ZIPs, prepared by the worker (coprod.jobs).

Rendering a document takes seconds (WeasyPrint for a PDF, more for a whole process): the pages
and the API start a job and the person downloads the file from the job's page.
"""

from django.utils.translation import gettext as _

from coprod.core.tasks import task
from coprod.jobs import services as jobs

from . import assembly, formats, opendata, opendata_process
from . import process as process_assembly
from .filenames import file_name, file_name_stem
from .process_access import require_process

ZIP = "application/zip"


def _render(work: jobs.Work, build, titled) -> None:
    fmt, public = work.job.params["format"], work.job.params["public"]
    work.progress(0, 2, step=_("Rassemblement du contenu…"))
    document = build(public)
    work.progress(1, 2, step=_("Mise en forme du document…"))
    body = formats.render(document, fmt)
    work.keep_file(body, file_name(titled, fmt, public=public), formats.FORMATS[fmt].content_type)


def _workshop_document(work: jobs.Work) -> None:
    workshop = work.job.workshop
    _render(work, lambda public: assembly.build(workshop, public=public), workshop)


def _process_document(work: jobs.Work) -> None:
    process = work.job.process
    named = require_process(work.actor, process)
    _render(
        work,
        lambda public: process_assembly.build(process, public=public, named=named),
        process,
    )


def _workshop_data(work: jobs.Work) -> None:
    workshop = work.job.workshop
    name = f"{file_name_stem(workshop, 'donnees')}.zip"
    work.keep_file(opendata.workshop_csv(workshop), name, ZIP)


def _process_data(work: jobs.Work) -> None:
    process = work.job.process
    require_process(work.actor, process)
    name = f"{file_name_stem(process, 'donnees')}.zip"
    work.keep_file(opendata_process.process_csv(process), name, ZIP)


@task()
def workshop_document(job_id: str) -> None:
    jobs.run(job_id, _workshop_document)


@task()
def process_document(job_id: str) -> None:
    jobs.run(job_id, _process_document)


@task()
def workshop_data(job_id: str) -> None:
    jobs.run(job_id, _workshop_data)


@task()
def process_data(job_id: str) -> None:
    jobs.run(job_id, _process_data)
