"""``flask bench``: a synthetic national data set in a throwaway database, and timings."""
