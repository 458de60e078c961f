"""Settings: declared once, read from the environment, all listed in the README."""

from __future__ import annotations

import dataclasses
import re
import typing
from pathlib import Path

import pytest

from archive.config import SETTINGS, ConfigError, Settings

README = Path(__file__).resolve().parent.parent / "README.md"


def test_defaults_put_all_state_under_the_data_dir(tmp_path: Path) -> None:
    settings = Settings.from_env(env={"ARCHIVE_DATA_DIR": str(tmp_path / "d")})
    data = (tmp_path / "d").resolve()
    assert settings.effective_database_url == f"sqlite:///{data / 'catalog.sqlite3'}"
    for path in (settings.store_path, settings.index_path, settings.incoming_path):
        assert path.parent == data


def test_environment_values_are_parsed_and_checked() -> None:
    settings = Settings.from_env(env={"ARCHIVE_EXTRACT_TIMEOUT": "2.5", "ARCHIVE_PORT": "8080"})
    assert settings.extract_timeout == 2.5
    assert settings.port == 8080
    with pytest.raises(ConfigError, match="ARCHIVE_PORT"):
        Settings.from_env(env={"ARCHIVE_PORT": "zero"})
    with pytest.raises(ConfigError, match="ARCHIVE_INGEST_WORKERS"):
        Settings.from_env(env={"ARCHIVE_INGEST_WORKERS": "0"})


def test_every_setting_has_help_and_is_documented_in_the_readme() -> None:
    readme = README.read_text(encoding="utf-8")
    documented = set(re.findall(r"`(ARCHIVE_[A-Z_]+)`", readme))
    for setting in SETTINGS:
        assert setting.help.strip(), setting.name
        assert setting.env in documented, f"{setting.env} missing from README"


def test_settings_command_prints_effective_values(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    result = CliRunner().invoke(
        main, ["--data-dir", str(tmp_path), "settings"], env={"ARCHIVE_WEB_WORKERS": "3"}
    )
    assert result.exit_code == 0, result.output
    assert "ARCHIVE_WEB_WORKERS=3" in result.output
    assert f"ARCHIVE_DATABASE_URL=sqlite:///{tmp_path.resolve()}" in result.output


def test_settings_command_never_prints_the_secret_key_or_the_database_password(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from archive.cli import main

    key, password = "k3y-" + "x" * 40, "pa55-w0rd/with@signs"
    url = f"postgresql+psycopg://archivist:{password}@db.example/archive?sslmode=require"
    result = CliRunner().invoke(
        main,
        ["--data-dir", str(tmp_path), "settings"],
        env={"ARCHIVE_SECRET_KEY": key, "ARCHIVE_DATABASE_URL": url},
    )
    assert result.exit_code == 0, result.output
    assert key not in result.output and "k3y" not in result.output
    assert "pa55" not in result.output and "w0rd" not in result.output
    assert "ARCHIVE_SECRET_KEY=***" in result.output
    assert "ARCHIVE_DATABASE_URL=postgresql+psycopg://archivist:***@db.example/archive" in (
        result.output
    )


def _parsed_type(parse: object) -> object:
    """What a setting's parser gives: the class itself, or its return annotation."""
    if isinstance(parse, type):
        return parse
    return typing.get_type_hints(parse)["return"]


def test_every_setting_is_a_typed_field_of_settings() -> None:
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    hints = typing.get_type_hints(Settings)
    assert list(fields) == [s.name for s in SETTINGS]
    for setting in SETTINGS:
        assert fields[setting.name].default == setting.default, setting.name
        assert hints[setting.name] == _parsed_type(setting.parse), setting.name
        default_type = typing.get_args(hints[setting.name]) or (hints[setting.name],)
        assert isinstance(setting.default, default_type), setting.name


def test_a_setting_read_from_the_environment_has_its_type() -> None:
    settings = Settings.from_env({"ARCHIVE_PORT": "8080", "ARCHIVE_EXTRACT_TIMEOUT": "7"})
    assert settings.port == 8080 and isinstance(settings.port, int)
    assert settings.extract_timeout == 7.0 and isinstance(settings.extract_timeout, float)
    with pytest.raises(TypeError):
        Settings.from_env({}, no_such_setting=1)
