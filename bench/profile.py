"""Profiles one URL in-process with pyinstrument, representation cache off (`make bench-profile`).

DATABASE_URL=postgres://.../bench_large python -m bench.profile /api/v1/symptoms/<slug>/
PROFILE_ALL=1 shows the frames of Django, DRF and the libraries too.
"""

import argparse
import os

import django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path")
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "profile-only")
    os.environ["API_REPRESENTATION_CACHE"] = "false"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    django.setup()

    from django.test import Client
    from pyinstrument import Profiler

    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get(args.path).status_code == 200, f"{args.path} does not answer 200"
    profiler = Profiler(interval=0.0005)
    with profiler:
        for _ in range(args.requests):
            client.get(args.path)
    show_all = bool(os.environ.get("PROFILE_ALL"))
    print(profiler.output_text(unicode=False, color=False, show_all=show_all))


if __name__ == "__main__":
    main()
