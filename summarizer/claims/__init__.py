"""Steps 2 and 3, claims: extract them from each article, annotate them, reconcile them across articles."""
