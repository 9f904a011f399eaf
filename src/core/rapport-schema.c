/* rapport-schema.c
 *
 * The schema, one migration per version of PRAGMA user_version. Each runs
 * in its own transaction together with the version bump, so a database is
 * always at exactly one version. Never edit a released migration: add one.
 */

#define G_LOG_DOMAIN "rapport-schema"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-phone.h"
#include "rapport-store-private.h"

/* No triggers: the store keeps the search indexes and the derived columns
 * (last_contact, next_follow_up) in the same transaction as each write.
 * A trigger makes every write a statement with a savepoint, and FTS5
 * writes its pending index to disk at each savepoint.
 *
 * Version 1: customers, their contact points, types and the search index. */
static const char migration_1[] =
  "CREATE TABLE setting ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE customer ("
  "  id                INTEGER PRIMARY KEY,"
  "  uid               TEXT NOT NULL UNIQUE,"
  "  kind              INTEGER NOT NULL DEFAULT 0 CHECK (kind IN (0, 1)),"
  "  display_name      TEXT NOT NULL CHECK (display_name <> ''),"
  "  given_name        TEXT,"
  "  family_name       TEXT,"
  "  phonetic_name     TEXT,"
  "  organization_id   INTEGER REFERENCES customer (id) ON DELETE SET NULL,"
  "  job_title         TEXT,"
  "  form_of_address   TEXT,"
  "  first_name_basis  INTEGER NOT NULL DEFAULT 0,"
  "  language          TEXT,"
  "  time_zone         TEXT,"
  "  country           TEXT,"
  "  preferred_channel INTEGER NOT NULL DEFAULT 0,"
  "  best_time         TEXT,"
  "  cultural_notes    TEXT,"
  "  notes             TEXT,"
  "  consent_marketing INTEGER NOT NULL DEFAULT 0,"
  "  consent_date      TEXT,"
  "  consent_basis     TEXT,"
  "  lifecycle         INTEGER NOT NULL DEFAULT 1,"
  "  sort_key          TEXT NOT NULL,"
  "  last_contact      INTEGER,"
  "  next_follow_up    INTEGER,"
  "  created           INTEGER NOT NULL,"
  "  modified          INTEGER NOT NULL,"
  "  deleted           INTEGER"
  ");"
  "CREATE INDEX customer_by_name ON customer (sort_key, id) WHERE deleted IS NULL;"
  "CREATE INDEX customer_by_organization ON customer (organization_id) WHERE organization_id IS NOT NULL;"
  "CREATE INDEX customer_in_trash ON customer (id) WHERE deleted IS NOT NULL;"

  "CREATE TABLE customer_email ("
  "  id           INTEGER PRIMARY KEY,"
  "  customer_id  INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  position     INTEGER NOT NULL,"
  "  value        TEXT NOT NULL,"
  "  value_folded TEXT NOT NULL,"
  "  label        TEXT,"
  "  preferred    INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX customer_email_by_customer ON customer_email (customer_id, position);"
  "CREATE INDEX customer_email_by_value ON customer_email (value_folded);"

  "CREATE TABLE customer_phone ("
  "  id          INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  position    INTEGER NOT NULL,"
  "  value       TEXT NOT NULL,"
  "  label       TEXT,"
  "  preferred   INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX customer_phone_by_customer ON customer_phone (customer_id, position);"

  "CREATE TABLE customer_address ("
  "  id          INTEGER PRIMARY KEY,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  position    INTEGER NOT NULL,"
  "  label       TEXT,"
  "  street      TEXT,"
  "  locality    TEXT,"
  "  region      TEXT,"
  "  postal_code TEXT,"
  "  country     TEXT,"
  "  preferred   INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX customer_address_by_customer ON customer_address (customer_id, position);"

  "CREATE TABLE customer_type ("
  "  id          INTEGER PRIMARY KEY,"
  "  key         TEXT NOT NULL UNIQUE,"
  "  name        TEXT NOT NULL,"
  "  description TEXT,"
  "  builtin     INTEGER NOT NULL DEFAULT 0,"
  "  derivable   INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE customer_type_link ("
  "  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  type_id     INTEGER NOT NULL REFERENCES customer_type (id) ON DELETE CASCADE,"
  "  PRIMARY KEY (customer_id, type_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX customer_type_link_by_type ON customer_type_link (type_id, customer_id);"

  /* One document per customer, written by the store in the same
   * transaction as the customer (rapport_store_reindex_customer). */
  "CREATE VIRTUAL TABLE customer_fts USING fts5 ("
  "  name, organization, contact, notes,"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '2'"
  ");";

