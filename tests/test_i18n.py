"""The interface in the languages of ASEAN: the catalogues are complete and fresh, a reader's
language is chosen by ?lang=, the switcher's cookie and Accept-Language, dates and numbers
follow it, and the search's document-language filter moved from ``lang`` to ``language``."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterator
from fnmatch import fnmatch
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from flask import Flask
from flask.testing import FlaskClient

from archive.web import create_app
from archive.web.i18n import LOCALES
from tests.web_library import ASEAN, Library, build_library, parse, text_of

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "archive" / "web" / "translations"
LANGUAGES = [code for code in LOCALES if code != "en"]
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|<[^>]+>")
SCRIPTS = {"th": "THAI", "km": "KHMER", "lo": "LAO", "my": "MYANMAR"}


# -- the catalogues --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The messages marked in the code and templates today, extracted as pybabel does."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    argv = ["pybabel", "extract", "-F", str(ROOT / "babel.cfg"), "-k", "lazy_gettext", "-k", "_l"]
    argv += ["-k", "N_"]  # the core's messages (archive.messages)
    CommandLineInterface().run([*argv, "-o", str(pot), "--no-location", str(ROOT)])
    with pot.open("rb") as f:
        return read_po(f)


def catalogue(code: str) -> Catalog:
    with (TRANSLATIONS / code / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=code)


def ids(catalog: Catalog) -> set[Any]:
    return {message.id for message in catalog if message.id}


def test_enough_is_marked_for_translation(template: Catalog) -> None:
    marked = ids(template)
    assert len(marked) > 150
    for msgid in ("Search", "Download PDF", "Documents", "Previous page", "Not found"):
        assert msgid in marked
    # The core's messages too: the query language, manifests, ingest refusals, the login pause.
    for msgid in (
        "Write a range as [2010 TO 2015] (either end may be left out).",
        "%(where)s: date %(date)s is not YYYY, YYYY-MM or YYYY-MM-DD",
        "encrypted with a user password",
        "programme: not valid JSON at line %(line)s, column %(column)s: %(why)s",
    ):
        assert msgid in marked


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_catalogue_holds_exactly_the_marked_strings(template: Catalog, code: str) -> None:
    po = ids(catalogue(code))
    missing, stale = ids(template) - po, po - ids(template)
    hint = "run the pybabel commands of README: Languages of the interface"
    assert not missing, f"{code}: not in the catalogue ({hint}): {sorted(map(str, missing))[:5]}"
    assert not stale, f"{code}: no longer in the code ({hint}): {sorted(map(str, stale))[:5]}"


def key(msgid: Any) -> Any:
    return tuple(msgid) if isinstance(msgid, list | tuple) else msgid


def forms(message: Any) -> list[str]:
    return list(message.string) if isinstance(message.string, tuple | list) else [message.string]


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_string_is_translated_keeping_placeholders_and_markup(code: str) -> None:
    for message in catalogue(code):
        if not message.id:
            continue
        source = message.id[0] if isinstance(message.id, tuple) else message.id
        assert all(forms(message)), f"{code}: untranslated {source!r}"
        assert not message.fuzzy, f"{code}: fuzzy {source!r}"
        for text in forms(message):
            found, wanted = sorted(PLACEHOLDER.findall(text)), sorted(PLACEHOLDER.findall(source))
            assert found == wanted, f"{code}: {source!r} -> {text!r}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_are_in_the_language_not_copies_of_the_english(code: str) -> None:
    messages = [m for m in catalogue(code) if m.id and not isinstance(m.id, tuple)]
    copied = [m.id for m in messages if m.string == m.id]
    assert len(copied) <= 0.05 * len(messages), f"{code}: left in English: {copied}"
    for message in messages:  # no letter of another script of the region slips in
        for other, script in SCRIPTS.items():
            if other != code:
                assert not any(script in unicodedata.name(c, "") for c in message.string)
    if code in SCRIPTS:
        own = [
            m for m in messages if any(SCRIPTS[code] in unicodedata.name(c, "") for c in m.string)
        ]
        assert len(own) >= 0.9 * len(messages)


@pytest.mark.parametrize("code", LANGUAGES)
def test_compiled_catalogues_match_their_sources(code: str) -> None:
    folder = TRANSLATIONS / code / "LC_MESSAGES"
    with (folder / "messages.mo").open("rb") as f:
        compiled = {key(m.id): forms(m) for m in read_mo(f) if m.id}
    source = {key(m.id): forms(m) for m in catalogue(code) if m.id}
    assert compiled == source, f"{code}: run pybabel compile -d archive/web/translations"


def test_a_wheel_carries_the_catalogues() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = project["tool"]["setuptools"]["package-data"]["archive"]
    package = ROOT / "archive"
    for path in TRANSLATIONS.rglob("messages.*"):
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch(relative, p) for p in patterns), f"{relative} not in package-data"


# -- no English left on the pages ------------------------------------------------------------------

ALLOWED_WORDS = {"PDF", "HTTP", "SHA", "BibTeX", "RIS", "CSL", "JSON", "ZIP", "Atom", "OCR"}


class _VisibleText(HTMLParser):
    """Text nodes and readable attributes of a template, with Jinja taken out first."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "script", "style"):
            self.skip += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "alt", "title") and value:
                self.found.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "script", "style"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.found.append(data)


