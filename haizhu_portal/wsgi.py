import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "haizhu_portal.settings")
application = get_wsgi_application()

# Import every view, and the open-data API's schemas, while the worker boots instead of during the
# first visitor's request: about 0.3 s per worker, most of it building the API's pydantic models.
get_resolver().url_patterns

# What the boot made lives as long as the worker: kept out of the cyclic garbage collector's sight, its
# oldest generation no longer walks some 150,000 objects, a pause of about 60 ms every fifty or so
# requests, whichever request it falls on (benchmarks/gc_pauses.py).
gc.collect()
gc.freeze()
