"""The portable build's entry point: the same ``labinovasi`` command as an installed app."""

import sys

from ui.launcher import main

if __name__ == "__main__":
    sys.exit(main())
