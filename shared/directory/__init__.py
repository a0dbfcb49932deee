"""Signing in with the company directory (LDAP / Active Directory) and two-factor codes (TOTP).

`ldap` talks to the directory, `mapping` turns its groups into a role and teams, `accounts`
creates and updates local accounts from directory entries (sign-in and sync), `totp` holds the
one-time-code rules and `vault` encrypts the TOTP secrets at rest.
"""
