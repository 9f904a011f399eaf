/* test-crash.c
 *
 * Kills crash-writer (CRASH_WRITER, else the one next to this test) with
 * SIGKILL at random moments while it writes, then opens the same file:
 * it must open, be intact (SQLite and the FTS5 index), and hold every
 * write the writer reported as committed, across all rounds. The write in
 * flight at the kill must be there whole or not at all. See crash-writer.c
 * for the lines it prints.
 */

#include "config.h"

#include <signal.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rapport-error.h"
#include "rapport-store.h"

#define N_ROUNDS          40
#define N_MIGRATION_KILLS 20

typedef enum
{
  IN_FLIGHT_NONE,
  IN_FLIGHT_UPDATE,
  IN_FLIGHT_TRASH,
  IN_FLIGHT_IMPORT,
} InFlightKind;

typedef struct
{
  char     *name;      /* NULL: never renamed, the writer's own name */
  gboolean  trashed;
} ExpectedCustomer;

typedef struct
{
  guint  n;
  char  *marker;
} ExpectedImport;

/* What the writers reported, over all rounds. */
typedef struct
{
  GHashTable   *customers;      /* uid -> ExpectedCustomer */
  GPtrArray    *customer_order; /* uids, in the order they were reported */
  GPtrArray    *interactions;   /* uids */
  GPtrArray    *follow_ups;     /* uids */
  GPtrArray    *imports;        /* ExpectedImport */

  /* The write announced but not reported when the writer died. */
  InFlightKind  in_flight;
  char         *in_flight_uid;
  char         *in_flight_name;
  char         *in_flight_marker;
  guint         in_flight_n;

  guint         n_lines;
  guint         n_updates;
  guint         n_trashed;
  guint         n_in_flight_committed;
  guint         n_in_flight_lost;
} Ledger;

/* A running crash-writer and the thread collecting its lines. */
typedef struct
{
  GSubprocess      *process;
  GDataInputStream *input;
  GThread          *reader;
  GPtrArray        *early;   /* lines read before the reader started */
} Writer;

static void
expected_customer_free (ExpectedCustomer *customer)
{
  g_free (customer->name);
  g_free (customer);
}

static void
expected_import_free (ExpectedImport *import)
{
  g_free (import->marker);
  g_free (import);
}

static Ledger *
ledger_new (void)
{
  Ledger *ledger = g_new0 (Ledger, 1);

  ledger->customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                             (GDestroyNotify) expected_customer_free);
  ledger->customer_order = g_ptr_array_new_with_free_func (g_free);
  ledger->interactions = g_ptr_array_new_with_free_func (g_free);
  ledger->follow_ups = g_ptr_array_new_with_free_func (g_free);
  ledger->imports = g_ptr_array_new_with_free_func ((GDestroyNotify) expected_import_free);

  return ledger;
}

static void
ledger_clear_in_flight (Ledger *ledger)
{
  ledger->in_flight = IN_FLIGHT_NONE;
  g_clear_pointer (&ledger->in_flight_uid, g_free);
  g_clear_pointer (&ledger->in_flight_name, g_free);
  g_clear_pointer (&ledger->in_flight_marker, g_free);
  ledger->in_flight_n = 0;
}

static void
ledger_free (Ledger *ledger)
{
  ledger_clear_in_flight (ledger);
  g_hash_table_unref (ledger->customers);
  g_ptr_array_unref (ledger->customer_order);
  g_ptr_array_unref (ledger->interactions);
  g_ptr_array_unref (ledger->follow_ups);
  g_ptr_array_unref (ledger->imports);
  g_free (ledger);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ledger, ledger_free)

/* The customer @uid, known from now on (renames and the trash also reach
 * customers whose creation was not reported: imported ones, or the one
 * in flight at an earlier kill). */
static ExpectedCustomer *
ledger_lookup_customer (Ledger     *ledger,
                        const char *uid)
{
  ExpectedCustomer *customer = g_hash_table_lookup (ledger->customers, uid);

  if (customer == NULL)
    {
      customer = g_new0 (ExpectedCustomer, 1);
      g_hash_table_insert (ledger->customers, g_strdup (uid), customer);
      g_ptr_array_add (ledger->customer_order, g_strdup (uid));
    }

  return customer;
}

