"""WSGI entry point: `flask --app app run`, or `gunicorn app:app`."""
from resolutions.web import create_app

app = create_app()
