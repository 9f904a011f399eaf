/* rapport-account.c
 *
 * Accounts in SQL through the store's private API, their passwords in the
 * Secret Service, and the setup that discovers the server and picks or
 * creates the collections.
 */

#define G_LOG_DOMAIN "rapport-account"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rapport-account.h"
#include "rapport-error.h"
#include "rapport-store-private.h"

#define ACCOUNT_COLUMNS \
  "id, uid, name, url, username, interval, auto_sync, last_sync, last_result, certificate, created"

static const char * const purpose_keys[] = { "customers", "tasks", "history" };

/* Records */

const char *
rapport_account_purpose_to_key (RapportAccountPurpose purpose)
{
  g_return_val_if_fail ((guint) purpose < G_N_ELEMENTS (purpose_keys), NULL);

  return purpose_keys[purpose];
}

static gboolean
purpose_from_key (const char            *key,
                  RapportAccountPurpose *purpose)
{
  for (guint i = 0; i < G_N_ELEMENTS (purpose_keys); i++)
    if (g_strcmp0 (key, purpose_keys[i]) == 0)
      {
        *purpose = (RapportAccountPurpose) i;
        return TRUE;
      }

  return FALSE;
}

void
rapport_account_collection_free (RapportAccountCollection *self)
{
  if (self == NULL)
    return;

  g_free (self->url);
  g_free (self->display_name);
  g_free (self);
}

static RapportAccountCollection *
collection_copy (const RapportAccountCollection *self)
{
  RapportAccountCollection *copy = g_new0 (RapportAccountCollection, 1);

  copy->id = self->id;
  copy->purpose = self->purpose;
  copy->url = g_strdup (self->url);
  copy->display_name = g_strdup (self->display_name);

  return copy;
}

static RapportAccountCollection *
collection_new (RapportAccountPurpose  purpose,
                const char            *url,
                const char            *display_name)
{
  RapportAccountCollection *collection = g_new0 (RapportAccountCollection, 1);

  collection->purpose = purpose;
  collection->url = g_strdup (url);
  collection->display_name = g_strdup (display_name);

  return collection;
}

static RapportAccount *
account_new (void)
{
  RapportAccount *account = g_new0 (RapportAccount, 1);

  account->interval = RAPPORT_ACCOUNT_INTERVAL_DEFAULT;
  account->auto_sync = TRUE;
  account->collections = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_account_collection_free);

  return account;
}

RapportAccount *
rapport_account_copy (const RapportAccount *self)
{
  RapportAccount *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = account_new ();
  copy->id = self->id;
  copy->uid = g_strdup (self->uid);
  copy->name = g_strdup (self->name);
  copy->url = g_strdup (self->url);
  copy->username = g_strdup (self->username);
  copy->interval = self->interval;
  copy->auto_sync = self->auto_sync;
  copy->last_sync = self->last_sync;
  copy->last_result = g_strdup (self->last_result);
  copy->certificate = g_strdup (self->certificate);
  copy->created = self->created;
  for (guint i = 0; self->collections != NULL && i < self->collections->len; i++)
    g_ptr_array_add (copy->collections, collection_copy (g_ptr_array_index (self->collections, i)));

  return copy;
}

void
rapport_account_free (RapportAccount *self)
{
  if (self == NULL)
    return;

  g_free (self->uid);
  g_free (self->name);
  g_free (self->url);
  g_free (self->username);
  g_free (self->last_result);
  g_free (self->certificate);
  g_clear_pointer (&self->collections, g_ptr_array_unref);
  g_free (self);
}

G_DEFINE_BOXED_TYPE (RapportAccount, rapport_account, rapport_account_copy, rapport_account_free)

const RapportAccountCollection *
rapport_account_get_collection (const RapportAccount  *self,
                                RapportAccountPurpose  purpose)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->collections->len; i++)
    {
      const RapportAccountCollection *collection = g_ptr_array_index (self->collections, i);

      if (collection->purpose == purpose)
        return collection;
    }

  return NULL;
}

void
rapport_account_conflict_free (RapportAccountConflict *self)
{
  if (self == NULL)
    return;

  g_free (self->local_uid);
  g_free (self->kind);
  g_free (self->record_name);
  g_free (self->fields);
  g_free (self);
}

void
rapport_account_choices_free (RapportAccountChoices *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->address_books, g_ptr_array_unref);
  g_clear_pointer (&self->task_calendars, g_ptr_array_unref);
  g_clear_pointer (&self->history_calendars, g_ptr_array_unref);
  g_free (self);
}

/* Store */

static RapportAccount *
read_account (sqlite3_stmt *stmt)
{
  RapportAccount *account = account_new ();

  account->id = sqlite3_column_int64 (stmt, 0);
  account->uid = rapport_column_dup (stmt, 1);
  account->name = rapport_column_dup (stmt, 2);
  account->url = rapport_column_dup (stmt, 3);
  account->username = rapport_column_dup (stmt, 4);
  account->interval = (guint) MAX (sqlite3_column_int64 (stmt, 5), 0);
  account->auto_sync = sqlite3_column_int (stmt, 6) != 0;
  account->last_sync = sqlite3_column_int64 (stmt, 7);
  account->last_result = rapport_column_dup (stmt, 8);
  account->certificate = rapport_column_dup (stmt, 9);
  account->created = sqlite3_column_int64 (stmt, 10);

  return account;
}

static gpointer
read_collection (sqlite3_stmt *stmt)
{
  RapportAccountCollection *collection = g_new0 (RapportAccountCollection, 1);
  g_autofree char *purpose = NULL;

  collection->id = sqlite3_column_int64 (stmt, 0);
  purpose = rapport_column_dup (stmt, 1);
  if (!purpose_from_key (purpose, &collection->purpose))
    collection->purpose = RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS;
  collection->url = rapport_column_dup (stmt, 2);
  collection->display_name = rapport_column_dup (stmt, 3);

  return collection;
}