static void
ledger_take_line (Ledger     *ledger,
                  const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  guint n_words = g_strv_length (words);
  ExpectedCustomer *customer;

  ledger->n_lines++;

  if (n_words == 1 && g_str_equal (words[0], "opening"))
    return;

  if (n_words == 2 && g_str_equal (words[0], "opened"))
    {
      g_assert_cmpstr (words[1], ==, G_STRINGIFY (RAPPORT_SCHEMA_VERSION));
      return;
    }

  if (n_words == 2 && g_str_equal (words[0], "customer"))
    {
      g_assert_false (g_hash_table_contains (ledger->customers, words[1]));
      ledger_lookup_customer (ledger, words[1]);
      return;
    }

  if (n_words == 2 && g_str_equal (words[0], "interaction"))
    {
      g_ptr_array_add (ledger->interactions, g_strdup (words[1]));
      return;
    }

  if (n_words == 2 && g_str_equal (words[0], "follow-up"))
    {
      g_ptr_array_add (ledger->follow_ups, g_strdup (words[1]));
      return;
    }

  if (n_words == 3 && g_str_equal (words[0], "updating"))
    {
      g_assert_cmpint (ledger->in_flight, ==, IN_FLIGHT_NONE);
      ledger->in_flight = IN_FLIGHT_UPDATE;
      ledger->in_flight_uid = g_strdup (words[1]);
      ledger->in_flight_name = g_strdup (words[2]);
      return;
    }

  if (n_words == 3 && g_str_equal (words[0], "updated"))
    {
      g_assert_cmpint (ledger->in_flight, ==, IN_FLIGHT_UPDATE);
      g_assert_cmpstr (ledger->in_flight_uid, ==, words[1]);
      ledger_clear_in_flight (ledger);

      customer = ledger_lookup_customer (ledger, words[1]);
      g_assert_false (customer->trashed);
      g_free (customer->name);
      customer->name = g_strdup (words[2]);
      ledger->n_updates++;
      return;
    }

  if (n_words == 2 && g_str_equal (words[0], "trashing"))
    {
      g_assert_cmpint (ledger->in_flight, ==, IN_FLIGHT_NONE);
      ledger->in_flight = IN_FLIGHT_TRASH;
      ledger->in_flight_uid = g_strdup (words[1]);
      return;
    }

  if (n_words == 2 && g_str_equal (words[0], "trashed"))
    {
      g_assert_cmpint (ledger->in_flight, ==, IN_FLIGHT_TRASH);
      g_assert_cmpstr (ledger->in_flight_uid, ==, words[1]);
      ledger_clear_in_flight (ledger);

      customer = ledger_lookup_customer (ledger, words[1]);
      g_assert_false (customer->trashed);
      customer->trashed = TRUE;
      ledger->n_trashed++;
      return;
    }

  if (n_words == 3 && g_str_equal (words[0], "importing"))
    {
      g_assert_cmpint (ledger->in_flight, ==, IN_FLIGHT_NONE);
      ledger->in_flight = IN_FLIGHT_IMPORT;
      ledger->in_flight_n = (guint) g_ascii_strtoull (words[1], NULL, 10);
      ledger->in_flight_marker = g_strdup (words[2]);
      g_assert_cmpuint (ledger->in_flight_n, >, 0);
      return;
    }

  if (n_words == 3 && g_str_equal (words[0], "import"))
    {
      ExpectedImport *import = g_new0 (ExpectedImport, 1);

      g_assert_cmpint (ledger->in_flight, ==, IN_FLIGHT_IMPORT);
      g_assert_cmpstr (ledger->in_flight_marker, ==, words[2]);
      import->n = (guint) g_ascii_strtoull (words[1], NULL, 10);
      import->marker = g_strdup (words[2]);
      g_assert_cmpuint (import->n, ==, ledger->in_flight_n);
      ledger_clear_in_flight (ledger);
      g_ptr_array_add (ledger->imports, import);
      return;
    }

  g_error ("crash-writer printed an unexpected line: “%s”", line);
}

/* Raw SQLite, to look past the store ------------------------------------ */

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  return db;
}

/* The integer in the first column of the only row of @sql, with @text
 * (if not NULL) bound to ?1. */
static gint64
query_int (sqlite3    *db,
           const char *sql,
           const char *text)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (db));

  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    g_error ("“%s” returned no row: %s", sql, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  return value;
}

/* The text in the first column of the first row of @sql with ?1 = @text;
 * NULL when there is no row. */
