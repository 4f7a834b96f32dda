"""Print the N-th ``code-block:: sh`` of README's "Quick start" section (1-based)."""

from __future__ import annotations

import re
import sys
from pathlib import Path


def quick_start_commands(readme: str) -> list[str]:
    section = readme.split("Quick start\n===========\n", 1)[1].split("\n=====", 1)[0]
    blocks = re.findall(r"\.\. code-block:: sh\n\n((?:    .*\n)+)", section)
    return [" ".join(line.strip() for line in block.splitlines()) for block in blocks]


if __name__ == "__main__":
    print(
        quick_start_commands(Path(sys.argv[1]).read_text(encoding="utf-8"))[
            int(sys.argv[2]) - 1
        ]
    )
