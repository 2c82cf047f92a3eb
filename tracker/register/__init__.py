"""The register of agreements (penatausahaan) and the periodic report upward (pelaporan)."""