static char *
query_text (sqlite3    *db,
            const char *sql,
            const char *text)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static void
assert_raw_file_intact (sqlite3 *db)
{
  static const char *const fts_tables[] = { "customer_fts", "interaction_fts" };
  g_autoptr(GString) report = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  char *message = NULL;
  int rc;

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_string_append_printf (report, "%s%s", report->len > 0 ? "; " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpstr (report->str, ==, "ok");

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The search indexes, where the schema has them yet. */
  for (guint i = 0; i < G_N_ELEMENTS (fts_tables); i++)
    {
      g_autofree char *sql = NULL;

      if (query_int (db, "SELECT count (*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                     fts_tables[i]) == 0)
        continue;

      sql = g_strdup_printf ("INSERT INTO %s (%s) VALUES ('integrity-check')", fts_tables[i], fts_tables[i]);
      if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
        g_error ("The search index %s is damaged: %s", fts_tables[i], message);
    }
}

/* Invariants that hold after every committed transaction of the writer,
 * so a half-applied write breaks one of them. */
static void
assert_writes_atomic (sqlite3 *db)
{
  /* Each customer was written with one email, one phone and type "vip". */
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM customer c"
                              " WHERE (SELECT count (*) FROM customer_email e WHERE e.customer_id = c.id) <> 1"
                              "    OR (SELECT count (*) FROM customer_phone p WHERE p.customer_id = c.id) <> 1"
                              "    OR (SELECT count (*) FROM customer_type_link l JOIN customer_type t ON t.id = l.type_id"
                              "         WHERE l.customer_id = c.id AND t.key = 'vip') <> 1",
                              NULL), ==, 0);

  /* A search document for each customer outside the trash, and only them,
   * naming the customer as the customer row does. */
  g_assert_cmpint (query_int (db,
                              "SELECT (SELECT count (*) FROM customer WHERE deleted IS NULL)"
                              " - (SELECT count (*) FROM customer_fts)",
                              NULL), ==, 0);
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM customer c WHERE c.deleted IS NULL"
                              " AND NOT EXISTS (SELECT 1 FROM customer_fts f WHERE f.rowid = c.id)",
                              NULL), ==, 0);
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM customer c JOIN customer_fts f ON f.rowid = c.id"
                              " WHERE substr (f.name, 1, length (c.display_name)) <> c.display_name",
                              NULL), ==, 0);

  /* The columns kept by triggers agree with the history. */
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM customer c WHERE c.last_contact IS NOT"
                              " (SELECT max (occurred_at) FROM interaction i WHERE i.customer_id = c.id)",
                              NULL), ==, 0);
  g_assert_cmpint (query_int (db,
                              "SELECT count (*) FROM customer c WHERE c.next_follow_up IS NOT"
                              " (SELECT min (coalesce (snoozed_until, due)) FROM follow_up f"
                              "   WHERE f.customer_id = c.id AND f.state = 0)",
                              NULL), ==, 0);
}

static gint64
count_imported (sqlite3    *db,
                const char *marker)
{
  g_autofree char *pattern = g_strdup_printf ("%s-*", marker);

  return query_int (db,
                    "SELECT count (DISTINCT customer_id) FROM customer_email WHERE value_folded GLOB ?1",
                    pattern);
}

/* Decides from the file what became of the write in flight at the kill:
 * each of them must be found whole or not at all. */