static gboolean
load_collections (RapportStore    *store,
                  RapportAccount  *account,
                  GError         **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) collections = NULL;

  stmt = rapport_store_prepare (store,
                                "SELECT id, purpose, url, display_name FROM sync_collection"
                                " WHERE account_id = ?1"
                                " ORDER BY CASE purpose WHEN 'customers' THEN 0 WHEN 'tasks' THEN 1 ELSE 2 END",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account->id);

  collections = rapport_store_collect (store, stmt, read_collection,
                                       (GDestroyNotify) rapport_account_collection_free, error);
  if (collections == NULL)
    return FALSE;

  g_ptr_array_unref (account->collections);
  account->collections = g_steal_pointer (&collections);
  return TRUE;
}

GPtrArray *
rapport_account_list (RapportStore  *store,
                      GError       **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GPtrArray) accounts = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  stmt = rapport_store_prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM sync_account ORDER BY id", error);
  if (stmt == NULL)
    return NULL;

  accounts = rapport_store_collect (store, stmt, (RapportRowReader) read_account,
                                    (GDestroyNotify) rapport_account_free, error);
  if (accounts == NULL)
    return NULL;

  for (guint i = 0; i < accounts->len; i++)
    if (!load_collections (store, g_ptr_array_index (accounts, i), error))
      return NULL;

  return g_steal_pointer (&accounts);
}

RapportAccount *
rapport_account_get (RapportStore  *store,
                     gint64         id,
                     GError       **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(RapportAccount) account = NULL;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  stmt = rapport_store_prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM sync_account WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    account = read_account (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (store, error);
      return NULL;
    }
  if (account == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no sync account with the id %" G_GINT64_FORMAT "."), id);
      return NULL;
    }

  if (!load_collections (store, account, error))
    return NULL;

  return g_steal_pointer (&account);
}

