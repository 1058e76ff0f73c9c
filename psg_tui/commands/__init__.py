"""Command-line subcommands. Each module has `register(subparsers)`; handlers take the
parsed arguments and return an exit code. None of them imports Textual."""