def english_left(source: str) -> list[str]:
    """Words of a template that are shown to readers without passing through gettext."""
    source = re.sub(r"\{#.*?#\}", "", source, flags=re.S)
    source = re.sub(r"\{%-?\s*trans\b.*?endtrans\s*-?%\}", "", source, flags=re.S)
    source = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "", source, flags=re.S)
    parser = _VisibleText()
    parser.feed(source)
    words = [w.strip("-'") for w in re.findall(r"[A-Za-z][A-Za-z'-]+", " ".join(parser.found))]
    date_formats = re.compile(r"[YMD-]+")  # YYYY-MM-DD is a notation, the same everywhere
    return [w for w in words if w not in ALLOWED_WORDS and not date_formats.fullmatch(w)]


TEMPLATES = sorted((ROOT / "templates").rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_templates_show_no_text_outside_gettext(path: Path) -> None:
    assert english_left(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_english_left_in_a_template() -> None:
    assert english_left('<p>Hello {{ _("Search") }}</p><a aria-label="Close">x</a>') == [
        "Hello",
        "Close",
    ]
    assert english_left("<p>{% trans %}Hi {{ name }}{% endtrans %} <code>a:b</code></p>") == []


# -- choosing the language -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    lib = build_library(tmp_path_factory.mktemp("i18n"))
    yield lib
    lib.archive.close()


@pytest.fixture(scope="module")
def app(library: Library) -> Flask:
    return create_app(
        library.archive.settings, archive=library.archive, test_config={"TESTING": True}
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def html(client: FlaskClient, url: str, status: int = 200, **kwargs: Any) -> str:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', page)
    assert found
    return found.group(1)


def test_english_by_default(client: FlaskClient) -> None:
    page = html(client, "/")
    assert html_lang(page) == "en" and ">Search</button>" in page


@pytest.mark.parametrize(
    ("code", "search"),
    [
        ("th", "ค้นหา"),
        ("id", "Cari"),
        ("ms", "Cari"),
        ("fil", "Maghanap"),
        ("vi", "Tìm kiếm"),
        ("km", "ស្វែងរក"),
        ("lo", "ຄົ້ນຫາ"),
        ("my", "ရှာရန်"),
    ],
)
def test_lang_parameter_sets_the_interface(client: FlaskClient, code: str, search: str) -> None:
    page = html(client, f"/?lang={code}")
    assert html_lang(page) == code
    assert f">{search}</button>" in page


def test_accept_language_picks_indonesian_region_variants_included(client: FlaskClient) -> None:
    headers = {"Accept-Language": "de-DE, id-ID;q=0.9, en;q=0.5"}
    page = html(client, "/search", headers=headers)
    assert html_lang(page) == "id" and "Cara mencari" in page
    assert html_lang(html(client, "/", headers={"Accept-Language": "tl"})) == "fil"
    assert html_lang(html(client, "/", headers={"Accept-Language": "fr, de"})) == "en"


def test_the_switcher_remembers_the_choice_in_a_cookie(client: FlaskClient) -> None:
    page = html(client, "/search?q=pension")
    links = dict((text, href) for href, text in parse(page).links)
    switch = links["ភាសាខ្មែរ" if "ភាសាខ្មែរ" in links else "ខ្មែរ"]
    assert switch.startswith("/language?")
    response = client.get(switch)
    assert response.status_code == 303
    assert response.headers["Location"] == "/search?q=pension"
    assert "archive_lang=km" in response.headers["Set-Cookie"]
    later = html(client, "/", headers={"Accept-Language": "vi"})  # the cookie beats the browser
    assert html_lang(later) == "km"
    assert html_lang(html(client, "/?lang=th")) == "th"  # ?lang= beats the cookie…
    assert html_lang(html(client, "/")) == "th"  # …and is remembered


def test_the_switcher_never_sends_a_reader_to_another_site(client: FlaskClient) -> None:
    for target in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.get("/language", query_string={"lang": "th", "next": target})
        assert response.headers["Location"] == "/"


def test_the_switcher_drops_the_old_choice_from_the_page_it_returns_to(
    client: FlaskClient,
) -> None:
    page = html(client, "/search?q=pension&language=&lang=th")
    links = {href for href, _ in parse(page).links if href.startswith("/language?")}
    vi = next(href for href in links if "lang=vi" in href)
    back = parse_qs(urlsplit(vi).query)["next"][0]
    assert back == "/search?q=pension&language="


def test_an_unknown_language_is_ignored(client: FlaskClient) -> None:
    assert html_lang(html(client, "/?lang=xx", headers={"Accept-Language": "lo"})) == "lo"
    assert html_lang(html(client, "/?lang=<script>")) == "en"


def test_pages_say_they_vary_by_language(client: FlaskClient) -> None:
    response = client.get("/")
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_the_api_stays_english(client: FlaskClient) -> None:
    response = client.get("/api/search?q=pension&page=x", headers={"Accept-Language": "th"})
    assert response.status_code == 400
    assert "page must be a whole number" in response.get_json()["message"]


def test_errors_and_messages_are_translated(client: FlaskClient) -> None:
    bad = html(client, "/search?q=pension&page=x", 400, headers={"Accept-Language": "vi"})
    assert "page phải là số nguyên từ 1 đến" in text_of(bad)
    missing = html(client, "/documents/999999?lang=th", 404)
    assert "<h1>ไม่พบ</h1>" in missing and "ไม่มีเอกสาร 999999 ในคลังเอกสาร" in missing
    client.get("/language?lang=id")
    nowhere = html(client, "/no/such/page?lang=id", 404)
    assert "Tidak ada apa pun di alamat ini" in nowhere


ENGLISH_UI = (
    "Search", "Download", "Documents", "Pages", "Previous", "Next", "Log in", "Cite this",
    "Similar documents", "About this document", "No document", "Sort by", "Filtered", "remove",
    "How to search", "Type", "Year", "Language", "Collection", "Skip to content", "Home",
    "Speech", "Presentation", "Recommendations", "Narrow", "Did you mean", "Creators", "Added",
    "Permanent URL", "Withdrawn", "Reason", "bytes", "November", "Page",
)  # fmt: skip


def pages_to_check(library: Library) -> list[str]:
    report, withdrawn = library.ids["report"], library.ids["withdrawn"]
    return [
        "/", f"/collections/{ASEAN['slug']}", "/search", "/search?q=pension",
        "/search?q=pension&language=th&per_page=1", "/search?q=zzzzqqqq", f"/documents/{report}",
        f"/documents/{report}?q=pension", f"/documents/{report}/view?page=2&q=pension",
        f"/documents/{withdrawn}", "/login", "/nowhere",
    ]  # fmt: skip


@pytest.mark.parametrize("code", ["th", "my"])
def test_no_english_interface_words_remain(
    client: FlaskClient, library: Library, code: str
) -> None:
    client.get(f"/language?lang={code}")
    for url in pages_to_check(library):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert html_lang(page) == code
        # Code examples and the formatted references (English citation styles) are not UI.
        page = re.sub(r'<p class="citation">.*?</p>', "", page, flags=re.S)
        shown = text_of(re.sub(r"<(code|textarea|script)\b.*?</\1>", "", page, flags=re.S))
        for word in ENGLISH_UI:
            assert not re.search(rf"\b{word}\b", shown), (url, word, shown[:3000])
        for tag, attrs in parse(page).elements:
            for name in ("aria-label", "placeholder", "alt"):
                words = set(re.findall(r"[A-Za-z]{3,}", attrs.get(name) or ""))
                assert words <= ALLOWED_WORDS, (url, tag, name, words)


# -- dates and numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "date", "event"),
    [
        ("en", "25 November 2015", "25–26 November 2015"),
        ("th", "25 พฤศจิกายน ค.ศ. 2015", "25–26 พฤศจิกายน 2015"),
        ("vi", "25 tháng 11, 2015", "25–26 tháng 11, 2015"),
        ("id", "25 November 2015", "25–26 November 2015"),
        ("my", "2015 နိုဝင်ဘာ 25", "2015 နိုဝင်ဘာ 25 – 2015 နိုဝင်ဘာ 26"),
    ],
)
def test_dates_follow_the_locale(
    client: FlaskClient, library: Library, code: str, date: str, event: str
) -> None:
    doc = text_of(html(client, f"/documents/{library.ids['report']}?lang={code}"))
    assert date in doc
    collection = text_of(html(client, f"/collections/{ASEAN['slug']}?lang={code}"))
    assert event in collection


def test_numbers_follow_the_locale(client: FlaskClient, library: Library) -> None:
    size = library.doc("report").size
    assert size >= 1000  # so that it has a thousands separator
    english = text_of(html(client, f"/documents/{library.ids['report']}?lang=en"))
    assert f"{size:,} bytes" in english
    indonesian = text_of(html(client, f"/documents/{library.ids['report']}?lang=id"))
    assert f"{size:,} bita".replace(",", ".") in indonesian


# -- the search's language filter is now `language` -----------------------------------------------


def result_count(page: str) -> int:
    found = re.search(r"\b(\d+) documents?\b", text_of(page))
    assert found
    return int(found.group(1))


def test_language_filters_the_search(client: FlaskClient) -> None:
    everything = result_count(html(client, "/search?q=pension"))
    vietnamese = result_count(html(client, "/search?q=pension&language=vi"))
    assert vietnamese == 1 < everything


def test_facet_links_use_language_and_keep_the_interface(client: FlaskClient) -> None:
    client.get("/language?lang=th")
    page = html(client, "/search?q=pension")
    facet_links = [href for href, _ in parse(page).links if "language=" in href]
    assert facet_links and not any("lang=" in h.replace("language=", "") for h in facet_links)
    assert html_lang(html(client, facet_links[0])) == "th"  # the choice went to the cookie


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/search?q=pension&lang=vi", "/search?q=pension&language=vi"),
        ("/search?lang=vi&type=report", "/search?type=report&language=vi"),
        ("/search?lang=de", "/search?language=de"),  # no interface language is called de
    ],
)
def test_old_search_links_with_lang_move_to_language(
    client: FlaskClient, old: str, new: str
) -> None:
    response = client.get(old)
    assert response.status_code == 301
    assert response.headers["Location"] == new


def test_lang_alone_on_the_search_page_is_the_interface(client: FlaskClient) -> None:
    page = html(client, "/search?lang=vi")
    assert html_lang(page) == "vi"
    both = html(client, "/search?q=pension&language=vi&lang=th")  # new-style: both at once
    assert html_lang(both) == "th" and both.count('<li class="result">') == 1


def test_the_api_accepts_both_names_of_the_filter(client: FlaskClient) -> None:
    old = client.get("/api/search?q=pension&lang=vi").get_json()
    new = client.get("/api/search?q=pension&language=vi").get_json()
    assert old["total"] == new["total"] == 1
    both = client.get("/api/search?q=pension&language=vi&lang=th").get_json()
    assert {hit["language"] for hit in both["hits"]} == {"vi"}  # `language` wins


def test_the_openapi_description_names_language_and_marks_lang_deprecated(
    client: FlaskClient,
) -> None:
    spec = client.get("/api/openapi.json").get_json()
    params = {p["name"]: p for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert "language" in params and not params["language"].get("deprecated")
    assert params["lang"]["deprecated"] is True
