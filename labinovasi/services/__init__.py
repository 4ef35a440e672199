"""Use cases called by the window and the command line. They take a :class:`Database`,
work in one session per call, and return plain immutable records (never ORM objects)."""
