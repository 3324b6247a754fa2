"""Read-only pages, one module per page: the chain tree, the overview, goal and indicator pages, the chain
diagram with the traceability matrix, the portfolio mapping and the county comparison.

Every page reads with a fixed number of queries (prefetching and one graph load), whatever the
size of the chain; a test counts them with two data sizes.
"""

from .chain import chain, portfolio
from .comparison import comparison
from .goal import activity_detail, goal_assess, goal_detail
from .imports import import_job, import_upload
from .indicators import indicator_csv, indicator_detail, indicator_list, indicator_xlsx
from .methods import probability_methods
from .overview import overview
from .report import report_page
from .tree import home

__all__ = [
    "activity_detail",
    "chain",
    "comparison",
    "goal_assess",
    "goal_detail",
    "home",
    "import_job",
    "import_upload",
    "indicator_csv",
    "indicator_detail",
    "indicator_list",
    "indicator_xlsx",
    "overview",
    "portfolio",
    "probability_methods",
    "report_page",
]
