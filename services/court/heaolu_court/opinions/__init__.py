"""Opinions to the court as guardianship authority (custody, contact, guardianship), with the
child heard."""
