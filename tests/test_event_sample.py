"""The sample seminar seeded as a librarian would (`archive seed`): its page shows the
programme built from its documents, each talk with its own slides, the speech with its
speaker, and the summaries with their English titles (issue #17)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient
from sqlalchemy import select

from archive.catalog import Document
from archive.cli import main
from archive.config import Settings
from archive.service import Archive
from archive.web import create_app

SAMPLE = Path(__file__).resolve().parent.parent / "sample_docs"


@pytest.fixture(scope="module")
def seeded(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[FlaskClient, dict[str, int]]]:
    data = tmp_path_factory.mktemp("seed") / "data"
    result = CliRunner().invoke(main, ["--data-dir", str(data), "seed", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    archive = Archive.open(Settings.from_env(env={}, data_dir=data))
    with archive.catalog.read() as session:
        ids = {d.original_filename: d.id for d in session.scalars(select(Document))}
    app = create_app(archive.settings, archive=archive, test_config={"TESTING": True})
    yield app.test_client(), ids
    archive.close()


def talk_block(html: str, title: str) -> str:
    start = html.index(f'<span class="talk-title">{title}')
    return html[start : html.index("</li>\n", html.index("</ul>", start))]


def test_each_talk_shows_its_speaker_and_its_own_slides(
    seeded: tuple[FlaskClient, dict[str, int]],
) -> None:
    client, ids = seeded
    html = client.get("/collections/asean-ilo-social-protection-2015").get_data(as_text=True)
    decks = {
        "The state of social protection in ASEAN": "state-of-social-protection-in-asean",
        "Measuring progress: social protection and the SDG indicators": "sdg-indicators",
        "Labour migration in ASEAN: trends and policy issues": "labour-migration-in-asean",
        "Social protection for migrant workers in ASEAN": "social-protection-for-migrant-workers",
    }
    decks = {title: f"presentation-{stem}.pdf" for title, stem in decks.items()}
    linked = {
        f: re.findall(r'href="/documents/(\d+)"', talk_block(html, t)) for t, f in decks.items()
    }
    for file, found in linked.items():
        assert str(ids[file]) in found, file
        others = {str(ids[f]) for f in decks.values() if f != file}
        assert not others & set(found), file  # no other talk's slides
    opening = talk_block(html, "Enhancing social protection in an integrated ASEAN Community")
    assert "Ms Helena Marsh" in opening and "Deputy Regional Director" in opening
    assert f'href="/documents/{ids["opening-speech-ilo.pdf"]}"' in opening
    assert "Special session on migrant workers" in html
    assert "Organised by International Labour Organization" in html


def test_the_thai_summary_shows_its_english_title_beside_the_original(
    seeded: tuple[FlaskClient, dict[str, int]],
) -> None:
    client, ids = seeded
    html = client.get(f"/documents/{ids['summary-th.pdf']}").get_data(as_text=True)
    heading = html[html.index("<h1>") : html.index("</h1>")]
    assert (
        '<span lang="en">Enhancing social protection in an integrated ASEAN Community</span>'
        in heading
    )
    assert 'lang="th">การเสริมสร้างการคุ้มครองทางสังคมในประชาคมอาเซียน</span>' in heading
