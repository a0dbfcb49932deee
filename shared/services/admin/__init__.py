"""Administration: the set-up of a desk (users, teams, categories and rules, SLA policies,
calendars, canned responses) and the audit log. One module per area; every change is audited
with who, what, and the values before and after. The console's Administration tab and
`helpdesk admin` both call these functions."""
