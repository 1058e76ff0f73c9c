"""The import kinds: one module per family of files, each preparing its files for the pipeline."""
