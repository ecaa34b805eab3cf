"""The guide's engine: load and validate data/, render the pages. Knows nothing of MkDocs."""