/* Version 2: contact history, follow-ups, contracts and renewal notices. */
static const char migration_2[] =
  "CREATE TABLE interaction ("
  "  id               INTEGER PRIMARY KEY,"
  "  uid              TEXT NOT NULL UNIQUE,"
  "  customer_id      INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  occurred_at      INTEGER NOT NULL,"
  "  channel          INTEGER NOT NULL,"
  "  direction        INTEGER NOT NULL CHECK (direction IN (0, 1)),"
  "  contact_name     TEXT,"
  "  contact_point    TEXT,"
  "  subject          TEXT,"
  "  body             TEXT,"
  "  action_requested TEXT,"
  "  action_promised  TEXT,"
  "  recorded_by      TEXT,"
  "  handle_time      INTEGER NOT NULL DEFAULT 0 CHECK (handle_time >= 0),"
  "  outcome          TEXT,"
  "  case_id          INTEGER,"
  "  created          INTEGER NOT NULL,"
  "  modified         INTEGER NOT NULL"
  ");"
  "CREATE INDEX interaction_by_customer ON interaction (customer_id, occurred_at);"

  /* Written by the store, like customer_fts: a trigger would open a
   * statement savepoint, and FTS5 flushes its pending index at each. */
  "CREATE VIRTUAL TABLE interaction_fts USING fts5 ("
  "  subject, body, action_requested, action_promised, contact_name,"
  "  content = 'interaction', content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2',"
  "  prefix = '2'"
  ");"

  "CREATE TABLE follow_up ("
  "  id                    INTEGER PRIMARY KEY,"
  "  uid                   TEXT NOT NULL UNIQUE,"
  "  customer_id           INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  due                   INTEGER NOT NULL,"
  "  time_zone             TEXT NOT NULL,"
  "  title                 TEXT NOT NULL CHECK (title <> ''),"
  "  notes                 TEXT,"
  "  priority              INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 9),"
  "  state                 INTEGER NOT NULL DEFAULT 0,"
  "  snoozed_until         INTEGER,"
  "  rrule                 TEXT,"
  "  origin_interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,"
  "  completed_at          INTEGER,"
  "  owner                 TEXT,"
  "  created               INTEGER NOT NULL,"
  "  modified              INTEGER NOT NULL"
  ");"
  /* Due lists and counts read this index alone. */
  "CREATE INDEX follow_up_open_by_due ON follow_up (coalesce (snoozed_until, due), customer_id) WHERE state = 0;"
  "CREATE INDEX follow_up_by_customer ON follow_up (customer_id, state);"
  "CREATE INDEX follow_up_by_origin ON follow_up (origin_interaction_id) WHERE origin_interaction_id IS NOT NULL;"

  "CREATE TABLE contract ("
  "  id          INTEGER PRIMARY KEY,"
  "  uid         TEXT NOT NULL UNIQUE,"
  "  customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  product     TEXT NOT NULL CHECK (product <> ''),"
  "  start_date  TEXT NOT NULL,"
  "  end_date    TEXT NOT NULL CHECK (end_date >= start_date),"
  "  value       INTEGER NOT NULL DEFAULT 0 CHECK (value >= 0),"
  "  currency    TEXT NOT NULL,"
  "  auto_renew  INTEGER NOT NULL DEFAULT 0,"
  "  lead_days   INTEGER NOT NULL DEFAULT 30 CHECK (lead_days BETWEEN 0 AND 3650),"
  "  state       INTEGER NOT NULL DEFAULT 0,"
  "  notes       TEXT,"
  "  created     INTEGER NOT NULL,"
  "  modified    INTEGER NOT NULL"
  ");"
  "CREATE INDEX contract_by_customer ON contract (customer_id);"
  "CREATE INDEX contract_by_end ON contract (end_date) WHERE state IN (0, 1);"

  "CREATE TABLE renewal_notice ("
  "  id          INTEGER PRIMARY KEY,"
  "  uid         TEXT NOT NULL UNIQUE,"
  "  contract_id INTEGER NOT NULL REFERENCES contract (id) ON DELETE CASCADE,"
  "  due_date    TEXT NOT NULL,"
  "  language    TEXT,"
  "  channel     INTEGER NOT NULL DEFAULT 0,"
  "  subject     TEXT,"
  "  body        TEXT,"
  "  state       INTEGER NOT NULL DEFAULT 0,"
  "  sent_at     INTEGER,"
  "  created     INTEGER NOT NULL,"
  "  modified    INTEGER NOT NULL,"
  "  UNIQUE (contract_id, due_date)"
  ");";

