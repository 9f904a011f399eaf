/* rapport-sync.c
 *
 * The two-way sync engine. Per collection of the account:
 *
 *  1. Look at the local records modified since the last look
 *     (sync_collection.scanned_at): a record whose rendering hashes
 *     differently from sync_item.local_hash is dirty; a synced record
 *     gone from the store (or in the trash) keeps its sync_item as a
 *     tombstone (local_deleted) until its DELETE succeeds.
 *  2. One PROPFIND Depth 1 on the folder holding the collections asks
 *     for their ctags alone: a collection with nothing dirty and the ctag
 *     stored with its token is done, one request for all of them. Else
 *     PROPFIND Depth 0: an unchanged sync token (or ctag) with nothing
 *     dirty is the end of it.
 *  3. Pull: sync-collection from the stored token, looping on truncation;
 *     an invalid token, or no sync-collection, lists every ETag and
 *     reconciles by href. Changed members are fetched with multiget in
 *     batches and applied one by one, each in one transaction with its
 *     sync_item. The token is stored after the last of them.
 *  4. Push: dirty records PUT with If-None-Match: * (new) or If-Match
 *     (changed), tombstones DELETE with If-Match. A 412 fetches the
 *     server's copy, merges and tries once more.
 *  5. After a push, pull again from the stored token: what comes back is
 *     our own writes (same ETags, nothing fetched) and the new token, so
 *     that the next run without changes stops at step 2.
 *
 * What a collection holds is a Kind (a table of functions): customers as
 * vCards ("customers"), follow-ups and renewal notices as VTODO ("tasks",
 * two kinds in one collection, told apart by what each object says;
 * tasks of other apps that are neither are left alone), interactions as
 * VJOURNAL or completed VTODO ("history"). The steps above are the same
 * for all. A notice carries its contract, which a database that never
 * had it creates from the notice; notice UIDs come from the contract and
 * the notice date, so that two databases preparing the same notice make
 * one on the server (the second PUT meets 412 and merges).
 *
 * Merging is three-way, field by field, on the record's fields: the local
 * side is compared with sync_item.local_copy (our rendering of the record
 * as last synced), the server side with sync_item.remote_copy (the
 * server's copy as last seen). A field changed on one side only takes that
 * side; changed on both to different values, the server wins and the local
 * version is kept in sync_conflict (with the names of those fields).
 * Properties the mapping does not know stay on the server: a PUT starts
 * from the server's copy.
 */

#define G_LOG_DOMAIN "rapport-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-ical-records.h"
#include "rapport-multistatus.h"
#include "rapport-phone.h"
#include "rapport-records.h"
#include "rapport-store-notices.h"
#include "rapport-store-private.h"
#include "rapport-sync.h"
#include "rapport-sync-private.h"
#include "rapport-text.h"
#include "rapport-vcard-customer.h"

#define MULTIGET_BATCH   200
#define MAX_SYNC_PAGES   10000

static const Kind *kind_by_key (const char *key);

static void
collection_free (Collection *c)
{
  g_free (c->url);
  g_free (c->purpose);
  g_free (c->sync_token);
  g_free (c->ctag);
  g_clear_pointer (&c->remote, rapport_dav_collection_free);
  g_free (c);
}

static void
item_free (Item *item)
{
  g_free (item->local_uid);
  g_free (item->href);
  g_free (item->etag);
  g_free (item->remote_hash);
  g_free (item->remote_copy);
  g_free (item->local_hash);
  g_free (item->local_copy);
  g_free (item->quarantine);
  g_free (item);
}

