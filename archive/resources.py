"""Where the app's templates and the sample seminar are: inside the installed package (a
wheel carries copies, see setup.py), or at the top of a checkout, where they are edited."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the repository's root, when running from a checkout


def _first_existing(*candidates: Path) -> Path | None:
    return next((path for path in candidates if path.is_dir()), None)


def templates_dir() -> Path:
    """The Jinja templates: packaged copies in a wheel, else the checkout's templates/."""
    found = _first_existing(PACKAGE / "web" / "templates", CHECKOUT / "templates")
    return found or CHECKOUT / "templates"  # Jinja's TemplateNotFound then names the place


def sample_docs_dir() -> Path | None:
    """The sample seminar's folder (PDFs, manifest.csv, collection.json), if installed."""
    for folder in (PACKAGE / "sample_docs", CHECKOUT / "sample_docs"):
        if (folder / "collection.json").is_file():
            return folder
    return None
