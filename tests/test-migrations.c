/* test-migrations.c
 *
 * The schema and its migrations: a new file gets the whole schema; a file
 * left at any older version, with data written at that version, opens at
 * RAPPORT_SCHEMA_VERSION with the data readable through the store; newer
 * files are refused untouched; a failing migration leaves the file at the
 * version it had; the file is private to its owner.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rapport-scheduler.h"

#include "rapport-error.h"
#include "rapport-store.h"
#include "rapport-store-private.h"

/* The fixture customer, her organization and her records. */
#define CUSTOMER_ID        1
#define CUSTOMER_UID       "8a6f0f5e-1c1d-4d2a-9a53-3c2f0a6b7e10"
#define ORGANIZATION_ID    2
#define INTERACTION_UID    "3b1f7c52-0d4e-4b8f-9a1e-6f2c8d9e0a11"
#define FOLLOW_UP_UID      "c5d2e8a4-7b3f-4e1a-8c6d-2f9b0e1a3c22"
#define CONTRACT_UID       "e7a9b1c3-5d2f-4a6e-9b8c-1d3f5a7e9c33"
#define NOTICE_UID         "f1b3d5e7-9a2c-4e6f-8a1b-3c5d7e9f1a44"
#define CASE_UID           "a2c4e6f8-1b3d-4f5a-9c7e-5d7f9a1b3c55"
#define CREATED            G_GINT64_CONSTANT (1700000000)
#define OCCURRED_AT        G_GINT64_CONSTANT (1700003600)
#define DUE                G_GINT64_CONSTANT (1900000000)

static const char *const builtin_type_keys[] = {
  "new", "returning", "vip", "budget", "problematic", "b2b", "b2c", "international",
  "internal", "tech-savvy", "traditional", "elderly", "young", "accessibility",
  "eco-conscious", "values-driven", "busy-professional",
};

/* Tables created by each migration: [0] by migration 1, and so on. */
static const char *const tables_1[] = {
  "setting", "customer", "customer_email", "customer_phone", "customer_address",
  "customer_type", "customer_type_link", "customer_fts", NULL,
};
static const char *const tables_2[] = {
  "interaction", "interaction_fts", "follow_up", "contract", "renewal_notice", NULL,
};
static const char *const tables_3[] = {
  "service_case", "feedback", "service_target", "sync_account", "sync_collection",
  "sync_item", "sync_conflict", NULL,
};
static const char *const tables_4[] = {
  "reminder_fired", "customer_cadence", "type_cadence", NULL,
};
/* Version 5 only adds columns to the sync tables. */
static const char *const tables_5[] = {
  NULL,
};
/* Version 6 only adds the E.164 form of phone numbers. */
static const char *const tables_6[] = {
  NULL,
};
/* Version 7 makes follow_up again, with customer_id nullable. */
static const char *const tables_7[] = {
  NULL,
};
/* Version 8 keeps the vCards customers were imported from. */
static const char *const tables_8[] = {
  "customer_card", NULL,
};
static const char *const *const tables_by_version[] = {
  tables_1, tables_2, tables_3, tables_4, tables_5, tables_6, tables_7, tables_8,
};

G_STATIC_ASSERT (G_N_ELEMENTS (tables_by_version) == RAPPORT_SCHEMA_VERSION);

/* A temporary folder with a database path in it. */
typedef struct
{
  char *dir;
  char *path;
} Scratch;

static Scratch *
scratch_new (void)
{
  g_autoptr(GError) error = NULL;
  Scratch *scratch = g_new0 (Scratch, 1);

  scratch->dir = g_dir_make_tmp ("rapport-migrations-XXXXXX", &error);
  g_assert_no_error (error);
  scratch->path = g_build_filename (scratch->dir, "rapport.db", NULL);

  return scratch;
}

static void
remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    g_assert_cmpint (g_remove (path), ==, 0);
}

static void
scratch_free (Scratch *scratch)
{
  remove_tree (scratch->dir);
  g_free (scratch->path);
  g_free (scratch->dir);
  g_free (scratch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Scratch, scratch_free)

/* Raw SQLite ------------------------------------------------------------ */

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==, SQLITE_OK);

  return db;
}

static void
close_raw (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
exec_raw (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("“%s” failed: %s", sql, message);
}

/* The integer in the first column of the first row of @sql, with ?1 bound
 * to @text when not NULL; @fallback when there is no row. */
static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *text,
           gint64      fallback)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = fallback;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (db));
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* Every row of @sql, columns joined by "|" and rows by "\n". */
static char *
query_rows (sqlite3    *db,
            const char *sql)
{
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (db));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", text != NULL ? text : "NULL");
        }
      g_string_append_c (out, '\n');
    }
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
has_table (sqlite3    *db,
           const char *name)
{
  return query_int (db, "SELECT count (*) FROM sqlite_schema WHERE type = 'table' AND name = ?1", name, 0) == 1;
}

static int
raw_version (const char *path)
{
  sqlite3 *db = open_raw (path);
  int version = (int) query_int (db, "PRAGMA user_version", NULL, -1);

  close_raw (db);
  return version;
}

