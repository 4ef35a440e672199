"""The Qt window: thin adapters over the ``labinovasi`` core."""
