from django.urls import path

from . import views

app_name = "live"
urlpatterns = [
    path("p/<int:workshop_id>/", views.phone, name="phone"),
    path("p/<int:workshop_id>/live/", views.phone_live, name="phone_live"),
    path("p/<int:workshop_id>/moi/", views.phone_me, name="phone_me"),
    path("p/<int:workshop_id>/humeur/", views.phone_mood, name="phone_mood"),
    path("p/<int:workshop_id>/carte/", views.phone_identity, name="phone_identity"),
    path("p/<int:workshop_id>/admission/", views.phone_admission, name="phone_admission"),
    path("tableau/<int:workshop_id>/", views.board, name="board"),
    path("tableau/<int:workshop_id>/live/", views.board_live, name="board_live"),
    path("tableau/<int:workshop_id>/rejoindre/", views.board_join, name="board_join"),
    path("animer/<int:workshop_id>/", views.console, name="console"),
    path("animer/<int:workshop_id>/live/", views.console_live, name="console_live"),
    path("animer/<int:workshop_id>/commande/<slug:action>/", views.control, name="control"),
    path(
        "animer/<int:workshop_id>/participants/", views.add_offline_participant, name="add_offline"
    ),
    path(
        "animer/<int:workshop_id>/participants/<int:participant_id>/admission/",
        views.admission,
        name="admission",
    ),
    path(
        "animer/<int:workshop_id>/participants/<int:participant_id>/humeur/",
        views.mood_for,
        name="mood_for",
    ),
]
