"""The platform under every app: nothing here knows a domain word (stage, project, proposal...).

- ``paris``, ``formats``: Paris dates and French formatting (dates, numbers);
- ``text``, ``highlight``: French text (folding, stemming, StreamField to text, ``<mark>`` excerpts);
- ``generation``, ``purge``: the content generation, and every change that bumps it;
- ``pagecache``, ``shared``: the anonymous page cache and the data shared between requests, both kept under the
  generation (the registry of ``docs/architecture.md``);
- ``visibility``: the one rule for "is this page public";
- ``upsert``: create-or-update by a natural key, for the demo loaders and the importers.
"""
