"""Chinese search on Pagefind: normalisation, tokenisation, index building.

The pipeline's last step. Records are indexed from `casebook.load` data (not
from scraped HTML) with text that this package tokenised itself; the browser
tokenises queries with a JavaScript port of the same rules
(`docs/assets/search/tokenize.js`), so index and query always agree.
"""