static void
resolve_in_flight (Ledger  *ledger,
                   sqlite3 *db)
{
  ExpectedCustomer *customer;
  g_autofree char *name = NULL;
  gboolean committed = FALSE;
  gint64 count;

  switch (ledger->in_flight)
    {
    case IN_FLIGHT_NONE:
      return;

    case IN_FLIGHT_UPDATE:
      customer = ledger_lookup_customer (ledger, ledger->in_flight_uid);
      name = query_text (db, "SELECT display_name FROM customer WHERE uid = ?1 AND deleted IS NULL",
                         ledger->in_flight_uid);
      g_assert_nonnull (name);
      committed = g_str_equal (name, ledger->in_flight_name);
      if (!committed && customer->name != NULL)
        g_assert_cmpstr (name, ==, customer->name);
      if (committed)
        {
          g_free (customer->name);
          customer->name = g_steal_pointer (&name);
        }
      break;

    case IN_FLIGHT_TRASH:
      customer = ledger_lookup_customer (ledger, ledger->in_flight_uid);
      committed = query_int (db, "SELECT deleted IS NOT NULL FROM customer WHERE uid = ?1",
                             ledger->in_flight_uid) != 0;
      customer->trashed = committed;
      break;

    case IN_FLIGHT_IMPORT:
      count = count_imported (db, ledger->in_flight_marker);
      if (count != 0 && count != ledger->in_flight_n)
        g_error ("Import %s was cut in half by the kill: %" G_GINT64_FORMAT " of %u rows are in the file",
                 ledger->in_flight_marker, count, ledger->in_flight_n);
      committed = count != 0;
      if (committed)
        {
          ExpectedImport *import = g_new0 (ExpectedImport, 1);

          import->n = ledger->in_flight_n;
          import->marker = g_strdup (ledger->in_flight_marker);
          g_ptr_array_add (ledger->imports, import);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  if (committed)
    ledger->n_in_flight_committed++;
  else
    ledger->n_in_flight_lost++;

  ledger_clear_in_flight (ledger);
}

static void
assert_search_finds (RapportStore          *store,
                     const RapportCustomer *customer)
{
  RapportCustomerQuery query = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  query.search = rapport_customer_get_email (customer);
  g_assert_nonnull (query.search);

  ids = rapport_store_list_customer_ids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ids);

  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == customer->id)
      found = TRUE;

  if (!found)
    g_error ("Searching “%s” does not find customer %s", query.search, customer->uid);
}

/* Everything the ledger holds must be in the file at @path. Returns the
 * number of known customers outside the trash. */
static guint
assert_store_holds (Ledger     *ledger,
                    const char *path)
{
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportCustomer) newest = NULL;
  g_autoptr(RapportCustomer) sample = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  guint n_live = 0;
  guint sample_index;

  store = rapport_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (rapport_store_get_schema_version (store), ==, RAPPORT_SCHEMA_VERSION);

  g_assert_true (rapport_store_check_integrity (store, &error));
  g_assert_no_error (error);

  db = open_raw (path);
  assert_raw_file_intact (db);
  assert_writes_atomic (db);
  resolve_in_flight (ledger, db);

  sample_index = ledger->customer_order->len > 0
                 ? (guint) g_test_rand_int_range (0, (gint32) ledger->customer_order->len)
                 : 0;

  for (guint i = 0; i < ledger->customer_order->len; i++)
    {
      const char *uid = g_ptr_array_index (ledger->customer_order, i);
      const ExpectedCustomer *expected = g_hash_table_lookup (ledger->customers, uid);
      g_autoptr(RapportCustomer) customer = NULL;
      g_autoptr(GError) find_error = NULL;

      customer = rapport_store_find_customer (store, uid, &find_error);

      if (expected->trashed)
        {
          g_assert_error (find_error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
          g_assert_null (customer);
          g_assert_cmpint (query_int (db, "SELECT deleted IS NOT NULL FROM customer WHERE uid = ?1", uid), ==, 1);
          continue;
        }

      g_assert_no_error (find_error);
      g_assert_nonnull (customer);
      g_assert_cmpstr (customer->uid, ==, uid);
      if (expected->name != NULL)
        g_assert_cmpstr (customer->display_name, ==, expected->name);
      g_assert_cmpuint (customer->emails->len, ==, 1);
      g_assert_cmpuint (customer->phones->len, ==, 1);
      g_assert_true (rapport_customer_has_type (customer, "vip"));
      n_live++;

      if (i >= sample_index && sample == NULL)
        sample = rapport_customer_copy (customer);
      g_clear_pointer (&newest, rapport_customer_free);
      newest = g_steal_pointer (&customer);
    }

  for (guint i = 0; i < ledger->interactions->len; i++)
    {
      const char *uid = g_ptr_array_index (ledger->interactions, i);

      if (query_int (db, "SELECT count (*) FROM interaction WHERE uid = ?1", uid) != 1)
        g_error ("Committed interaction %s is missing", uid);
    }

  for (guint i = 0; i < ledger->follow_ups->len; i++)
    {
      const char *uid = g_ptr_array_index (ledger->follow_ups, i);

      if (query_int (db, "SELECT count (*) FROM follow_up WHERE uid = ?1", uid) != 1)
        g_error ("Committed follow-up %s is missing", uid);
    }

  for (guint i = 0; i < ledger->imports->len; i++)
    {
      const ExpectedImport *import = g_ptr_array_index (ledger->imports, i);
      gint64 count = count_imported (db, import->marker);

      if (count != import->n)
        g_error ("Committed import %s has %" G_GINT64_FORMAT " of its %u rows", import->marker, count, import->n);
    }

  /* Search goes through the FTS index: the newest customer and one picked
   * at random must be found by their email. */
  if (newest != NULL)
    assert_search_finds (store, newest);
  if (sample != NULL)
    assert_search_finds (store, sample);

  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

  return n_live;
}

