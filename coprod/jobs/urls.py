from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("travaux/<uuid:job_id>/", views.job, name="job"),
    path("travaux/<uuid:job_id>/fichier/", views.download, name="download"),
]
