"""Build step: ship the top-level templates/ and the sample seminar inside the package.

Both stay at the top of the repository, where they are edited (and where a checkout or an
editable install reads them). A built wheel carries copies in ``archive/web/templates`` and
``archive/sample_docs``, where ``archive.resources`` finds them once installed. Everything
else about the project is declared in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = {
    "templates": ("archive/web/templates", ("*.html", "*/*.html")),
    "sample_docs": ("archive/sample_docs", ("*.pdf", "manifest.csv", "collection.json", "*.md")),
}


class BuildPyWithShared(build_py):
    """``build_py`` that also copies the shared folders into the built package."""

    def run(self) -> None:
        """Build the packages, then copy templates and sample documents beside them."""
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads them from the checkout
        for source, (target, patterns) in SHIPPED.items():
            for pattern in patterns:
                for path in sorted((ROOT / source).glob(pattern)):
                    dest = Path(self.build_lib) / target / path.relative_to(ROOT / source)
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(path, dest)


setup(cmdclass={"build_py": BuildPyWithShared})