static gboolean
insert_rows (RapportStore    *store,
             RapportAccount  *account,
             GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = rapport_store_prepare (store,
                                "INSERT INTO sync_account (uid, name, url, username, interval, auto_sync,"
                                " certificate, created) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                                error);
  if (stmt == NULL)
    return FALSE;
  rapport_bind_text (stmt, 1, account->uid);
  rapport_bind_text (stmt, 2, account->name);
  rapport_bind_text (stmt, 3, account->url);
  rapport_bind_text (stmt, 4, account->username);
  sqlite3_bind_int64 (stmt, 5, account->interval);
  sqlite3_bind_int (stmt, 6, account->auto_sync ? 1 : 0);
  rapport_bind_text (stmt, 7, account->certificate);
  sqlite3_bind_int64 (stmt, 8, account->created);
  if (!rapport_store_step_done (store, stmt, error))
    return FALSE;
  account->id = sqlite3_last_insert_rowid (store->db);

  for (guint i = 0; i < account->collections->len; i++)
    {
      RapportAccountCollection *collection = g_ptr_array_index (account->collections, i);

      stmt = rapport_store_prepare (store,
                                    "INSERT INTO sync_collection (account_id, url, purpose, display_name)"
                                    " VALUES (?1, ?2, ?3, ?4)",
                                    error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, account->id);
      rapport_bind_text (stmt, 2, collection->url);
      rapport_bind_text (stmt, 3, rapport_account_purpose_to_key (collection->purpose));
      rapport_bind_text (stmt, 4, collection->display_name);
      if (!rapport_store_step_done (store, stmt, error))
        return FALSE;
      collection->id = sqlite3_last_insert_rowid (store->db);
    }

  return TRUE;
}

static gboolean
check_account (const RapportAccount  *account,
               GError               **error)
{
  if (account->url == NULL || *account->url == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the server address is missing."));
      return FALSE;
    }
  if (account->username == NULL || *account->username == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the user name is missing."));
      return FALSE;
    }
  if (account->name == NULL || *account->name == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the name is missing."));
      return FALSE;
    }
  if (account->interval < 60)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("sync account “%s”: the interval must be at least one minute."), account->name);
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_account_insert (RapportStore    *store,
                        RapportAccount  *account,
                        GError         **error)
{
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (account != NULL && account->id == 0, FALSE);

  if (!check_account (account, error))
    return FALSE;

  if (account->uid == NULL)
    account->uid = rapport_store_new_uid ();
  if (account->created == 0)
    account->created = rapport_store_now ();

  if (!rapport_store_begin (store, error))
    return FALSE;
  ok = insert_rows (store, account, error);
  if (!rapport_store_end (store, ok, ok ? error : NULL))
    {
      account->id = 0;
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_account_update (RapportStore          *store,
                        const RapportAccount  *account,
                        GError               **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (account != NULL, FALSE);

  if (!check_account (account, error))
    return FALSE;

  stmt = rapport_store_prepare (store,
                                "UPDATE sync_account SET name = ?2, interval = ?3, auto_sync = ?4,"
                                " certificate = ?5 WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, account->id);
  rapport_bind_text (stmt, 2, account->name);
  sqlite3_bind_int64 (stmt, 3, account->interval);
  sqlite3_bind_int (stmt, 4, account->auto_sync ? 1 : 0);
  rapport_bind_text (stmt, 5, account->certificate);
  if (!rapport_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no sync account with the id %" G_GINT64_FORMAT "."), account->id);
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_account_remove (RapportStore  *store,
                        gint64         id,
                        GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  stmt = rapport_store_prepare (store, "DELETE FROM sync_account WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no sync account with the id %" G_GINT64_FORMAT "."), id);
      return FALSE;
    }

  return TRUE;
}

static gpointer
read_conflict (sqlite3_stmt *stmt)
{
  RapportAccountConflict *conflict = g_new0 (RapportAccountConflict, 1);

  conflict->id = sqlite3_column_int64 (stmt, 0);
  conflict->local_uid = rapport_column_dup (stmt, 1);
  conflict->kind = rapport_column_dup (stmt, 2);
  conflict->fields = rapport_column_dup (stmt, 3);
  conflict->created = sqlite3_column_int64 (stmt, 4);
  conflict->record_name = rapport_column_dup (stmt, 5);

  return conflict;
}

GPtrArray *
rapport_account_list_conflicts (RapportStore  *store,
                                gint64         account_id,
                                GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  stmt = rapport_store_prepare (store,
                                "SELECT f.id, f.local_uid, f.kind, f.fields, f.created,"
                                " CASE f.kind"
                                "  WHEN 'customer' THEN"
                                "   (SELECT display_name FROM customer WHERE uid = f.local_uid)"
                                "  WHEN 'follow-up' THEN"
                                "   (SELECT coalesce (c.display_name || ': ', '') || u.title FROM follow_up u"
                                "    LEFT JOIN customer c ON c.id = u.customer_id WHERE u.uid = f.local_uid)"
                                "  WHEN 'interaction' THEN"
                                "   (SELECT c.display_name || coalesce (': ' || i.subject, '') FROM interaction i"
                                "    JOIN customer c ON c.id = i.customer_id WHERE i.uid = f.local_uid)"
                                "  ELSE"
                                "   (SELECT c.display_name || ': ' || k.product FROM renewal_notice n"
                                "    JOIN contract k ON k.id = n.contract_id"
                                "    JOIN customer c ON c.id = k.customer_id WHERE n.uid = f.local_uid)"
                                " END"
                                " FROM sync_conflict f JOIN sync_collection s ON s.id = f.collection_id"
                                " WHERE s.account_id = ?1 AND f.resolved IS NULL"
                                " ORDER BY f.created DESC, f.id DESC",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);

  return rapport_store_collect (store, stmt, read_conflict,
                                (GDestroyNotify) rapport_account_conflict_free, error);
}

void
rapport_account_set_aside_free (RapportAccountSetAside *self)
{
  if (self == NULL)
    return;

  g_free (self->kind);
  g_free (self->collection);
  g_free (self->href);
  g_free (self->reason);
  g_free (self);
}

static gpointer
read_set_aside (sqlite3_stmt *stmt)
{
  RapportAccountSetAside *item = g_new0 (RapportAccountSetAside, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->kind = rapport_column_dup (stmt, 1);
  item->collection = rapport_column_dup (stmt, 2);
  item->href = rapport_column_dup (stmt, 3);
  item->reason = rapport_column_dup (stmt, 4);

  return item;
}

GPtrArray *
rapport_account_list_set_aside (RapportStore  *store,
                                gint64         account_id,
                                GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  stmt = rapport_store_prepare (store,
                                "SELECT i.id, i.kind, coalesce (s.display_name, s.url),"
                                " coalesce (i.href, i.local_uid), i.quarantine"
                                " FROM sync_item i JOIN sync_collection s ON s.id = i.collection_id"
                                " WHERE s.account_id = ?1 AND i.quarantine IS NOT NULL"
                                " ORDER BY s.purpose, i.href, i.id",
                                error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);

  return rapport_store_collect (store, stmt, read_set_aside,
                                (GDestroyNotify) rapport_account_set_aside_free, error);
}

char *
rapport_account_set_aside_dup_name (const RapportAccountSetAside *self)
{
  const char *end;
  const char *slash;

  g_return_val_if_fail (self != NULL, NULL);

  /* "/book/b0c1.vcf" or ".../b0c1.vcf/": the last segment that is not
   * empty. */
  end = self->href + strlen (self->href);
  while (end > self->href && end[-1] == '/')
    end--;
  for (slash = end; slash > self->href && slash[-1] != '/'; slash--)
    ;

  return end > slash ? g_strndup (slash, end - slash) : g_strdup (self->href);
}

gboolean
rapport_account_set_result (RapportStore  *store,
                            gint64         id,
                            const char    *text,
                            GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  stmt = rapport_store_prepare (store, "UPDATE sync_account SET last_sync = ?2, last_result = ?3 WHERE id = ?1",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, rapport_store_now ());
  rapport_bind_text (stmt, 3, text);

  return rapport_store_step_done (store, stmt, error);
}

gboolean
rapport_account_keep_server_version (RapportStore  *store,
                                     gint64         conflict_id,
                                     GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  stmt = rapport_store_prepare (store,
                                "UPDATE sync_conflict SET resolved = ?2, resolution = 'kept-server'"
                                " WHERE id = ?1 AND resolved IS NULL",
                                error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  sqlite3_bind_int64 (stmt, 2, rapport_store_now ());
  if (!rapport_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no open sync conflict with the id %" G_GINT64_FORMAT "."), conflict_id);
      return FALSE;
    }

  return TRUE;
}

void
rapport_account_notify_synced (RapportStore *store)
{
  g_return_if_fail (RAPPORT_IS_STORE (store));

  rapport_store_notify_changed (store, RAPPORT_ENTITY_ALL, RAPPORT_CHANGE_MODIFIED, 0);
}

/* Secret Service */

static const SecretSchema *
account_secret_schema (void)
{
  static const SecretSchema schema = {
    RAPPORT_ACCOUNT_SECRET_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "account", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };

  return &schema;
}

static void
wrap_secret_error (GError **error)
{
  if (error == NULL || *error == NULL)
    return;

  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      GError *cancelled = g_error_new_literal (RAPPORT_ERROR, RAPPORT_ERROR_CANCELLED,
                                               _("The operation was cancelled."));

      g_clear_error (error);
      *error = cancelled;
      return;
    }

  g_prefix_error (error, "%s", _("The system’s keyring (Secret Service) failed: "));
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);

  return g_strdup (g_uri_get_host (uri));
}

gboolean
rapport_account_store_password_sync (const RapportAccount  *account,
                                     const char            *password,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  g_autofree char *host = NULL;
  g_autofree char *label = NULL;
  gboolean ok;

  g_return_val_if_fail (account != NULL && account->uid != NULL, FALSE);
  g_return_val_if_fail (password != NULL, FALSE);

  host = host_of (account->url);
  /* Translators: the name of the password in the keyring (Passwords and
   * Keys); %s@%s is the user name and the server */
  label = g_strdup_printf (_("Rapport: %s@%s"), account->username, host);

  ok = secret_password_store_sync (account_secret_schema (), SECRET_COLLECTION_DEFAULT,
                                   label, password, cancellable, error,
                                   "account", account->uid,
                                   "server", account->url,
                                   "user", account->username,
                                   NULL);
  if (!ok)
    wrap_secret_error (error);

  return ok;
}

char *
rapport_account_lookup_password_sync (const RapportAccount  *account,
                                      GCancellable          *cancellable,
                                      GError               **error)
{
  g_autoptr(GError) local_error = NULL;
  char *password;

  g_return_val_if_fail (account != NULL && account->uid != NULL, NULL);

  password = secret_password_lookup_sync (account_secret_schema (), cancellable, &local_error,
                                          "account", account->uid,
                                          NULL);
  if (local_error != NULL)
    {
      wrap_secret_error (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return password;
}

gboolean
rapport_account_clear_password_sync (const RapportAccount  *account,
                                     GCancellable          *cancellable,
                                     GError               **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (account != NULL && account->uid != NULL, FALSE);

  secret_password_clear_sync (account_secret_schema (), cancellable, &local_error,
                              "account", account->uid,
                              NULL);
  if (local_error != NULL)
    {
      wrap_secret_error (&local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

void
rapport_account_password_free (char *password)
{
  secret_password_free (password);
}

RapportDavClient *
rapport_account_dup_client_sync (const RapportAccount  *account,
                                 guint                  timeout,
                                 GCancellable          *cancellable,
                                 GError               **error)
{
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(GError) local_error = NULL;
  char *password;

  g_return_val_if_fail (account != NULL, NULL);

  password = rapport_account_lookup_password_sync (account, cancellable, &local_error);
  if (password == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_AUTH,
                     _("The keyring holds no password for the account “%s”. Remove the account and add it again."),
                     account->name);
      return NULL;
    }

  client = rapport_dav_client_new (timeout);
  /* Requests and the password go to the address the user entered only. */
  rapport_dav_client_set_origin (client, account->url);
  rapport_dav_client_set_credentials (client, account->username, password);
  rapport_account_password_free (password);

  if (account->certificate != NULL &&
      !rapport_dav_client_set_trusted_certificate (client, account->certificate, error))
    return NULL;

  return g_steal_pointer (&client);
}

/* Setup */

static gboolean
same_url (const char *a,
          const char *b)
{
  gsize la, lb;

  if (a == NULL || b == NULL)
    return FALSE;

  la = strlen (a);
  lb = strlen (b);
  while (la > 0 && a[la - 1] == '/')
    la--;
  while (lb > 0 && b[lb - 1] == '/')
    lb--;

  return la == lb && g_ascii_strncasecmp (a, b, la) == 0;
}

static const RapportDavCollection *
find_listed (GPtrArray  *collections,
             const char *url)
{
  for (guint i = 0; i < collections->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (collections, i);

      if (same_url (collection->url, url))
        return collection;
    }

  return NULL;
}

/* The last segment of the URLs setup gives the collections it makes,
 * by purpose: "<slug>/", or "<slug>-<8 hex digits>/" where that was
 * taken (create_collection). */
static const char * const purpose_slugs[] = { "rapport-customers", "rapport-follow-ups", "rapport-history" };

/* Whether setup made @collection for @purpose, on this computer or
 * another: told by the URL Rapport chose for it. Its display name would
 * not do (it is translated, and other apps rename it), nor would a
 * property of its own (not every server keeps properties it does not
 * know, and the URL is there on every server that lets Rapport make
 * collections). */
static gboolean
made_for_purpose (const RapportDavCollection *collection,
                  RapportAccountPurpose       purpose)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *path = NULL;
  const char *segment;
  const char *slug;
  gsize length;

  if (collection->kind != (purpose == RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS ? RAPPORT_DAV_COLLECTION_ADDRESSBOOK
                                                                         : RAPPORT_DAV_COLLECTION_CALENDAR))
    return FALSE;

  uri = g_uri_parse (collection->url, G_URI_FLAGS_ENCODED, NULL);
  if (uri == NULL)
    return FALSE;
  path = g_strdup (g_uri_get_path (uri));
  length = strlen (path);
  while (length > 0 && path[length - 1] == '/')
    path[--length] = '\0';
  segment = strrchr (path, '/');
  segment = segment != NULL ? segment + 1 : path;

  slug = purpose_slugs[purpose];
  if (!g_str_has_prefix (segment, slug))
    return FALSE;
  segment += strlen (slug);
  if (*segment == '\0')
    return TRUE;
  if (*segment++ != '-' || strlen (segment) != 8)
    return FALSE;
  for (; *segment != '\0'; segment++)
    if (!g_ascii_isxdigit (*segment))
      return FALSE;

  return TRUE;
}

/* Whether setup made @collection for any purpose; *@purpose says which. */
static gboolean
made_by_rapport (const RapportDavCollection *collection,
                 RapportAccountPurpose      *purpose)
{
  for (guint i = 0; i < G_N_ELEMENTS (purpose_slugs); i++)
    if (made_for_purpose (collection, (RapportAccountPurpose) i))
      {
        *purpose = (RapportAccountPurpose) i;
        return TRUE;
      }

  return FALSE;
}

static gboolean
takes_tasks (const RapportDavCollection *collection)
{
  return collection->kind == RAPPORT_DAV_COLLECTION_CALENDAR &&
         (collection->components & RAPPORT_DAV_COMPONENT_VTODO) != 0;
}

/* A calendar meant for journals alone: the kind Rapport makes for the
 * history. A calendar that also takes events or tasks is somebody's
 * calendar and is not taken for the history unless the user says so. */
static gboolean
is_journal_calendar (const RapportDavCollection *collection)
{
  return collection->kind == RAPPORT_DAV_COLLECTION_CALENDAR &&
         collection->components == RAPPORT_DAV_COMPONENT_VJOURNAL;
}

static GPtrArray *
collection_array_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_collection_free);
}

/* The candidate to use for @purpose: the only one, else the only one
 * setup made for it (a setup that failed half-way and could not undo
 * what it made, or another computer's). NULL with *@several FALSE when
 * there is none (make one), TRUE when the user must choose. */
static const RapportDavCollection *
pick_candidate (GPtrArray             *candidates,
                RapportAccountPurpose  purpose,
                gboolean              *several)
{
  const RapportDavCollection *ours = NULL;
  guint n_ours = 0;

  *several = FALSE;
  if (candidates->len == 0)
    return NULL;
  if (candidates->len == 1)
    return g_ptr_array_index (candidates, 0);

  for (guint i = 0; i < candidates->len; i++)
    if (made_for_purpose (g_ptr_array_index (candidates, i), purpose))
      {
        ours = g_ptr_array_index (candidates, i);
        n_ours++;
      }
  if (n_ours == 1)
    return ours;

  *several = TRUE;
  return NULL;
}

static char *
describe_candidates (const char *what,
                     GPtrArray  *candidates)
{
  g_autoptr(GString) text = g_string_new (what);

  for (guint i = 0; i < candidates->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (candidates, i);

      if (collection->name != NULL && *collection->name != '\0')
        g_string_append_printf (text, "\n  %s (%s)", collection->url, collection->name);
      else
        g_string_append_printf (text, "\n  %s", collection->url);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* The collection given by the user: listed, or asked for on its own. */
static RapportDavCollection *
given_collection (RapportDavClient  *client,
                  GPtrArray         *listed,
                  const char        *url,
                  GCancellable      *cancellable,
                  GError           **error)
{
  const RapportDavCollection *found = find_listed (listed, url);

  if (found != NULL)
    return rapport_dav_collection_copy (found);

  return rapport_dav_client_get_collection_sync (client, url, cancellable, error);
}

/* A free URL in @home for a new collection named after @slug. */
static RapportDavCollection *
create_collection (RapportDavClient         *client,
                   GPtrArray                *listed,
                   const char               *home,
                   const char               *slug,
                   RapportDavCollectionKind  kind,
                   const char               *display_name,
                   RapportDavComponents      components,
                   GCancellable             *cancellable,
                   GError                  **error)
{
  g_autofree char *base = g_str_has_suffix (home, "/") ? g_strdup (home) : g_strconcat (home, "/", NULL);

  for (guint attempt = 0; attempt < 3; attempt++)
    {
      g_autofree char *url = NULL;
      g_autoptr(GError) local_error = NULL;
      RapportDavCollection *created;

      if (attempt == 0)
        url = g_strconcat (base, slug, "/", NULL);
      else
        {
          g_autofree char *uuid = g_uuid_string_random ();

          uuid[8] = '\0';
          url = g_strconcat (base, slug, "-", uuid, "/", NULL);
        }

      if (find_listed (listed, url) != NULL)
        continue;

      created = rapport_dav_client_create_collection_sync (client, url, kind, display_name,
                                                           components, cancellable, &local_error);
      if (created != NULL)
        {
          if (created->name == NULL)
            created->name = g_strdup (display_name);
          return created;
        }

      if (!g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT))
        {
          /* What failed, then the server's answer; the code stays. */
          if (kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
            /* Translators: the address book's name, its URL, then why it failed (a sentence) */
            g_set_error (error, local_error->domain, local_error->code,
                         _("Rapport could not create the address book “%s” at %s: %s"),
                         display_name, url, local_error->message);
          else
            /* Translators: the calendar's name, its URL, then why it failed (a sentence) */
            g_set_error (error, local_error->domain, local_error->code,
                         _("Rapport could not create the calendar “%s” at %s: %s"),
                         display_name, url, local_error->message);
          return NULL;
        }
    }

  g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_CONFLICT,
               _("No free address for a new collection was found in %s."), base);
  return NULL;
}

/* Removes again, newest first, the collections this setup made before
 * it failed with @error, so that the server is as it was; says in
 * @error which could not be removed (the next setup recognises those
 * as Rapport's and takes them, made_for_purpose()). */
static void
undo_created (RapportDavClient *client,
              GPtrArray        *created,
              GCancellable     *cancellable,
              GError           *error)
{
  for (guint i = created->len; i > 0; i--)
    {
      const RapportDavCollection *collection = g_ptr_array_index (created, i - 1);
      g_autoptr(GError) local_error = NULL;
      g_autofree char *undo = NULL;
      g_autofree char *message = NULL;

      if (rapport_dav_client_delete_sync (client, collection->url, NULL, cancellable, &local_error))
        {
          g_debug ("Removed %s again after a failed setup", collection->url);
          continue;
        }

      if (collection->kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
        /* Translators: the address book's name, its URL, then why removing it failed (a sentence) */
        undo = g_strdup_printf (_("The address book “%s” that Rapport had just made at %s is still on the server "
                                  "and will be used the next time the account is added. Removing it failed: %s"),
                                collection->name, collection->url, local_error->message);
      else
        /* Translators: the calendar's name, its URL, then why removing it failed (a sentence) */
        undo = g_strdup_printf (_("The calendar “%s” that Rapport had just made at %s is still on the server "
                                  "and will be used the next time the account is added. Removing it failed: %s"),
                                collection->name, collection->url, local_error->message);
      message = g_strjoin ("\n", error->message, undo, NULL);
      g_free (error->message);
      error->message = g_steal_pointer (&message);
    }
}

static gboolean
account_exists (RapportStore  *store,
                const char    *url,
                const char    *username,
                GError       **error)
{
  g_autoptr(GPtrArray) accounts = rapport_account_list (store, error);

  if (accounts == NULL)
    return TRUE;

  for (guint i = 0; i < accounts->len; i++)
    {
      const RapportAccount *account = g_ptr_array_index (accounts, i);

      if (same_url (account->url, url) && g_strcmp0 (account->username, username) == 0)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                       _("There is already an account for %s at %s (id %" G_GINT64_FORMAT ")."),
                       username, url, account->id);
          return TRUE;
        }
    }

  return FALSE;
}

static char *
complete_url (const char *url)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (url));

  if (strstr (trimmed, "://") == NULL)
    return g_strconcat ("https://", trimmed, NULL);

  return g_steal_pointer (&trimmed);
}

/* Every address book and calendar in the homes, each listed once. */
static GPtrArray *
list_all (RapportDavClient     *client,
          RapportDavDiscovery  *discovery,
          GCancellable         *cancellable,
          GError              **error)
{
  g_autoptr(GPtrArray) all = collection_array_new ();
  g_autoptr(GPtrArray) homes = g_ptr_array_new ();

  for (guint i = 0; discovery->addressbook_homes[i] != NULL; i++)
    g_ptr_array_add (homes, discovery->addressbook_homes[i]);
  for (guint i = 0; discovery->calendar_homes[i] != NULL; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < homes->len; j++)
        seen |= same_url (g_ptr_array_index (homes, j), discovery->calendar_homes[i]);
      if (!seen)
        g_ptr_array_add (homes, discovery->calendar_homes[i]);
    }

  for (guint i = 0; i < homes->len; i++)
    {
      g_autoptr(GPtrArray) listed = NULL;

      listed = rapport_dav_client_list_collections_sync (client, g_ptr_array_index (homes, i),
                                                         cancellable, error);
      if (listed == NULL)
        return NULL;

      for (guint j = 0; j < listed->len; j++)
        {
          RapportDavCollection *collection = g_ptr_array_index (listed, j);

          if (find_listed (all, collection->url) == NULL)
            g_ptr_array_add (all, rapport_dav_collection_copy (collection));
        }
    }

  return g_steal_pointer (&all);
}

typedef struct
{
  RapportDavCollection *book;
  RapportDavCollection *tasks;
  RapportDavCollection *history;
  gboolean              create_book;
  gboolean              create_tasks;
  gboolean              create_history;
} Picked;

static void
picked_clear (Picked *picked)
{
  g_clear_pointer (&picked->book, rapport_dav_collection_free);
  g_clear_pointer (&picked->tasks, rapport_dav_collection_free);
  g_clear_pointer (&picked->history, rapport_dav_collection_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Picked, picked_clear)

/* Makes on the server what @picked says to make, adding each to @created. */
static gboolean
create_picked (RapportDavClient     *client,
               RapportDavDiscovery  *discovery,
               GPtrArray            *listed,
               Picked               *picked,
               GPtrArray            *created,
               GCancellable         *cancellable,
               GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (picked->create_book)
    {
      picked->book = create_collection (client, listed, discovery->addressbook_homes[0],
                                        purpose_slugs[RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS],
                                        RAPPORT_DAV_COLLECTION_ADDRESSBOOK, _("Rapport customers"), 0,
                                        cancellable, error);
      if (picked->book == NULL)
        return FALSE;
      g_ptr_array_add (created, rapport_dav_collection_copy (picked->book));
    }
  if (picked->create_tasks)
    {
      picked->tasks = create_collection (client, listed, discovery->calendar_homes[0],
                                         purpose_slugs[RAPPORT_ACCOUNT_PURPOSE_TASKS],
                                         RAPPORT_DAV_COLLECTION_CALENDAR, _("Rapport follow-ups"),
                                         RAPPORT_DAV_COMPONENT_VTODO, cancellable, error);
      if (picked->tasks == NULL)
        return FALSE;
      g_ptr_array_add (created, rapport_dav_collection_copy (picked->tasks));
    }
  if (picked->create_history)
    {
      picked->history = create_collection (client, listed, discovery->calendar_homes[0],
                                           purpose_slugs[RAPPORT_ACCOUNT_PURPOSE_HISTORY],
                                           RAPPORT_DAV_COLLECTION_CALENDAR, _("Rapport history"),
                                           RAPPORT_DAV_COMPONENT_VJOURNAL, cancellable, &local_error);
      if (picked->history != NULL)
        g_ptr_array_add (created, rapport_dav_collection_copy (picked->history));
      /* A server that makes no journal calendar: the history goes to the
       * tasks calendar as completed tasks (DESIGN.md, Sync). */
      else if (local_error->domain == RAPPORT_DAV_ERROR &&
               (local_error->code == RAPPORT_DAV_ERROR_UNSUPPORTED ||
                local_error->code == RAPPORT_DAV_ERROR_FORBIDDEN ||
                local_error->code == RAPPORT_DAV_ERROR_REJECTED))
        {
          g_debug ("No journal calendar: %s; the history goes to the tasks calendar", local_error->message);
          picked->history = rapport_dav_collection_copy (picked->tasks);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  return TRUE;
}

/* The account for @picked, its rows and its password stored together:
 * the password inside the transaction, and the rows roll back when it
 * cannot be stored. */
static RapportAccount *
store_account (RapportStore               *store,
               const RapportAccountSetup  *setup,
               const char                 *url,
               RapportDavClient           *client,
               const Picked               *picked,
               GCancellable               *cancellable,
               GError                    **error)
{
  g_autoptr(RapportAccount) account = account_new ();
  g_autofree char *host = host_of (url);
  gboolean ok;

  account->uid = rapport_store_new_uid ();
  account->name = setup->name != NULL && *setup->name != '\0'
                    ? g_strdup (setup->name)
                    : g_strdup_printf ("%s@%s", setup->username, host);
  account->url = g_strdup (url);
  account->username = g_strdup (setup->username);
  account->certificate = rapport_dav_client_dup_trusted_fingerprint (client);
  account->created = rapport_store_now ();
  g_ptr_array_add (account->collections,
                   collection_new (RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS, picked->book->url, picked->book->name));
  g_ptr_array_add (account->collections,
                   collection_new (RAPPORT_ACCOUNT_PURPOSE_TASKS, picked->tasks->url, picked->tasks->name));
  g_ptr_array_add (account->collections,
                   collection_new (RAPPORT_ACCOUNT_PURPOSE_HISTORY, picked->history->url, picked->history->name));

  if (!check_account (account, error) || !rapport_store_begin (store, error))
    return NULL;
  ok = insert_rows (store, account, error) &&
       rapport_account_store_password_sync (account, setup->password, cancellable, error);
  if (!rapport_store_end (store, ok, ok ? error : NULL))
    {
      if (ok)
        rapport_account_clear_password_sync (account, NULL, NULL);
      return NULL;
    }

  return g_steal_pointer (&account);
}

RapportAccount *
rapport_account_setup_sync (RapportStore               *store,
                            const RapportAccountSetup  *setup,
                            RapportAccountChoices     **choices,
                            char                      **fingerprint,
                            GCancellable               *cancellable,
                            GError                    **error)
{
  g_autoptr(RapportDavClient) client = NULL;
  g_autoptr(RapportDavDiscovery) discovery = NULL;
  g_autoptr(GPtrArray) listed = NULL;
  g_autoptr(GPtrArray) books = collection_array_new ();
  g_autoptr(GPtrArray) calendars = collection_array_new ();
  g_autoptr(GPtrArray) journals = collection_array_new ();
  g_autoptr(GPtrArray) ambiguous = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RapportAccount) account = NULL;
  g_autoptr(GError) local_error = NULL;
  g_auto(Picked) picked = { 0 };
  g_autoptr(GPtrArray) created = collection_array_new ();
  const RapportDavCollection *candidate;
  gboolean several;
  g_autofree char *url = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (setup != NULL, NULL);
  g_return_val_if_fail (choices == NULL || *choices == NULL, NULL);
  g_return_val_if_fail (fingerprint == NULL || *fingerprint == NULL, NULL);

  if (setup->url == NULL || strspn (setup->url, " \t\n") == strlen (setup->url))
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the server address is missing."));
      return NULL;
    }
  if (setup->username == NULL || *setup->username == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the user name is missing."));
      return NULL;
    }
  if (setup->password == NULL || *setup->password == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                           _("sync account: the password is missing."));
      return NULL;
    }

  url = complete_url (setup->url);
  if (account_exists (store, url, setup->username, error))
    return NULL;

  client = rapport_dav_client_new (setup->timeout);
  rapport_dav_client_set_origin (client, url);
  rapport_dav_client_set_credentials (client, setup->username, setup->password);
  if (setup->trusted_certificate != NULL && *setup->trusted_certificate != '\0' &&
      !rapport_dav_client_set_trusted_certificate (client, setup->trusted_certificate, error))
    return NULL;

  discovery = rapport_dav_client_discover_sync (client, url, cancellable, &local_error);
  if (discovery == NULL)
    {
      if (fingerprint != NULL &&
          g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_TLS))
        *fingerprint = rapport_dav_client_dup_untrusted_fingerprint (client);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (discovery->addressbook_homes[0] == NULL)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("The server at %s offers no address books (CardDAV), where Rapport keeps the customers."),
                   url);
      return NULL;
    }
  if (discovery->calendar_homes[0] == NULL)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND,
                   _("The server at %s offers no calendars (CalDAV), where Rapport keeps the follow-ups."),
                   url);
      return NULL;
    }

  listed = list_all (client, discovery, cancellable, error);
  if (listed == NULL)
    return NULL;

  for (guint i = 0; i < listed->len; i++)
    {
      const RapportDavCollection *collection = g_ptr_array_index (listed, i);
      RapportAccountPurpose made;

      /* One that setup made is a candidate for what it was made for
       * only, whatever else the server says it takes (Xandikos: every
       * calendar takes everything). */
      if (made_by_rapport (collection, &made))
        {
          if (made == RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS)
            g_ptr_array_add (books, rapport_dav_collection_copy (collection));
          else if (made == RAPPORT_ACCOUNT_PURPOSE_TASKS && takes_tasks (collection))
            g_ptr_array_add (calendars, rapport_dav_collection_copy (collection));
          else if (made == RAPPORT_ACCOUNT_PURPOSE_HISTORY &&
                   (collection->components & RAPPORT_DAV_COMPONENT_VJOURNAL) != 0)
            g_ptr_array_add (journals, rapport_dav_collection_copy (collection));
          continue;
        }

      if (collection->kind == RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
        g_ptr_array_add (books, rapport_dav_collection_copy (collection));
      else if (takes_tasks (collection))
        g_ptr_array_add (calendars, rapport_dav_collection_copy (collection));
      if (is_journal_calendar (collection))
        g_ptr_array_add (journals, rapport_dav_collection_copy (collection));
    }

  /* Address book. */
  if (setup->address_book_url != NULL && *setup->address_book_url != '\0')
    {
      picked.book = given_collection (client, listed, setup->address_book_url, cancellable, error);
      if (picked.book == NULL)
        return NULL;
      if (picked.book->kind != RAPPORT_DAV_COLLECTION_ADDRESSBOOK)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("address book: %s is not an address book."), setup->address_book_url);
          return NULL;
        }
    }
  else if ((candidate = pick_candidate (books, RAPPORT_ACCOUNT_PURPOSE_CUSTOMERS, &several)) != NULL)
    picked.book = rapport_dav_collection_copy (candidate);
  else if (!several)
    picked.create_book = TRUE;
  else
    g_ptr_array_add (ambiguous, describe_candidates (_("The account has several address books; choose one:"), books));

  /* Task calendar. */
  if (setup->tasks_url != NULL && *setup->tasks_url != '\0')
    {
      picked.tasks = given_collection (client, listed, setup->tasks_url, cancellable, error);
      if (picked.tasks == NULL)
        return NULL;
      if (!takes_tasks (picked.tasks))
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("calendar: %s is not a calendar that takes tasks."), setup->tasks_url);
          return NULL;
        }
    }
  else if ((candidate = pick_candidate (calendars, RAPPORT_ACCOUNT_PURPOSE_TASKS, &several)) != NULL)
    picked.tasks = rapport_dav_collection_copy (candidate);
  else if (!several)
    picked.create_tasks = TRUE;
  else
    g_ptr_array_add (ambiguous, describe_candidates (_("The account has several calendars that take tasks; choose one:"), calendars));

  /* History: a calendar for journals alone, else a new one. */
  if (setup->history_url != NULL && *setup->history_url != '\0')
    {
      picked.history = given_collection (client, listed, setup->history_url, cancellable, error);
      if (picked.history == NULL)
        return NULL;
      if (picked.history->kind != RAPPORT_DAV_COLLECTION_CALENDAR ||
          (picked.history->components & (RAPPORT_DAV_COMPONENT_VJOURNAL | RAPPORT_DAV_COMPONENT_VTODO)) == 0)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("history calendar: %s is not a calendar that takes journal entries or tasks."),
                       setup->history_url);
          return NULL;
        }
    }
  else if ((candidate = pick_candidate (journals, RAPPORT_ACCOUNT_PURPOSE_HISTORY, &several)) != NULL)
    picked.history = rapport_dav_collection_copy (candidate);
  else if (!several)
    picked.create_history = TRUE;
  else
    g_ptr_array_add (ambiguous, describe_candidates (_("The account has several journal calendars for the history; choose one:"), journals));

  if (ambiguous->len > 0)
    {
      g_autofree char *message = NULL;

      g_ptr_array_add (ambiguous, NULL);
      message = g_strjoinv ("\n", (char **) ambiguous->pdata);
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS, message);

      if (choices != NULL)
        {
          *choices = g_new0 (RapportAccountChoices, 1);
          (*choices)->address_books = g_steal_pointer (&books);
          (*choices)->task_calendars = g_steal_pointer (&calendars);
          (*choices)->history_calendars = g_steal_pointer (&journals);
        }
      return NULL;
    }

  /* Nothing is made on the server before every choice is settled, and
   * what was made is removed again when the setup fails after all. */
  if (create_picked (client, discovery, listed, &picked, created, cancellable, &local_error))
    account = store_account (store, setup, url, client, &picked, cancellable, &local_error);
  if (account == NULL)
    {
      undo_created (client, created, cancellable, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&account);
}

