/* test-store-files.c
 *
 * What the store leaves on disk: an erased customer's words appear in no
 * byte of the database, its -wal or its -shm (search index segments,
 * freed pages, old WAL frames and sync copies included), while the other
 * customers stay searchable; and the files are the owner's alone, also
 * when they were made readable by others before.
 */

#define _GNU_SOURCE  /* memmem */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "rapport-store-private.h"
#include "test-util.h"

/* What the erased customer said and was, as typed and as the search
 * index keeps it (folded to lower case, one word at a time). The words
 * begin with letters no other indexed word begins with, so the index
 * writes each whole, not as a suffix of the word before it. */
static const char * const erased_values[] = {
  "Xanthe Vormgaard",
  "xanthe.vormgaard@jubilex.example",
  "+49 30 98765432",
  "Allergic to kumquatzine",
  "Wexfordian dispute",
  "promised a refund for the glimmerwax order",
  "Call about the yellowcake contract",
  "Hydrozoic service plan",
  "xanthe",
  "vormgaard",
  "jubilex",
  "kumquatzine",
  "wexfordian",
  "glimmerwax",
  "yellowcake",
};

static const char * const kept_values[] = {
  "Bartholomew Okonkwo",
  "bartholomew@okonkwo.example",
  "Likes marmalade",
  "Quarterly review",
};

static gboolean
file_contains (const char *path,
               const char *needle)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    return FALSE;

  return memmem (contents, length, needle, strlen (needle)) != NULL;
}

/* Which of the database's files holds @needle, or NULL. */
static const char *
found_in (const char *path,
          const char *needle)
{
  static const char * const suffixes[] = { "", "-wal", "-shm" };
  static char found[4096];

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (file_contains (file, needle))
        {
          g_strlcpy (found, file, sizeof found);
          return found;
        }
    }

  return NULL;
}

static void
assert_erased_from_disk (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (erased_values); i++)
    {
      const char *where = found_in (path, erased_values[i]);

      if (where != NULL)
        g_error ("“%s” is still in %s", erased_values[i], where);
    }

  /* The scan sees what is there. */
  for (guint i = 0; i < G_N_ELEMENTS (kept_values); i++)
    g_assert_nonnull (found_in (path, kept_values[i]));
}

static gint64
add_customer (RapportStore *store,
              const char   *name,
              const char   *email,
              const char   *phone,
              const char   *notes,
              char        **uid)
{
  g_autoptr(RapportCustomer) customer = make_person (name, email);
  g_autoptr(GError) error = NULL;

  customer->notes = g_strdup (notes);
  if (phone != NULL)
    rapport_customer_add_phone (customer, phone, "work", TRUE);
  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);
  *uid = g_strdup (customer->uid);

  return customer->id;
}

static char *
add_interaction (RapportStore *store,
                 gint64        customer_id,
                 const char   *subject,
                 const char   *body)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(GError) error = NULL;

  interaction->customer_id = customer_id;
  interaction->subject = g_strdup (subject);
  interaction->body = g_strdup (body);
  g_assert_true (rapport_store_add_interaction (store, interaction, &error));
  g_assert_no_error (error);

  return g_strdup (interaction->uid);
}

static void
exec_sql (RapportStore *store,
          const char   *sql,
          const char   *text)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static gint64
