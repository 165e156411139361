"""Chinese search on Pagefind: normalisation, tokenisation, index building.

The pipeline's last step. Records are indexed from `casebook.load` data (not
from scraped HTML) with text that this package tokenised itself; the browser
tokenises queries with a JavaScript port of the same rules
(`docs/assets/search/tokenize.js`), so index and query always agree.

Modules, in build order: `document` (what is searchable in a record),
`normalize` and `tokenize` (the rules), `build` (staging pages, the Pagefind
CLI), `pagefind_meta` (page names → row numbers), `table` (search table,
character table, cards); `background` runs the build beside MkDocs, and
`measure` holds the recall, precision and byte measurements.
"""