/* Running the writer ---------------------------------------------------- */

static char *
dup_writer_path (void)
{
  const char *env = g_getenv ("CRASH_WRITER");
  char *path;

  if (env != NULL && *env != '\0')
    path = g_strdup (env);
  else
    path = g_test_build_filename (G_TEST_BUILT, "crash-writer", NULL);

  if (!g_file_test (path, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("crash-writer not found at “%s”: set CRASH_WRITER", path);

  return path;
}

static gpointer
read_lines_thread (gpointer data)
{
  GDataInputStream *input = data;
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  GError *error = NULL;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (input, NULL, NULL, &error)) != NULL)
    g_ptr_array_add (lines, line);
  g_assert_no_error (error);

  return lines;
}

static Writer *
writer_spawn (const char *writer_path,
              const char *db_path,
              guint32     seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *seed_text = g_strdup_printf ("%" G_GUINT32_FORMAT, seed);
  Writer *writer = g_new0 (Writer, 1);

  writer->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                      writer_path, db_path, seed_text, NULL);
  g_assert_no_error (error);
  writer->input = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer->process));

  return writer;
}

/* Reads the writer's lines up to "opened": it has opened the store and
 * loaded what its first writes need (libphonenumber's metadata takes
 * half a second under ASan), so a kill after it lands among writes. */
static void
writer_wait_until_opened (Writer *writer)
{
  g_autoptr(GError) error = NULL;
  char *line;

  writer->early = g_ptr_array_new_with_free_func (g_free);
  while ((line = g_data_input_stream_read_line_utf8 (writer->input, NULL, NULL, &error)) != NULL)
    {
      g_ptr_array_add (writer->early, line);
      if (g_str_has_prefix (line, "opened "))
        return;
    }
  g_assert_no_error (error);
  g_error ("crash-writer stopped before it opened the store");
}

/* Starts collecting the writer's lines until its stdout closes. */
static void
writer_start_reading (Writer *writer)
{
  writer->reader = g_thread_new ("crash-writer-lines", read_lines_thread, writer->input);
}

/* SIGKILLs the writer and returns every line it printed. */
static GPtrArray *
writer_kill (Writer *writer)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *lines;

  g_subprocess_send_signal (writer->process, SIGKILL);
  g_subprocess_wait (writer->process, NULL, &error);
  g_assert_no_error (error);

  lines = g_thread_join (writer->reader);
  if (writer->early != NULL)
    {
      g_ptr_array_extend_and_steal (writer->early, lines);
      lines = g_steal_pointer (&writer->early);
    }

  /* Anything else means it stopped by itself: a write failed. */
  if (!g_subprocess_get_if_signaled (writer->process))
    g_error ("crash-writer exited with status %d before it was killed",
             g_subprocess_get_exit_status (writer->process));
  g_assert_cmpint (g_subprocess_get_term_sig (writer->process), ==, SIGKILL);

  g_object_unref (writer->input);
  g_object_unref (writer->process);
  g_free (writer);

  return lines;
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_remove (file), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

/* Tests ----------------------------------------------------------------- */