/* Version 3: complaints and queries, feedback, service targets, and the
 * bookkeeping of two-way sync. */
static const char migration_3[] =
  "CREATE TABLE service_case ("
  "  id                 INTEGER PRIMARY KEY,"
  "  uid                TEXT NOT NULL UNIQUE,"
  "  customer_id        INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  opened_at          INTEGER NOT NULL,"
  "  category           INTEGER NOT NULL DEFAULT 0,"
  "  summary            TEXT NOT NULL CHECK (summary <> ''),"
  "  description        TEXT,"
  "  severity           INTEGER NOT NULL DEFAULT 1,"
  "  state              INTEGER NOT NULL DEFAULT 0,"
  "  first_response_at  INTEGER,"
  "  resolved_at        INTEGER,"
  "  resolution         INTEGER NOT NULL DEFAULT 0,"
  "  resolution_notes   TEXT,"
  "  escalated_to       TEXT,"
  "  escalation_channel INTEGER NOT NULL DEFAULT 0,"
  "  created            INTEGER NOT NULL,"
  "  modified           INTEGER NOT NULL"
  ");"
  "CREATE INDEX service_case_by_customer ON service_case (customer_id, state);"
  "CREATE INDEX service_case_open ON service_case (opened_at) WHERE state < 3;"
  "CREATE INDEX interaction_by_case ON interaction (case_id) WHERE case_id IS NOT NULL;"

  "CREATE TABLE feedback ("
  "  id             INTEGER PRIMARY KEY,"
  "  uid            TEXT NOT NULL UNIQUE,"
  "  customer_id    INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,"
  "  case_id        INTEGER REFERENCES service_case (id) ON DELETE SET NULL,"
  "  interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,"
  "  received_at    INTEGER NOT NULL,"
  "  csat           INTEGER CHECK (csat IS NULL OR csat BETWEEN 1 AND 5),"
  "  nps            INTEGER CHECK (nps IS NULL OR nps BETWEEN 0 AND 10),"
  "  ces            INTEGER CHECK (ces IS NULL OR ces BETWEEN 1 AND 7),"
  "  comment        TEXT,"
  "  themes         TEXT,"
  "  created        INTEGER NOT NULL"
  ");"
  "CREATE INDEX feedback_by_customer ON feedback (customer_id);"

  "CREATE TABLE service_target ("
  "  id                 INTEGER PRIMARY KEY,"
  "  type_key           TEXT NOT NULL UNIQUE,"
  "  name               TEXT,"
  "  response_seconds   INTEGER NOT NULL DEFAULT 0 CHECK (response_seconds >= 0),"
  "  resolution_seconds INTEGER NOT NULL DEFAULT 0 CHECK (resolution_seconds >= 0)"
  ");"

  "CREATE TABLE sync_account ("
  "  id         INTEGER PRIMARY KEY,"
  "  uid        TEXT NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL,"
  "  url        TEXT NOT NULL,"
  "  username   TEXT NOT NULL,"
  "  interval   INTEGER NOT NULL DEFAULT 900,"
  "  last_sync  INTEGER,"
  "  last_result TEXT,"
  "  created    INTEGER NOT NULL"
  ");"
  "CREATE TABLE sync_collection ("
  "  id            INTEGER PRIMARY KEY,"
  "  account_id    INTEGER NOT NULL REFERENCES sync_account (id) ON DELETE CASCADE,"
  "  url           TEXT NOT NULL,"
  "  purpose       TEXT NOT NULL CHECK (purpose IN ('customers', 'tasks', 'history')),"
  "  display_name  TEXT,"
  "  sync_token    TEXT,"
  "  ctag          TEXT,"
  "  initial_done  INTEGER NOT NULL DEFAULT 0,"
  "  UNIQUE (account_id, purpose)"
  ");"
  "CREATE TABLE sync_item ("
  "  id            INTEGER PRIMARY KEY,"
  "  collection_id INTEGER NOT NULL REFERENCES sync_collection (id) ON DELETE CASCADE,"
  "  local_uid     TEXT NOT NULL,"
  "  href          TEXT,"
  "  etag          TEXT,"
  "  remote_hash   TEXT,"
  "  remote_copy   TEXT,"
  "  dirty         INTEGER NOT NULL DEFAULT 1,"
  "  seen          INTEGER NOT NULL DEFAULT 0,"
  "  quarantine    TEXT,"
  "  UNIQUE (collection_id, local_uid)"
  ");"
  "CREATE INDEX sync_item_by_href ON sync_item (collection_id, href);"
  "CREATE TABLE sync_conflict ("
  "  id            INTEGER PRIMARY KEY,"
  "  collection_id INTEGER NOT NULL REFERENCES sync_collection (id) ON DELETE CASCADE,"
  "  local_uid     TEXT NOT NULL,"
  "  local_copy    TEXT NOT NULL,"
  "  remote_copy   TEXT,"
  "  created       INTEGER NOT NULL,"
  "  resolved      INTEGER"
  ");";

