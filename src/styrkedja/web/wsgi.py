"""WSGI entry point for production servers (gunicorn styrkedja.web.wsgi)."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from styrkedja.web.core.deploy import refuse_demo_secret

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styrkedja.web.settings")
application = get_wsgi_application()
refuse_demo_secret(
    settings.SECRET_KEY,
    settings.DEMO_SECRET_KEY,
    debug=settings.DEBUG,
    demo_allowed=settings.STYRKEDJA_DEMO_KEY,
)
