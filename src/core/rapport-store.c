/* rapport-store.c
 *
 * The connection, its settings and migrations, the statement cache,
 * transactions and the ::changed signal. The record-specific parts live in
 * rapport-store-customers.c, rapport-store-records.c and
 * rapport-store-import.c.
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>

#include "rapport-error.h"
#include "rapport-store-private.h"
#include "rapport-text.h"

G_DEFINE_FINAL_TYPE (RapportStore, rapport_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* After an erase the WAL still holds the pages as they were, erased
 * words included, and keeps them after a checkpoint (it is rewritten
 * from its start, not emptied). A TRUNCATE checkpoint copies every frame
 * into the database, whose freed pages secure_delete has zeroed, and
 * leaves the WAL empty. While another connection still reads an older
 * snapshot the checkpoint cannot finish; it is tried again when this
 * connection closes (and SQLite deletes the WAL with the last one). */
static void
wipe_wal (RapportStore *self)
{
  int rc = sqlite3_wal_checkpoint_v2 (self->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);

  if (rc == SQLITE_OK)
    self->wipe_wal = FALSE;
  else
    g_debug ("The WAL of %s is not emptied yet: %s", self->path, sqlite3_errmsg (self->db));
}

static void
rapport_store_finalize (GObject *object)
{
  RapportStore *self = (RapportStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    {
      if (self->wipe_wal)
        wipe_wal (self);
      /* Let SQLite refresh the statistics its planner uses. */
      sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      sqlite3_close_v2 (self->db);
      self->db = NULL;
    }
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->type_ids, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (rapport_store_parent_class)->finalize (object);
}

static void
rapport_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  RapportStore *self = RAPPORT_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rapport_store_class_init (RapportStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = rapport_store_finalize;
  object_class->get_property = rapport_store_get_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RapportStore::changed:
   * @entity: a #RapportEntity
   * @change: a #RapportChange
   * @id: the record's id, or 0 with %RAPPORT_ENTITY_ALL
   *
   * Emitted after a write has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);
}

static void
rapport_store_init (RapportStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
  self->pending = g_array_new (FALSE, FALSE, sizeof (RapportPendingChange));
  self->type_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

gboolean
rapport_store_set_db_error (RapportStore  *self,
                            GError       **error)
{
  int code = sqlite3_extended_errcode (self->db);

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("The disk is full: nothing was saved. Free some space and try again."));
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("The database is busy in another program: nothing was saved. Try again."));
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("The database file “%s” is damaged or not a Rapport database."),
                   self->path);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("The database file “%s” cannot be written: %s"),
                   self->path, sqlite3_errmsg (self->db));
      break;

    default:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("Database error: %s"), sqlite3_errmsg (self->db));
      break;
    }

  return FALSE;
}