/* SQLite's and FTS5's own checks, and no dangling reference. */
static void
assert_raw_intact (const char *path)
{
  g_autofree char *integrity = NULL;
  g_autofree char *foreign = NULL;
  sqlite3 *db = open_raw (path);

  integrity = query_rows (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok\n");
  foreign = query_rows (db, "PRAGMA foreign_key_check");
  g_assert_cmpstr (foreign, ==, "");

  if (has_table (db, "customer_fts"))
    exec_raw (db, "INSERT INTO customer_fts (customer_fts) VALUES ('integrity-check')");
  if (has_table (db, "interaction_fts"))
    exec_raw (db, "INSERT INTO interaction_fts (interaction_fts) VALUES ('integrity-check')");

  close_raw (db);
}

static void
assert_tables_up_to (sqlite3 *db,
                     int      version)
{
  for (int v = 1; v <= RAPPORT_SCHEMA_VERSION; v++)
    for (guint i = 0; tables_by_version[v - 1][i] != NULL; i++)
      {
        const char *table = tables_by_version[v - 1][i];

        if (has_table (db, table) != (v <= version))
          g_error ("At schema %d, table %s should %sexist", version, table, v <= version ? "" : "not ");
      }
}

/* Rows for every table that exists at @version, written as that version's
 * Rapport would have: the store's own columns, search documents included. */
static void
insert_fixtures (sqlite3 *db,
                 int      version)
{
  exec_raw (db,
            "BEGIN;"
            "INSERT INTO setting (key, value) VALUES ('business-name', 'Okafor Trading');"
            "INSERT INTO customer (id, uid, kind, display_name, sort_key, country, created, modified)"
            " VALUES (2, '0d9c8b7a-6f5e-4d3c-8b2a-190817263544', 1, 'Okafor Trading Ltd', 'okafor trading ltd',"
            "         'NG', 1700000000, 1700000000);"
            "INSERT INTO customer (id, uid, kind, display_name, given_name, family_name, organization_id,"
            "                      job_title, form_of_address, language, time_zone, country, preferred_channel,"
            "                      notes, consent_marketing, consent_date, lifecycle, sort_key, created, modified)"
            " VALUES (1, '" CUSTOMER_UID "', 0, 'Adaeze Okafor', 'Adaeze', 'Okafor', 2,"
            "         'Buyer', 'Ms.', 'en-NG', 'Africa/Lagos', 'NG', 2,"
            "         'Prefers email in the morning', 1, '2023-11-14', 1, 'adaeze okafor', 1700000000, 1700000000);"
            "INSERT INTO customer_email (customer_id, position, value, value_folded, label, preferred)"
            " VALUES (1, 0, 'Adaeze@Okafor.example', 'adaeze@okafor.example', 'work', 1);"
            "INSERT INTO customer_phone (customer_id, position, value, label, preferred)"
            " VALUES (1, 0, '+2348012345678', 'mobile', 1);"
            /* What the hand-written normalizer of versions 1 to 5 left of
             * "0803 123 4567": a number of the customer's country. */
            "INSERT INTO customer_phone (customer_id, position, value, label, preferred)"
            " VALUES (1, 1, '08031234567', 'work', 0);"
            "INSERT INTO customer_address (customer_id, position, label, street, locality, postal_code, country, preferred)"
            " VALUES (1, 0, 'work', '12 Marina Road', 'Lagos', '101001', 'NG', 1);"
            "INSERT INTO customer_type_link (customer_id, type_id)"
            " SELECT 1, id FROM customer_type WHERE key IN ('vip', 'b2b');"
            "INSERT INTO customer_fts (rowid, name, organization, contact, notes)"
            " VALUES (1, 'Adaeze Okafor Adaeze Okafor ', 'Okafor Trading Ltd',"
            "         'Adaeze@Okafor.example +2348012345678 08031234567', 'Buyer Prefers email in the morning ');"
            "INSERT INTO customer_fts (rowid, name, organization, contact, notes)"
            " VALUES (2, 'Okafor Trading Ltd   ', '', ' ', '  ');"
            "COMMIT;");

  /* From version 6 the store writes a phone's E.164 form and search words
   * beside it. */
  if (version >= 6)
    exec_raw (db,
              "BEGIN;"
              "UPDATE customer_phone SET e164 = '+2348012345678', search = '2348012345678 8012345678 08012345678'"
              " WHERE position = 0;"
              "UPDATE customer_phone SET e164 = '+2348031234567', search = '2348031234567 8031234567 08031234567'"
              " WHERE position = 1;"
              "UPDATE customer_fts SET contact = 'Adaeze@Okafor.example +2348012345678 2348012345678 8012345678"
              " 08012345678 08031234567 2348031234567 8031234567 08031234567' WHERE rowid = 1;"
              "COMMIT;");

  if (version >= 2)
    exec_raw (db,
              "BEGIN;"
              "INSERT INTO interaction (uid, customer_id, occurred_at, channel, direction, contact_point, subject,"
              "                         body, action_promised, recorded_by, handle_time, created, modified)"
              " VALUES ('" INTERACTION_UID "', 1, 1700003600, 1, 0, '+2348012345678', 'Delivery date',"
              "         'Asked when the second order arrives', 'Confirm the date by Friday', 'Tunde', 300,"
              "         1700003600, 1700003600);"
              "INSERT INTO follow_up (uid, customer_id, due, time_zone, title, priority, origin_interaction_id,"
              "                       created, modified)"
              " SELECT '" FOLLOW_UP_UID "', 1, 1900000000, 'Africa/Lagos', 'Confirm the delivery date', 2, id,"
              "        1700003600, 1700003600 FROM interaction WHERE uid = '" INTERACTION_UID "';"
              "INSERT INTO contract (uid, customer_id, product, start_date, end_date, value, currency, auto_renew,"
              "                      lead_days, created, modified)"
              " VALUES ('" CONTRACT_UID "', 1, 'Support plan', '2024-01-01', '2024-12-31', 12000000, 'NGN', 1,"
              "         45, 1700000000, 1700000000);"
              "INSERT INTO renewal_notice (uid, contract_id, due_date, language, channel, subject, created, modified)"
              " SELECT '" NOTICE_UID "', id, '2024-11-16', 'en-NG', 2, 'Your support plan renews soon',"
              "        1700000000, 1700000000 FROM contract WHERE uid = '" CONTRACT_UID "';"
              /* What the store writes beside the rows at version 2: the
               * history's search entry and the customer's derived dates. */
              "INSERT INTO interaction_fts (rowid, subject, body, action_requested, action_promised, contact_name)"
              " SELECT id, subject, body, action_requested, action_promised, contact_name FROM interaction;"
              "UPDATE customer SET last_contact = 1700003600, next_follow_up = 1900000000 WHERE id = 1;"
              "COMMIT;");

  if (version >= 3)
    exec_raw (db,
              "INSERT INTO service_case (uid, customer_id, opened_at, category, summary, severity, created, modified)"
              " VALUES ('" CASE_UID "', 1, 1700007200, 2, 'Second order arrived late', 2, 1700007200, 1700007200);"
              "INSERT INTO sync_account (id, uid, name, url, username, created)"
              " VALUES (1, 'a1b2c3d4-0000-4000-8000-000000000001', 'Team', 'https://dav.example/', 'tunde', 1700000000);"
              "INSERT INTO sync_collection (id, account_id, url, purpose, sync_token, initial_done)"
              " VALUES (1, 1, 'https://dav.example/tunde/customers/', 'customers', 'http://radicale.org/ns/sync/1', 1);"
              "INSERT INTO sync_item (collection_id, local_uid, href, etag, remote_hash, dirty, seen)"
              " VALUES (1, '" CUSTOMER_UID "', '/tunde/customers/" CUSTOMER_UID ".vcf', '\"e1\"', 'h1', 0, 1);"
              "INSERT INTO sync_conflict (collection_id, local_uid, local_copy, created)"
              " VALUES (1, '" CUSTOMER_UID "', 'BEGIN:VCARD', 1700000000);");

  if (version >= 5)
    exec_raw (db,
              "UPDATE sync_account SET certificate = 'AB:CD', auto_sync = 0;"
              "UPDATE sync_item SET kind = 'customer', local_hash = 'l1', local_deleted = 1;"
              "UPDATE sync_conflict SET kind = 'customer', fields = 'notes', resolution = 'kept-server', resolved = 1700000001;");

  if (version >= 4)
    exec_raw (db,
              "INSERT INTO customer_cadence (customer_id, days) VALUES (1, 45);"
              "INSERT INTO type_cadence (type_id, days) SELECT id, 30 FROM customer_type WHERE key = 'vip';"
              "INSERT INTO reminder_fired (kind, ref_id, occurrence, fired_at) VALUES (0, 1, 1900000000, 1900000000);");
}

/* The fixtures of insert_fixtures (@version), read through the store. */
static void
assert_fixtures (RapportStore *store,
                 int           version)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportCustomer) by_uid = NULL;
  g_autoptr(RapportCustomer) by_email = NULL;
  g_autoptr(GPtrArray) members = NULL;
  g_autoptr(GPtrArray) interactions = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) contracts = NULL;
  g_autoptr(GPtrArray) vips = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1800000000);
  g_autoptr(GError) error = NULL;
  g_autofree char *business = NULL;
  const RapportContactPoint *email;
  const RapportAddress *address;
  RapportCustomerQuery query = { 0 };

  customer = rapport_store_get_customer (store, CUSTOMER_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (customer->uid, ==, CUSTOMER_UID);
  g_assert_cmpint (customer->kind, ==, RAPPORT_CUSTOMER_KIND_PERSON);
  g_assert_cmpstr (customer->display_name, ==, "Adaeze Okafor");
  g_assert_cmpstr (customer->given_name, ==, "Adaeze");
  g_assert_cmpstr (customer->family_name, ==, "Okafor");
  g_assert_cmpint (customer->organization_id, ==, ORGANIZATION_ID);
  g_assert_cmpstr (customer->organization_name, ==, "Okafor Trading Ltd");
  g_assert_cmpstr (customer->form_of_address, ==, "Ms.");
  g_assert_cmpstr (customer->language, ==, "en-NG");
  g_assert_cmpstr (customer->time_zone, ==, "Africa/Lagos");
  g_assert_cmpstr (customer->country, ==, "NG");
  g_assert_cmpint (customer->preferred_channel, ==, RAPPORT_CHANNEL_EMAIL);
  g_assert_true (customer->consent_marketing);
  g_assert_cmpstr (customer->consent_date, ==, "2023-11-14");
  g_assert_cmpint (customer->lifecycle, ==, RAPPORT_LIFECYCLE_ACTIVE);
  g_assert_cmpint (customer->created, ==, CREATED);

  g_assert_cmpuint (customer->emails->len, ==, 1);
  email = g_ptr_array_index (customer->emails, 0);
  g_assert_cmpstr (email->value, ==, "Adaeze@Okafor.example");
  g_assert_cmpstr (email->label, ==, "work");
  g_assert_true (email->preferred);
  g_assert_cmpstr (rapport_customer_get_phone (customer), ==, "+2348012345678");
  g_assert_cmpuint (customer->addresses->len, ==, 1);
  address = g_ptr_array_index (customer->addresses, 0);
  g_assert_cmpstr (address->locality, ==, "Lagos");
  g_assert_cmpstr (address->country, ==, "NG");
  g_assert_true (rapport_customer_has_type (customer, "vip"));
  g_assert_true (rapport_customer_has_type (customer, "b2b"));

  by_uid = rapport_store_find_customer (store, CUSTOMER_UID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_uid->id, ==, CUSTOMER_ID);
  by_email = rapport_store_find_customer (store, "ADAEZE@okafor.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (by_email->id, ==, CUSTOMER_ID);

  members = rapport_store_list_members (store, ORGANIZATION_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (members->len, ==, 1);
  g_assert_cmpint (((RapportCustomer *) g_ptr_array_index (members, 0))->id, ==, CUSTOMER_ID);

  query.type_key = "vip";
  vips = rapport_store_list_customers (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (vips->len, ==, 1);
  g_assert_cmpint (((RapportCustomer *) g_ptr_array_index (vips, 0))->id, ==, CUSTOMER_ID);

  business = rapport_store_dup_setting (store, "business-name");
  g_assert_cmpstr (business, ==, "Okafor Trading");

  interactions = rapport_store_list_interactions (store, CUSTOMER_ID, 0, &error);
  g_assert_no_error (error);
  follow_ups = rapport_store_list_follow_ups (store, CUSTOMER_ID, FALSE, &error);
  g_assert_no_error (error);
  due = rapport_store_list_due (store, RAPPORT_DUE_UPCOMING, now, 0, &error);
  g_assert_no_error (error);
  contracts = rapport_store_list_contracts (store, CUSTOMER_ID, &error);
  g_assert_no_error (error);

  if (version < 2)
    {
      g_assert_cmpuint (interactions->len, ==, 0);
      g_assert_cmpuint (follow_ups->len, ==, 0);
      g_assert_cmpuint (due->len, ==, 0);
      g_assert_cmpuint (contracts->len, ==, 0);
      g_assert_cmpint (customer->last_contact, ==, 0);
    }
  else
    {
      const RapportInteraction *interaction;
      const RapportFollowUp *follow_up;
      const RapportContract *contract;
      g_autoptr(GPtrArray) notices = NULL;

      g_assert_cmpuint (interactions->len, ==, 1);
      interaction = g_ptr_array_index (interactions, 0);
      g_assert_cmpstr (interaction->uid, ==, INTERACTION_UID);
      g_assert_cmpint (interaction->when, ==, OCCURRED_AT);
      g_assert_cmpint (interaction->channel, ==, RAPPORT_CHANNEL_PHONE);
      g_assert_cmpint (interaction->direction, ==, RAPPORT_DIRECTION_INBOUND);
      g_assert_cmpstr (interaction->subject, ==, "Delivery date");
      g_assert_cmpstr (interaction->action_promised, ==, "Confirm the date by Friday");
      g_assert_cmpint (interaction->handle_time, ==, 300);
      g_assert_cmpint (customer->last_contact, ==, OCCURRED_AT);

      g_assert_cmpuint (follow_ups->len, ==, 1);
      follow_up = g_ptr_array_index (follow_ups, 0);
      g_assert_cmpstr (follow_up->uid, ==, FOLLOW_UP_UID);
      g_assert_cmpstr (follow_up->title, ==, "Confirm the delivery date");
      g_assert_cmpstr (follow_up->time_zone, ==, "Africa/Lagos");
      g_assert_cmpint (follow_up->due, ==, DUE);
      g_assert_cmpint (follow_up->priority, ==, 2);
      g_assert_cmpint (follow_up->state, ==, RAPPORT_FOLLOW_UP_OPEN);
      g_assert_cmpint (follow_up->origin_interaction_id, ==, interaction->id);
      g_assert_cmpint (customer->next_follow_up, ==, DUE);

      g_assert_cmpuint (due->len, ==, 1);
      g_assert_cmpstr (((RapportFollowUp *) g_ptr_array_index (due, 0))->uid, ==, FOLLOW_UP_UID);

      g_assert_cmpuint (contracts->len, ==, 1);
      contract = g_ptr_array_index (contracts, 0);
      g_assert_cmpstr (contract->uid, ==, CONTRACT_UID);
      g_assert_cmpstr (contract->product, ==, "Support plan");
      g_assert_cmpstr (contract->start_date, ==, "2024-01-01");
      g_assert_cmpstr (contract->end_date, ==, "2024-12-31");
      g_assert_cmpint (contract->value, ==, 12000000);
      g_assert_cmpstr (contract->currency, ==, "NGN");
      g_assert_true (contract->auto_renew);
      g_assert_cmpint (contract->lead_days, ==, 45);
      g_assert_cmpint (contract->state, ==, RAPPORT_CONTRACT_ACTIVE);

      notices = rapport_store_list_notices (store, contract->id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (notices->len, ==, 1);
      g_assert_cmpstr (((RapportNotice *) g_ptr_array_index (notices, 0))->uid, ==, NOTICE_UID);
    }

  if (version >= 3)
    {
      g_autoptr(GPtrArray) cases = rapport_store_list_cases (store, CUSTOMER_ID, FALSE, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (cases->len, ==, 1);
      g_assert_cmpstr (((RapportCase *) g_ptr_array_index (cases, 0))->summary, ==, "Second order arrived late");
    }

  /* Cadences are new in version 4: none before, kept after. */
  g_assert_cmpint (rapport_store_get_customer_cadence (store, CUSTOMER_ID), ==, version >= 4 ? 45 : 0);
  g_assert_cmpint (rapport_store_get_type_cadence (store, "vip"), ==, version >= 4 ? 30 : 0);
}

/* @text finds the customer @id through the search index. */
static void
assert_search_finds (RapportStore *store,
                     const char   *text,
                     gint64        id)
{
  RapportCustomerQuery query = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  query.search = text;
  ids = rapport_store_list_customer_ids (store, &query, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      found = TRUE;

  if (!found)
    g_error ("Searching “%s” does not find customer %" G_GINT64_FORMAT, text, id);
}

static guint
count_builtin_types (RapportStore *store)
{
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  types = rapport_store_list_customer_types (store, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < types->len; i++)
    if (((RapportCustomerType *) g_ptr_array_index (types, i))->builtin)
      n++;

  return n;
}

/* A file at @version, made by the migrations themselves, with fixtures. */
static void
create_at_version (const char *path,
                   int         version)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = open_raw (path);

  g_assert_true (rapport_schema_migrate (db, version, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_schema_get_version (db), ==, version);
  assert_tables_up_to (db, version);
  insert_fixtures (db, version);
  close_raw (db);
}

/* Tests ----------------------------------------------------------------- */

static void
test_migrate_from_empty_file (void)
{
  g_autoptr(Scratch) scratch = scratch_new ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *triggers = NULL;
  g_autofree char *journal_mode = NULL;
  sqlite3 *db;

  g_file_set_contents (scratch->path, "", 0, &error);
  g_assert_no_error (error);

  store = rapport_store_open (scratch->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (rapport_store_get_schema_version (store), ==, RAPPORT_SCHEMA_VERSION);

  types = rapport_store_list_customer_types (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (types->len, ==, G_N_ELEMENTS (builtin_type_keys));
  g_assert_cmpuint (types->len, ==, 17);
  for (guint i = 0; i < types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (types, i);

      g_assert_cmpstr (type->key, ==, builtin_type_keys[i]);
      g_assert_true (type->builtin);
      g_assert_nonnull (type->name);
      g_assert_nonnull (type->description);
      g_assert_cmpint (type->derivable, ==, g_str_equal (type->key, "new") || g_str_equal (type->key, "returning"));
    }
  g_clear_object (&store);

  db = open_raw (scratch->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version", NULL, -1), ==, RAPPORT_SCHEMA_VERSION);
  assert_tables_up_to (db, RAPPORT_SCHEMA_VERSION);
  triggers = query_rows (db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name");
  /* The store keeps the indexes and derived columns itself: a trigger
   * would make FTS5 flush at every write. */
  g_assert_cmpstr (triggers, ==, "");
  journal_mode = query_rows (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal\n");
  close_raw (db);

  assert_raw_intact (scratch->path);
}

/* The sync bookkeeping of version 3 is kept; version 5's columns take
 * their defaults: the system's trust, automatic sync, an item that is a
 * customer with no local hash yet and no tombstone, an open conflict. */
static void
assert_sync_rows (const char *path,
                  int         version)
{
  sqlite3 *db = open_raw (path);
  g_autofree char *account = NULL;
  g_autofree char *item = NULL;
  g_autofree char *conflict = NULL;

  account = query_rows (db, "SELECT name, certificate, auto_sync FROM sync_account");
  item = query_rows (db, "SELECT href, etag, remote_hash, kind, local_hash, local_deleted FROM sync_item");
  conflict = query_rows (db, "SELECT local_copy, kind, fields, resolution FROM sync_conflict");

  if (version < 3)
    {
      g_assert_cmpstr (account, ==, "");
      g_assert_cmpstr (item, ==, "");
      g_assert_cmpstr (conflict, ==, "");
    }
  else if (version < 5)
    {
      g_assert_cmpstr (account, ==, "Team|NULL|1\n");
      g_assert_cmpstr (item, ==, "/tunde/customers/" CUSTOMER_UID ".vcf|\"e1\"|h1|customer|NULL|0\n");
      g_assert_cmpstr (conflict, ==, "BEGIN:VCARD|customer|NULL|NULL\n");
    }
  else
    {
      g_assert_cmpstr (account, ==, "Team|AB:CD|0\n");
      g_assert_cmpstr (item, ==, "/tunde/customers/" CUSTOMER_UID ".vcf|\"e1\"|h1|customer|l1|1\n");
      g_assert_cmpstr (conflict, ==, "BEGIN:VCARD|customer|notes|kept-server\n");
    }

  close_raw (db);
}

/* From version 7 a follow-up may belong to no customer yet: it is
 * stored, listed on its own, left out of the due lists and of the
 * customer's next follow-up, and can be assigned. The follow-ups of the
 * older file keep their ids, so what points to them still does. */
static void
assert_follow_ups_may_have_no_customer (RapportStore *store,
                                        const char   *path,
                                        int           version)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) stored = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) unassigned = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_utc (1800000000);
  g_autoptr(GError) error = NULL;

  follow_up->title = g_strdup ("Order more boxes");
  follow_up->time_zone = g_strdup ("Africa/Lagos");
  follow_up->due = DUE - 3600;
  g_assert_true (rapport_store_add_follow_up (store, follow_up, &error));
  g_assert_no_error (error);

  stored = rapport_store_get_follow_up (store, follow_up->id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->customer_id, ==, 0);
  g_assert_null (stored->customer_name);

  unassigned = rapport_store_list_unassigned (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (unassigned->len, ==, 1);
  g_assert_cmpint (((RapportFollowUp *) g_ptr_array_index (unassigned, 0))->id, ==, follow_up->id);
  g_assert_cmpuint (rapport_store_count_unassigned (store, &error), ==, 1);

  due = rapport_store_list_due (store, RAPPORT_DUE_UPCOMING, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, version >= 2 ? 1 : 0);
  customer = rapport_store_get_customer (store, CUSTOMER_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (customer->next_follow_up, ==, version >= 2 ? DUE : 0);
  g_clear_pointer (&customer, rapport_customer_free);

  g_assert_true (rapport_store_assign_follow_up (store, follow_up->id, CUSTOMER_ID, &error));
  g_assert_no_error (error);
  theirs = rapport_store_list_follow_ups (store, CUSTOMER_ID, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (theirs->len, ==, version >= 2 ? 2 : 1);
  g_assert_cmpuint (rapport_store_count_unassigned (store, &error), ==, 0);
  customer = rapport_store_get_customer (store, CUSTOMER_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (customer->next_follow_up, ==, DUE - 3600);

  {
    sqlite3 *db = open_raw (path);
    g_autofree char *kept = query_rows (db, "SELECT id, uid, customer_id FROM follow_up WHERE uid = '" FOLLOW_UP_UID "'");
    g_autofree char *indexes = query_rows (db, "SELECT name FROM sqlite_schema WHERE type = 'index'"
                                               " AND tbl_name = 'follow_up' AND sql IS NOT NULL ORDER BY name");

    g_assert_cmpstr (kept, ==, version >= 2 ? "1|" FOLLOW_UP_UID "|1\n" : "");
    g_assert_cmpint (query_int (db, "SELECT \"notnull\" FROM pragma_table_info ('follow_up') WHERE name = 'customer_id'",
                                NULL, -1), ==, 0);
    g_assert_cmpstr (indexes, ==, "follow_up_by_customer\nfollow_up_by_origin\nfollow_up_open_by_due\n");
    if (version >= 4)
      g_assert_cmpint (query_int (db, "SELECT count (*) FROM reminder_fired r JOIN follow_up f ON f.id = r.ref_id"
                                      " WHERE r.kind = 0 AND f.uid = ?1", FOLLOW_UP_UID, -1), ==, 1);
    close_raw (db);
  }
}

static void
test_migrate_from_version (gconstpointer data)
{
  int version = GPOINTER_TO_INT (data);
  g_autoptr(Scratch) scratch = scratch_new ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(GPtrArray) interactions = NULL;
  g_autoptr(GError) error = NULL;

  create_at_version (scratch->path, version);
  g_assert_cmpint (raw_version (scratch->path), ==, version);

  store = rapport_store_open (scratch->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (rapport_store_get_schema_version (store), ==, RAPPORT_SCHEMA_VERSION);
  g_assert_cmpuint (count_builtin_types (store), ==, 17);

  assert_fixtures (store, version);
  assert_search_finds (store, "Okafor", CUSTOMER_ID);
  assert_search_finds (store, "adaeze@okafor.example", CUSTOMER_ID);
  assert_search_finds (store, "+2348012345678", CUSTOMER_ID);
  /* The number of the old rows is read with the customer's country and
   * found in any spacing. */
  assert_search_finds (store, "0803 123 4567", CUSTOMER_ID);
  assert_search_finds (store, "+234 803 123", CUSTOMER_ID);
  assert_search_finds (store, "8031234567", CUSTOMER_ID);

  /* The migrated file takes new writes next to the old rows. */
  interaction->customer_id = CUSTOMER_ID;
  interaction->channel = RAPPORT_CHANNEL_EMAIL;
  interaction->direction = RAPPORT_DIRECTION_OUTBOUND;
  interaction->subject = g_strdup ("Sent the tracking number");
  g_assert_true (rapport_store_add_interaction (store, interaction, &error));
  g_assert_no_error (error);
  interactions = rapport_store_list_interactions (store, CUSTOMER_ID, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (interactions->len, ==, version >= 2 ? 2 : 1);

  customer = rapport_store_get_customer (store, CUSTOMER_ID, &error);
  g_assert_no_error (error);
  g_free (customer->display_name);
  customer->display_name = g_strdup ("Adaeze Okafor-Bello");
  g_assert_true (rapport_store_update_customer (store, customer, &error));
  g_assert_no_error (error);
  assert_search_finds (store, "Bello", CUSTOMER_ID);

  assert_follow_ups_may_have_no_customer (store, scratch->path, version);

  g_assert_true (rapport_store_check_integrity (store, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (raw_version (scratch->path), ==, RAPPORT_SCHEMA_VERSION);
  assert_raw_intact (scratch->path);
  assert_sync_rows (scratch->path, version);

  {
    sqlite3 *db = open_raw (scratch->path);
    g_autofree char *phones = query_rows (db, "SELECT value, e164 FROM customer_phone ORDER BY position");

    /* Kept as they were, with their E.164 form beside them. */
    g_assert_cmpstr (phones, ==, "+2348012345678|+2348012345678\n08031234567|+2348031234567\n");
    close_raw (db);
  }
}

/* Opening a file of schema RAPPORT_SCHEMA_VERSION + 1 fails and leaves
 * every byte of it as it was. */
static void
assert_refuses_newer_version (gboolean wal)
{
  g_autoptr(Scratch) scratch = scratch_new ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", RAPPORT_SCHEMA_VERSION + 1);
  gsize before_len = 0;
  gsize after_len = 0;
  sqlite3 *db;

  create_at_version (scratch->path, RAPPORT_SCHEMA_VERSION);
  db = open_raw (scratch->path);
  if (wal)
    exec_raw (db, "PRAGMA journal_mode = WAL");
  exec_raw (db, bump);
  close_raw (db);

  g_file_get_contents (scratch->path, &before, &before_len, &error);
  g_assert_no_error (error);

  store = rapport_store_open (scratch->path, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_VERSION);
  g_assert_null (store);
  g_clear_error (&error);

  g_file_get_contents (scratch->path, &after, &after_len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after_len, ==, before_len);
  for (gsize i = 0; i < before_len; i++)
    if (after[i] != before[i])
      g_error ("Opening a newer file (%s) changed it: byte %" G_GSIZE_FORMAT " was %u and is %u",
               wal ? "WAL mode" : "rollback journal mode", i, (guchar) before[i], (guchar) after[i]);

  g_assert_cmpint (raw_version (scratch->path), ==, RAPPORT_SCHEMA_VERSION + 1);
}

static void
test_migrate_refuses_newer_version (void)
{
  /* As a newer Rapport leaves it... */
  assert_refuses_newer_version (TRUE);
  /* ...and as the sqlite3 shell or another tool may write it. */
  assert_refuses_newer_version (FALSE);
}

static void
test_migrate_is_idempotent (void)
{
  g_autoptr(Scratch) scratch = scratch_new ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(RapportCustomer) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *schema_first = NULL;
  g_autofree char *schema_second = NULL;
  g_autofree char *types_first = NULL;
  g_autofree char *types_second = NULL;
  static const char schema_sql[] = "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name";
  static const char types_sql[] = "SELECT id, key, name, builtin, derivable FROM customer_type ORDER BY id";
  sqlite3 *db;

  store = rapport_store_open (scratch->path, &error);
  g_assert_no_error (error);
  customer->display_name = g_strdup ("Kofi Mensah");
  rapport_customer_add_email (customer, "kofi@mensah.example", NULL, TRUE);
  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);
  g_clear_object (&store);

  db = open_raw (scratch->path);
  schema_first = query_rows (db, schema_sql);
  types_first = query_rows (db, types_sql);
  close_raw (db);

  store = rapport_store_open (scratch->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_get_schema_version (store), ==, RAPPORT_SCHEMA_VERSION);
  found = rapport_store_find_customer (store, "kofi@mensah.example", &error);
  g_assert_no_error (error);
  g_assert_cmpint (found->id, ==, customer->id);
  g_assert_cmpuint (count_builtin_types (store), ==, 17);
  g_clear_object (&store);

  /* Migrating a current file again changes nothing. */
  db = open_raw (scratch->path);
  g_assert_true (rapport_schema_migrate (db, RAPPORT_SCHEMA_VERSION, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_total_changes (db), ==, 0);
  schema_second = query_rows (db, schema_sql);
  types_second = query_rows (db, types_sql);
  close_raw (db);

  g_assert_cmpstr (schema_second, ==, schema_first);
  g_assert_cmpstr (types_second, ==, types_first);
  g_assert_cmpint (raw_version (scratch->path), ==, RAPPORT_SCHEMA_VERSION);
}

static void
assert_mode (const char *path,
             guint       expected)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  if ((st.st_mode & 0777) != expected)
    g_error ("%s has mode %04o, expected %04o", path, st.st_mode & 0777, expected);
}

static void
test_file_mode_is_private (void)
{
  g_autoptr(Scratch) scratch = scratch_new ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (scratch->dir, "data", NULL);
  g_autofree char *folder = g_build_filename (data_home, "rapport", NULL);
  g_autofree char *path = g_build_filename (folder, "rapport.db", NULL);
  g_autofree char *default_path = NULL;
  mode_t old_mask;

  /* A path given by hand in a folder that does not exist is a typo:
   * refused, and nothing is created. */
  store = rapport_store_open (path, &error);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (store);
  g_assert_false (g_file_test (data_home, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* The default location is made, private. Nothing in this program has
   * asked for the user data folder before, so GLib reads it now. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  default_path = rapport_store_dup_default_path ();
  g_assert_cmpstr (default_path, ==, path);

  /* The usual umask would leave files readable by everyone. */
  old_mask = umask (022);

  store = rapport_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  customer->display_name = g_strdup ("Ama Owusu");
  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);

  assert_mode (folder, 0700);
  assert_mode (path, 0600);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *side = g_strconcat (path, i == 0 ? "-wal" : "-shm", NULL);

      if (g_file_test (side, G_FILE_TEST_EXISTS))
        assert_mode (side, 0600);
    }

  g_clear_object (&store);
  assert_mode (path, 0600);
  umask (old_mask);
}

static void
assert_failed_migration_rolls_back (const char *table)
{
  g_autoptr(Scratch) scratch = scratch_new ();
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *create = g_strdup_printf ("CREATE TABLE %s (id INTEGER PRIMARY KEY, note TEXT);"
                                             "INSERT INTO %s (note) VALUES ('made by hand');",
                                             table, table);
  g_autofree char *drop = g_strdup_printf ("DROP TABLE %s", table);
  g_autofree char *count = g_strdup_printf ("SELECT count (*) FROM %s", table);
  g_autofree char *expected = g_strdup_printf ("table %s already exists", table);
  sqlite3 *db;

  create_at_version (scratch->path, 1);
  db = open_raw (scratch->path);
  exec_raw (db, create);
  close_raw (db);

  store = rapport_store_open (scratch->path, &error);
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE);
  g_assert_null (store);
  g_test_message ("Opening with a hand-made %s table: %s", table, error->message);
  g_assert_nonnull (strstr (error->message, "schema 2"));
  g_assert_nonnull (strstr (error->message, expected));
  g_clear_error (&error);

  /* Still version 1, with nothing of migration 2 left behind... */
  db = open_raw (scratch->path);
  g_assert_cmpint (query_int (db, "PRAGMA user_version", NULL, -1), ==, 1);
  for (guint i = 0; tables_2[i] != NULL; i++)
    if (!g_str_equal (tables_2[i], table))
      g_assert_false (has_table (db, tables_2[i]));
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM sqlite_schema WHERE type = 'trigger'", NULL, -1), ==, 0);
  g_assert_cmpint (query_int (db, count, NULL, -1), ==, 1);

  /* ...and the data of version 1 as it was. */
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM customer", NULL, -1), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT id FROM customer WHERE uid = ?1", CUSTOMER_UID, -1), ==, CUSTOMER_ID);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM customer_email", NULL, -1), ==, 1);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM customer_type_link", NULL, -1), ==, 2);
  g_assert_cmpint (query_int (db, "SELECT count (*) FROM customer_type WHERE builtin", NULL, -1), ==, 17);
  g_assert_cmpint (query_int (db, "SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?1",
                              "adaeze", -1), ==, CUSTOMER_ID);
  close_raw (db);
  assert_raw_intact (scratch->path);

  /* Once the obstacle is gone, the same file migrates. */
  db = open_raw (scratch->path);
  exec_raw (db, drop);
  close_raw (db);

  store = rapport_store_open (scratch->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_get_schema_version (store), ==, RAPPORT_SCHEMA_VERSION);
  assert_fixtures (store, 1);
  g_clear_object (&store);
  assert_raw_intact (scratch->path);
}

static void
test_failed_migration_rolls_back (void)
{
  /* The first statement of migration 2 fails... */
  assert_failed_migration_rolls_back ("interaction");
  /* ...or its last, after it has created the other tables. */
  assert_failed_migration_rolls_back ("renewal_notice");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/schema/migrate/from-empty-file", test_migrate_from_empty_file);

  for (int version = 1; version <= RAPPORT_SCHEMA_VERSION; version++)
    {
      g_autofree char *test_path = g_strdup_printf ("/schema/migrate/from-version-%d", version);

      g_test_add_data_func (test_path, GINT_TO_POINTER (version), test_migrate_from_version);
    }

  g_test_add_func ("/schema/migrate/is-idempotent", test_migrate_is_idempotent);
  g_test_add_func ("/schema/migrate/failed-migration-rolls-back", test_failed_migration_rolls_back);
  g_test_add_func ("/schema/migrate/refuses-newer-version", test_migrate_refuses_newer_version);
  g_test_add_func ("/schema/default-location-is-private-and-typos-are-refused", test_file_mode_is_private);

  return g_test_run ();
}
