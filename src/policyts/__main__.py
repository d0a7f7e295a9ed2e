from policyts.cli import main

raise SystemExit(main())
