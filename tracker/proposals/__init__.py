"""Proposals (usulan kerja sama): from the first idea to the signed KB and PKS (PP 28/2018 Pasal 6(1))."""