/* Version 4: reminders. The log of what has fired keeps a reminder from
 * firing twice, also across restarts and from two processes; the
 * stay-in-touch cadences say how long a customer may go without contact,
 * set per customer or per customer type (the shortest applies). */
static const char migration_4[] =
  "CREATE TABLE reminder_fired ("
  "  kind       INTEGER NOT NULL,"
  "  ref_id     INTEGER NOT NULL,"
  "  occurrence INTEGER NOT NULL,"
  "  fired_at   INTEGER NOT NULL,"
  "  PRIMARY KEY (kind, ref_id, occurrence)"
  ") WITHOUT ROWID;"
  "CREATE TABLE customer_cadence ("
  "  customer_id INTEGER PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,"
  "  days        INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650)"
  ");"
  "CREATE TABLE type_cadence ("
  "  type_id INTEGER PRIMARY KEY REFERENCES customer_type (id) ON DELETE CASCADE,"
  "  days    INTEGER NOT NULL CHECK (days BETWEEN 1 AND 3650)"
  ");";

/* Version 5: what the two-way sync engine keeps beyond version 3.
 * Accounts: a pinned certificate fingerprint (NULL trusts the system) and
 * whether the app syncs them by itself. Items: the kind of record behind
 * the resource (a "tasks" collection holds follow-ups and renewal
 * notices), the hash of the local record as last synced (a local edit is
 * a different hash, so the store needs no hook in its writes), and the
 * tombstone of a record deleted here whose DELETE has not gone through;
 * the local record as last synced (local_copy, the local side's base of a
 * three-way merge). Collections: when the local records were last looked
 * at (records modified since are hashed again).
 * Conflicts: the kind of record, the fields changed on both sides, and
 * how the user resolved it. */