query_count (RapportStore *store,
             const char   *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (store->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return n;
}

/* What the sync engine keeps of a synced record: our rendering and the
 * server's copy, and a conflict copy. */
static void
add_sync_rows (RapportStore *store,
               const char   *uid,
               const char   *text)
{
  g_autofree char *item = g_strdup_printf ("INSERT INTO sync_item (collection_id, local_uid, href, etag,"
                                           " remote_hash, remote_copy, local_hash, local_copy, dirty)"
                                           " VALUES (1, ?1, '/c/' || ?1 || '.vcf', '\"1\"', 'h',"
                                           " 'BEGIN:VCARD\r\nNOTE:%s\r\nEND:VCARD\r\n', 'l',"
                                           " 'BEGIN:VCARD\r\nFN:%s\r\nEND:VCARD\r\n', 0)",
                                           text, text);
  g_autofree char *conflict = g_strdup_printf ("INSERT INTO sync_conflict (collection_id, local_uid, local_copy,"
                                               " remote_copy, created)"
                                               " VALUES (1, ?1, 'FN:%s', 'NOTE:%s', 1)",
                                               text, text);

  exec_sql (store, item, uid);
  exec_sql (store, conflict, uid);
}

static void
test_erase_leaves_no_trace (StoreFixture  *fixture,
                            gconstpointer  data)
{
  RapportStore *store = fixture->store;
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autofree char *erased_uid = NULL;
  g_autofree char *kept_uid = NULL;
  g_autofree char *erased_interaction = NULL;
  g_autofree char *kept_interaction = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  RapportCustomerQuery query = { 0 };
  GStatBuf st;
  gint64 erased;
  gint64 kept;

  kept = add_customer (store, "Bartholomew Okonkwo", "bartholomew@okonkwo.example", NULL,
                       "Likes marmalade", &kept_uid);
  erased = add_customer (store, "Xanthe Vormgaard", "xanthe.vormgaard@jubilex.example", "+49 30 98765432",
                         "Allergic to kumquatzine", &erased_uid);
  kept_interaction = add_interaction (store, kept, "Quarterly review", "All well");
  erased_interaction = add_interaction (store, erased, "Wexfordian dispute",
                                        "promised a refund for the glimmerwax order");

  follow_up->customer_id = erased;
  follow_up->title = g_strdup ("Call about the yellowcake contract");
  follow_up->due = unix_at ("Europe/Berlin", 2026, 12, 1, 10, 0);
  follow_up->time_zone = g_strdup ("Europe/Berlin");
  g_assert_true (rapport_store_add_follow_up (store, follow_up, &error));
  g_assert_no_error (error);

  contract->customer_id = erased;
  contract->product = g_strdup ("Hydrozoic service plan");
  contract->start_date = g_strdup ("2026-01-01");
  contract->end_date = g_strdup ("2026-12-31");
  contract->currency = g_strdup ("EUR");
  g_assert_true (rapport_store_add_contract (store, contract, &error));
  g_assert_no_error (error);

  /* Edited a few times: older versions of the rows are freed pages. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RapportCustomer) customer = rapport_store_get_customer (store, erased, &error);
      g_autofree char *notes = g_strdup_printf ("Allergic to kumquatzine (%u)", i);

      g_assert_no_error (error);
      g_free (customer->notes);
      customer->notes = g_steal_pointer (&notes);
      g_assert_true (rapport_store_update_customer (store, customer, &error));
      g_assert_no_error (error);
    }

  exec_sql (store, "INSERT INTO sync_account (uid, name, url, username, created)"
                   " VALUES ('a', 'Server', 'https://dav.example/', 'me', 1)", NULL);
  exec_sql (store, "INSERT INTO sync_collection (account_id, url, purpose)"
                   " VALUES (1, 'https://dav.example/c/', 'customers')", NULL);
  add_sync_rows (store, erased_uid, "Xanthe Vormgaard, allergic to kumquatzine");
  add_sync_rows (store, erased_interaction, "Wexfordian dispute");
  add_sync_rows (store, kept_uid, "Bartholomew Okonkwo, Quarterly review");

  /* The erased words are on disk now, in the WAL at least. */
  g_assert_nonnull (found_in (fixture->path, "kumquatzine"));

  g_assert_true (rapport_store_purge_customer (store, erased, &error));
  g_assert_no_error (error);

  /* The store is still open, as the app's would be. */
  assert_erased_from_disk (fixture->path);
  g_assert_cmpint (g_stat (wal, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  /* The sync rows of the erased records stay as tombstones, so the
   * server's copies are deleted too, without their text. */
  g_assert_cmpint (query_count (store, "SELECT count (*) FROM sync_item"
                                       " WHERE local_deleted = 1 AND dirty = 1 AND href IS NOT NULL"
                                       " AND local_copy IS NULL AND remote_copy IS NULL"), ==, 2);
  g_assert_cmpint (query_count (store, "SELECT count (*) FROM sync_item WHERE local_deleted = 0"), ==, 1);
  g_assert_cmpint (query_count (store, "SELECT count (*) FROM sync_conflict"), ==, 1);

  /* Everyone else is still found, by their words and their history. */
  query.search = "marmalade";
  ids = rapport_store_list_customer_ids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, kept);
  g_clear_pointer (&ids, g_array_unref);

  query.search = "quarterly";
  ids = rapport_store_list_customer_ids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_clear_pointer (&ids, g_array_unref);

  query.search = "kumquatzine";
  ids = rapport_store_list_customer_ids (store, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_array_unref);

  g_assert_true (rapport_store_check_integrity (store, &error));
  g_assert_no_error (error);

  g_clear_object (&fixture->store);
  assert_erased_from_disk (fixture->path);
}

static void
test_secure_delete_is_on (StoreFixture  *fixture,
                          gconstpointer  data)
{
  g_assert_cmpint (query_count (fixture->store, "PRAGMA secure_delete"), ==, 1);
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_open_makes_files_private (StoreFixture  *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autoptr(RapportStore) second = NULL;
  sqlite3 *db = NULL;

  add_person (fixture->store, "Ama Owusu", NULL);

  /* Someone made the files readable by everyone (a copy, a restore from
   * a backup, an older version); another connection keeps the -wal and
   * -shm alive meanwhile. */
  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "SELECT count (*) FROM customer", NULL, NULL, NULL), ==, SQLITE_OK);
  g_clear_object (&fixture->store);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (shm, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_chmod (fixture->path, 0644), ==, 0);
  g_assert_cmpint (g_chmod (wal, 0644), ==, 0);
  g_assert_cmpint (g_chmod (shm, 0666), ==, 0);
  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);

  fixture->store = rapport_store_open (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (file_mode (fixture->path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);
  /* A folder the user chose is theirs to set. */
  g_assert_cmpuint (file_mode (fixture->dir), ==, 0755);

  sqlite3_close (db);
}

static void
test_open_makes_own_folder_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("rapport-test-XXXXXX", &error);
  g_autofree char *folder = g_build_filename (dir, "rapport", NULL);
  g_autofree char *path = g_build_filename (folder, "rapport.db", NULL);
  g_autofree char *default_path = NULL;
  g_autoptr(RapportStore) store = NULL;

  g_assert_no_error (error);
  /* Nothing in this program has asked for the user data folder before,
   * so GLib reads it now. */
  g_setenv ("XDG_DATA_HOME", dir, TRUE);
  default_path = rapport_store_dup_default_path ();
  g_assert_cmpstr (default_path, ==, path);

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, "", 0, &error));
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);

  store = rapport_store_open (NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_clear_object (&store);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/store-files/erase/leaves-no-byte-of-the-customer-on-disk", test_erase_leaves_no_trace);
  ADD ("/store-files/erase/secure-delete-is-set-by-the-store", test_secure_delete_is_on);
  ADD ("/store-files/mode/open-makes-the-files-private", test_open_makes_files_private);
  g_test_add_func ("/store-files/mode/open-makes-its-own-folder-private", test_open_makes_own_folder_private);

#undef ADD

  return g_test_run ();
}
