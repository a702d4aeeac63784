from django.urls import path

from . import views

ONE = "animer/<int:workshop_id>/donnees-personnelles/<int:participant_id>/"

app_name = "privacy"
urlpatterns = [
    path("j/<str:code>/donnees-personnelles/", views.notice, name="notice"),
    path("p/<int:workshop_id>/mes-donnees/", views.my_data, name="my_data"),
    path("p/<int:workshop_id>/mes-donnees.json", views.my_data_json, name="my_data_json"),
    path("animer/<int:workshop_id>/donnees-personnelles/", views.people, name="people"),
    path(ONE, views.person, name="person"),
    path(f"{ONE}export/", views.export, name="export"),
    path(f"{ONE}effacer-<slug:what>/", views.erase, name="erase"),
    path("donnees-personnelles/", views.organisations, name="organisations"),
    path("donnees-personnelles/<slug:slug>/", views.organisation, name="organisation"),
    path("donnees-personnelles/<slug:slug>/registre.ods", views.record_download, name="record"),
]
