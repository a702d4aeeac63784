from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("organisations/", views.mine, name="mine"),
    path("organisations/<slug:slug>/equipe/", views.team, name="team"),
    path("organisations/<slug:slug>/reglages/", views.settings_page, name="settings"),
    path("organisations/<slug:slug>/equipe/inviter/", views.invite, name="invite"),
    path("organisations/<slug:slug>/equipe/<int:pk>/role/", views.change_role, name="change_role"),
    path(
        "organisations/<slug:slug>/equipe/<int:pk>/retirer/",
        views.remove_member,
        name="remove_member",
    ),
    path("invitations/<int:pk>/renvoyer/", views.resend, name="resend"),
    path("invitations/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("invitation/", views.invitation, name="invitation"),
]
