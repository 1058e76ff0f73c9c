"""The core: database, queries, periods, minutes and sample. Never imports Textual."""
