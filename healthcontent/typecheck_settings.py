"""Settings for mypy's Django plugin: the real settings, loadable without any environment.

The plugin imports the settings to learn the installed apps and models; production settings
refuse to load without a secret key and a shared quota store, which a type check has no use for.
"""

import os

os.environ.setdefault("SECRET_KEY", "typecheck-only-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("ALLOW_PER_PROCESS_QUOTAS", "true")

from healthcontent.settings import *  # noqa: E402,F403
