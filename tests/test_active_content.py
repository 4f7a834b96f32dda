from __future__ import annotations

import mimetypes

import pytest

from django_chained import active_content
from django_chained.conf import ACTIVE_CONTENT_EXTENSIONS

# Names that must never be stored as they are, whatever the machine's tables say: the list before
# the default was derived from MIME tables, plus what the "Hostile input" issue found missing.
MUST_HAVE = (
    "htm", "html", "shtm", "shtml", "stm", "xht", "xhtml", "xhtm", "mht", "mhtml", "htc", "hta",
    "svg", "svgz", "xml", "xsl", "xslt", "rdf", "dtd", "atom", "rss", "mml", "xul",
    "js", "mjs", "cjs", "es", "jsx", "css", "wasm", "swf",
    "php", "php3", "php4", "php5", "php7", "phar", "pht", "phtml", "phps",
    "asp", "aspx", "jsp", "cgi", "pl", "py", "sh", "htaccess", "htpasswd",
    "appcache", "manifest", "webmanifest",
)  # fmt: skip


class TestIsActiveType:
    @pytest.mark.parametrize(
        "mime_type",
        [
            "text/html",
            "TEXT/HTML; charset=utf-8",
            "application/xhtml+xml",
            "image/svg+xml",
            "text/xml",
            "application/xml",
            "application/atom+xml",
            "application/x-rss+xml",
            "application/mathml+xml",
            "text/mathml",
            "application/vnd.mozilla.xul+xml",
            "text/xul",
            "application/xml-dtd",
            "application/xml-external-parsed-entity",
            "text/javascript",
            "application/javascript",
            "application/x-javascript",
            "application/ecmascript",
            "text/x-ecmascript",
            "text/jscript",
            "text/livescript",
            "text/javascript1.5",
            "text/css",
            "application/wasm",
            "text/x-component",
            "application/hta",
            "application/x-shockwave-flash",
            "message/rfc822",
            "text/cache-manifest",
            "application/manifest+json",
            "application/x-httpd-php",
        ],
    )
    def test_script_capable_types(self, mime_type):
        assert active_content.is_active_type(mime_type)

    @pytest.mark.parametrize(
        "mime_type",
        [
            "image/png",
            "image/jpeg",
            "application/pdf",
            "text/plain",
            "text/vtt",
            "text/csv",
            "application/json",
            "application/zip",
            "application/octet-stream",
            "video/mp4",
            # "xml" inside a name that is not an XML type: zipped office documents stay uploads.
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.sun.xml.writer",
            "application/vnd.syncml.dm+wbxml",
            "application/xmlfoo",
            "",
        ],
    )
    def test_passive_types(self, mime_type):
        assert not active_content.is_active_type(mime_type)


def _builtin_table_active() -> set[str]:
    table = mimetypes.MimeTypes()
    names = [*table.types_map[True], *table.types_map[False]]
    return {
        name.lstrip(".").lower()
        for name in names
        if active_content.is_active_type(_type(table, name))
    }


def _type(table: mimetypes.MimeTypes, extension: str) -> str:
    return table.guess_type(f"x{extension}", strict=False)[0] or ""


@pytest.fixture
def machine_table(monkeypatch):
    """Replace this machine's ``mimetypes`` table by one holding only what the test adds."""
    table = mimetypes.MimeTypes()
    for strict in (True, False):
        table.types_map[strict].clear()
    monkeypatch.setattr(mimetypes, "_db", table)
    monkeypatch.setattr(mimetypes, "inited", True)
    monkeypatch.setattr(mimetypes, "types_map", table.types_map[True])
    monkeypatch.setattr(mimetypes, "common_types", table.types_map[False])
    monkeypatch.setattr(mimetypes, "suffix_map", {})
    return table


class TestDefault:
    def test_every_builtin_table_active_extension_is_in_the_default(self):
        builtin = _builtin_table_active()
        assert {"html", "svg", "js", "xml", "css", "wasm", "swf"} <= builtin
        assert builtin <= set(ACTIVE_CONTENT_EXTENSIONS)

    def test_svgz_found_through_the_suffix_map(self):
        assert "svgz" in active_content.builtin_active_extensions()

    @pytest.mark.parametrize("name", MUST_HAVE)
    def test_must_have_names(self, name):
        assert name in ACTIVE_CONTENT_EXTENSIONS

    @pytest.mark.parametrize(
        "name", ["jpg", "png", "pdf", "txt", "docx", "xlsx", "json", "vtt", "zip"]
    )
    def test_ordinary_uploads_stay(self, name):
        assert name not in ACTIVE_CONTENT_EXTENSIONS

    def test_sorted_lower_case_without_dots(self):
        assert list(ACTIVE_CONTENT_EXTENSIONS) == sorted(set(ACTIVE_CONTENT_EXTENSIONS))
        assert all(
            n == n.lower() and not n.startswith(".") for n in ACTIVE_CONTENT_EXTENSIONS
        )

    def test_every_web_server_entry_is_active(self):
        # The table records what servers map names to; an entry whose type is harmless is a mistake.
        names = {e.lstrip(".") for e in active_content.WEB_SERVER_TYPES}
        assert active_content.web_server_active_extensions() == names


class TestMachineTable:
    def test_an_empty_machine_table_removes_nothing(self, machine_table):
        default = set(active_content.default_active_extensions())
        assert set(MUST_HAVE) <= default
        assert _builtin_table_active() <= default
        assert active_content.machine_active_extensions() == set()

    def test_machine_mappings_to_active_types_are_added(self, machine_table):
        machine_table.add_type("application/vnd.example+xml", ".exmpl")
        machine_table.add_type("text/html", ".pagex", strict=False)
        machine_table.add_type("image/png", ".picx")
        assert active_content.machine_active_extensions() == {"exmpl", "pagex"}
        default = active_content.default_active_extensions()
        assert {"exmpl", "pagex"} <= set(default)
        assert "picx" not in default

    def test_machine_suffix_map_is_followed(self, machine_table, monkeypatch):
        machine_table.add_type("text/html", ".pagex")
        monkeypatch.setattr(machine_table, "suffix_map", {".pgz": ".pagex.gz"})
        monkeypatch.setattr(mimetypes, "suffix_map", machine_table.suffix_map)
        assert active_content.machine_active_extensions() == {"pagex", "pgz"}

    def test_builtin_table_ignores_the_machine(self, machine_table):
        machine_table.add_type("text/html", ".picx")
        assert "picx" not in active_content.builtin_active_extensions()
        assert active_content.builtin_active_extensions() == _builtin_table_active() | {
            "svgz"
        }
