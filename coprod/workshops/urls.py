from django.urls import path

from . import views

POSTER, CARDS = {"kind": "poster"}, {"kind": "cards"}

app_name = "workshops"
urlpatterns = [
    path("", views.workshop_list, name="list"),
    path("<int:pk>/", views.workshop_detail, name="detail"),
    path("<int:pk>/modifier/", views.workshop_edit, name="edit"),
    path("<int:pk>/equipe/", views.team, name="team"),
    path("<int:pk>/equipe/inviter/", views.team_invite, name="team_invite"),
    path("<int:pk>/equipe/<int:user_id>/retirer/", views.team_remove, name="team_remove"),
    path("<int:pk>/affiche/<str:paper>/", views.printout, POSTER, name="poster"),
    path("<int:pk>/affiche/<str:paper>/pdf/", views.printout_pdf, POSTER, name="poster_pdf"),
    path("<int:pk>/chevalets/<str:paper>/", views.printout, CARDS, name="table_cards"),
    path("<int:pk>/chevalets/<str:paper>/pdf/", views.printout_pdf, CARDS, name="table_cards_pdf"),
]
