"""Reports: Excel monev reports, PDF briefing packs and CSV exports."""
