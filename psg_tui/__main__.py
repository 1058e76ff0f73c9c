from psg_tui.cli import main

raise SystemExit(main())
