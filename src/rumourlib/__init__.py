"""rumourlib: turn scraped football news about manager rumours into tables.

The stages run in one direction: ``ingest`` (files to documents) -> ``clean``
(document to article) -> ``entities`` -> ``claims`` -> ``tables`` -> ``analysis``
-> ``plots``. ``pipeline`` strings them together and ``cli`` exposes them as
the ``rumour`` command.
"""

__version__ = "0.1.0"