sqlite3_stmt *
rapport_store_prepare (RapportStore  *self,
                       const char    *sql,
                       GError       **error)
{
  sqlite3_stmt *stmt;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->db));
      rapport_store_set_db_error (self, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
rapport_store_exec (RapportStore  *self,
                    const char    *sql,
                    GError       **error)
{
  if (sqlite3_exec (self->db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return rapport_store_set_db_error (self, error);

  return TRUE;
}

gboolean
rapport_store_step_done (RapportStore  *self,
                         sqlite3_stmt  *stmt,
                         GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      rapport_store_set_db_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

GPtrArray *
rapport_store_collect (RapportStore      *self,
                       sqlite3_stmt      *stmt,
                       RapportRowReader   read,
                       GDestroyNotify     free_func,
                       GError           **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read (stmt));

  if (rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (self, error);
      sqlite3_reset (stmt);
      return NULL;
    }

  sqlite3_reset (stmt);
  return g_steal_pointer (&rows);
}

gboolean
rapport_store_begin (RapportStore  *self,
                     GError       **error)
{
  if (self->depth == 0)
    {
      if (!rapport_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->failed = FALSE;
    }

  self->depth++;
  return TRUE;
}

static void
emit_pending (RapportStore *self)
{
  g_autoptr(GArray) pending = self->pending;

  self->pending = g_array_new (FALSE, FALSE, sizeof (RapportPendingChange));

  for (guint i = 0; i < pending->len; i++)
    {
      const RapportPendingChange *change = &g_array_index (pending, RapportPendingChange, i);

      g_signal_emit (self, signals[CHANGED], 0,
                     (guint) change->entity, (guint) change->change, change->id);
    }
}

gboolean
rapport_store_end (RapportStore  *self,
                   gboolean       ok,
                   GError       **error)
{
  g_assert (self->depth > 0);

  if (!ok)
    self->failed = TRUE;

  if (--self->depth > 0)
    return ok;

  if (!self->failed)
    {
      if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK)
        {
          if (self->wipe_wal)
            wipe_wal (self);
          emit_pending (self);
          return TRUE;
        }

      rapport_store_set_db_error (self, error);
    }

  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_array_set_size (self->pending, 0);
  g_hash_table_remove_all (self->type_ids);
  self->failed = FALSE;
  return FALSE;
}

void
rapport_store_queue_change (RapportStore  *self,
                            RapportEntity  entity,
                            RapportChange  change,
                            gint64         id)
{
  RapportPendingChange pending = { entity, change, id };

  g_array_append_val (self->pending, pending);
}

void
rapport_store_notify_changed (RapportStore  *self,
                              RapportEntity  entity,
                              RapportChange  change,
                              gint64         id)
{
  rapport_store_queue_change (self, entity, change, id);
  if (self->depth == 0)
    emit_pending (self);
}

gint64
rapport_store_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

char *
rapport_store_new_uid (void)
{
  return g_uuid_string_random ();
}

char *
rapport_store_fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  g_autofree char *folded = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  folded = g_utf8_casefold (text, -1);
  decomposed = g_utf8_normalize (folded, -1, G_NORMALIZE_NFKD);
  if (decomposed == NULL)
    return g_steal_pointer (&folded);

  out = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) == G_UNICODE_NON_SPACING_MARK)
        continue;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

void
rapport_bind_text (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL || *text == '\0')
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
rapport_bind_instant (sqlite3_stmt *stmt,
                      int           index,
                      gint64        instant)
{
  if (instant == 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, instant);
}

void
rapport_bind_id (sqlite3_stmt *stmt,
                 int           index,
                 gint64        id)
{
  if (id <= 0)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_int64 (stmt, index, id);
}

char *
rapport_column_dup (sqlite3_stmt *stmt,
                    int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup (text) : NULL;
}

char *
rapport_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "rapport", "rapport.db", NULL);
}

/* Takes group and other permissions off @fd (a regular file). A file
 * the user may not change the mode of (not theirs, or on a file system
 * without modes) is still opened, with a warning. */
static void
make_private (int         fd,
              const char *path)
{
  struct stat st;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || (st.st_mode & 0777) == 0600)
    return;

  if (fchmod (fd, 0600) != 0)
    {
      int saved = errno;

      g_warning ("Cannot make “%s” readable by its owner only: %s", path, g_strerror (saved));
    }
}

/* The -wal and -shm files of an existing database, when there are any:
 * SQLite gives new ones the mode of the database, but keeps old ones as
 * they are. */
static void
make_side_files_private (const char *path)
{
  static const char * const suffixes[] = { "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *side = g_strconcat (path, suffixes[i], NULL);
      int fd = g_open (side, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0);

      if (fd < 0)
        continue;
      make_private (fd, side);
      g_close (fd, NULL);
    }
}

/* @own_folder: @path is Rapport's own place (rapport_store_dup_default_path,
 * asked for with a NULL path), whose folder is Rapport's too: it may be
 * created, and is made the owner's alone. A folder the user chose (their
 * documents, /tmp) must exist and keeps its mode. */
