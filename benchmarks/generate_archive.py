"""Fill the database of the settings in force with a generated archive (benchmarks/archive.py).

    python benchmarks/generate_archive.py [--issues 500] [--seed 1] [--tags 2000] [--replace]

Run with the project's Python and the environment of the site to fill (DJANGO_SETTINGS_MODULE,
DATABASE_URL, DJANGO_MEDIA_ROOT); without DJANGO_SETTINGS_MODULE, the development settings.
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=500, help="How many issues (500).")
    parser.add_argument("--seed", type=int, default=1, help="Random seed (1).")
    parser.add_argument("--tags", type=int, default=2000, help="Distinct tags (~2000).")
    parser.add_argument("--replace", action="store_true", help="Delete every existing issue first.")
    options = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from benchmarks.archive import ArchiveError, generate_archive

    try:
        generate_archive(options.issues, options.seed, options.tags, options.replace)
    except ArchiveError as error:
        sys.exit(str(error))


if __name__ == "__main__":
    main()
