"""The console's Administration tab: a page per area (users, teams, categories and rules, SLA
policies, calendars, canned responses, the diagnostics catalogue, the audit log), each a table
and an edit form over `shared.services.admin`. Pages show only to those whose role holds the
page's permission; every load and save runs off the GUI thread through `Ops.run`."""
