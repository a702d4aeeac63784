"""A job: one piece of heavy work (an import, a document, an archive) as its requester follows
it. The task itself runs in the worker (django-tasks, database backend); the job holds what the
person sees: its progress, its French error, its summary and its result file."""

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coprod.processes.models import Process
from coprod.workshops.models import Workshop

from .kinds import Kind


def jobs_dir() -> Path:
    return Path(settings.DATA_DIR) / "jobs"


class JobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING))

    def expired(self):
        cutoff = timezone.now() - timezone.timedelta(days=settings.JOBS_KEEP_DAYS)
        return self.filter(finished_at__lt=cutoff)


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        DONE = "done", _("terminé")
        FAILED = "failed", _("échoué")

    # Random: the address of a published restitution's job is all an anonymous visitor holds.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("nature"), max_length=32, choices=Kind.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("demandé par"),
    )
    workshop = models.ForeignKey(
        Workshop,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("atelier"),
    )
    process = models.ForeignKey(
        Process,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("démarche"),
    )
    # What the task needs beyond its target: a format, a file name, the requester's language.
    params = models.JSONField(_("paramètres"), default=dict, blank=True)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    done = models.PositiveIntegerField(_("fait"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)  # 0: unknown
    step = models.CharField(_("étape"), max_length=200, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    summary = models.TextField(_("résumé"), blank=True)
    # What the work produced, for API clients (e.g. the id of an imported workshop).
    outcome = models.JSONField(_("résultat"), default=dict, blank=True)
    back_url = models.CharField(max_length=500, blank=True)
    next_url = models.CharField(max_length=500, blank=True)
    next_label = models.CharField(max_length=200, blank=True)
    # Go on to `next_url` as soon as the job is done (an import's preview is what was asked).
    open_next = models.BooleanField(default=False)
    file_name = models.CharField(_("nom du fichier"), max_length=200, blank=True)
    content_type = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("travail en arrière-plan")
        verbose_name_plural = _("travaux en arrière-plan")
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("jobs:job", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def folder(self) -> Path:
        return jobs_dir() / str(self.pk)

    @property
    def input_path(self) -> Path:
        return self.folder / "input"

    @property
    def result_path(self) -> Path:
        return self.folder / "result"

    @property
    def has_file(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file_name)

    @property
    def errors(self) -> list[str]:
        return [line for line in self.error.split("\n") if line]

    def remove_files(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


class WorkerBeat(models.Model):
    """A worker's sign of life, written every few seconds by `coprod worker`
    (coprod/jobs/heartbeat.py) and read by /healthz: one row per worker id, kept across its
    restarts."""

    worker_id = models.CharField(_("worker"), max_length=64, primary_key=True)
    host = models.CharField(_("machine"), max_length=255)
    pid = models.PositiveIntegerField(_("processus"))
    started_at = models.DateTimeField(_("démarré le"))
    beat_at = models.DateTimeField(_("dernier signe de vie"))

    class Meta:
        verbose_name = _("signe de vie d'un worker")
        verbose_name_plural = _("signes de vie des workers")

    def __str__(self) -> str:
        return self.worker_id
