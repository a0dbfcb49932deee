"""The built-in scheduler: periodic jobs (SLA check, auto-close, silent machines, mail) run by
`helpdesk serve` or `helpdesk scheduler`, each tick exactly once however many processes run it."""
