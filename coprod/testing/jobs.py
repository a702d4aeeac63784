"""Following a job as a person does: click the link that starts it, land on its page, download
its result. Tasks run at once in unit tests (conftest.py), so the job is done when its page
opens."""

from django.http import HttpResponse
from django.urls import reverse

from coprod.jobs.models import Job


def started_job(response) -> Job:
    """The job a view answered with (it redirects to the job's page)."""
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    assert location.startswith("/travaux/"), location
    return Job.objects.get(pk=location.split("/")[2])


def job_result(client, url: str, **extra) -> HttpResponse:
    """GET `url` (a download link that starts a job) and return the job's result file, read
    into an ordinary response (status, headers, `content`)."""
    job = started_job(client.get(url, **extra))
    page = client.get(reverse("jobs:job", args=[job.pk]))
    assert page.status_code == 200
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.error
    assert reverse("jobs:download", args=[job.pk]) in page.content.decode()
    streamed = client.get(reverse("jobs:download", args=[job.pk]))
    assert streamed.status_code == 200
    return _read(streamed)


def _read(streamed) -> HttpResponse:
    response = HttpResponse(b"".join(streamed.streaming_content), status=streamed.status_code)
    for header, value in streamed.items():
        response[header] = value
    return response


def api_job_result(client, path: str, headers: dict) -> HttpResponse:
    """An API call that answers 202 with a job: poll the job, then download its file."""
    started = client.get(path, headers=headers)
    assert started.status_code == 202, started.content
    job = client.get(started.json()["url"], headers=headers).json()
    assert job["status"] == "done", job["errors"]
    streamed = client.get(job["file"], headers=headers)
    assert streamed.status_code == 200
    return _read(streamed)