static const char migration_5[] =
  "ALTER TABLE sync_account ADD COLUMN certificate TEXT;"
  "ALTER TABLE sync_account ADD COLUMN auto_sync INTEGER NOT NULL DEFAULT 1;"
  "ALTER TABLE sync_item ADD COLUMN kind TEXT NOT NULL DEFAULT 'customer'"
  "  CHECK (kind IN ('customer', 'follow-up', 'notice', 'interaction'));"
  "ALTER TABLE sync_item ADD COLUMN local_hash TEXT;"
  "ALTER TABLE sync_item ADD COLUMN local_copy TEXT;"
  "ALTER TABLE sync_item ADD COLUMN local_deleted INTEGER NOT NULL DEFAULT 0;"
  "ALTER TABLE sync_collection ADD COLUMN scanned_at INTEGER;"
  "ALTER TABLE sync_conflict ADD COLUMN kind TEXT NOT NULL DEFAULT 'customer'"
  "  CHECK (kind IN ('customer', 'follow-up', 'notice', 'interaction'));"
  "ALTER TABLE sync_conflict ADD COLUMN fields TEXT;"
  "ALTER TABLE sync_conflict ADD COLUMN resolution TEXT"
  "  CHECK (resolution IS NULL OR resolution IN ('kept-server', 'kept-local', 'dismissed'));"
  "CREATE INDEX sync_conflict_open ON sync_conflict (local_uid) WHERE resolved IS NULL;";

/* Version 6: phone numbers are kept as typed; beside them the E.164 form
 * libphonenumber reads in them (NULL when it reads none) and the words
 * the search index holds for them (rapport_phone_dup_search_words).
 * fill_phones fills both for the rows of older versions, which held the
 * digits the hand-written normalizer had left, and writes the search
 * documents of their customers again. */
static const char migration_6[] =
  "ALTER TABLE customer_phone ADD COLUMN e164 TEXT;"
  "ALTER TABLE customer_phone ADD COLUMN search TEXT;"
  "CREATE INDEX customer_phone_by_e164 ON customer_phone (e164) WHERE e164 IS NOT NULL;";

/* Version 7: a follow-up may belong to no customer yet (customer_id
 * NULL): a task made in another app that names none comes in as one, and
 * the user assigns it. SQLite cannot drop a NOT NULL, so the table is
 * made again with its rows (ids kept: reminder_fired and sync_item point
 * to them by id and uid) and its indexes. No table references follow_up,
 * so dropping the old one under foreign_keys deletes nothing else. */
static const char migration_7[] =
  "CREATE TABLE follow_up_7 ("
  "  id                    INTEGER PRIMARY KEY,"
  "  uid                   TEXT NOT NULL UNIQUE,"
  "  customer_id           INTEGER REFERENCES customer (id) ON DELETE CASCADE,"
  "  due                   INTEGER NOT NULL,"
  "  time_zone             TEXT NOT NULL,"
  "  title                 TEXT NOT NULL CHECK (title <> ''),"
  "  notes                 TEXT,"
  "  priority              INTEGER NOT NULL DEFAULT 0 CHECK (priority BETWEEN 0 AND 9),"
  "  state                 INTEGER NOT NULL DEFAULT 0,"
  "  snoozed_until         INTEGER,"
  "  rrule                 TEXT,"
  "  origin_interaction_id INTEGER REFERENCES interaction (id) ON DELETE SET NULL,"
  "  completed_at          INTEGER,"
  "  owner                 TEXT,"
  "  created               INTEGER NOT NULL,"
  "  modified              INTEGER NOT NULL"
  ");"
  "INSERT INTO follow_up_7 (id, uid, customer_id, due, time_zone, title, notes, priority, state,"
  "                         snoozed_until, rrule, origin_interaction_id, completed_at, owner, created, modified)"
  " SELECT id, uid, customer_id, due, time_zone, title, notes, priority, state,"
  "        snoozed_until, rrule, origin_interaction_id, completed_at, owner, created, modified FROM follow_up;"
  "DROP TABLE follow_up;"
  "ALTER TABLE follow_up_7 RENAME TO follow_up;"
  "CREATE INDEX follow_up_open_by_due ON follow_up (coalesce (snoozed_until, due), customer_id) WHERE state = 0;"
  "CREATE INDEX follow_up_by_customer ON follow_up (customer_id, state);"
  "CREATE INDEX follow_up_by_origin ON follow_up (origin_interaction_id) WHERE origin_interaction_id IS NOT NULL;";

/* Version 8: the vCard a customer was imported from, kept whole, so that
 * exporting writes back every property Rapport does not map, with the
 * UID as it came. Erased with the customer. */
