import sys

from labinovasi.cli import main

sys.exit(main())