void
rapport_sync_parsed_clear (Parsed *p)
{
  if (p->record != NULL)
    p->kind->free (g_steal_pointer (&p->record));
  g_clear_pointer (&p->ref_uid, g_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Collection, collection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Item, item_free)

/* Helpers for both kinds */

char *
rapport_sync_uid_of_customer (Sync   *s,
                 gint64  id)
{
  sqlite3_stmt *stmt;
  char *uid = NULL;

  if (id == 0)
    return NULL;

  if (!(stmt = rapport_store_prepare (s->db, "SELECT uid FROM customer WHERE id = ?", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    uid = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return uid;
}

/* The id of the customer with @uid not in the trash (of @kind unless
 * negative), 0 when none. */
gint64
rapport_sync_customer_id_by_uid (Sync       *s,
                                 const char *uid,
                                 int         kind)
{
  return rapport_store_customer_id_by_uid (s->db, uid, kind);
}

void
rapport_sync_take_string (char       **dst,
             const char  *src)
{
  g_free (*dst);
  *dst = g_strdup (src);
}

/* A record from the server with a field over the store's limit is kept,
 * the field cut here (@cuts, from rapport_*_fit_text; may be NULL). The
 * server keeps the whole value: while the cut field is not edited here,
 * the rendering of the record keeps the server's line. */
void
rapport_sync_note_cuts (Sync       *s,
           const char *uid,
           GPtrArray  *cuts)
{
  if (cuts == NULL)
    return;

  for (guint i = 0; i < cuts->len; i++)
    g_debug ("%s: %s", uid, (const char *) g_ptr_array_index (cuts, i));
  s->report->cut++;
  g_ptr_array_unref (cuts);
}

/* Bookkeeping rows */

static Item *
item_read (sqlite3_stmt *stmt)
{
  Item *item = g_new0 (Item, 1);

  item->id = sqlite3_column_int64 (stmt, 0);
  item->local_uid = rapport_column_dup (stmt, 1);
  item->href = rapport_column_dup (stmt, 2);
  item->etag = rapport_column_dup (stmt, 3);
  item->remote_hash = rapport_column_dup (stmt, 4);
  item->remote_copy = rapport_column_dup (stmt, 5);
  item->local_hash = rapport_column_dup (stmt, 6);
  item->local_copy = rapport_column_dup (stmt, 7);
  item->dirty = sqlite3_column_int (stmt, 8);
  item->local_deleted = sqlite3_column_int (stmt, 9);
  item->quarantine = rapport_column_dup (stmt, 10);
  item->kind = kind_by_key ((const char *) sqlite3_column_text (stmt, 11));

  return item;
}

#define ITEM_COLUMNS "id, local_uid, href, etag, remote_hash, remote_copy, local_hash, local_copy," \
                     " dirty, local_deleted, quarantine, kind"

static Item *
item_lookup (Sync        *s,
             Collection  *c,
             const char  *column,
             const char  *value,
             GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT " ITEM_COLUMNS " FROM sync_item"
                                          " WHERE collection_id = ?1 AND %s = ?2", column);
  sqlite3_stmt *stmt;
  Item *item = NULL;
  int rc;

  if (!(stmt = rapport_store_prepare (s->db, sql, error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    item = item_read (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    rapport_store_set_db_error (s->db, error);

  return item;
}

static gboolean
item_save (Sync        *s,
           Collection  *c,
           Item        *item,
           GError     **error)
{
  sqlite3_stmt *stmt;

  if (item->id == 0)
    {
      if (!(stmt = rapport_store_prepare (s->db,
                                          "INSERT INTO sync_item (collection_id, kind, local_uid, href, etag,"
                                          " remote_hash, remote_copy, local_hash, local_copy, dirty, local_deleted,"
                                          " quarantine, seen)"
                                          " VALUES (?1, ?12, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)",
                                          error)))
        return FALSE;
    }
  else
    {
      if (!(stmt = rapport_store_prepare (s->db,
                                          "UPDATE sync_item SET local_uid = ?2, href = ?3, etag = ?4,"
                                          " remote_hash = ?5, remote_copy = ?6, local_hash = ?7, local_copy = ?8,"
                                          " dirty = ?9, local_deleted = ?10, quarantine = ?11, seen = 1"
                                          " WHERE id = ?13 AND collection_id = ?1 AND kind = ?12",
                                          error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 13, item->id);
    }

  sqlite3_bind_int64 (stmt, 1, c->id);
  rapport_bind_text (stmt, 2, item->local_uid);
  rapport_bind_text (stmt, 3, item->href);
  rapport_bind_text (stmt, 4, item->etag);
  rapport_bind_text (stmt, 5, item->remote_hash);
  rapport_bind_text (stmt, 6, item->remote_copy);
  rapport_bind_text (stmt, 7, item->local_hash);
  rapport_bind_text (stmt, 8, item->local_copy);
  sqlite3_bind_int (stmt, 9, item->dirty);
  sqlite3_bind_int (stmt, 10, item->local_deleted);
  rapport_bind_text (stmt, 11, item->quarantine);
  g_assert (item->kind != NULL);
  sqlite3_bind_text (stmt, 12, item->kind->key, -1, SQLITE_STATIC);

  if (!rapport_store_step_done (s->db, stmt, error))
    return FALSE;

  if (item->id == 0)
    item->id = sqlite3_last_insert_rowid (sqlite3_db_handle (stmt));

  return TRUE;
}

static gboolean
item_delete (Sync        *s,
             Item        *item,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (item->id == 0)
    return TRUE;

  if (!(stmt = rapport_store_prepare (s->db, "DELETE FROM sync_item WHERE id = ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, item->id);

  return rapport_store_step_done (s->db, stmt, error);
}

/* Sets an item aside with @message, in its own transaction. */
static gboolean
item_quarantine (Sync        *s,
                 Collection  *c,
                 Item        *item,
                 const char  *message,
                 GError     **error)
{
  g_debug ("Quarantined %s: %s", item->href != NULL ? item->href : item->local_uid, message);

  g_free (item->quarantine);
  item->quarantine = g_strdup (message);
  s->report->quarantined++;

  if (!rapport_store_begin (s->db, error))
    return FALSE;

  return rapport_store_end (s->db, item_save (s, c, item, error), error);
}

static gboolean
load_type_keys (Sync    *s,
                GError **error)
{
  g_autoptr(GPtrArray) types = rapport_store_list_customer_types (s->db, error);

  if (types == NULL)
    return FALSE;

  for (guint i = 0; i < types->len; i++)
    {
      RapportCustomerType *type = g_ptr_array_index (types, i);

      g_hash_table_add (s->type_keys, g_strdup (type->key));
    }

  return TRUE;
}

static gboolean
add_conflict (Sync        *s,
              Collection  *c,
              const Kind  *kind,
              const char  *uid,
              const char  *local_copy,
              const char  *remote_copy,
              const char  *fields,
              GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (s->db,
                                      "INSERT INTO sync_conflict (collection_id, local_uid, local_copy, remote_copy,"
                                      " created, kind, fields) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                      error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, c->id);
  rapport_bind_text (stmt, 2, uid);
  sqlite3_bind_text (stmt, 3, local_copy, -1, SQLITE_TRANSIENT);
  rapport_bind_text (stmt, 4, remote_copy);
  sqlite3_bind_int64 (stmt, 5, rapport_store_now ());
  sqlite3_bind_text (stmt, 6, kind->key, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 7, fields);

  return rapport_store_step_done (s->db, stmt, error);
}

/* Counting requests */

static void
count (Sync *s)
{
  s->report->requests++;
}

static gboolean
field_equal (const Parsed *a,
             const Parsed *b,
             guint         field)
{
  g_autofree char *ta = a->kind->field_text (a, field);
  g_autofree char *tb = b->kind->field_text (b, field);

  return g_strcmp0 (ta, tb) == 0;
}

/* Which of the collection's kinds @text is, NULL when none (an event, a
 * task of another kind): left alone. */
static const Kind *
collection_kind_for (Collection *c,
                     const char *text)
{
  if (c->kind != NULL && c->kind->accepts (text))
    return c->kind;
  if (c->extra_kind != NULL && c->extra_kind->accepts (text))
    return c->extra_kind;
  return NULL;
}

/* Applies the server's copy @data of @href (ETag @etag), a record of
 * @kind (collection_kind_for(); NULL: not ours, left alone): a new
 * record, a change, or a change merged with a local edit. *@needs_push is set when
 * the result holds local changes the server does not have yet. FALSE only
 * for errors that stop the sync; a resource that cannot be read or stored
 * is quarantined. */
static gboolean
apply_remote (Sync        *s,
              Collection  *c,
              const Kind  *kind,
              const char  *href,
              const char  *etag,
              const char  *data,
              gboolean    *needs_push,
              GError     **error)
{
  Parsed remote = { kind, NULL, NULL };
  Parsed base_remote = { kind, NULL, NULL };
  Parsed base_local = { kind, NULL, NULL };
  Parsed local = { kind, NULL, NULL };
  Parsed merged = { kind, NULL, NULL };
  g_autoptr(Item) item = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) conflict_fields = g_string_new (NULL);
  g_autofree char *remote_hash = NULL;
  g_autofree char *local_copy = NULL;
  g_autofree char *local_hash = NULL;
  gpointer stored = NULL;
  const char *uid;
  gboolean trashed = FALSE;
  gboolean dirty = FALSE;
  gboolean keep_local = FALSE;
  gboolean is_new;
  gboolean ok = FALSE;
  gint64 id;

  *needs_push = FALSE;

  if (kind == NULL)
    return TRUE;

  remote_hash = kind->hash (data);

  if (!(item = item_lookup (s, c, "href", href, error)) && error != NULL && *error != NULL)
    return FALSE;

  if (!kind->parse (s, data, &remote, &local_error))
    {
      if (item == NULL)
        {
          item = g_new0 (Item, 1);
          item->local_uid = g_strdup (href);
          item->href = g_strdup (href);
          item->kind = kind;
        }
      if (item->quarantine != NULL && g_strcmp0 (item->etag, etag) == 0)
        return TRUE;
      rapport_sync_take_string (&item->etag, etag);
      return item_quarantine (s, c, item, local_error->message, error);
    }
  uid = kind->get_uid (remote.record);

  if (item == NULL)
    {
      if (!(item = item_lookup (s, c, "local_uid", uid, error)) && error != NULL && *error != NULL)
        goto out;
    }
  else if (item->quarantine != NULL && g_strcmp0 (item->local_uid, item->href) == 0)
    {
      /* Set aside under its href while it could not be read; readable
       * now, it belongs to its record (whose row, when there is one,
       * takes its place). */
      g_autoptr(Item) owner = item_lookup (s, c, "local_uid", uid, error);
      gboolean saved;

      if (owner == NULL && error != NULL && *error != NULL)
        goto out;
      if (!rapport_store_begin (s->db, error))
        goto out;
      if (owner != NULL)
        {
          saved = item_delete (s, item, error);
          item_free (item);
          item = g_steal_pointer (&owner);
        }
      else
        {
          rapport_sync_take_string (&item->local_uid, uid);
          saved = item_save (s, c, item, error);
        }
      if (!rapport_store_end (s->db, saved, error))
        goto out;
    }

  /* Nothing new on the server: a re-serialization, or our own write. A
   * tombstone stays one. */
  if (item != NULL && item->quarantine == NULL && g_strcmp0 (item->remote_hash, remote_hash) == 0)
    {
      if (g_strcmp0 (item->etag, etag) == 0 && g_strcmp0 (item->href, href) == 0)
        {
          ok = TRUE;
          goto out;
        }
      rapport_sync_take_string (&item->etag, etag);
      rapport_sync_take_string (&item->href, href);
      if (rapport_store_begin (s->db, error))
        ok = rapport_store_end (s->db, item_save (s, c, item, error), error);
      goto out;
    }
  if (item != NULL && item->quarantine != NULL && g_strcmp0 (item->etag, etag) == 0 &&
      g_strcmp0 (item->href, href) == 0)
    {
      ok = TRUE;
      goto out;
    }

  id = kind->find (s, uid, &trashed);
  is_new = (id == 0 || trashed);

  /* A record in the trash cannot be loaded; the server's version of it
   * is taken whole (and the record restored) below. */
  if (id != 0 && !trashed)
    {
      if (!(stored = kind->load (s, id, error)))
        goto out;
    }
  if (id != 0 && !trashed)
    {
      if (!(local_copy = kind->render_local (s, stored, error)))
        goto out;
      local_hash = kind->hash (local_copy);
      dirty = (item == NULL || g_strcmp0 (item->local_hash, local_hash) != 0);
      if (!kind->parse (s, local_copy, &local, error))
        goto out;
    }
  /* (In the trash here and changed on the server: the change wins.) */

  if (item != NULL && item->remote_copy != NULL)
    kind->parse (s, item->remote_copy, &base_remote, NULL);
  if (dirty && item != NULL && item->local_copy != NULL)
    kind->parse (s, item->local_copy, &base_local, NULL);

  merged.record = stored != NULL ? kind->copy (stored) : kind->create (&remote);
  if (local.record != NULL)
    merged.ref_uid = g_strdup (local.ref_uid);

  for (guint f = 0; f < kind->n_fields; f++)
    {
      gboolean remote_changed = base_remote.record == NULL || !field_equal (&remote, &base_remote, f);
      gboolean local_changed = dirty && (base_local.record == NULL || !field_equal (&local, &base_local, f));

      if (!dirty)
        {
          kind->field_take (s, &merged, &remote, f);
          continue;
        }

      if (field_equal (&local, &remote, f))
        continue;

      if (local_changed && remote_changed)
        {
          g_string_append_printf (conflict_fields, "%s%s", conflict_fields->len > 0 ? "," : "",
                                  kind->field_names[f]);
          kind->field_take (s, &merged, &remote, f);
        }
      else if (local_changed)
        keep_local = TRUE;
      else
        kind->field_take (s, &merged, &remote, f);
    }

  if (!rapport_store_begin (s->db, error))
    goto out;

  if (!kind->write (s, &merged, id, trashed, &local_error))
    {
      rapport_store_end (s->db, FALSE, NULL);
      if (local_error->domain != RAPPORT_ERROR || local_error->code == RAPPORT_ERROR_DATABASE)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
      if (item == NULL)
        {
          item = g_new0 (Item, 1);
          item->local_uid = g_strdup (uid);
          item->kind = kind;
        }
      rapport_sync_take_string (&item->href, href);
      rapport_sync_take_string (&item->etag, etag);
      ok = item_quarantine (s, c, item, local_error->message, error);
      goto out;
    }

  if (conflict_fields->len > 0 &&
      !add_conflict (s, c, kind, uid, local_copy, data, conflict_fields->str, error))
    {
      rapport_store_end (s->db, FALSE, NULL);
      goto out;
    }

  if (item == NULL)
    {
      item = g_new0 (Item, 1);
      item->local_uid = g_strdup (uid);
      item->kind = kind;
    }
  rapport_sync_take_string (&item->href, href);
  rapport_sync_take_string (&item->etag, etag);
  rapport_sync_take_string (&item->remote_copy, data);
  rapport_sync_take_string (&item->remote_hash, remote_hash);
  g_clear_pointer (&item->quarantine, g_free);
  item->local_deleted = FALSE;

  if (keep_local)
    {
      /* The local side's base stays as it was, so the record stays dirty
       * until the merged version is on the server. */
      item->dirty = TRUE;
      *needs_push = TRUE;
    }
  else
    {
      gboolean found;
      gpointer written = kind->load (s, kind->find (s, uid, &found), error);
      char *copy = written != NULL ? kind->render_local (s, written, error) : NULL;

      if (written != NULL)
        kind->free (written);
      if (copy == NULL)
        {
          rapport_store_end (s->db, FALSE, NULL);
          goto out;
        }
      g_free (item->local_copy);
      item->local_copy = copy;
      g_free (item->local_hash);
      item->local_hash = kind->hash (item->local_copy);
      item->dirty = FALSE;
    }

  if (!item_save (s, c, item, error))
    {
      rapport_store_end (s->db, FALSE, NULL);
      goto out;
    }

  if (!rapport_store_end (s->db, TRUE, error))
    goto out;

  if (is_new)
    s->report->pulled_new++;
  else
    s->report->pulled_changed++;
  if (conflict_fields->len > 0)
    s->report->conflicts++;
  else if (dirty && keep_local)
    s->report->merged++;
  ok = TRUE;

out:
  if (stored != NULL)
    kind->free (stored);
  rapport_sync_parsed_clear (&remote);
  rapport_sync_parsed_clear (&base_remote);
  rapport_sync_parsed_clear (&base_local);
  rapport_sync_parsed_clear (&local);
  rapport_sync_parsed_clear (&merged);
  return ok;
}

/* The server no longer has @href. */
static gboolean
apply_remote_deletion (Sync        *s,
                       Collection  *c,
                       const char  *href,
                       GError     **error)
{
  const Kind *kind;
  g_autoptr(Item) item = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean trashed;
  gint64 id;

  if (!(item = item_lookup (s, c, "href", href, error)))
    return error == NULL || *error == NULL;
  if ((kind = item->kind) == NULL)
    return TRUE;

  if (!rapport_store_begin (s->db, error))
    return FALSE;

  id = kind->find (s, item->local_uid, &trashed);

  if (id != 0 && !trashed && item->quarantine == NULL && !item->local_deleted)
    {
      gpointer record = kind->load (s, id, error);
      g_autofree char *local_copy = NULL;
      g_autofree char *local_hash = NULL;

      if (record == NULL)
        return rapport_store_end (s->db, FALSE, NULL);

      local_copy = kind->render_local (s, record, error);
      kind->free (record);
      if (local_copy == NULL)
        return rapport_store_end (s->db, FALSE, NULL);
      local_hash = kind->hash (local_copy);

      if (g_strcmp0 (local_hash, item->local_hash) != 0)
        {
          /* Edited here, deleted there: the edit wins and goes back up. */
          g_clear_pointer (&item->href, g_free);
          g_clear_pointer (&item->etag, g_free);
          g_clear_pointer (&item->remote_copy, g_free);
          g_clear_pointer (&item->remote_hash, g_free);
          item->dirty = TRUE;
          return rapport_store_end (s->db, item_save (s, c, item, error), error);
        }

      if (!kind->remove (s, id, &local_error))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return rapport_store_end (s->db, FALSE, NULL);
        }
      s->report->pulled_deleted++;
    }

  return rapport_store_end (s->db, item_delete (s, item, error), error);
}

/* Step 1 for one kind of the collection's records, in the caller's
 * transaction: the records of @kind modified since the last look. */
static gboolean
scan_kind (Sync        *s,
           Collection  *c,
           const Kind  *kind,
           GError     **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  g_autoptr(GError) render_error = NULL;
  int rc;

  if (!(stmt = rapport_store_prepare (s->db, kind->modified_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->scanned_at);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (s->db, error);
      return FALSE;
    }

  for (guint i = 0; i < ids->len; i++)
    {
      gpointer record = kind->load (s, g_array_index (ids, gint64, i), error);
      g_autoptr(Item) item = NULL;
      g_autofree char *copy = NULL;
      g_autofree char *hash = NULL;

      if (record == NULL)
        return FALSE;

      copy = kind->render_local (s, record, &render_error);
      if (copy == NULL)
        {
          /* Cannot be written out: stays here, unsynced. */
          g_debug ("Not syncing %s: %s", kind->get_uid (record), render_error->message);
          g_clear_error (&render_error);
          kind->free (record);
          continue;
        }
      hash = kind->hash (copy);
      item = item_lookup (s, c, "local_uid", kind->get_uid (record), error);
      if (item == NULL)
        {
          if (error != NULL && *error != NULL)
            {
              kind->free (record);
              return FALSE;
            }
          item = g_new0 (Item, 1);
          item->local_uid = g_strdup (kind->get_uid (record));
          item->kind = kind;
          item->dirty = TRUE;
        }
      else
        {
          gboolean changed = g_strcmp0 (hash, item->local_hash) != 0;

          if (!changed && !item->local_deleted)
            {
              kind->free (record);
              continue;
            }
          if (changed && item->local_hash != NULL)
            g_debug ("%s changed here", item->local_uid);
          /* Edited again: give a refused item another chance. */
          if (changed)
            g_clear_pointer (&item->quarantine, g_free);
          item->dirty = changed || item->href == NULL;
          item->local_deleted = FALSE;
        }
      kind->free (record);

      if (!item_save (s, c, item, error))
        return FALSE;
    }

  /* Tombstones: synced records no longer here (erased, or in the trash). */
  if (!(stmt = rapport_store_prepare (s->db, kind->tombstone_sql, error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, c->id);
  return rapport_store_step_done (s->db, stmt, error);
}

/* Step 1: local changes since the last look. Returns the number of dirty
 * items, -1 on error. */
static gint64
scan_local (Sync        *s,
            Collection  *c,
            GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 started = rapport_store_now ();
  gint64 dirty = -1;

  if (!rapport_store_begin (s->db, error))
    return -1;

  if (!scan_kind (s, c, c->kind, error) ||
      (c->extra_kind != NULL && !scan_kind (s, c, c->extra_kind, error)))
    goto out;

  if (!(stmt = rapport_store_prepare (s->db, "UPDATE sync_collection SET scanned_at = ?2 WHERE id = ?1", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, c->id);
  sqlite3_bind_int64 (stmt, 2, started);
  if (!rapport_store_step_done (s->db, stmt, error))
    goto out;
  c->scanned_at = started;

  if (!(stmt = rapport_store_prepare (s->db,
                                      "SELECT count(*) FROM sync_item WHERE collection_id = ? AND dirty = 1"
                                      " AND quarantine IS NULL",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    dirty = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

out:
  if (!rapport_store_end (s->db, dirty >= 0, dirty >= 0 ? error : NULL))
    return -1;
  return dirty;
}

static gboolean
store_token (Sync        *s,
             Collection  *c,
             const char  *token,
             const char  *ctag,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (!rapport_store_begin (s->db, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (s->db,
                                      "UPDATE sync_collection SET sync_token = ?2, ctag = ?3, initial_done = 1"
                                      " WHERE id = ?1",
                                      error)))
    return rapport_store_end (s->db, FALSE, NULL);

  sqlite3_bind_int64 (stmt, 1, c->id);
  rapport_bind_text (stmt, 2, token);
  rapport_bind_text (stmt, 3, ctag);
  if (!rapport_store_step_done (s->db, stmt, error))
    return rapport_store_end (s->db, FALSE, NULL);

  if (!rapport_store_end (s->db, TRUE, error))
    return FALSE;

  rapport_sync_take_string (&c->sync_token, token);
  rapport_sync_take_string (&c->ctag, ctag);
  return TRUE;
}

/* A resource fetched, and what kind of record it holds. */
typedef struct
{
  RapportDavResource *resource;
  const Kind         *kind;
} Fetched;

static gboolean
fetch_and_apply (Sync        *s,
                 Collection  *c,
                 GPtrArray   *hrefs,
                 GError     **error)
{
  g_autoptr(GArray) organizations = g_array_new (FALSE, FALSE, sizeof (Fetched));
  g_autoptr(GArray) people = g_array_new (FALSE, FALSE, sizeof (Fetched));

  for (guint start = 0; start < hrefs->len; start += MULTIGET_BATCH)
    {
      guint n = MIN (MULTIGET_BATCH, hrefs->len - start);
      g_autofree const char **batch = g_new0 (const char *, n + 1);
      g_autoptr(GPtrArray) resources = NULL;

      for (guint i = 0; i < n; i++)
        batch[i] = g_ptr_array_index (hrefs, start + i);

      count (s);
      resources = rapport_dav_client_multiget_sync (s->client, c->remote, batch, MULTIGET_BATCH,
                                                    s->cancellable, error);
      if (resources == NULL)
        return FALSE;

      g_array_set_size (organizations, 0);
      g_array_set_size (people, 0);

      for (guint i = 0; i < resources->len; i++)
        {
          RapportDavResource *resource = g_ptr_array_index (resources, i);
          Fetched fetched = { resource, NULL };

          if (resource->status == 0)
            {
              g_autofree char *url = rapport_dav_resolve_href (c->url, resource->href);
              g_autoptr(RapportDavResource) single = NULL;
              g_autoptr(GError) local_error = NULL;

              count (s);
              single = rapport_dav_client_get_sync (s->client, url, s->cancellable, &local_error);
              if (single == NULL && g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND))
                {
                  if (!apply_remote_deletion (s, c, resource->href, error))
                    return FALSE;
                  continue;
                }
              if (single == NULL)
                {
                  g_propagate_error (error, g_steal_pointer (&local_error));
                  return FALSE;
                }
              g_free (resource->data);
              resource->data = g_steal_pointer (&single->data);
              g_free (resource->etag);
              resource->etag = g_steal_pointer (&single->etag);
              resource->status = 200;
            }

          if (resource->status == 404 || resource->status == 410)
            {
              if (!apply_remote_deletion (s, c, resource->href, error))
                return FALSE;
              continue;
            }
          if (resource->status < 200 || resource->status >= 300 || resource->data == NULL)
            continue;

          /* What each is, looked at once; not ours (an event, another
           * app's task), left alone. */
          if (!(fetched.kind = collection_kind_for (c, resource->data)))
            continue;
          /* Organizations first, so that their people find them. */
          g_array_append_val (fetched.kind->first (resource->data) ? organizations : people, fetched);
        }

      for (guint pass = 0; pass < 2; pass++)
        {
          GArray *list = pass == 0 ? organizations : people;

          for (guint i = 0; i < list->len; i++)
            {
              const Fetched *fetched = &g_array_index (list, Fetched, i);
              gboolean needs_push;

              if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
                return FALSE;
              if (!apply_remote (s, c, fetched->kind, fetched->resource->href, fetched->resource->etag,
                                 fetched->resource->data, &needs_push, error))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* Step 3: what changed on the server since the stored token. */
static gboolean
pull (Sync        *s,
      Collection  *c,
      GError     **error)
{
  g_autoptr(GPtrArray) changed = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_dav_item_free);
  g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fetch = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) listed = NULL;
  g_autofree char *token = NULL;
  gboolean full = !c->remote->supports_sync_collection;

  if (!full)
    {
      token = g_strdup (c->sync_token);

      for (guint page = 0; page < MAX_SYNC_PAGES; page++)
        {
          g_autoptr(RapportDavSyncResult) result = NULL;
          g_autoptr(GError) local_error = NULL;

          count (s);
          result = rapport_dav_client_sync_collection_sync (s->client, c->url, token, s->cancellable, &local_error);
          if (result == NULL &&
              g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_SYNC_TOKEN) &&
              token != NULL && *token != '\0')
            {
              g_debug ("%s: the sync token is no longer valid, listing everything", c->url);
              full = TRUE;
              g_ptr_array_set_size (changed, 0);
              g_ptr_array_set_size (removed, 0);
              break;
            }
          if (result == NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }

          while (result->changed->len > 0)
            g_ptr_array_add (changed, g_ptr_array_steal_index (result->changed, 0));
          while (result->removed->len > 0)
            g_ptr_array_add (removed, g_ptr_array_steal_index (result->removed, 0));

          rapport_sync_take_string (&token, result->sync_token);
          if (!result->truncated)
            break;
        }
    }

  if (full)
    {
      g_autoptr(GPtrArray) all = NULL;

      count (s);
      all = rapport_dav_client_list_etags_sync (s->client, c->url, s->cancellable, error);
      if (all == NULL)
        return FALSE;

      listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      while (all->len > 0)
        {
          RapportDavItem *member = g_ptr_array_steal_index (all, 0);

          g_hash_table_add (listed, g_strdup (member->href));
          g_ptr_array_add (changed, member);
        }
      /* The token read before the listing: anything changed since comes
       * again next time. */
      rapport_sync_take_string (&token, c->remote->sync_token);
    }

  for (guint i = 0; i < changed->len; i++)
    {
      RapportDavItem *member = g_ptr_array_index (changed, i);
      g_autoptr(Item) item = item_lookup (s, c, "href", member->href, error);

      if (item == NULL && error != NULL && *error != NULL)
        return FALSE;
      if (item != NULL && member->etag != NULL && g_strcmp0 (item->etag, member->etag) == 0)
        continue;
      g_ptr_array_add (fetch, g_strdup (member->href));
    }

  if (!fetch_and_apply (s, c, fetch, error))
    return FALSE;

  for (guint i = 0; i < removed->len; i++)
    if (!apply_remote_deletion (s, c, g_ptr_array_index (removed, i), error))
      return FALSE;

  if (listed != NULL)
    {
      g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt;

      if (!(stmt = rapport_store_prepare (s->db,
                                          "SELECT href FROM sync_item WHERE collection_id = ? AND href IS NOT NULL",
                                          error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, c->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *href = (const char *) sqlite3_column_text (stmt, 0);

          if (!g_hash_table_contains (listed, href))
            g_ptr_array_add (gone, g_strdup (href));
        }
      sqlite3_reset (stmt);

      for (guint i = 0; i < gone->len; i++)
        if (!apply_remote_deletion (s, c, g_ptr_array_index (gone, i), error))
          return FALSE;
    }

  return store_token (s, c, token, c->remote->ctag, error);
}

/* The href of a new resource: the collection's path and the UID. */
static char *
new_href (Collection *c,
          const Kind *kind,
          const char *uid)
{
  g_autofree char *name = g_strconcat (uid, kind->extension, NULL);
  g_autofree char *escaped = g_uri_escape_string (name, NULL, FALSE);
  g_autofree char *url = rapport_dav_resolve_href (c->url, escaped);
  g_autoptr(GUri) uri = url != NULL ? g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL) : NULL;

  if (uri == NULL)
    return NULL;

  return g_strdup (g_uri_get_path (uri));
}

static gboolean
push_deletion (Sync        *s,
               Collection  *c,
               Item        *item,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *url = NULL;

  if (item->href != NULL)
    {
      url = rapport_dav_resolve_href (c->url, item->href);
      count (s);
      if (!rapport_dav_client_delete_sync (s->client, url, item->etag, s->cancellable, &local_error) &&
          !g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_NOT_FOUND))
        {
          if (g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION))
            {
              g_autoptr(RapportDavResource) resource = NULL;
              gboolean needs_push;

              /* Changed on the server since: the change wins, the record
               * comes back. */
              g_clear_error (&local_error);
              count (s);
              resource = rapport_dav_client_get_sync (s->client, url, s->cancellable, error);
              if (resource == NULL)
                return FALSE;
              return apply_remote (s, c, collection_kind_for (c, resource->data), item->href, resource->etag,
                                   resource->data, &needs_push, error);
            }
          if (local_error->domain == RAPPORT_DAV_ERROR &&
              (local_error->code == RAPPORT_DAV_ERROR_REJECTED || local_error->code == RAPPORT_DAV_ERROR_FORBIDDEN))
            return item_quarantine (s, c, item, local_error->message, error);

          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      s->report->pushed_deleted++;
    }

  if (!rapport_store_begin (s->db, error))
    return FALSE;

  return rapport_store_end (s->db, item_delete (s, item, error), error);
}

/* PUTs the local record of @item; on 412 fetches, merges and tries once
 * more (@retry). */
static gboolean
push_record (Sync        *s,
             Collection  *c,
             Item        *item,
             gboolean     retry,
             GError     **error)
{
  const Kind *kind = item->kind;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *url = NULL;
  g_autofree char *new_etag = NULL;
  g_autofree char *local_copy = NULL;
  gboolean created = (item->href == NULL);
  gboolean trashed;
  gint64 id = kind->find (s, item->local_uid, &trashed);
  gpointer record;

  if (id == 0 || trashed)
    return TRUE;  /* deleted meanwhile: the next run's tombstone */

  if (!(record = kind->load (s, id, error)))
    return FALSE;
  data = kind->render_remote (s, c, record, item->remote_copy, &local_error);
  local_copy = data != NULL ? kind->render_local (s, record, &local_error) : NULL;
  kind->free (record);
  if (local_copy == NULL)
    {
      /* Cannot be written as the server needs it. */
      return item_quarantine (s, c, item, local_error->message, error);
    }

  if (created)
    item->href = new_href (c, kind, item->local_uid);
  if (item->href == NULL)
    {
      g_set_error (error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_INVALID_URL,
                   _("The collection’s address is not a URL: %s"), c->url);
      return FALSE;
    }
  url = rapport_dav_resolve_href (c->url, item->href);

  count (s);
  if (!rapport_dav_client_put_sync (s->client, url, kind->content_type, data, strlen (data),
                                    created ? NULL : item->etag, &new_etag, s->cancellable, &local_error))
    {
      if (g_error_matches (local_error, RAPPORT_DAV_ERROR, RAPPORT_DAV_ERROR_PRECONDITION) && retry)
        {
          g_autoptr(RapportDavResource) resource = NULL;
          g_autoptr(Item) again = NULL;
          gboolean needs_push = FALSE;

          /* A new record whose href is taken: most likely by our own
           * earlier PUT, whose answer was lost. The href goes on the row
           * first, so that what is read there is taken as this record's
           * and not as a stranger's. */
          if (created)
            {
              if (!rapport_store_begin (s->db, error))
                return FALSE;
              if (!rapport_store_end (s->db, item_save (s, c, item, error), error))
                return FALSE;
            }
          count (s);
          resource = rapport_dav_client_get_sync (s->client, url, s->cancellable, error);
          if (resource == NULL)
            return FALSE;
          if (!apply_remote (s, c, collection_kind_for (c, resource->data), item->href, resource->etag,
                             resource->data, &needs_push, error))
            return FALSE;
          if (!needs_push)
            return TRUE;
          if (!(again = item_lookup (s, c, "local_uid", item->local_uid, error)))
            return FALSE;
          return push_record (s, c, again, FALSE, error);
        }
      if (local_error->domain == RAPPORT_DAV_ERROR &&
          (local_error->code == RAPPORT_DAV_ERROR_REJECTED ||
           local_error->code == RAPPORT_DAV_ERROR_UID_CONFLICT ||
           local_error->code == RAPPORT_DAV_ERROR_FORBIDDEN ||
           local_error->code == RAPPORT_DAV_ERROR_CONFLICT))
        {
          if (created)
            g_clear_pointer (&item->href, g_free);
          return item_quarantine (s, c, item, local_error->message, error);
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (new_etag == NULL)
    {
      g_autoptr(RapportDavResource) resource = NULL;

      /* The server changed what it stores: read it back. */
      count (s);
      resource = rapport_dav_client_get_sync (s->client, url, s->cancellable, error);
      if (resource == NULL)
        return FALSE;
      g_free (data);
      data = g_steal_pointer (&resource->data);
      new_etag = g_steal_pointer (&resource->etag);
    }

  rapport_sync_take_string (&item->etag, new_etag);
  rapport_sync_take_string (&item->remote_copy, data);
  g_free (item->remote_hash);
  item->remote_hash = kind->hash (data);
  g_free (item->local_hash);
  item->local_hash = kind->hash (local_copy);
  g_free (item->local_copy);
  item->local_copy = g_steal_pointer (&local_copy);
  item->dirty = FALSE;
  g_clear_pointer (&item->quarantine, g_free);

  if (!rapport_store_begin (s->db, error))
    return FALSE;
  if (!rapport_store_end (s->db, item_save (s, c, item, error), error))
    return FALSE;

  if (created)
    s->report->pushed_new++;
  else
    s->report->pushed_changed++;

  return TRUE;
}

/* Step 4. Returns the number of items tried (each may have changed the
 * server, even one that ended in a 412 or a lost answer), -1 on error. */
static gint64
push (Sync        *s,
      Collection  *c,
      GError     **error)
{
  g_autoptr(GPtrArray) items = NULL;
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (s->db,
                                      "SELECT " ITEM_COLUMNS " FROM sync_item WHERE collection_id = ? AND dirty = 1"
                                      " AND quarantine IS NULL ORDER BY local_deleted, id",
                                      error)))
    return -1;
  sqlite3_bind_int64 (stmt, 1, c->id);
  if (!(items = rapport_store_collect (s->db, stmt, (RapportRowReader) item_read, (GDestroyNotify) item_free, error)))
    return -1;

  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (s->cancellable, error))
        return -1;

      ok = item->local_deleted ? push_deletion (s, c, item, error) : push_record (s, c, item, TRUE, error);
      if (!ok)
        return -1;
    }

  return items->len;
}

static gboolean
sync_collection (Sync        *s,
                Collection  *c,
                GError     **error)
{
  gint64 dirty;
  gint64 pushed;

  if ((dirty = scan_local (s, c, error)) < 0)
    return FALSE;

  count (s);
  c->remote = rapport_dav_client_get_collection_sync (s->client, c->url, s->cancellable, error);
  if (c->remote == NULL)
    return FALSE;

  if (dirty == 0)
    {
      gboolean same = FALSE;

      if (c->remote->supports_sync_collection && c->remote->sync_token != NULL &&
          g_strcmp0 (c->remote->sync_token, c->sync_token) == 0)
        same = TRUE;
      if (!c->remote->supports_sync_collection && c->remote->ctag != NULL &&
          g_strcmp0 (c->remote->ctag, c->ctag) == 0)
        same = TRUE;
      /* The ctag read with this token, for the next run's quick check. */
      if (same && g_strcmp0 (c->remote->ctag, c->ctag) != 0)
        {
          g_autofree char *token = g_strdup (c->sync_token);

          return store_token (s, c, token, c->remote->ctag, error);
        }
      if (same)
        return TRUE;
    }

  if (!pull (s, c, error))
    return FALSE;

  if ((pushed = push (s, c, error)) < 0)
    return FALSE;

  /* Our own writes come back with the ETags we have; the new token is
   * what makes the next run without changes one request. (Also after a
   * write that met a 412: the server may have taken an earlier try whose
   * answer was lost.) */
  if (pushed > 0)
    {
      if (!c->remote->supports_sync_collection)
        {
          rapport_dav_collection_free (c->remote);
          count (s);
          c->remote = rapport_dav_client_get_collection_sync (s->client, c->url, s->cancellable, error);
          if (c->remote == NULL)
            return FALSE;
        }
      else if (c->remote->ctag != NULL)
        {
          g_autoptr(GError) ctag_error = NULL;

          /* The ctag goes with the token as its quick check next time;
           * read before the token, it can only be older than what the
           * token gives, never newer (which would hide a change). */
          g_clear_pointer (&c->remote->ctag, g_free);
          count (s);
          c->remote->ctag = rapport_dav_client_get_ctag_sync (s->client, c->url, s->cancellable, &ctag_error);
          if (ctag_error != NULL)
            g_debug ("%s: no ctag after the writes: %s", c->url, ctag_error->message);
        }
      if (!pull (s, c, error))
        return FALSE;
    }

  return TRUE;
}

/* Step 2 for all collections at once: one PROPFIND Depth 1 on the
 * folder holding them (their home, usually one for all) asks for nothing
 * but the ctags. A collection with nothing dirty whose ctag is the one
 * stored with its token is unchanged and skipped. A server that will
 * not answer there, or has no ctags, costs this one request and the
 * collections are checked one by one. */
static void
check_ctags (Sync      *s,
             GPtrArray *collections)
{
  g_autoptr(GHashTable) asked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < collections->len; i++)
    {
      Collection *c = g_ptr_array_index (collections, i);
      g_autofree char *parent = NULL;
      g_autoptr(GPtrArray) ctags = NULL;
      g_autoptr(GError) local_error = NULL;

      if (c->kind == NULL || c->ctag == NULL || c->scan_dirty != 0 ||
          !(parent = rapport_dav_resolve_href (c->url, "..")) ||
          g_hash_table_contains (asked, parent))
        continue;

      g_hash_table_add (asked, g_strdup (parent));
      count (s);
      ctags = rapport_dav_client_list_ctags_sync (s->client, parent, s->cancellable, &local_error);
      if (ctags == NULL)
        {
          g_debug ("%s: no ctags (%s); checking the collections one by one", parent, local_error->message);
          continue;
        }

      for (guint j = 0; j < collections->len; j++)
        {
          Collection *other = g_ptr_array_index (collections, j);

          if (other->kind == NULL || other->ctag == NULL || other->scan_dirty != 0)
            continue;
          for (guint k = 0; k < ctags->len; k++)
            {
              RapportDavItem *member = g_ptr_array_index (ctags, k);
              g_autofree char *member_url = rapport_dav_resolve_href (parent, member->href);

              if (member_url != NULL && member->etag != NULL && rapport_dav_href_equal (member_url, other->url) &&
                  strcmp (member->etag, other->ctag) == 0)
                other->unchanged = TRUE;
            }
        }
    }
}

static GPtrArray *
load_collections (Sync    *s,
                  gint64   account_id,
                  GError **error)
{
  g_autoptr(GPtrArray) collections = g_ptr_array_new_with_free_func ((GDestroyNotify) collection_free);
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (!(stmt = rapport_store_prepare (s->db, "SELECT 1 FROM sync_account WHERE id = ?", error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!found)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no sync account %" G_GINT64_FORMAT), account_id);
      return NULL;
    }

  if (!(stmt = rapport_store_prepare (s->db,
                                      "SELECT id, url, purpose, sync_token, ctag, ifnull (scanned_at, 0)"
                                      " FROM sync_collection WHERE account_id = ?"
                                      /* customers first: the others point to them */
                                      " ORDER BY purpose <> 'customers', id",
                                      error)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, account_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Collection *c = g_new0 (Collection, 1);

      c->id = sqlite3_column_int64 (stmt, 0);
      c->url = rapport_column_dup (stmt, 1);
      c->purpose = rapport_column_dup (stmt, 2);
      c->sync_token = rapport_column_dup (stmt, 3);
      c->ctag = rapport_column_dup (stmt, 4);
      c->scanned_at = sqlite3_column_int64 (stmt, 5);
      if (g_strcmp0 (c->purpose, "customers") == 0)
        c->kind = &rapport_sync_customer_kind;
      else if (g_strcmp0 (c->purpose, "tasks") == 0)
        {
          c->kind = &rapport_sync_follow_up_kind;
          c->extra_kind = &rapport_sync_notice_kind;
        }
      else if (g_strcmp0 (c->purpose, "history") == 0)
        c->kind = &rapport_sync_interaction_kind;
      g_ptr_array_add (collections, c);
    }
  sqlite3_reset (stmt);

  return g_steal_pointer (&collections);
}

static char *
summarize (const RapportSyncReport *r)
{
  guint received = r->pulled_new + r->pulled_changed + r->pulled_deleted;
  guint sent = r->pushed_new + r->pushed_changed + r->pushed_deleted;
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;

  if (received > 0)
    /* Translators: part of "Synced: 3 received, 1 sent" */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u received", "%u received", received), received));
  if (sent > 0)
    /* Translators: part of "Synced: 3 received, 1 sent" */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u sent", "%u sent", sent), sent));
  if (r->merged > 0)
    /* Translators: records changed here and on the server, both changes kept */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u merged", "%u merged", r->merged), r->merged));
  if (r->conflicts > 0)
    /* Translators: the server's version was taken, the local one kept as a copy */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u conflict kept as a copy",
                                                       "%u conflicts kept as copies", r->conflicts),
                                             r->conflicts));
  if (r->quarantined > 0)
    /* Translators: records the server refused or that could not be read */
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u set aside", "%u set aside", r->quarantined),
                                             r->quarantined));

  if (parts->len == 0)
    return g_strdup (_("Synced: no changes"));

  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (", ", (char **) parts->pdata);
  /* Translators: %s is a list such as "3 received, 1 sent" */
  return g_strdup_printf (_("Synced: %s"), joined);
}

static void
record_result (RapportStore *db,
               gint64        account_id,
               const char   *result)
{
  sqlite3_stmt *stmt;
  g_autoptr(GError) error = NULL;

  if (!rapport_store_begin (db, &error))
    goto out;
  if (!(stmt = rapport_store_prepare (db, "UPDATE sync_account SET last_sync = ?2, last_result = ?3 WHERE id = ?1",
                                      &error)))
    {
      rapport_store_end (db, FALSE, NULL);
      goto out;
    }
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, rapport_store_now ());
  sqlite3_bind_text (stmt, 3, result, -1, SQLITE_TRANSIENT);
  rapport_store_end (db, rapport_store_step_done (db, stmt, &error), &error);

out:
  if (error != NULL)
    g_warning ("Could not record the sync result: %s", error->message);
}

/* Public API */

void
rapport_sync_report_free (RapportSyncReport *report)
{
  if (report == NULL)
    return;

  g_free (report->summary);
  g_free (report);
}

RapportSyncReport *
rapport_sync_run (RapportStore      *store,
                  gint64             account_id,
                  RapportDavClient  *client,
                  GCancellable      *cancellable,
                  GError           **error)
{
  return rapport_sync_run_with_deadline (store, account_id, client, 0, cancellable, error);
}

static RapportSyncReport *sync_run (RapportStore *store, gint64 account_id, RapportDavClient *client,
                                    GCancellable *cancellable, GError **error);

RapportSyncReport *
rapport_sync_run_with_deadline (RapportStore      *store,
                                gint64             account_id,
                                RapportDavClient  *client,
                                guint              deadline,
                                GCancellable      *cancellable,
                                GError           **error)
{
  RapportSyncReport *report;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Every request of the run ends by then, and none starts after: a
   * server that trickles or never ends cannot hold the run. */
  rapport_dav_client_set_run_deadline (client, deadline != 0 ? deadline : RAPPORT_SYNC_RUN_DEADLINE);
  report = sync_run (store, account_id, client, cancellable, error);
  rapport_dav_client_set_run_deadline (client, 0);

  return report;
}

static RapportSyncReport *
sync_run (RapportStore      *store,
          gint64             account_id,
          RapportDavClient  *client,
          GCancellable      *cancellable,
          GError           **error)
{
  g_autoptr(RapportStore) db = NULL;
  g_autoptr(GPtrArray) collections = NULL;
  g_autoptr(RapportSyncReport) report = g_new0 (RapportSyncReport, 1);
  g_autoptr(GHashTable) type_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) local_error = NULL;
  Sync s;
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (RAPPORT_IS_DAV_CLIENT (client), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(db = rapport_store_open (rapport_store_get_path (store), error)))
    return NULL;
  /* One commit per record pulled: with FULL each is an fsync (10,000
   * cards: 1.5 s of the pull in the kernel). A power cut can now lose
   * the last commits of this connection, in order, and never the token
   * without the records before it, so the next run fetches them again. */
  if (!rapport_store_exec (db, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  s.db = db;
  s.client = client;
  s.cancellable = cancellable;
  s.report = report;
  s.type_keys = type_keys;

  if (!load_type_keys (&s, &local_error) ||
      !(collections = load_collections (&s, account_id, &local_error)))
    ok = FALSE;

  /* Step 1 for all, then step 2 for all in one request where it can. */
  for (guint i = 0; ok && i < collections->len; i++)
    {
      Collection *c = g_ptr_array_index (collections, i);

      if (c->kind != NULL)
        ok = (c->scan_dirty = scan_local (&s, c, &local_error)) >= 0;
    }
  if (ok)
    check_ctags (&s, collections);

  for (guint i = 0; ok && i < collections->len; i++)
    {
      Collection *c = g_ptr_array_index (collections, i);

      if (c->kind == NULL || c->unchanged)
        continue;

      ok = sync_collection (&s, c, &local_error);
    }

  /* What this run wrote here looks modified since the last scan; look at
   * it now, so that the next run (most likely without changes) does not
   * render every record pulled (10,000 cards: 230 ms). A local edit made
   * during the run is found dirty either way. */
  if (ok && report->pulled_new + report->pulled_changed + report->pulled_deleted > 0)
    for (guint i = 0; ok && i < collections->len; i++)
      {
        Collection *c = g_ptr_array_index (collections, i);

        if (c->kind != NULL)
          ok = scan_local (&s, c, &local_error) >= 0;
      }

  if (!ok)
    {
      g_autofree char *message = NULL;

      /* Translators: %s is why a sync failed */
      message = g_strdup_printf (_("Sync failed: %s"), local_error->message);
      record_result (db, account_id, message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  report->summary = summarize (report);
  record_result (db, account_id, report->summary);

  return g_steal_pointer (&report);
}

void
rapport_sync_conflict_free (RapportSyncConflict *conflict)
{
  if (conflict == NULL)
    return;

  g_free (conflict->kind);
  g_free (conflict->local_uid);
  g_strfreev (conflict->fields);
  g_free (conflict->local_copy);
  g_free (conflict->remote_copy);
  g_free (conflict);
}

static gpointer
conflict_read (sqlite3_stmt *stmt)
{
  RapportSyncConflict *conflict = g_new0 (RapportSyncConflict, 1);
  g_autofree char *fields = rapport_column_dup (stmt, 3);

  conflict->id = sqlite3_column_int64 (stmt, 0);
  conflict->kind = rapport_column_dup (stmt, 1);
  conflict->local_uid = rapport_column_dup (stmt, 2);
  conflict->fields = fields != NULL ? g_strsplit (fields, ",", -1) : g_new0 (char *, 1);
  conflict->local_copy = rapport_column_dup (stmt, 4);
  conflict->remote_copy = rapport_column_dup (stmt, 5);
  conflict->created = sqlite3_column_int64 (stmt, 6);

  return conflict;
}

GPtrArray *
rapport_sync_list_conflicts (RapportStore  *store,
                             GError       **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  if (!(stmt = rapport_store_prepare (store,
                                      "SELECT id, kind, local_uid, fields, local_copy, remote_copy, created"
                                      " FROM sync_conflict WHERE resolved IS NULL ORDER BY created, id",
                                      error)))
    return NULL;

  return rapport_store_collect (store, stmt, conflict_read, (GDestroyNotify) rapport_sync_conflict_free, error);
}

static const Kind *
kind_by_key (const char *key)
{
  static const Kind * const kinds[] = { &rapport_sync_customer_kind, &rapport_sync_follow_up_kind, &rapport_sync_notice_kind, &rapport_sync_interaction_kind };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i]->key, key) == 0)
      return kinds[i];

  return NULL;
}

/* Puts the local version's @fields back into the record. */
static gboolean
restore_local_fields (Sync                *s,
                      RapportSyncConflict *conflict,
                      GError             **error)
{
  const Kind *kind = kind_by_key (conflict->kind);
  Parsed local = { kind, NULL, NULL };
  Parsed current = { kind, NULL, NULL };
  gboolean trashed = FALSE;
  gboolean ok = FALSE;
  gint64 id;

  if (kind == NULL || (id = kind->find (s, conflict->local_uid, &trashed)) == 0 || trashed)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("The record of this conflict is no longer here"));
      return FALSE;
    }

  if (!kind->parse (s, conflict->local_copy, &local, error))
    return FALSE;
  if (!(current.record = kind->load (s, id, error)))
    goto out;
  {
    g_autofree char *rendered = kind->render_local (s, current.record, error);
    Parsed as_card = { kind, NULL, NULL };

    if (rendered == NULL || !kind->parse (s, rendered, &as_card, error))
      goto out;
    current.ref_uid = g_steal_pointer (&as_card.ref_uid);
    rapport_sync_parsed_clear (&as_card);
  }

  for (guint i = 0; conflict->fields[i] != NULL; i++)
    for (guint f = 0; f < kind->n_fields; f++)
      if (g_strcmp0 (kind->field_names[f], conflict->fields[i]) == 0)
        kind->field_take (s, &current, &local, f);

  ok = kind->write (s, &current, id, FALSE, error);

out:
  rapport_sync_parsed_clear (&local);
  rapport_sync_parsed_clear (&current);
  return ok;
}

gboolean
rapport_sync_resolve_conflict (RapportStore  *store,
                               gint64         conflict_id,
                               gboolean       keep_local,
                               GError       **error)
{
  g_autoptr(GHashTable) type_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(RapportSyncConflict) conflict = NULL;
  RapportSyncReport report = { 0 };
  sqlite3_stmt *stmt;
  Sync s = { store, NULL, NULL, &report, type_keys };
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  if (!load_type_keys (&s, error) || !rapport_store_begin (store, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (store,
                                      "SELECT id, kind, local_uid, fields, local_copy, remote_copy, created"
                                      " FROM sync_conflict WHERE id = ? AND resolved IS NULL",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    conflict = conflict_read (stmt);
  sqlite3_reset (stmt);
  if (conflict == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no open sync conflict %" G_GINT64_FORMAT), conflict_id);
      goto out;
    }

  if (keep_local && !restore_local_fields (&s, conflict, error))
    goto out;

  if (!(stmt = rapport_store_prepare (store,
                                      "UPDATE sync_conflict SET resolved = ?2, resolution = ?3 WHERE id = ?1",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, conflict_id);
  sqlite3_bind_int64 (stmt, 2, rapport_store_now ());
  sqlite3_bind_text (stmt, 3, keep_local ? "kept-local" : "kept-server", -1, SQLITE_STATIC);
  ok = rapport_store_step_done (store, stmt, error);

out:
  return rapport_store_end (store, ok, error);
}