/* Status */

static char *
format_ago (gint64 then,
            gint64 now)
{
  gint64 seconds = MAX (now - then, 0);

  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 3600)
    {
      int minutes = (int) (seconds / 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d minute ago", "%d minutes ago", minutes), minutes);
    }
  if (seconds < 86400)
    {
      int hours = (int) (seconds / 3600);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d hour ago", "%d hours ago", hours), hours);
    }
  else
    {
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (then);
      g_autoptr(GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;

      if (local == NULL)
        return g_strdup ("");
      /* Translators: a date and time in strftime format */
      return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
    }
}

char *
rapport_account_dup_status_text (const RapportAccount *account,
                                 gint64                now)
{
  g_autofree char *ago = NULL;

  g_return_val_if_fail (account != NULL, NULL);

  if (account->last_sync == 0)
    return g_strdup (account->last_result != NULL ? account->last_result : _("Not synced yet."));

  ago = format_ago (account->last_sync, now);
  if (account->last_result == NULL || *account->last_result == '\0')
    /* Translators: %s is "5 minutes ago" or a date */
    return g_strdup_printf (_("Last synced %s."), ago);

  {
    g_autofree char *result = g_strdup (account->last_result);
    gsize len = strlen (result);

    /* The result says whether it went well ("Sync failed: …" when not),
     * so the time is only when, not "last synced". */
    if (len > 0 && result[len - 1] == '.')
      result[len - 1] = '\0';
    /* Translators: the last result ("Synced: 3 received"), then when it
     * was ("5 minutes ago", or a date) */
    return g_strdup_printf (_("%s (%s)"), result, ago);
  }
}
