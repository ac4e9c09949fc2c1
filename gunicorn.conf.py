# Production defaults; override any of them with GUNICORN_CMD_ARGS.
# No access log: request paths can carry a plan's private resume token.
wsgi_app = "config.wsgi:application"
bind = "127.0.0.1:8000"
# Threads, so a worker waiting on a PDF (made in a child process, see
# plans/bounded.py) still answers other requests.
worker_class = "gthread"
workers = 3
threads = 4
accesslog = None
# No control socket: gunicorn 27 would open one shared by every gunicorn on
# the host ($HOME/.gunicorn/gunicorn.ctl) that can stop or reload the server.
control_socket_disable = True
forwarded_allow_ips = "127.0.0.1"
# Request lines and headers have sane limits; bodies are limited by Django
# (DATA_UPLOAD_MAX_MEMORY_SIZE).
limit_request_line = 4094
limit_request_fields = 50

# gunicorn's own error log names request paths ("Error handling request
# /plan/resume/<token>/"), so it goes through the same redaction filter as
# Django's logs.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_private_paths": {"()": "config.logging.RedactPrivatePaths"}},
    "formatters": {
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
        }
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["redact_private_paths"],
            "stream": "ext://sys.stderr",
        }
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["error_console"]},
}
