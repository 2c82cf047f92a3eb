"""Every blueprint the app serves, registered by the factory in this order."""

from tracker.agreements.views import bp as agreements
from tracker.dashboards.views import bp as dashboards
from tracker.home.views import bp as home
from tracker.ops.health import bp as ops
from tracker.users.views import bp as users

BLUEPRINTS = [home, ops, users, agreements, dashboards]
