"""Post-processing of computed states into the numbers and curves the papers report."""
