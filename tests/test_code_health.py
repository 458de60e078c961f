"""House rules the code itself must keep: SQL only behind the Archive facade."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_DOORS = [*sorted((ROOT / "archive" / "web").glob("*.py")), ROOT / "archive" / "cli.py"]
QUERY_CALLS = {"select", "execute", "scalar", "scalars", "selectinload", "query", "text"}


def sql_uses(source: str, name: str) -> list[str]:
    """Every place in a module that imports SQLAlchemy, queries, or reaches into the catalog."""
    found = []
    for node in ast.walk(ast.parse(source, filename=name)):
        where = f"{name}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Import) and any(
            a.name.startswith("sqlalchemy") for a in node.names
        ):
            found.append(f"{where} imports sqlalchemy")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
            found.append(f"{where} imports from sqlalchemy")
        elif isinstance(node, ast.Attribute) and node.attr == "catalog":
            found.append(f"{where} reaches into .catalog (use an Archive method)")
        elif isinstance(node, ast.Call) and _called_name(node) in QUERY_CALLS:
            found.append(f"{where} calls {_called_name(node)}()")
    return found


def _called_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def test_views_and_cli_run_no_sql_of_their_own():
    found = [
        use
        for path in FRONT_DOORS
        for use in sql_uses(path.read_text(), str(path.relative_to(ROOT)))
    ]
    assert not found, "SQL outside the Archive facade:\n" + "\n".join(found)


def test_the_scan_catches_a_query_in_a_view():
    """The rule above is only as good as its scanner: a view with a query must be caught."""
    source = (
        "from sqlalchemy import select\n"
        "def page(archive):\n"
        "    with archive.catalog.read() as s:\n"
        "        return s.scalars(select(Doc)).all()\n"
    )
    assert sorted(sql_uses(source, "probe.py")) == [
        "probe.py:1 imports from sqlalchemy",
        "probe.py:3 reaches into .catalog (use an Archive method)",
        "probe.py:4 calls scalars()",
        "probe.py:4 calls select()",
    ]
