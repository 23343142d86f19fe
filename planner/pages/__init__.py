"""Pages that show rows of several features (org tree, territories, CMs, candidates), above those features.

Each keeps its feature's blueprint name, so URLs and endpoint names are unchanged.
"""
