"""The curated public API: every name in ``clinicite.__all__`` is importable, documented, and ours."""

from __future__ import annotations

import inspect
import subprocess
import sys

import clinicite
import clinicite.errors


def test_all_names_exactly_what_is_exported():
    assert set(clinicite.__all__) == {"__version__", *clinicite._EXPORTS}
    assert len(clinicite.__all__) == len(set(clinicite.__all__))


def test_every_exported_member_is_importable_and_documented():
    for name in clinicite.__all__:
        if name == "__version__":
            assert isinstance(clinicite.__version__, str)
            continue
        member = getattr(clinicite, name)
        assert member.__module__.startswith("clinicite."), name
        doc = inspect.getdoc(member) or ""
        # a dataclass's generated "Name(field: type, ...)" is not documentation
        assert doc and not doc.startswith(f"{member.__name__}("), f"{name} has no docstring"
        assert name in dir(clinicite)


def test_every_error_is_exported_and_derives_from_the_base():
    errors = {name for name, value in vars(clinicite.errors).items()
              if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == "clinicite.errors"
              and value.__name__ == name}  # not the deprecated alias
    assert errors <= set(clinicite.__all__)
    assert all(issubclass(getattr(clinicite, name), clinicite.CliniciteError) for name in errors)


def test_the_old_misspelled_base_is_the_same_class():
    assert clinicite.errors.ClinciteError is clinicite.CliniciteError
    assert "ClinciteError" not in clinicite.__all__


def test_unknown_names_raise_attribute_error():
    try:
        clinicite.NoSuchThing  # noqa: B018
    except AttributeError as error:
        assert "NoSuchThing" in str(error)
    else:
        raise AssertionError("clinicite.NoSuchThing did not raise")


def test_importing_the_package_loads_no_stage():
    # `import clinicite` (every CLI start) must not pay for the database, index or web libraries.
    code = "import sys, clinicite; print(sorted(m for m in sys.modules if m.startswith(('clinicite.', 'sqlalchemy'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
