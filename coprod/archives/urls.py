from django.urls import path

from . import views

app_name = "archives"
urlpatterns = [
    path("ateliers/importer/", views.import_page, name="import"),
    path("ateliers/<int:workshop_id>/archive.zip", views.export, name="export"),
]