static const char migration_8[] =
  "CREATE TABLE customer_card ("
  "  customer_id INTEGER PRIMARY KEY REFERENCES customer (id) ON DELETE CASCADE,"
  "  card        TEXT NOT NULL"
  ");";

static gboolean exec_sql (sqlite3     *db,
                          const char  *sql,
                          GError     **error);

static gboolean
set_database_error (sqlite3  *db,
                    GError  **error)
{
  g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
               _("Could not update the database: %s"), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
fill_phones (sqlite3  *db,
             GError  **error)
{
  sqlite3_stmt *select = NULL;
  sqlite3_stmt *update = NULL;
  g_autofree char *user_region = rapport_phone_dup_user_region ();
  gboolean ok = TRUE;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "SELECT p.id, p.value, c.country FROM customer_phone p"
                          " JOIN customer c ON c.id = p.customer_id",
                          -1, &select, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "UPDATE customer_phone SET e164 = ?2, search = ?3 WHERE id = ?1",
                          -1, &update, NULL) != SQLITE_OK)
    {
      ok = set_database_error (db, error);
      goto out;
    }

  while (ok && (rc = sqlite3_step (select)) == SQLITE_ROW)
    {
      const char *value = (const char *) sqlite3_column_text (select, 1);
      const char *country = (const char *) sqlite3_column_text (select, 2);
      g_autoptr(RapportPhone) phone = NULL;
      g_autofree char *search = NULL;

      if (value == NULL)
        continue;
      phone = rapport_phone_parse (value, country != NULL ? country : user_region, "phone", NULL);
      if (phone == NULL)
        continue;
      search = rapport_phone_dup_search_words (phone);

      sqlite3_bind_int64 (update, 1, sqlite3_column_int64 (select, 0));
      sqlite3_bind_text (update, 2, rapport_phone_get_e164 (phone), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (update, 3, search, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (update) != SQLITE_DONE)
        ok = set_database_error (db, error);
      sqlite3_reset (update);
    }
  if (ok && rc != SQLITE_DONE)
    ok = set_database_error (db, error);

  /* The search documents of customers with phones, with the new words. */
  ok = ok &&
       exec_sql (db,
                 "DELETE FROM customer_fts WHERE rowid IN (SELECT customer_id FROM customer_phone);"
                 "INSERT INTO customer_fts (rowid, name, organization, contact, notes) "
                 RAPPORT_CUSTOMER_DOCUMENT
                 " WHERE c.deleted IS NULL AND c.id IN (SELECT customer_id FROM customer_phone);",
                 error);

out:
  sqlite3_finalize (select);
  sqlite3_finalize (update);
  return ok;
}

typedef struct
{
  int         version;
  const char *sql;
  /* What SQL alone cannot do, after it, in the same transaction. */
  gboolean  (*fill) (sqlite3 *db, GError **error);
} Migration;

