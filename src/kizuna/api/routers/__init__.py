"""One router per domain; each calls the domain packages and the store, never re-implements."""
