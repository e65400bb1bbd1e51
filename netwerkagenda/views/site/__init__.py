"""``agenda site``: a self-contained static web dashboard of the programme."""

from __future__ import annotations

from netwerkagenda.views.site.build import Site, build_site, page_path, write_site

__all__ = ["Site", "build_site", "page_path", "write_site"]
