"""Import every model so metadata (and Alembic) sees the whole schema."""

from tracker.agreements.models import (  # noqa: F401
    Agreement,
    AgreementExtension,
    AgreementParty,
    EditNoticeRead,
    Field,
    Responsibility,
)
from tracker.api.models import ApiToken  # noqa: F401
from tracker.attachments.models import Attachment  # noqa: F401
from tracker.audit.models import AuditEvent  # noqa: F401
from tracker.calendar.models import CalendarFeed  # noqa: F401
from tracker.consent.models import ChangeDecision, ChangeRequest  # noqa: F401
from tracker.idempotency.models import SubmissionKey  # noqa: F401
from tracker.monev.models import Monev, MonevFieldInput, RenewalDecision  # noqa: F401
from tracker.ops.models import Heartbeat  # noqa: F401
from tracker.parties.models import Agency, Party  # noqa: F401
from tracker.programs.models import Programme  # noqa: F401
from tracker.progress.models import ProgressEntry  # noqa: F401
from tracker.progress.totals import ProgrammeTotals  # noqa: F401
from tracker.proposals.models import (  # noqa: F401
    Proposal,
    ProposalDocument,
    ProposalField,
    ProposalStage,
)
from tracker.publication.models import Publication, PublicPhoto  # noqa: F401
from tracker.register.models import RegisterEntry  # noqa: F401
from tracker.reminders.models import (  # noqa: F401
    Acknowledgement,
    OutboxMail,
    ReminderLog,
    ReminderSettings,
)
from tracker.users.models import User  # noqa: F401
