"""Models of the four papers, each a thin module that writes its terms with :mod:`permqs.model`."""
