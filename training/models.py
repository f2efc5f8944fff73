"""Training programmes, course runs and enrolments (DESIGN §7): the training issue fills this."""
