"""People told in time: notifications composed from the store, kept in it, and delivered by e-mail or webhook.

Every notification is a row of `notifications` with a key that names what it is about (a person's digest of
one day, one escalation to one person, one published report): queueing the same key twice does nothing, so a
re-run never tells anyone twice. Delivery is separate and may fail: a mail server that is down leaves the
rows pending with the error, and the next run sends them.
"""
