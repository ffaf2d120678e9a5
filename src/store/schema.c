/* schema.c - the database schema as versioned migrations (PRAGMA user_version). */
#include "store/schema.h"

/* Triggers that migration 8 drops for its rewrite and creates again, the
 * same text as in the migrations that made them (3 and 5). */
#define APPLICATIONS_REVISION \
"CREATE TRIGGER applications_revision AFTER UPDATE OF updated_at ON applications" \
"  BEGIN UPDATE applications SET revision = OLD.revision + 1 WHERE id = NEW.id; END;"
#define ATTACHMENTS_IMMUTABLE \
"CREATE TRIGGER attachments_immutable BEFORE UPDATE ON attachments" \
"  WHEN OLD.superseded_at IS NOT NULL OR NEW.superseded_at IS NULL" \
"    OR NEW.id IS NOT OLD.id OR NEW.app_id IS NOT OLD.app_id OR NEW.kind IS NOT OLD.kind" \
"    OR NEW.name IS NOT OLD.name OR NEW.mime IS NOT OLD.mime OR NEW.size IS NOT OLD.size" \
"    OR NEW.sha256 IS NOT OLD.sha256 OR NEW.width IS NOT OLD.width OR NEW.height IS NOT OLD.height" \
"    OR NEW.print_id IS NOT OLD.print_id OR NEW.content IS NOT OLD.content" \
"    OR NEW.created_by IS NOT OLD.created_by OR NEW.created_at IS NOT OLD.created_at" \
"  BEGIN SELECT RAISE(ABORT, 'attachments are immutable; only superseded_at is set, once'); END;"

