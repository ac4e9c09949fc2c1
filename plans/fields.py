"""Model fields whose values are sealed with the open plan's data key.

Each field behaves like its ordinary Django counterpart in Python and in
forms (choices, max_length, validation), but its column is ``text`` holding
``v1:<base64 of nonce, ciphertext and tag>``. The value is encoded as JSON
first, so ``None``, numbers, dates and decimals come back as they went in,
and an empty answer looks like any other in the database.

Sealed values cannot be searched or sorted by the database: filter on
plain columns (the plan, the clinic, dates) and sort in Python.
"""

import datetime
import decimal
import json

from django.db import models

from . import crypto


def seal_value(value, key: bytes, context: str) -> str:
    """Seal a Python value (str, int, date, Decimal, dict, list or None)."""
    if isinstance(value, datetime.date):
        value = value.isoformat()
    elif isinstance(value, decimal.Decimal):
        value = str(value)
    return crypto.seal(json.dumps(value, separators=(",", ":")), key, context)


def open_value(stored: str, key: bytes, context: str):
    """The JSON-decoded value; the field's ``to_python`` restores its type."""
    return json.loads(crypto.open_sealed(stored, key, context))


class SealedMixin:
    """Seal on the way to the database, open on the way back."""

    def contribute_to_class(self, cls, name, *args, **kwargs):
        super().contribute_to_class(cls, name, *args, **kwargs)
        self.seal_context = f"{cls._meta.label_lower}.{name}"

    def get_internal_type(self) -> str:
        return "TextField"

    def get_db_prep_save(self, value, connection):
        if hasattr(value, "as_sql"):
            return value
        return self.get_db_prep_value(value, connection, prepared=False)

    def get_db_prep_value(self, value, connection, prepared=False):
        if not prepared:
            value = self.get_prep_value(value)
        return seal_value(value, crypto.current_key(), self.seal_context)

    def from_db_value(self, value, expression, connection):
        if value is None:  # a row made before the column existed
            return self.to_python(None)
        try:
            return self.to_python(open_value(value, crypto.current_key(), self.seal_context))
        except crypto.WrongKey:
            # A save from another device, under way while this plan got a new
            # data key, was sealed under the key it replaced.
            replaced = crypto.replaced_key.get()
            if replaced is None:
                raise
            return self.to_python(open_value(value, replaced, self.seal_context))

    def get_lookup(self, lookup_name):
        raise TypeError(f"{self.seal_context} is sealed: the database cannot search it")


def sealed_fields(model) -> list[models.Field]:
    """The model's columns that hold sealed values."""
    return [field for field in model._meta.concrete_fields if isinstance(field, SealedMixin)]


class SealedCharField(SealedMixin, models.CharField):
    pass


class SealedTextField(SealedMixin, models.TextField):
    pass


class SealedPositiveSmallIntegerField(SealedMixin, models.PositiveSmallIntegerField):
    @property
    def validators(self):
        # IntegerField looks its range up by internal type, which is text here.
        return [*self._validators, *self.default_validators]

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": 0, "max_value": 32767, **kwargs})


class SealedDateField(SealedMixin, models.DateField):
    pass


class SealedDecimalField(SealedMixin, models.DecimalField):
    pass


class SealedJSONField(SealedMixin, models.JSONField):
    def to_python(self, value):
        return value


class SealedURLField(SealedMixin, models.URLField):
    pass
