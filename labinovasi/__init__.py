"""Lab Inovasi core: everything that does not need Qt."""

__version__ = "0.1.0"
