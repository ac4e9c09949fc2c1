"""The Spanish interface catalogue is complete and safe to use."""

import re
from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/es/LC_MESSAGES/django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(CATALOGUE))


def test_every_interface_string_is_translated_and_none_is_fuzzy(catalogue):
    assert len(catalogue) > 900
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []
    assert [e.msgid for e in catalogue.obsolete_entries()] == []
    for entry in catalogue:
        if entry.msgid_plural:
            assert all(entry.msgstr_plural.get(n) for n in (0, 1)), entry.msgid


def test_translations_keep_every_placeholder(catalogue):
    for entry in catalogue:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        if entry.msgid_plural:
            for form in entry.msgstr_plural.values():
                assert set(PLACEHOLDER.findall(form)) <= set(wanted) | set(
                    PLACEHOLDER.findall(entry.msgid_plural)
                ), entry.msgid
        else:
            assert sorted(PLACEHOLDER.findall(entry.msgstr)) == wanted, entry.msgid


def test_the_catalogue_says_it_is_spanish_with_two_plural_forms(catalogue):
    assert catalogue.metadata["Language"] == "es"
    assert catalogue.metadata["Plural-Forms"].startswith("nplurals=2;")
    assert "charset=UTF-8" in catalogue.metadata["Content-Type"]


def test_the_compiled_catalogue_is_built_not_committed():
    assert CATALOGUE.with_suffix(".mo").is_file()  # make test builds it first
    ignored = (CATALOGUE.parents[3] / ".gitignore").read_text().split()
    assert "*.mo" in ignored
