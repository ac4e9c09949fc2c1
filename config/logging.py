import logging
import re
from collections.abc import Mapping

# A plan's resume link carries its secret token in the path.
PRIVATE_PATH = re.compile(r"(/plan/resume/)[^/\s\"?]+")


def redact(text: str) -> str:
    return PRIVATE_PATH.sub(r"\1[redacted]", text)


class RedactPrivatePaths(logging.Filter):
    """Remove secret tokens from log records before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if isinstance(record.args, Mapping):
            args = record.args.items()
            record.args = {k: redact(v) if isinstance(v, str) else v for k, v in args}
        elif record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        # A traceback can quote the path too (in an exception's message).
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True
