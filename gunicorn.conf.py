# Production defaults; override any of them with GUNICORN_CMD_ARGS.
# No access log: request paths can carry a plan's private resume token.
wsgi_app = "config.wsgi:application"
bind = "127.0.0.1:8000"
workers = 3
accesslog = None
forwarded_allow_ips = "127.0.0.1"