const char *const store_migrations[] = {
/* 1: everything SPEC.md names. Nothing is ever deleted: voiding is a status,
 * replaced attachments keep a superseded_at, the audit log is append-only. */
"CREATE TABLE operators ("
"  id INTEGER PRIMARY KEY,"
"  login TEXT NOT NULL UNIQUE,"
"  display_name TEXT NOT NULL,"
"  role TEXT NOT NULL CHECK (role IN ('clerk','supervisor','admin')),"
"  pw_hash TEXT NOT NULL,"
"  locked INTEGER NOT NULL DEFAULT 0,"
"  locked_at TEXT,"
"  failed_logins INTEGER NOT NULL DEFAULT 0,"
"  must_change_pw INTEGER NOT NULL DEFAULT 0,"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL"
");"
"CREATE TABLE appno_seq (day TEXT PRIMARY KEY, seq INTEGER NOT NULL);"
"CREATE TABLE applications ("
"  id INTEGER PRIMARY KEY,"
"  app_no TEXT NOT NULL UNIQUE,"
"  business_type TEXT NOT NULL DEFAULT 'replacement',"
"  status TEXT NOT NULL DEFAULT 'draft',"
"  created_by INTEGER NOT NULL REFERENCES operators(id),"
"  last_edited_by INTEGER REFERENCES operators(id),"
"  created_at TEXT NOT NULL,"
"  updated_at TEXT NOT NULL,"
"  screen TEXT,"                       /* where the clerk was, for resuming */
"  consent_tos_version TEXT, consent_privacy_version TEXT, consent_at TEXT,"
"  cert_serial TEXT, cert_type TEXT, cert_holder TEXT, cert_valid_from TEXT,"
"  cert_valid_to TEXT, cert_status TEXT,"
"  org_name TEXT, org_doc_type TEXT, org_doc_no TEXT, org_region TEXT,"
"  org_address TEXT, auth_method TEXT,"
"  legal_name TEXT, legal_id TEXT,"
"  agent_name TEXT, agent_id TEXT, agent_mobile TEXT, agent_email TEXT, agent_title TEXT,"
"  applicant_name TEXT, applicant_id TEXT, applicant_mobile TEXT, applicant_email TEXT,"
"  bank_account_name TEXT, bank_name TEXT, bank_code TEXT, bank_account TEXT,"
"  bank_account_confirm TEXT,"
"  mail_region TEXT, mail_address TEXT, mail_postcode TEXT,"
"  invoice_kind TEXT, invoice_purpose TEXT, invoice_title TEXT, invoice_taxid TEXT,"
"  fee_cents INTEGER, pay_method TEXT, pay_status TEXT, pay_order_no TEXT, paid_at TEXT,"
"  idv_method TEXT, idv_status TEXT, idv_session TEXT, idv_at TEXT, idv_by INTEGER,"
"  warnings TEXT,"
"  return_reason TEXT, return_fields TEXT,"
"  claimed_by INTEGER REFERENCES operators(id), claimed_at TEXT,"
"  approved_by INTEGER REFERENCES operators(id), approved_at TEXT,"
"  central_ref TEXT, central_reason TEXT, pin_delivery TEXT, invoice_link TEXT,"
"  carrier TEXT, tracking_no TEXT, revoked_at TEXT, sync_error TEXT"
");"
"CREATE INDEX applications_status ON applications(status, updated_at);"
"CREATE INDEX applications_created ON applications(created_at);"
"CREATE INDEX applications_serial ON applications(cert_serial);"
"CREATE INDEX applications_doc ON applications(org_doc_no);"
"CREATE TABLE status_history ("
"  id INTEGER PRIMARY KEY,"
"  app_id INTEGER NOT NULL REFERENCES applications(id),"
"  from_status TEXT, to_status TEXT NOT NULL,"
"  operator_id INTEGER REFERENCES operators(id),"   /* NULL: the centre (via sync) */
"  actor TEXT NOT NULL,"
"  at TEXT NOT NULL,"
"  reason TEXT"
");"
"CREATE INDEX status_history_app ON status_history(app_id, id);"
"CREATE TABLE attachments ("
"  id INTEGER PRIMARY KEY,"
"  app_id INTEGER NOT NULL REFERENCES applications(id),"
"  kind TEXT NOT NULL,"                 /* form_scan | license_scan */
"  name TEXT NOT NULL, mime TEXT NOT NULL, size INTEGER NOT NULL, sha256 TEXT NOT NULL,"
"  width INTEGER, height INTEGER, print_id INTEGER REFERENCES prints(id),"
"  content BLOB NOT NULL,"
"  created_by INTEGER REFERENCES operators(id), created_at TEXT NOT NULL,"
"  superseded_at TEXT"
");"
"CREATE INDEX attachments_app ON attachments(app_id, kind);"
"CREATE TABLE prints ("
"  id INTEGER PRIMARY KEY,"
"  app_id INTEGER NOT NULL REFERENCES applications(id),"
"  operator_id INTEGER REFERENCES operators(id),"
"  at TEXT NOT NULL, printer TEXT, pdf_path TEXT, sha256 TEXT NOT NULL,"
"  data_hash TEXT NOT NULL,"          /* hash of the values printed: detects later edits */
"  reprint INTEGER NOT NULL DEFAULT 0,"
"  pdf BLOB"
");"
"CREATE TABLE audit_log ("
"  id INTEGER PRIMARY KEY,"
"  at TEXT NOT NULL,"
"  operator_id INTEGER,"
"  actor TEXT NOT NULL,"
"  action TEXT NOT NULL,"
"  object TEXT,"
"  detail TEXT,"
"  prev_hash TEXT NOT NULL,"
"  hash TEXT NOT NULL"
");"
"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
"  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
"  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;"
"CREATE TRIGGER applications_no_delete BEFORE DELETE ON applications"
"  BEGIN SELECT RAISE(ABORT, 'applications are never deleted'); END;"
"CREATE TRIGGER status_history_no_delete BEFORE DELETE ON status_history"
"  BEGIN SELECT RAISE(ABORT, 'status history is never deleted'); END;"
"CREATE TABLE outbox ("
"  id INTEGER PRIMARY KEY,"
"  app_id INTEGER NOT NULL REFERENCES applications(id),"
"  kind TEXT NOT NULL,"                 /* submit | finauth | refund */
"  created_at TEXT NOT NULL,"
"  attempts INTEGER NOT NULL DEFAULT 0,"
"  next_attempt_at TEXT,"
"  last_error TEXT,"
"  done_at TEXT"
");"
"CREATE INDEX outbox_pending ON outbox(done_at, id);"
"CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT);"
"CREATE TABLE cert_cache ("
"  serial TEXT PRIMARY KEY,"            /* as the CA has it: case-sensitive */
"  holder TEXT NOT NULL, cert_type TEXT NOT NULL, valid_from TEXT, valid_to TEXT,"
"  status TEXT NOT NULL, org_name TEXT, org_doc_type TEXT, org_doc_no TEXT,"
"  person_name TEXT, person_id TEXT, fetched_at TEXT NOT NULL"
");"
"CREATE TABLE divisions ("
"  code TEXT PRIMARY KEY,"              /* GB/T 2260, 6 digits */
"  name TEXT NOT NULL,"
"  parent TEXT,"
"  level INTEGER NOT NULL"              /* 1 province, 2 prefecture, 3 county */
");"
"CREATE INDEX divisions_parent ON divisions(parent, code);"
"CREATE TABLE banks ("
"  id INTEGER PRIMARY KEY,"
"  code TEXT UNIQUE,"                   /* CNAPS 12 digits; NULL for head-office rows without one */
"  name TEXT NOT NULL,"
"  aliases TEXT NOT NULL DEFAULT '',"   /* space-separated short names: 工行 工商 */
"  kind TEXT NOT NULL DEFAULT ''"
");"
"CREATE INDEX banks_name ON banks(name);"
"CREATE TABLE holidays (day TEXT PRIMARY KEY, workday INTEGER NOT NULL DEFAULT 0, name TEXT);",
/* 2 (refdata): the bank search index. banks.rank is each bank's place in the
 * result order (head offices first, then shorter names); bank_index holds, per
 * bank at rowid = rank, the one- and two-character grams of its name and
 * aliases (see src/store/refdata.c), so every query walks a rowid-ordered
 * doclist and stops at its limit. Filled by bank_reindex(), not by triggers,
 * so tools like sqlite3(1) never need our code to write banks. */
"ALTER TABLE banks ADD COLUMN rank INTEGER;"
"CREATE UNIQUE INDEX banks_rank ON banks(rank);"
"CREATE VIRTUAL TABLE bank_index USING fts5(grams, content='', columnsize=0, detail=full,"
"  tokenize=\"unicode61 remove_diacritics 0 categories 'L* N* Co M* P* S*'\");",
/* 3 (review): indexes for the order list (我的业务单) filters in created_at
 * order, per status and per clerk, so a page of 100,000 rows stays instant. */
"CREATE INDEX IF NOT EXISTS applications_status_created ON applications(status, created_at);"
"CREATE INDEX IF NOT EXISTS applications_clerk_created ON applications(created_by, created_at);"
/* 主题 is a substring search: a covering index in list order is scanned
 * instead of the wide rows (see orders.c). */
"CREATE INDEX IF NOT EXISTS applications_subject ON applications(created_at, org_name, cert_holder);"
/* revision counts every change of an application (each save and transition
 * sets updated_at; a claim does not), so a supervisor approves only the
 * revision they were shown, even when two edits fall in the same second. */
"ALTER TABLE applications ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;"
APPLICATIONS_REVISION,
/* 4 (audit): the audit head: the id, count and hash of the last audit record, written by
 * store_audit() in the same transaction as the record. Without it a removed
 * or rewritten LAST record would leave a shorter chain that is still valid.
 * The triggers make the ordinary path append-only; audit_verify() does not
 * rely on them (a copy of the file can have them dropped). */
"CREATE TABLE audit_head ("
"  one INTEGER PRIMARY KEY CHECK (one = 1),"
"  last_id INTEGER NOT NULL,"
"  count INTEGER NOT NULL,"
"  hash TEXT NOT NULL"
");"
"INSERT INTO audit_head(one, last_id, count, hash) SELECT 1, COALESCE(MAX(id), 0), COUNT(*),"
"  COALESCE((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '') FROM audit_log;"
"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head"
"  BEGIN SELECT RAISE(ABORT, 'audit_head is never deleted'); END;"
"CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head"
"  WHEN NEW.one IS NOT 1 OR NEW.count IS NOT OLD.count + 1 OR NEW.last_id <= OLD.last_id"
"    OR NEW.hash IS NOT (SELECT hash FROM audit_log WHERE id = NEW.last_id)"
"  BEGIN SELECT RAISE(ABORT, 'audit_head only follows appends'); END;"
"CREATE TRIGGER audit_log_append_at_head BEFORE INSERT ON audit_log"
"  WHEN NEW.id IS NOT (SELECT last_id + 1 FROM audit_head)"
"    OR NEW.prev_hash IS NOT (SELECT hash FROM audit_head)"
"  BEGIN SELECT RAISE(ABORT, 'audit_log rows are appended after the head'); END;",

/* 5 (attach): attachments are never deleted; a stored scan never changes, only its
 * superseded_at is set once; at most one current scan per kind. */
"CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments"
"  BEGIN SELECT RAISE(ABORT, 'attachments are never deleted'); END;"
ATTACHMENTS_IMMUTABLE
"CREATE UNIQUE INDEX attachments_current ON attachments(app_id, kind) WHERE superseded_at IS NULL;",
/* 6 (print): who printed when no operator was logged in (certdesk print from the
 * shell records "shell:USER"); the PDF itself is kept as a file (pdf_path). */
"ALTER TABLE prints ADD COLUMN actor TEXT;"
"CREATE INDEX prints_app ON prints(app_id, id);",
/* 7 (calendar): the holiday calendar by notice year (src/store/workdays.c).
 * holiday_years lists the years whose State Council notice is loaded and
 * from where: 'shipped' (data/holidays.tsv, reloaded when it changes) or
 * 'import' (certdesk import holidays, never overwritten by the shipped file).
 * holidays.year is the notice a day comes from (a notice's 元旦 break may
 * begin in the previous December). The rows before came from
 * data/holidays.tsv alone: they go, and the next start loads it again. */
"CREATE TABLE holiday_years ("
"  year INTEGER PRIMARY KEY,"
"  source TEXT NOT NULL CHECK (source IN ('shipped','import')),"
"  file TEXT NOT NULL,"
"  sha256 TEXT NOT NULL,"
"  loaded_at TEXT NOT NULL"
");"
"ALTER TABLE holidays ADD COLUMN year INTEGER;"
"CREATE INDEX holidays_year ON holidays(year);"
"DELETE FROM holidays;"
"DELETE FROM sync_state WHERE key = 'holidays.sha256';",
/* 8 (clock): stored times carry their offset: RFC 3339 in the branch zone
 * ([branch] timezone), "2026-11-25T10:00:00+08:00" (src/core/clock.h). The
 * times written before, "YYYY-MM-DD HH:MM:SS" branch-local, are rewritten by
 * certdesk_rfc3339() (src/store/store.c), which leaves any other value as it
 * is. Not audit_log: its time is part of each record's hash (store_audit_hash),
 * so old records keep the old form and readers take both (clock_parse). The
 * triggers that forbid or count updates step aside for the rewrite. */
"DROP TRIGGER applications_revision;"
"DROP TRIGGER attachments_immutable;"
"UPDATE operators SET locked_at = certdesk_rfc3339(locked_at), "
"  created_at = certdesk_rfc3339(created_at), updated_at = certdesk_rfc3339(updated_at);"
"UPDATE applications SET created_at = certdesk_rfc3339(created_at), "
"  updated_at = certdesk_rfc3339(updated_at), consent_at = certdesk_rfc3339(consent_at), "
"  paid_at = certdesk_rfc3339(paid_at), idv_at = certdesk_rfc3339(idv_at), "
"  claimed_at = certdesk_rfc3339(claimed_at), approved_at = certdesk_rfc3339(approved_at), "
"  revoked_at = certdesk_rfc3339(revoked_at);"
"UPDATE status_history SET at = certdesk_rfc3339(at);"
"UPDATE attachments SET created_at = certdesk_rfc3339(created_at), "
"  superseded_at = certdesk_rfc3339(superseded_at);"
"UPDATE prints SET at = certdesk_rfc3339(at);"
"UPDATE outbox SET created_at = certdesk_rfc3339(created_at), "
"  next_attempt_at = certdesk_rfc3339(next_attempt_at), done_at = certdesk_rfc3339(done_at);"
"UPDATE cert_cache SET fetched_at = certdesk_rfc3339(fetched_at);"
"UPDATE holiday_years SET loaded_at = certdesk_rfc3339(loaded_at);"
"UPDATE sync_state SET value = certdesk_rfc3339(value) WHERE key IN ('last_run', 'last_success', "
"  'next_retry');"
APPLICATIONS_REVISION
ATTACHMENTS_IMMUTABLE,
/* 9 (sync): feed events of a type this version has no rule for, kept whole
 * (the event's JSON) instead of being dropped, with when they came
 * (src/sync/sync.c, certdesk-api(7)). */
"CREATE TABLE feed_unhandled ("
"  id INTEGER PRIMARY KEY,"
"  app_no TEXT,"
"  type TEXT,"
"  event TEXT NOT NULL,"
"  received_at TEXT NOT NULL"
");",
};

const int store_migration_count = (int)(sizeof(store_migrations) / sizeof(store_migrations[0]));
