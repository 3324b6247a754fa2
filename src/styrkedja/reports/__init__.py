"""Reports: typed report data and renderers. `charts` builds every chart the pages and reports show."""
