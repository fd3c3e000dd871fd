"""Stage 4, render: values to text, the only stage that imports rich (and only inside functions).

console (the one console factory and colour policy) -> tables (the Table intermediate as rich,
plain, TSV, CSV, JSON or Markdown) -> output (the listings' entry point); findings (validate),
review (diff and summary), jsonout (stable JSON), cells (text made safe for each format),
overdue_json (the cached rows of `overdue --format json`).
"""
