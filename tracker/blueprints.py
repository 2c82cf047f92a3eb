"""Every blueprint the app serves, registered by the factory in this order."""

from tracker.agreements.views import bp as agreements
from tracker.home.views import bp as home
from tracker.users.views import bp as users

BLUEPRINTS = [home, users, agreements]
