"""Foreign-engineer fast track: programmes, company certification, CoE cases, deadlines."""
