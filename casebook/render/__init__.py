"""Page generation: plain Python that turns the related records into page
bodies (`pages.plan`), callable without MkDocs; the hooks only adapt it."""
