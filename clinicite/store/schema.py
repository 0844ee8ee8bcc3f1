"""All tables, imported in one place so Alembic and tests see the whole schema."""

from clinicite.store import models  # noqa: F401
from clinicite.store.base import Base

for _optional in ("threads", "editorial"):
    try:
        __import__(f"clinicite.store.{_optional}")
    except ModuleNotFoundError as exc:  # a module not written yet during development
        if exc.name != f"clinicite.store.{_optional}":
            raise

metadata = Base.metadata
