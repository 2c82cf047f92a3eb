"""The installable app: manifest, service worker and the pages an officer needs without a signal."""
