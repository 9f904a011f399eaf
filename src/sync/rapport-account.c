/* rapport-account.c
 *
 * Accounts in SQL through the store's private API, and their passwords in
 * the Secret Service. The setup that discovers the server and picks or
 * creates the collections is in rapport-account-setup.c.
 */

#define G_LOG_DOMAIN "rapport-account"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <libsecret/secret.h>

#include "rapport-account.h"
#include "rapport-account-private.h"
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

RapportAccountCollection *
rapport_account_collection_new (RapportAccountPurpose  purpose,
                const char            *url,
                const char            *display_name)
{
  RapportAccountCollection *collection = g_new0 (RapportAccountCollection, 1);

  collection->purpose = purpose;
  collection->url = g_strdup (url);
  collection->display_name = g_strdup (display_name);

  return collection;
}

RapportAccount *
rapport_account_new_empty (void)
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

  copy = rapport_account_new_empty ();
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
  RapportAccount *account = rapport_account_new_empty ();

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

gboolean
rapport_account_insert_rows (RapportStore    *store,
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

gboolean
rapport_account_check (const RapportAccount  *account,
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

  if (!rapport_account_check (account, error))
    return FALSE;

  if (account->uid == NULL)
    account->uid = rapport_store_new_uid ();
  if (account->created == 0)
    account->created = rapport_store_now ();

  if (!rapport_store_begin (store, error))
    return FALSE;
  ok = rapport_account_insert_rows (store, account, error);
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

  if (!rapport_account_check (account, error))
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

char *
rapport_account_host_of (const char *url)
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

  host = rapport_account_host_of (account->url);
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
