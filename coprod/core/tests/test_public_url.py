"""COPROD_PUBLIC_URL: on a server, the only host answered and the base of every link that leaves
the screen (the board's join link and QR code, the board link to copy, the share page); without
it, a laptop's pages give the address they were opened at."""

import http.client
import json

import pytest
from django.urls import reverse

from coprod import config
from coprod.core import testserver
from coprod.live import qr
from coprod.restitution.models import Publication

PUBLIC = "https://atelier.parc-vexin.fr"


@pytest.fixture
def public_site(settings, monkeypatch):
    """The settings coprod derives from COPROD_PUBLIC_URL alone."""
    monkeypatch.setenv("COPROD_PUBLIC_URL", PUBLIC)
    for name in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS"):
        monkeypatch.delenv(name, raising=False)
    settings.COPROD_PUBLIC_URL = config.public_url()
    settings.ALLOWED_HOSTS = config.allowed_hosts()
    settings.CSRF_TRUSTED_ORIGINS = config.csrf_trusted_origins()
    settings.DEBUG = False


@pytest.mark.parametrize(
    ("raw", "url"),
    [
        ("https://atelier.parc-vexin.fr", "https://atelier.parc-vexin.fr"),
        (" https://Atelier.Parc-Vexin.fr/ ", "https://atelier.parc-vexin.fr"),
        ("http://10.0.0.5:8000", "http://10.0.0.5:8000"),
        ("https://[2001:db8::1]", "https://[2001:db8::1]"),
    ],
)
def test_the_public_url_is_kept_as_an_origin(monkeypatch, raw, url):
    monkeypatch.setenv("COPROD_PUBLIC_URL", raw)
    assert config.public_url() == url


@pytest.mark.parametrize(
    "raw",
    [
        "atelier.parc-vexin.fr",
        "ftp://atelier.parc-vexin.fr",
        "https://",
        "https://atelier.parc-vexin.fr/coprod",
        "https://atelier.parc-vexin.fr/?x=1",
        "https://atelier.parc-vexin.fr:port",
        "https://user@atelier.parc-vexin.fr",
        "https://atelier parc.fr",
    ],
)
def test_a_malformed_public_url_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("COPROD_PUBLIC_URL", raw)
    with pytest.raises(ValueError, match="COPROD_PUBLIC_URL"):
        config.public_url()


