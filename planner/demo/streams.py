"""Independent random streams of the demo bank, all derived from one seed."""

from __future__ import annotations

import random


def stream(seed: int, name: str) -> random.Random:
    """Return the random stream ``name`` of ``seed``.

    One stream per part, so changing how candidates are drawn does not reshuffle the CMs. String seeds are
    hashed with SHA-512 by ``random``, so the streams do not depend on PYTHONHASHSEED.
    """
    return random.Random(f"demo-{seed}-{name}")
