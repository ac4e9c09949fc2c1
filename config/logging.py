import logging
import re

# A plan's resume link carries its secret token in the path.
PRIVATE_PATH = re.compile(r"(/plan/resume/)[^/\s\"?]+")


def redact(text: str) -> str:
    return PRIVATE_PATH.sub(r"\1[redacted]", text)


class RedactPrivatePaths(logging.Filter):
    """Remove secret tokens from log records before any handler writes them."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in args)
        return True
