from injurydoc.cli import main

raise SystemExit(main())
