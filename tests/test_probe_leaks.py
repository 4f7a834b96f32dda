"""Django leaks on the live site: debug pages, the admin at /admin/, open media."""

from __future__ import annotations

import ssl

from django_chained.probe import messages as m
from django_chained.probe.http import Client
from django_chained.probe.leaks import (
    BOGUS_HOST,
    admin_messages,
    debug_messages,
    media_messages,
)
from django_chained.probe.project import ProjectFacts
from django_chained.probe.target import Target
from tests.servers import Answer, StubSite, free_port

TECHNICAL = (
    b"<p>You're seeing this error because you have <code>DEBUG = True</code></p>"
)


def client_for(site):
    return Client(
        Target("127.0.0.1", site.port, free_port(), timeout=5),
        ssl.create_default_context(),
    )


def url(site, path):
    return f"http://127.0.0.1:{site.port}{path}"


def debug_site(missing_page, bad_host_page):
    def root(headers):
        if headers["host"] == BOGUS_HOST:
            return bad_host_page
        return (200, [], b"home")

    return StubSite({"/": root}, default=missing_page)


def test_production_error_pages_pass():
    with debug_site((404, [], b"Not Found"), (400, [], b"Bad Request (400)")) as site:
        assert debug_messages(client_for(site), "http") == []


def test_technical_404_and_500_pages():
    with debug_site((404, [], TECHNICAL), (400, [], TECHNICAL)) as site:
        found = debug_messages(client_for(site), "http")
        missing_path = site.requests[0][1]
    assert missing_path.startswith("/django-chained-probe-")
    assert found == [
        m.w080_technical_404(url=url(site, missing_path)),
        m.w081_technical_500(url=f"{url(site, '/')} (Host: {BOGUS_HOST})"),
    ]


def test_unreachable_site_leaks_nothing():
    target = Target("127.0.0.1", free_port(), free_port(), timeout=1)
    client = Client(target, ssl.create_default_context())
    assert debug_messages(client, "http") == []
    assert admin_messages(client, "http") == []


def test_admin_redirecting_to_its_login_at_the_default_url():
    routes = {"/admin/": (302, [("Location", "/admin/login/?next=/admin/")], b"")}
    with StubSite(routes) as site:
        assert admin_messages(client_for(site), "http") == [
            m.w082_admin_default_url(url=url(site, "/admin/"))
        ]


def test_admin_login_page_at_the_default_url():
    page = b'<h1 id="site-name">Django administration</h1>'
    with StubSite({"/admin/": (200, [], page)}) as site:
        assert [x.id for x in admin_messages(client_for(site), "http")] == [
            "django_chained.W082"
        ]


def test_other_pages_at_admin_are_not_the_admin():
    with StubSite({"/admin/": (200, [], b"<h1>Our admin team</h1>")}) as site:
        assert admin_messages(client_for(site), "http") == []
    with StubSite({}) as site:
        assert admin_messages(client_for(site), "http") == []


LISTING = b"<html><head><title>Index of uploads/</title></head></html>"


def test_listing_under_an_upload_directory():
    facts = ProjectFacts(media_path="/media", media_dirs=("uploads/",))
    with StubSite({"/media/uploads/": (200, [], LISTING)}) as site:
        assert media_messages(client_for(site), "http", facts) == [
            m.w660_media_listing(url=url(site, "/media/uploads/"))
        ]


def test_guessable_files_served_to_anyone():
    facts = ProjectFacts(
        media_path="/media/",
        media_files=("uploads/invoice 1.pdf", "cv.pdf", "gone.txt"),
    )
    routes: dict[str, Answer] = {
        "/media/uploads/invoice%201.pdf": (200, [], b"%PDF"),
        "/media/cv.pdf": (200, [], b"%PDF"),
    }
    with StubSite(routes) as site:
        found = media_messages(client_for(site), "http", facts)
        methods = {method for method, _, _ in site.requests if method != "GET"}
    assert found == [
        m.w661_media_guessable(url=url(site, "/media/uploads/invoice%201.pdf")),
        m.w661_media_guessable(url=url(site, "/media/cv.pdf")),
    ]
    assert methods == {"HEAD"}


def test_at_most_five_guessable_files_are_reported():
    names = tuple(f"f{i}.txt" for i in range(8))
    facts = ProjectFacts(media_path="/m/", media_files=names)
    with StubSite({f"/m/{n}": (200, [], b"x") for n in names}) as site:
        assert len(media_messages(client_for(site), "http", facts)) == 5


def test_closed_media_passes():
    facts = ProjectFacts(media_path="/media/", media_files=("a.txt",))
    with StubSite({"/media/": (200, [], b"<h1>Media</h1>")}) as site:
        assert media_messages(client_for(site), "http", facts) == []


def test_media_on_another_host_is_not_probed():
    with StubSite({}) as site:
        assert media_messages(client_for(site), "http", ProjectFacts()) == []
        assert site.requests == []
