"""Background tasks through one import: Django 6's `django.tasks`, else its backport, the
`django-tasks` package, which has the same API under another name.

Apps define their tasks with `@task()` in their `tasks.py` and start them through
`coprod.jobs.services.start`, never with `enqueue` directly: the job is what the user sees.
"""

from importlib.util import find_spec

if find_spec("django.tasks"):  # Django 6
    from django.tasks import TaskResultStatus, task, task_backends

    TASKS_PACKAGE = "django.tasks"
else:
    from django_tasks import TaskResultStatus, task, task_backends

    TASKS_PACKAGE = "django_tasks"

# Runs each task at once in the caller's thread: what unit tests use (the repository's conftest.py).
IMMEDIATE_BACKEND = f"{TASKS_PACKAGE}.backends.immediate.ImmediateBackend"

__all__ = ["IMMEDIATE_BACKEND", "TASKS_PACKAGE", "TaskResultStatus", "task", "task_backends"]
