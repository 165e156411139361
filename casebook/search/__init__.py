"""Chinese search on a static n-gram index of our own.

The pipeline's last step. Records are indexed from `casebook.load` data (not
from scraped HTML); the browser answers queries from the index files with a
JavaScript port of the same rules (`docs/assets/search/tokenize.js`,
`engine.js`), so index and query always agree.

Modules, in build order: `document` (what is searchable in a record),
`normalize` and `tokenize` (canonical text and query terms), `grams` (the
n-gram rules), `postings` (the index files), `table` (search table and
cards), `build` (all of it into a site); `background` runs the build beside
MkDocs, and `engine` is the Python query engine the browser's is tested against.
"""