def test_hosts_and_origins_follow_the_public_url(monkeypatch):
    for name in ("ALLOWED_HOSTS", "CSRF_TRUSTED_ORIGINS", "COPROD_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    assert config.allowed_hosts() == ["*"]  # a laptop answers at any address
    assert config.csrf_trusted_origins() == []
    monkeypatch.setenv("COPROD_PUBLIC_URL", "https://atelier.parc-vexin.fr:8443")
    assert config.allowed_hosts() == ["atelier.parc-vexin.fr", "localhost", "127.0.0.1", "[::1]"]
    assert config.csrf_trusted_origins() == ["https://atelier.parc-vexin.fr:8443"]
    # The explicit lists still count, the public URL's names beside them.
    monkeypatch.setenv("ALLOWED_HOSTS", "coprod.interne,localhost")
    monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", "https://coprod.interne")
    assert config.allowed_hosts() == [
        "coprod.interne",
        "localhost",
        "atelier.parc-vexin.fr",
        "127.0.0.1",
        "[::1]",
    ]
    assert config.csrf_trusted_origins() == [
        "https://coprod.interne",
        "https://atelier.parc-vexin.fr:8443",
    ]
    monkeypatch.delenv("COPROD_PUBLIC_URL")
    assert config.allowed_hosts() == ["coprod.interne", "localhost"]


@pytest.mark.django_db
def test_a_foreign_host_is_refused_and_the_loopback_probe_answered(public_site, client, workshop):
    board = f"/tableau/{workshop.pk}/?cle={workshop.board_key}"
    refused = client.get(board, HTTP_HOST="evil.example")
    assert refused.status_code == 400
    assert "Requête refusée" in refused.content.decode()
    assert client.get("/compte/connexion/", HTTP_HOST="evil.example").status_code == 400
    for host in ("atelier.parc-vexin.fr", "localhost", "127.0.0.1:8001", "[::1]:8001"):
        assert client.get("/compte/connexion/", HTTP_HOST=host).status_code == 200, host


def open_board(client, workshop, host: str):
    """The board link opened (its key traded for the board's cookie), then the board."""
    board = f"/tableau/{workshop.pk}/"
    response = client.get(board, {"cle": workshop.board_key}, HTTP_HOST=host, follow=True)
    assert response.status_code == 200
    return response


@pytest.mark.django_db
def test_the_board_gives_the_public_join_link_whatever_it_was_opened_at(
    public_site, client, workshop
):
    join = f"{PUBLIC}/j/{workshop.join_code}/"
    for host in ("atelier.parc-vexin.fr", "127.0.0.1:8001"):
        board = open_board(client, workshop, host)
        corner = client.get(f"/tableau/{workshop.pk}/rejoindre/", HTTP_HOST=host)
        for response in (board, corner):
            markup = response.content.decode()
            assert qr.svg(join) in markup, host
            assert '<p class="host">atelier.parc-vexin.fr</p>' in markup
            assert "127.0.0.1" not in markup


@pytest.mark.django_db
def test_the_laptop_board_gives_the_address_it_was_opened_at(client, workshop, settings):
    settings.COPROD_PUBLIC_URL = ""
    markup = open_board(client, workshop, "192.168.43.10:8000").content.decode()
    assert qr.svg(f"http://192.168.43.10:8000/j/{workshop.join_code}/") in markup
    assert '<p class="host">192.168.43.10:8000</p>' in markup


@pytest.mark.django_db
def test_the_workshop_page_gives_the_public_board_link(public_site, facilitator_client, workshop):
    response = facilitator_client.get(workshop.get_absolute_url(), HTTP_HOST="127.0.0.1:8001")
    path = f"/tableau/{workshop.pk}/?cle={workshop.board_key}"
    assert f'<a href="{path}">{PUBLIC}{path}</a>' in response.content.decode()


@pytest.mark.django_db
def test_the_published_restitution_gives_its_public_link(public_site, facilitator_client, workshop):
    facilitator_client.post(
        reverse("restitution:publish", args=[workshop.pk]), HTTP_HOST="localhost"
    )
    key = Publication.objects.get(workshop=workshop).key
    path = reverse("restitution:public", args=[key])
    response = facilitator_client.get(
        reverse("restitution:workshop", args=[workshop.pk]), HTTP_HOST="localhost"
    )
    assert f'<a href="{path}">{PUBLIC}{path}</a>' in response.content.decode()
    response = facilitator_client.get(
        reverse("restitution:share", args=[key]), HTTP_HOST="localhost"
    )
    assert f'<a href="{PUBLIC}{path}">{PUBLIC}{path}</a>' in response.content.decode()


@pytest.mark.multiprocess
def test_a_server_with_a_public_url_answers_only_its_own_names():
    """The real `coprod serve`, configured by the environment alone: a foreign Host header is
    answered 400, never 500, and the board opened locally still shows the public address."""
    servers = testserver.prepare(extra_env={"COPROD_PUBLIC_URL": PUBLIC})
    try:
        demo = json.loads(servers.manage("demo", "--json"))
        servers.start(1)
        port = servers.ports[0]
        key = servers.manage(
            "shell",
            "-c",
            f"from coprod.workshops.models import Workshop; "
            f"print(Workshop.objects.get(pk={demo['workshop']}).board_key)",
        ).split()[-1]  # after the shell's "N objects imported automatically"
        board = f"/tableau/{demo['workshop']}/"
        for host in ("evil.example", "atelier.parc-vexin.fr.evil.example", f"evil.example:{port}"):
            status, _, body = get(port, f"{board}?cle={key}", host)
            assert status == 400, host
            assert "Requête refusée".encode() in body
        local = f"127.0.0.1:{port}"
        status, headers, _ = get(port, f"{board}?cle={key}", local)
        assert status == 303  # the key traded for the board's cookie
        grant = headers["Set-Cookie"].split(";", 1)[0]
        status, _, body = get(port, board, local, {"Cookie": grant})
        assert status == 200
        assert f"{PUBLIC}/j/".encode() in body
        assert f"127.0.0.1:{port}".encode() not in body
    finally:
        servers.close()


def get(port: int, path: str, host: str, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()