static void
test_sigkill_keeps_committed_writes (void)
{
  g_autofree char *writer_path = dup_writer_path ();
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(Ledger) ledger = ledger_new ();
  g_autoptr(GError) error = NULL;

  dir = g_dir_make_tmp ("rapport-crash-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "rapport.db", NULL);

  for (guint round = 0; round < N_ROUNDS; round++)
    {
      /* Distinct seeds keep names and import markers apart. */
      guint32 seed = (g_test_rand_int () & 0xffffff00u) | round;
      guint delay_ms = (guint) g_test_rand_int_range (5, 301);
      g_autoptr(GPtrArray) lines = NULL;
      Writer *writer;
      guint n_live;

      writer = writer_spawn (writer_path, path, seed);
      writer_wait_until_opened (writer);
      writer_start_reading (writer);
      g_usleep (delay_ms * 1000);
      lines = writer_kill (writer);

      for (guint i = 0; i < lines->len; i++)
        ledger_take_line (ledger, g_ptr_array_index (lines, i));

      n_live = assert_store_holds (ledger, path);
      g_test_message ("round %u: killed the writer (seed %" G_GUINT32_FORMAT ") after %u ms and %u lines;"
                      " %u customers known, %u of them outside the trash",
                      round, seed, delay_ms, lines->len, ledger->customer_order->len, n_live);
    }

  g_test_message ("%u lines; %u customers, %u interactions, %u follow-ups, %u renames, %u trashed,"
                  " %u imports; in flight at the kill: %u committed, %u not",
                  ledger->n_lines, ledger->customer_order->len, ledger->interactions->len,
                  ledger->follow_ups->len, ledger->n_updates, ledger->n_trashed, ledger->imports->len,
                  ledger->n_in_flight_committed, ledger->n_in_flight_lost);

  /* The rounds must have written something for the checks to mean much. */
  g_assert_cmpuint (ledger->customer_order->len, >, 0);
  g_assert_cmpuint (ledger->interactions->len, >, 0);

  remove_dir (dir);
}

static void
test_reopen_after_kill_during_migration (void)
{
  g_autofree char *writer_path = dup_writer_path ();
  g_autofree char *dir = NULL;
  g_autoptr(GError) error = NULL;
  guint versions_at_kill[RAPPORT_SCHEMA_VERSION + 1] = { 0 };

  dir = g_dir_make_tmp ("rapport-crash-XXXXXX", &error);
  g_assert_no_error (error);

  for (guint round = 0; round < N_MIGRATION_KILLS; round++)
    {
      g_autofree char *name = g_strdup_printf ("migrating-%u.db", round);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *opening = NULL;
      g_autoptr(RapportStore) store = NULL;
      g_autoptr(GPtrArray) lines = NULL;
      g_autoptr(GPtrArray) types = NULL;
      guint delay_us = (guint) g_test_rand_int_range (0, 20001);
      guint n_builtin = 0;
      Writer *writer;
      sqlite3 *db;
      int version;

      g_file_set_contents (path, "", 0, &error);
      g_assert_no_error (error);

      /* Time the kill from the moment the writer calls rapport_store_open
       * (its first line), so that it lands among the migrations rather
       * than in the start-up of the process. */
      writer = writer_spawn (writer_path, path, round);
      opening = g_data_input_stream_read_line_utf8 (writer->input, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (opening, ==, "opening");
      writer_start_reading (writer);
      g_usleep (delay_us);
      lines = writer_kill (writer);

      db = open_raw (path);
      version = query_int (db, "PRAGMA user_version", NULL);
      g_assert_cmpint (version, >=, 0);
      g_assert_cmpint (version, <=, RAPPORT_SCHEMA_VERSION);
      versions_at_kill[version]++;
      if (g_ptr_array_find_with_equal_func (lines, "opened " G_STRINGIFY (RAPPORT_SCHEMA_VERSION),
                                            g_str_equal, NULL))
        g_assert_cmpint (version, ==, RAPPORT_SCHEMA_VERSION);
      assert_raw_file_intact (db);
      g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);

      store = rapport_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (store);
      g_assert_cmpint (rapport_store_get_schema_version (store), ==, RAPPORT_SCHEMA_VERSION);
      g_assert_true (rapport_store_check_integrity (store, &error));
      g_assert_no_error (error);

      /* Seeding the built-in types is part of migration 1: all or none. */
      types = rapport_store_list_customer_types (store, &error);
      g_assert_no_error (error);
      for (guint i = 0; i < types->len; i++)
        if (((RapportCustomerType *) g_ptr_array_index (types, i))->builtin)
          n_builtin++;
      g_assert_cmpuint (n_builtin, ==, 17);
      g_clear_object (&store);

      db = open_raw (path);
      assert_raw_file_intact (db);
      g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
    }

  for (guint v = 0; v <= RAPPORT_SCHEMA_VERSION; v++)
    g_test_message ("killed at schema version %u: %u times", v, versions_at_kill[v]);

  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/crash/sigkill-keeps-committed-writes",
                   test_sigkill_keeps_committed_writes);
  g_test_add_func ("/store/crash/reopen-after-kill-during-migration",
                   test_reopen_after_kill_during_migration);

  return g_test_run ();
}