static const Migration migrations[] = {
  { 1, migration_1 },
  { 2, migration_2 },
  { 3, migration_3 },
  { 4, migration_4 },
  { 5, migration_5 },
  { 6, migration_6, fill_phones },
  { 7, migration_7 },
  { 8, migration_8 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == RAPPORT_SCHEMA_VERSION);

/* Built-in customer types of DOMAIN.md. Names and descriptions are stored in
 * English; the UI shows them through _() (see rapport_customer_type_dup_name). */
static const struct {
  const char *key;
  const char *name;
  const char *description;
  gboolean    derivable;
} builtin_types[] = {
  { "new", N_("New"), N_("Needs guidance and information to get started; first purchase."), TRUE },
  { "returning", N_("Returning"), N_("Expects to be recognised and served with their history in mind."), TRUE },
  { "vip", N_("High-value / VIP"), N_("Priority support and exclusive offers; shorter response targets."), FALSE },
  { "budget", N_("Low-value / budget"), N_("Cost-focused: deals and straightforward offers."), FALSE },
  { "problematic", N_("Problematic"), N_("Frequent complaints: needs patience and careful record keeping."), FALSE },
  { "b2b", N_("B2B (business)"), N_("An organisation with contacts inside it: bulk orders, invoicing, contracts."), FALSE },
  { "b2c", N_("B2C (consumer)"), N_("An individual: deliveries and warranties."), FALSE },
  { "international", N_("International"), N_("Another country: mind language, culture, time zone and shipping."), FALSE },
  { "internal", N_("Internal"), N_("A department or colleague inside the own organisation."), FALSE },
  { "tech-savvy", N_("Tech-savvy"), N_("Prefers digital channels and self-service."), FALSE },
  { "traditional", N_("Traditional"), N_("Prefers phone and in-person contact."), FALSE },
  { "elderly", N_("Elderly"), N_("Patience and plain, step-by-step explanations."), FALSE },
  { "young", N_("Young (Millennial / Gen Z)"), N_("Speed, self-service and digital channels."), FALSE },
  { "accessibility", N_("Accessibility needs"), N_("Offer alternative formats and channels."), FALSE },
  { "eco-conscious", N_("Eco-conscious"), N_("Asks about sustainability."), FALSE },
  { "values-driven", N_("Values-driven"), N_("Asks about ethics and values."), FALSE },
  { "busy-professional", N_("Busy professional"), N_("Wants appointments and quick service, also outside usual hours."), FALSE },
};

static gboolean
exec_sql (sqlite3     *db,
          const char  *sql,
          GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("Could not update the database: %s"),
                   message != NULL ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
seed_builtin_types (sqlite3  *db,
                    GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ret = TRUE;

  if (sqlite3_prepare_v2 (db,
                          "INSERT INTO customer_type (key, name, description, builtin, derivable)"
                          " VALUES (?, ?, ?, 1, ?)",
                          -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("Could not update the database: %s"), sqlite3_errmsg (db));
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (builtin_types) && ret; i++)
    {
      sqlite3_bind_text (stmt, 1, builtin_types[i].key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, builtin_types[i].name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, builtin_types[i].description, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 4, builtin_types[i].derivable);

      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                       _("Could not update the database: %s"), sqlite3_errmsg (db));
          ret = FALSE;
        }
      sqlite3_reset (stmt);
    }

  sqlite3_finalize (stmt);
  return ret;
}

int
rapport_schema_get_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);

  sqlite3_finalize (stmt);
  return version;
}

gboolean
rapport_schema_check_version (sqlite3  *db,
                              GError  **error)
{
  int version = rapport_schema_get_version (db);

  if (version < 0)
    return exec_sql (db, "PRAGMA user_version", error);

  if (version > RAPPORT_SCHEMA_VERSION)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_VERSION,
                   _("This database was written by a newer version of Rapport (schema %d; this version knows up to %d). Update Rapport to open it."),
                   version, RAPPORT_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_schema_migrate (sqlite3  *db,
                        int       target,
                        GError  **error)
{
  int version;

  g_return_val_if_fail (db != NULL, FALSE);
  g_return_val_if_fail (target >= 0 && target <= RAPPORT_SCHEMA_VERSION, FALSE);

  if (!rapport_schema_check_version (db, error))
    return FALSE;

  version = rapport_schema_get_version (db);

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      g_autofree char *bump = NULL;

      if (m->version <= version || m->version > target)
        continue;

      if (!exec_sql (db, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Another process may have migrated while we waited for the lock. */
      if (rapport_schema_get_version (db) >= m->version)
        {
          if (!exec_sql (db, "COMMIT", error))
            return FALSE;
          continue;
        }

      bump = g_strdup_printf ("PRAGMA user_version = %d", m->version);

      if (!exec_sql (db, m->sql, error) ||
          (m->version == 1 && !seed_builtin_types (db, error)) ||
          (m->fill != NULL && !m->fill (db, error)) ||
          !exec_sql (db, bump, error) ||
          !exec_sql (db, "COMMIT", error))
        {
          g_prefix_error (error, _("Upgrading the database to schema %d failed: "), m->version);
          sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      g_debug ("Migrated %s to schema %d", sqlite3_db_filename (db, "main"), m->version);
    }

  return TRUE;
}
