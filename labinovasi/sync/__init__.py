"""Laptops that work on one lab: what each record's copy has seen, lab bundles, and merging them.

* :mod:`labinovasi.sync.stamps` — every write through the unit of work stamps the fields it changed with
  this copy's replica id and write clock (``record_sync``), so a later merge can tell an edit made on one
  side only from the same field edited on both sides;
* :mod:`labinovasi.sync.bundle` — a ``.labinovasi`` file: a zip with a manifest, the records as JSON and
  the evidence files; written, and checked before anything in it is used;
* :mod:`labinovasi.sync.merge` — bringing a bundle in, record by record and field by field, with the
  conflicts kept for a person to decide.
"""
