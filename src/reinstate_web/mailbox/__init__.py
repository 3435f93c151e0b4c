"""Step 6 in the web app: a mailbox connection per seller account, the watcher job that takes
Amazon's answers from it, and what the seller is told (reinstate.mailbox does the IMAP work)."""
