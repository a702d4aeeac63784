"""Tasks that exist only for the jobs app's own tests: a job's outcomes, one by one."""

from django.core.exceptions import ValidationError

from coprod.core.tasks import task
from coprod.jobs import services as jobs


def _refuse(work):
    work.progress(3, 10)
    raise ValidationError(["Ligne 3 : titre manquant.", "Ligne 7 : date illisible."])


def _crash(work):
    raise ZeroDivisionError("division by zero in /srv/coprod/secret.py")


def _document(work):
    work.progress(1, 2, step="Mise en forme du document…")
    work.keep_file(b"%PDF-1.7 test", "restitution-atelier.pdf", "application/pdf")
    work.finish(summary="Document prêt.", next_url="/ateliers/", next_label="Mes ateliers")


@task()
def refuse(job_id: str) -> None:
    jobs.run(job_id, _refuse)


@task()
def crash(job_id: str) -> None:
    jobs.run(job_id, _crash)


@task()
def document(job_id: str) -> None:
    jobs.run(job_id, _document)
