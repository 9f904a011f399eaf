/* test-util.h
 *
 * A store in a fresh temporary folder for each test, and small helpers to
 * assert that a refused write left the database exactly as it was.
 */
#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "rapport-error.h"
#include "rapport-store.h"

typedef struct
{
  char         *dir;
  char         *path;
  RapportStore *store;
} StoreFixture;

static inline void
store_fixture_set_up (StoreFixture  *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("rapport-test-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "rapport.db", NULL);
  fixture->store = rapport_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static inline void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  if (handle == NULL)
    return;

  while ((name = g_dir_read_name (handle)))
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (dir);
}

static inline void
store_fixture_tear_down (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_clear_object (&fixture->store);
  remove_tree (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

/* A digest of every row of every table, to compare before and after a
 * refused write. */
static inline char *
dump_database (const char *path)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT name FROM sqlite_schema WHERE type = 'table'"
                                       " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts_%' ORDER BY name",
                                       -1, &tables, NULL), ==, SQLITE_OK);

  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY 1",
                                              (const char *) sqlite3_column_text (tables, 0));
      sqlite3_stmt *rows = NULL;

      g_string_append_printf (out, "[%s]\n", sqlite3_column_text (tables, 0));
      if (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL) != SQLITE_OK)
        continue;
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int i = 0; i < sqlite3_column_count (rows); i++)
            g_string_append_printf (out, "%s|", sqlite3_column_text (rows, i) ? (const char *) sqlite3_column_text (rows, i) : "<null>");
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }

  sqlite3_finalize (tables);
  sqlite3_close (db);

  g_checksum_update (sum, (const guchar *) out->str, out->len);
  return g_strdup (g_checksum_get_string (sum));
}

static inline RapportCustomer *
make_person (const char *name,
             const char *email)
{
  RapportCustomer *customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);

  customer->display_name = g_strdup (name);
  if (email != NULL)
    rapport_customer_add_email (customer, email, "work", TRUE);

  return customer;
}

static inline gint64
add_person (RapportStore *store,
            const char   *name,
            const char   *email)
{
  g_autoptr(RapportCustomer) customer = make_person (name, email);
  g_autoptr(GError) error = NULL;

  rapport_store_add_customer (store, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpint (customer->id, >, 0);

  return customer->id;
}

static inline gint64
unix_at (const char *zone,
         int         year,
         int         month,
         int         day,
         int         hour,
         int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  return g_date_time_to_unix (dt);
}