static gboolean
prepare_file (const char  *path,
              gboolean     own_folder,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  /* A mistyped --db must not leave folders behind: only the default
   * location is created. */
  if (!own_folder && !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("Cannot open the database “%s”: the folder “%s” does not exist"),
                   path, dir);
      return FALSE;
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  if (own_folder)
    {
      GStatBuf st;

      if (g_stat (dir, &st) == 0 && (st.st_mode & 0777) != 0700 && g_chmod (dir, 0700) != 0)
        {
          int saved = errno;

          g_warning ("Cannot make the folder “%s” its owner’s only: %s", dir, g_strerror (saved));
        }
    }

  /* Customer data is confidential: the file is the owner's alone, also
   * when it was made (or copied) with a wider mode, and so are its -wal
   * and -shm files. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   _("Cannot open the database “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  make_private (fd, path);
  g_close (fd, NULL);
  make_side_files_private (path);

  return TRUE;
}

RapportStore *
rapport_store_open (const char  *path,
                    GError     **error)
{
  g_autoptr(RapportStore) self = NULL;
  g_autofree char *default_path = NULL;

  if (path == NULL)
    path = default_path = rapport_store_dup_default_path ();

  if (!prepare_file (path, default_path != NULL, error))
    return NULL;

  self = g_object_new (RAPPORT_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (sqlite3_open_v2 (path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
    {
      rapport_store_set_db_error (self, error);
      return NULL;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  /* Refuse a newer schema before anything touches the file, the journal
   * mode included. */
  if (!rapport_schema_check_version (self->db, error))
    return NULL;

  if (!rapport_store_exec (self,
                           "PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = FULL;"
                           /* Deleted rows are overwritten, whatever the
                            * build of SQLite does by default: an erased
                            * customer leaves no bytes in freed pages. */
                           "PRAGMA secure_delete = ON;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA cache_size = -16000;"
                           "PRAGMA temp_store = MEMORY;",
                           error))
    {
      g_prefix_error (error, _("Cannot open the database “%s”: "), path);
      return NULL;
    }

  if (!rapport_schema_migrate (self->db, RAPPORT_SCHEMA_VERSION, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
rapport_store_get_path (RapportStore *self)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  return self->path;
}

int
rapport_store_get_schema_version (RapportStore *self)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), -1);

  return rapport_schema_get_version (self->db);
}

gboolean
rapport_store_check_integrity (RapportStore  *self,
                               GError       **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GString) problems = g_string_new (NULL);
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!(stmt = rapport_store_prepare (self, "PRAGMA integrity_check", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_string_append_printf (problems, "%s%s", problems->len ? "; " : "", line);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return rapport_store_set_db_error (self, error);

  if (problems->len > 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE,
                   _("The database “%s” is damaged: %s"), self->path, problems->str);
      return FALSE;
    }

  return TRUE;
}

char *
rapport_store_dup_setting (RapportStore *self,
                           const char   *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (!(stmt = rapport_store_prepare (self, "SELECT value FROM setting WHERE key = ?", NULL)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return value;
}

int
rapport_store_get_default_lead_days (RapportStore *self)
{
  g_autofree char *value = NULL;
  gint64 days;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), 30);

  value = rapport_store_dup_setting (self, "default-lead-days");
  if (value == NULL || !g_ascii_string_to_signed (value, 10, 0, 3650, &days, NULL))
    return 30;

  return (int) days;
}

gboolean
rapport_store_set_setting (RapportStore  *self,
                           const char    *key,
                           const char    *value,
                           GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (!rapport_text_check (key, -1, RAPPORT_TEXT_CODE, _("setting"), error) ||
      !rapport_text_check (value, -1, RAPPORT_TEXT_LONG, key, error))
    return FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (value == NULL)
    stmt = rapport_store_prepare (self, "DELETE FROM setting WHERE key = ?1", error);
  else
    stmt = rapport_store_prepare (self, "INSERT OR REPLACE INTO setting (key, value) VALUES (?1, ?2)", error);

  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
      if (value != NULL)
        sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
      ok = rapport_store_step_done (self, stmt, error);
    }

  if (ok)
    rapport_store_queue_change (self, RAPPORT_ENTITY_SETTING, RAPPORT_CHANGE_MODIFIED, 0);

  return rapport_store_end (self, ok, error);
}
