from injurydoc.ui.app import main

raise SystemExit(main())
