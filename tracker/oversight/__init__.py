"""The Governor's oversight: a province compares the cooperation of its kab/kota (PP 28/2018 Pasal 44(4))."""
