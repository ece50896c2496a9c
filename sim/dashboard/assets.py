"""The dashboard's browser assets, installed for machines without access to a CDN.

Solara's page loads its front end (the Vuetify app, RequireJS, Font Awesome) through a proxy that
fetches from a CDN and caches the files under `sys.prefix/share/solara/cdn/`. On a machine that
reaches only the package registries, this module fills that cache from the npm registry with
`npm pack`, reading the packages and versions off the page template of the installed Solara, so
that `partnersim app` works offline. `make` runs it after installing the package:

    python -m sim.dashboard.assets  # install what is missing; prints what it did
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = re.compile(r"\{\{\s*cdn\s*\}\}/((?:@[\w.-]+/)?[\w.-]+@[\w.-]+)/")


def cache_directory() -> Path:
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


def needed() -> list[str]:
    """`name@version` of every package the installed Solara's page template loads."""
    import solara.server
    from solara.server import settings

    template = Path(solara.server.__file__).parent / "templates" / "solara.html.j2"
    found = set(PACKAGE.findall(template.read_text(encoding="utf-8")))
    fontawesome = settings.assets.fontawesome_path.strip("/").split("/")[0]
    if "@" in fontawesome:
        found.add(fontawesome)
    return sorted(found)


def install(packages: list[str] | None = None, quiet: bool = False) -> list[str]:
    """Unpack each missing package into the CDN cache; return those installed."""
    cache = cache_directory()
    missing = [spec for spec in (packages or needed()) if not (cache / spec).is_dir()]
    if not missing:
        return []
    npm = shutil.which("npm")
    if npm is None:
        print(
            "partnersim: npm not found; the dashboard will load its front end from a CDN",
            file=sys.stderr,
        )
        return []
    installed = []
    with tempfile.TemporaryDirectory() as scratch:
        for spec in missing:
            result = subprocess.run(
                [npm, "pack", spec, "--silent"], cwd=scratch, capture_output=True, text=True
            )
            if result.returncode != 0:
                print(
                    f"partnersim: npm pack {spec} failed: {result.stderr.strip()}", file=sys.stderr
                )
                continue
            archive = Path(scratch) / result.stdout.strip().splitlines()[-1]
            target = cache / spec
            staging = Path(scratch) / "unpacked"
            with tarfile.open(archive) as tar:
                tar.extractall(staging, filter="data")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(staging / "package"), target)
            shutil.rmtree(staging, ignore_errors=True)
            installed.append(spec)
            if not quiet:
                print(f"partnersim: installed {spec} into {cache}")
    return installed


if __name__ == "__main__":
    done = install()
    if not done:
        print(f"partnersim: dashboard assets present in {cache_directory()}")
