"""Serve the chart library that npm installed, without copying it into the repository."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

# Only the files pages load: collectstatic would otherwise copy npm's whole dist folder,
# source maps and all. Static path prefix → (folder under node_modules, file names).
NODE_ASSETS = {
    "echarts": ("echarts/dist", ("echarts.common.min.js",)),
}


class NodeModulesFinder(BaseFinder):
    """Find the files of ``NODE_ASSETS`` in ``node_modules/`` once ``npm ci`` installed them."""

    def __init__(self, *args, **kwargs) -> None:
        self.storages: dict[str, tuple[FileSystemStorage, tuple[str, ...]]] = {}
        for prefix, (folder, names) in NODE_ASSETS.items():
            storage = FileSystemStorage(location=settings.BASE_DIR / "node_modules" / folder)
            storage.prefix = prefix
            self.storages[prefix] = (storage, names)

    def find(self, path: str, find_all: bool = False, **kwargs):
        """Return the absolute path of ``path`` (a list of it when ``find_all``), if present."""
        prefix, _slash, name = path.partition("/")
        storage, names = self.storages.get(prefix, (None, ()))
        found = []
        if name in names and storage.exists(name):
            found.append(storage.path(name))
        if find_all:
            return found
        return found[0] if found else []

    def list(self, ignore_patterns):
        """Yield each present file with the storage that holds it, for collectstatic."""
        for storage, names in self.storages.values():
            for name in names:
                if storage.exists(name):
                    yield name, storage
