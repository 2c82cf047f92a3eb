"""Every blueprint the app serves, registered by the factory in this order."""

from tracker.agreements.views import bp as agreements
from tracker.api.pages import bp as api_tokens
from tracker.api.setup import bp as api
from tracker.archive.views import bp as archive
from tracker.attachments.views import bp as attachments
from tracker.audit.views import bp as audit
from tracker.calendar.views import bp as calendar
from tracker.consent.views import bp as consent
from tracker.dashboards.views import bp as dashboards
from tracker.home.views import bp as home
from tracker.imports.views import bp as imports
from tracker.monev.views import bp as monev
from tracker.offline.views import bp as offline
from tracker.ops.health import bp as ops
from tracker.oversight.views import bp as province
from tracker.parties.views import bp as parties
from tracker.programs.views import bp as programs
from tracker.progress.views import bp as progress
from tracker.proposals.views import bp as proposals
from tracker.publication.manage import bp as publication
from tracker.publication.routes import bp as public
from tracker.register.views import bp as register
from tracker.reminders.views import bp as reminders
from tracker.reports.views import bp as reports
from tracker.users.views import bp as users

BLUEPRINTS = [home, ops, users, agreements, parties, dashboards, audit, monev, reports, programs, progress, attachments,
              api, api_tokens, reminders, calendar, imports, archive, consent, offline, public, publication,
              proposals, province, register]
