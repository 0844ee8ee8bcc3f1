"""Documentation that must not drift from the code."""

from __future__ import annotations

from pathlib import Path

from clinicite.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_setting_is_documented():
    documented = (ROOT / "docs" / "configuration.md").read_text()
    missing = [name for name, field in Settings.model_fields.items()
               if f"`CLINICITE_{name.upper()}`" not in documented or field.description in (None, "")]
    assert not missing, f"document these settings in docs/configuration.md: {missing}"


def test_readme_opens_with_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```bash", 1)[1].split("```", 1)[0]
    assert "clinicite up" in first_block and "bash .ci/run" in first_block
    assert "bash .ci/run" in (ROOT / ".ci" / "run").read_text() or "pytest" in (ROOT / ".ci" / "run").read_text()


def test_every_command_is_in_the_readme():
    from clinicite.cli import app
    readme = (ROOT / "README.md").read_text()
    names = [command.name or command.callback.__name__ for command in app.registered_commands]
    missing = [name for name in names if f"clinicite {name}" not in readme]
    assert not missing, f"describe these commands in README.md: {missing}"
