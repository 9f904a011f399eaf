/* test-store-files.c
 *
 * What the store leaves on disk: the files are the owner's alone, also
 * when they were made readable by others before.
 */

#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include "test-util.h"

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

  g_test_add ("/store-files/mode/open-makes-the-files-private", StoreFixture, NULL,
              store_fixture_set_up, test_open_makes_files_private, store_fixture_tear_down);
  g_test_add_func ("/store-files/mode/open-makes-its-own-folder-private", test_open_makes_own_folder_private);

  return g_test_run ();
}
