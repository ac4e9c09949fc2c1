"""Every content fixture fits its columns.

SQLite ignores a CharField's max_length; PostgreSQL refuses the whole
fixture. This finds an over-long value on either database, before loading.
"""

from pathlib import Path

import yaml
from django.apps import apps
from django.conf import settings


def fixture_rows():
    for path in sorted(Path(settings.FIXTURE_DIRS[0]).rglob("*.yaml")):
        for row in yaml.safe_load(path.read_text()) or []:
            yield path.relative_to(settings.FIXTURE_DIRS[0]), row


def too_long(rows) -> list[str]:
    found = []
    for path, row in rows:
        model = apps.get_model(row["model"])
        for name, value in row["fields"].items():
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and limit and len(value) > limit:
                found.append(f"{path} {row['model']} pk={row['pk']} {name}: {len(value)} > {limit}")
    return found


def test_every_fixture_value_fits_its_column():
    rows = list(fixture_rows())
    assert len(rows) > 1000
    assert too_long(rows) == []


def test_an_over_long_value_is_found():
    row = {"model": "guide.source", "pk": 1, "fields": {"checked_what": "x" * 301}}
    assert too_long([("guide/sources.yaml", row)]) == [
        "guide/sources.yaml guide.source pk=1 checked_what: 301 > 300"
    ]
