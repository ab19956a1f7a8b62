"""Legal review for a housing company's lawyer: the queue, the reading view, judgments and approval."""
