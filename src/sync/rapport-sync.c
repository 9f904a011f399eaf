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
#include "rapport-text.h"
#include "rapport-vcard-customer.h"

#define MULTIGET_BATCH   200
#define MAX_SYNC_PAGES   10000

typedef struct _Kind Kind;

typedef struct
{
  gint64                id;
  char                 *url;
  char                 *purpose;
  char                 *sync_token;
  char                 *ctag;
  gint64                scanned_at;   /* 0: never */
  const Kind           *kind;         /* what the collection holds */
  const Kind           *extra_kind;   /* and a second kind beside it (notices among the tasks) */
  RapportDavCollection *remote;       /* PROPFIND answer of this run */
  gint64                scan_dirty;   /* dirty items after the first scan */
  gboolean              unchanged;    /* ctag as stored, nothing dirty: skipped */
} Collection;

typedef struct
{
  gint64    id;                       /* 0: not stored yet */
  char     *local_uid;
  char     *href;
  char     *etag;
  char     *remote_hash;
  char     *remote_copy;
  char     *local_hash;
  char     *local_copy;
  gboolean  dirty;
  gboolean  local_deleted;
  char     *quarantine;
  const Kind *kind;                   /* sync_item.kind */
} Item;

typedef struct
{
  RapportStore      *db;              /* our own connection */
  RapportDavClient  *client;
  GCancellable      *cancellable;
  RapportSyncReport *report;
  GHashTable        *type_keys;       /* known customer type keys */
} Sync;

/* A record as read from a resource (or from our own rendering), with the
 * UID of the record it points to: a person's organization, a
 * follow-up's customer. */
typedef struct
{
  const Kind *kind;
  gpointer    record;
  char       *ref_uid;
} Parsed;

/* What the engine needs to know of one kind of record. */
struct _Kind
{
  const char         *key;            /* sync_item.kind */
  const char         *extension;      /* of new resources */
  const char         *content_type;
  guint               n_fields;
  const char * const *field_names;
  /* Reads @text into @out (record and ref_uid); the record has its UID. */
  gboolean          (*parse)         (Sync *s, const char *text, Parsed *out, GError **error);
  const char *      (*get_uid)       (gpointer record);
  gpointer          (*copy)          (gpointer record);
  void              (*free)          (gpointer record);
  /* A new, empty record to merge the server's copy @remote into. */
  gpointer          (*create)        (const Parsed *remote);
  /* The local record with @uid: its id or 0; *trashed when in the trash. */
  gint64            (*find)          (Sync *s, const char *uid, gboolean *trashed);
  gpointer          (*load)          (Sync *s, gint64 id, GError **error);
  /* Our own rendering, nothing of a server's copy in it. */
  char *            (*render_local)  (Sync *s, gpointer record, GError **error);
  /* What to PUT: @record over the server's @remote_copy (may be NULL). */
  char *            (*render_remote) (Sync *s, Collection *c, gpointer record, const char *remote_copy,
                                      GError **error);
  char *            (*field_text)    (const Parsed *p, guint field);
  void              (*field_take)    (Sync *s, Parsed *dst, const Parsed *src, guint field);
  /* Adds (@id 0), restores (@trashed) or updates @merged. */
  gboolean          (*write)         (Sync *s, Parsed *merged, gint64 id, gboolean trashed, GError **error);
  gboolean          (*remove)        (Sync *s, gint64 id, GError **error);
  char *            (*hash)          (const char *text);
  /* A resource of this collection that is not ours to read (another kind
   * of task): FALSE to leave it alone. */
  gboolean          (*accepts)       (const char *text);
  /* Applied before the others of its batch (organizations before people). */
  gboolean          (*first)         (const char *text);
  const char         *modified_sql;   /* ids of records modified since ?1 (0: all) */
  const char         *tombstone_sql;  /* marks the items of collection ?1 whose record is gone */
};

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

static void
parsed_clear (Parsed *p)
{
  if (p->record != NULL)
    p->kind->free (g_steal_pointer (&p->record));
  g_clear_pointer (&p->ref_uid, g_free);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Collection, collection_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Item, item_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

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

/* Helpers for both kinds */

static char *
uid_of_customer (Sync   *s,
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
static gint64
customer_id_by_uid (Sync       *s,
                    const char *uid,
                    int         kind)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (uid == NULL)
    return 0;

  if (!(stmt = rapport_store_prepare (s->db,
                                      "SELECT id FROM customer WHERE uid = ?1 AND deleted IS NULL"
                                      " AND (?2 < 0 OR kind = ?2)",
                                      NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static void
take_string (char       **dst,
             const char  *src)
{
  g_free (*dst);
  *dst = g_strdup (src);
}

/* A record from the server with a field over the store's limit is kept,
 * the field cut here (@cuts, from rapport_*_fit_text; may be NULL). The
 * server keeps the whole value: while the cut field is not edited here,
 * the rendering of the record keeps the server's line. */
static void
note_cuts (Sync       *s,
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

/* Customers: vCard */

typedef enum
{
  FIELD_KIND,
  FIELD_DISPLAY_NAME,
  FIELD_GIVEN_NAME,
  FIELD_FAMILY_NAME,
  FIELD_ORGANIZATION,
  FIELD_JOB_TITLE,
  FIELD_FORM_OF_ADDRESS,
  FIELD_FIRST_NAME_BASIS,
  FIELD_LANGUAGE,
  FIELD_TIME_ZONE,
  FIELD_COUNTRY,
  FIELD_PREFERRED_CHANNEL,
  FIELD_BEST_TIME,
  FIELD_CULTURAL_NOTES,
  FIELD_NOTES,
  FIELD_EMAILS,
  FIELD_PHONES,
  FIELD_ADDRESSES,
  FIELD_TYPES,
  FIELD_PHONETIC_NAME,
  FIELD_CONSENT,
  N_CUSTOMER_FIELDS
} CustomerField;

static const char * const customer_fields[N_CUSTOMER_FIELDS] = {
  "kind", "display_name", "given_name", "family_name", "organization",
  "job_title", "form_of_address", "first_name_basis", "language",
  "time_zone", "country", "preferred_channel", "best_time",
  "cultural_notes", "notes", "emails", "phones", "addresses", "types",
  "phonetic_name", "consent",
};

static gboolean
customer_parse (Sync        *s,
                const char  *text,
                Parsed      *out,
                GError     **error)
{
  g_autoptr(RapportVCard) card = rapport_vcard_new_from_string (text, -1, error);
  RapportCustomer *customer;

  if (card == NULL)
    return FALSE;

  customer = rapport_vcard_to_customer (card, &out->ref_uid, error);
  if (customer == NULL)
    return FALSE;
  out->record = customer;

  if (customer->uid == NULL || *customer->uid == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE, _("The vCard has no UID"));
      parsed_clear (out);
      return FALSE;
    }

  return TRUE;
}

static const char *
customer_get_uid (gpointer record)
{
  return ((RapportCustomer *) record)->uid;
}

static gpointer
customer_copy (gpointer record)
{
  return rapport_customer_copy (record);
}

static void
customer_free (gpointer record)
{
  rapport_customer_free (record);
}

static gpointer
customer_create (const Parsed *remote)
{
  RapportCustomer *customer = rapport_customer_new (((RapportCustomer *) remote->record)->kind);

  customer->uid = g_strdup (((RapportCustomer *) remote->record)->uid);
  return customer;
}

static gint64
customer_find (Sync       *s,
               const char *uid,
               gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db, "SELECT id, deleted IS NOT NULL FROM customer WHERE uid = ?", NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *trashed = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  return id;
}

static gpointer
customer_load (Sync    *s,
               gint64   id,
               GError **error)
{
  return rapport_store_get_customer (s->db, id, error);
}

static char *
customer_render_local (Sync     *s,
                       gpointer  record,
                       GError  **error)
{
  RapportCustomer *customer = record;
  g_autofree char *organization_uid = uid_of_customer (s, customer->organization_id);
  g_autoptr(RapportVCard) card = rapport_vcard_from_customer (customer, RAPPORT_VCARD_VERSION_4_0,
                                                              organization_uid, NULL);

  return rapport_vcard_to_string (card);
}

static char *
customer_render_remote (Sync        *s,
                        Collection  *c,
                        gpointer     record,
                        const char  *remote_copy,
                        GError     **error)
{
  RapportCustomer *customer = record;
  g_autofree char *organization_uid = uid_of_customer (s, customer->organization_id);
  g_autoptr(RapportVCard) base = NULL;
  g_autoptr(RapportVCard) card = NULL;
  RapportVCardVersion version = c->remote->vcard4 ? RAPPORT_VCARD_VERSION_4_0 : RAPPORT_VCARD_VERSION_3_0;

  if (remote_copy != NULL)
    base = rapport_vcard_new_from_string (remote_copy, -1, NULL);
  /* A card goes back in the version the server had it in. */
  if (base != NULL && g_str_equal (rapport_vcard_get_version (base), "4.0"))
    version = RAPPORT_VCARD_VERSION_4_0;
  else if (base != NULL && g_str_equal (rapport_vcard_get_version (base), "3.0"))
    version = RAPPORT_VCARD_VERSION_3_0;
  card = rapport_vcard_from_customer (customer, version, organization_uid, base);
  /* The UID as the server has it ("x" or "urn:uuid:x"): servers refuse a
   * resource whose UID changes (Radicale: no-uid-conflict). */
  if (base != NULL && rapport_vcard_get_first (base, "UID") != NULL)
    rapport_vcard_replace_property (card, rapport_vcard_property_copy (rapport_vcard_get_first (base, "UID")));

  return rapport_vcard_to_string (card);
}

static void
append_points (GString    *out,
               GPtrArray  *points,
               gboolean    phones,
               const char *country)
{
  g_autofree char *region = phones ? rapport_phone_dup_default_region (country) : NULL;

  for (guint i = 0; i < points->len; i++)
    {
      RapportContactPoint *point = g_ptr_array_index (points, i);
      const char *value = point->value != NULL ? point->value : "";
      g_autoptr(GString) same = g_string_new (NULL);

      /* Compared as what they reach, not as written: "+44 (0)20 7946
       * 0958" and "020 7946 0958" of a customer in GB are one number
       * (their E.164 forms are), Ada@Example.com and ada@example.com one
       * address. Both sides writing the same value their own way is
       * then no conflict. A number libphonenumber cannot read is
       * compared by the digits it dials. */
      if (phones)
        {
          g_autofree char *key = rapport_phone_dup_key_for (value, region);

          if (key != NULL)
            g_string_append (same, key);
          else
            for (const char *p = value; *p != '\0'; p++)
              if (g_ascii_isdigit (*p) || (*p == '+' && same->len == 0))
                g_string_append_c (same, *p);
        }
      else
        {
          g_autofree char *folded = g_utf8_casefold (value, -1);

          g_string_append (same, folded);
        }

      g_string_append_printf (out, "%s\x1f%s\x1f%d\x1e", same->str,
                              point->label ? point->label : "", point->preferred);
    }
}

static char *
customer_field_text (const Parsed *p,
                     guint         field)
{
  const RapportCustomer *c = p->record;
  GString *out;

  switch ((CustomerField) field)
    {
    case FIELD_KIND: return g_strdup_printf ("%d", c->kind);
    case FIELD_DISPLAY_NAME: return g_strdup (c->display_name);
    case FIELD_GIVEN_NAME: return g_strdup (c->given_name);
    case FIELD_FAMILY_NAME: return g_strdup (c->family_name);
    case FIELD_ORGANIZATION: return g_strdup (p->ref_uid);
    case FIELD_JOB_TITLE: return g_strdup (c->job_title);
    case FIELD_FORM_OF_ADDRESS: return g_strdup (c->form_of_address);
    case FIELD_FIRST_NAME_BASIS: return g_strdup_printf ("%d", c->first_name_basis);
    case FIELD_LANGUAGE: return g_strdup (c->language);
    case FIELD_TIME_ZONE: return g_strdup (c->time_zone);
    case FIELD_COUNTRY: return g_strdup (c->country);
    case FIELD_PREFERRED_CHANNEL: return g_strdup_printf ("%d", c->preferred_channel);
    case FIELD_BEST_TIME: return g_strdup (c->best_time);
    case FIELD_CULTURAL_NOTES: return g_strdup (c->cultural_notes);
    case FIELD_NOTES: return g_strdup (c->notes);
    case FIELD_EMAILS:
    case FIELD_PHONES:
      out = g_string_new (NULL);
      append_points (out, field == FIELD_EMAILS ? c->emails : c->phones, field == FIELD_PHONES, c->country);
      return g_string_free (out, FALSE);
    case FIELD_ADDRESSES:
      out = g_string_new (NULL);
      for (guint i = 0; i < c->addresses->len; i++)
        {
          const RapportAddress *a = g_ptr_array_index (c->addresses, i);

          g_string_append_printf (out, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%d\x1e",
                                  a->label ? a->label : "", a->street ? a->street : "",
                                  a->locality ? a->locality : "", a->region ? a->region : "",
                                  a->postal_code ? a->postal_code : "", a->country ? a->country : "",
                                  a->preferred);
        }
      return g_string_free (out, FALSE);
    case FIELD_TYPES:
      out = g_string_new (NULL);
      for (guint i = 0; i < c->types->len; i++)
        {
          /* A category and the type it became are one value. */
          g_autofree char *key = rapport_customer_type_key_for_name (g_ptr_array_index (c->types, i));

          g_string_append_printf (out, "%s\x1e", key);
        }
      return g_string_free (out, FALSE);
    case FIELD_PHONETIC_NAME: return g_strdup (c->phonetic_name);
    case FIELD_CONSENT:
      /* Given, when and on what basis: one decision. */
      return g_strdup_printf ("%d\x1f%s\x1f%s", c->consent_marketing,
                              c->consent_date != NULL ? c->consent_date : "",
                              c->consent_basis != NULL ? c->consent_basis : "");
    case N_CUSTOMER_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static GPtrArray *
copy_points (GPtrArray *points)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_contact_point_free);

  for (guint i = 0; i < points->len; i++)
    {
      RapportContactPoint *point = g_ptr_array_index (points, i);

      g_ptr_array_add (copy, rapport_contact_point_new (point->value, point->label, point->preferred));
    }

  return copy;
}

static void
customer_field_take (Sync         *s,
                     Parsed       *dst,
                     const Parsed *src,
                     guint         field)
{
  RapportCustomer *d = dst->record;
  const RapportCustomer *c = src->record;

  switch ((CustomerField) field)
    {
    case FIELD_KIND: d->kind = c->kind; break;
    case FIELD_DISPLAY_NAME: take_string (&d->display_name, c->display_name); break;
    case FIELD_GIVEN_NAME: take_string (&d->given_name, c->given_name); break;
    case FIELD_FAMILY_NAME: take_string (&d->family_name, c->family_name); break;
    case FIELD_ORGANIZATION:
      /* An organization not (yet) here: no link rather than a broken one. */
      take_string (&dst->ref_uid, src->ref_uid);
      d->organization_id = customer_id_by_uid (s, src->ref_uid, RAPPORT_CUSTOMER_KIND_ORGANIZATION);
      break;
    case FIELD_JOB_TITLE: take_string (&d->job_title, c->job_title); break;
    case FIELD_FORM_OF_ADDRESS: take_string (&d->form_of_address, c->form_of_address); break;
    case FIELD_FIRST_NAME_BASIS: d->first_name_basis = c->first_name_basis; break;
    case FIELD_LANGUAGE: take_string (&d->language, c->language); break;
    case FIELD_TIME_ZONE: take_string (&d->time_zone, c->time_zone); break;
    case FIELD_COUNTRY: take_string (&d->country, c->country); break;
    case FIELD_PREFERRED_CHANNEL: d->preferred_channel = c->preferred_channel; break;
    case FIELD_BEST_TIME: take_string (&d->best_time, c->best_time); break;
    case FIELD_CULTURAL_NOTES: take_string (&d->cultural_notes, c->cultural_notes); break;
    case FIELD_NOTES: take_string (&d->notes, c->notes); break;
    case FIELD_EMAILS:
      g_ptr_array_unref (d->emails);
      d->emails = copy_points (c->emails);
      break;
    case FIELD_PHONES:
      g_ptr_array_unref (d->phones);
      d->phones = copy_points (c->phones);
      break;
    case FIELD_ADDRESSES:
      g_ptr_array_unref (d->addresses);
      d->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_address_free);
      for (guint i = 0; i < c->addresses->len; i++)
        g_ptr_array_add (d->addresses, rapport_address_copy (g_ptr_array_index (c->addresses, i)));
      break;
    case FIELD_TYPES:
      g_ptr_array_set_size (d->types, 0);
      for (guint i = 0; i < c->types->len; i++)
        {
          const char *category = g_ptr_array_index (c->types, i);
          g_autofree char *key = rapport_customer_type_key_for_name (category);

          /* A type this database does not know yet (made on another
           * database, or a category of another app) becomes one, named
           * as written, so it is neither lost here nor dropped from the
           * card at the next edit; the same category finds it again. */
          if (!g_hash_table_contains (s->type_keys, key))
            {
              g_autoptr(RapportCustomerType) type = rapport_customer_type_new ();
              g_autoptr(GError) type_error = NULL;

              type->name = g_strdup (category);
              type->key = g_strdup (key);
              if (!rapport_store_add_customer_type (s->db, type, &type_error))
                {
                  g_debug ("Customer type “%s” not added: %s", category, type_error->message);
                  continue;
                }
              g_hash_table_add (s->type_keys, g_strdup (type->key));
              g_free (key);
              key = g_strdup (type->key);
            }
          rapport_customer_add_type (d, key);
        }
      break;
    case FIELD_PHONETIC_NAME: take_string (&d->phonetic_name, c->phonetic_name); break;
    case FIELD_CONSENT:
      d->consent_marketing = c->consent_marketing;
      take_string (&d->consent_date, c->consent_date);
      take_string (&d->consent_basis, c->consent_basis);
      break;
    case N_CUSTOMER_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
customer_write (Sync     *s,
                Parsed   *merged,
                gint64    id,
                gboolean  trashed,
                GError  **error)
{
  RapportCustomer *customer = merged->record;

  note_cuts (s, customer->uid, rapport_customer_fit_text (customer));

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    customer->organization_id = 0;

  if (id == 0)
    {
      customer->id = 0;
      return rapport_store_add_received_customer (s->db, customer, error);
    }

  customer->id = id;
  return (!trashed || rapport_store_restore_customer (s->db, id, error)) &&
         rapport_store_update_received_customer (s->db, customer, error);
}

static gboolean
customer_remove (Sync    *s,
                 gint64   id,
                 GError **error)
{
  /* To the trash, as the store does. */
  return rapport_store_delete_customer (s->db, id, error);
}

static gboolean
customer_accepts (const char *text)
{
  return TRUE;
}

static gboolean
customer_first (const char *text)
{
  return strstr (text, "KIND:org") != NULL || strstr (text, "KIND:ORG") != NULL ||
         strstr (text, "X-ABShowAs:COMPANY") != NULL || strstr (text, "X-ABSHOWAS:COMPANY") != NULL;
}

static const Kind customer_kind = {
  .key = "customer",
  .extension = ".vcf",
  .content_type = "text/vcard; charset=utf-8",
  .n_fields = N_CUSTOMER_FIELDS,
  .field_names = customer_fields,
  .parse = customer_parse,
  .get_uid = customer_get_uid,
  .copy = customer_copy,
  .free = customer_free,
  .create = customer_create,
  .find = customer_find,
  .load = customer_load,
  .render_local = customer_render_local,
  .render_remote = customer_render_remote,
  .field_text = customer_field_text,
  .field_take = customer_field_take,
  .write = customer_write,
  .remove = customer_remove,
  .hash = rapport_vcard_normalized_hash,
  .accepts = customer_accepts,
  .first = customer_first,
  /* A person shows their organization's name: renamed with it. */
  .modified_sql = "SELECT c.id FROM customer c LEFT JOIN customer o ON o.id = c.organization_id"
                  " WHERE c.deleted IS NULL AND (?1 = 0 OR c.modified >= ?1 - 1 OR o.modified >= ?1 - 1)",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'customer' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM customer"
                   "   WHERE customer.uid = sync_item.local_uid AND customer.deleted IS NULL)",
};

/* Follow-ups: VTODO */

typedef enum
{
  FU_CUSTOMER,
  FU_DUE,
  FU_TIME_ZONE,
  FU_TITLE,
  FU_NOTES,
  FU_PRIORITY,
  FU_STATE,
  FU_SNOOZED_UNTIL,
  FU_RRULE,
  FU_COMPLETED_AT,
  N_FOLLOW_UP_FIELDS
} FollowUpField;

static const char * const follow_up_fields[N_FOLLOW_UP_FIELDS] = {
  "customer", "due", "time_zone", "title", "notes", "priority", "state",
  "snoozed_until", "rrule", "completed_at",
};

static gboolean
follow_up_parse (Sync        *s,
                 const char  *text,
                 Parsed      *out,
                 GError     **error)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

  if (!rapport_ical_read_follow_up (text, -1, follow_up, &out->ref_uid, NULL, error))
    return FALSE;

  /* A task another app made names no customer of ours, but may name
   * the person: the first CONTACT or ATTENDEE address that exactly one
   * customer has makes it theirs. The task stays as it is on the server
   * until Rapport writes it for another reason. */
  if (out->ref_uid == NULL)
    {
      g_autoptr(GPtrArray) emails = rapport_ical_dup_follow_up_emails (text, -1);

      for (guint i = 0; i < emails->len && follow_up->customer_id == 0; i++)
        follow_up->customer_id = rapport_store_customer_id_by_email (s->db, g_ptr_array_index (emails, i));
    }

  if (follow_up->uid == NULL || *follow_up->uid == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE, _("The task has no UID"));
      g_clear_pointer (&out->ref_uid, g_free);
      return FALSE;
    }

  out->record = g_steal_pointer (&follow_up);
  return TRUE;
}

static const char *
follow_up_get_uid (gpointer record)
{
  return ((RapportFollowUp *) record)->uid;
}

static gpointer
follow_up_copy (gpointer record)
{
  return rapport_follow_up_copy (record);
}

static void
follow_up_free (gpointer record)
{
  rapport_follow_up_free (record);
}

static gpointer
follow_up_create (const Parsed *remote)
{
  RapportFollowUp *follow_up = rapport_follow_up_new ();

  follow_up->uid = g_strdup (((RapportFollowUp *) remote->record)->uid);
  return follow_up;
}

static gint64
follow_up_find (Sync       *s,
                const char *uid,
                gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM follow_up WHERE uid = ?", NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gpointer
follow_up_load (Sync    *s,
                gint64   id,
                GError **error)
{
  return rapport_store_get_follow_up (s->db, id, error);
}

static char *
follow_up_render_local (Sync     *s,
                        gpointer  record,
                        GError  **error)
{
  RapportFollowUp *follow_up = record;
  g_autofree char *customer_uid = uid_of_customer (s, follow_up->customer_id);

  return rapport_ical_from_follow_up (follow_up, customer_uid, error);
}

static char *
follow_up_render_remote (Sync        *s,
                         Collection  *c,
                         gpointer     record,
                         const char  *remote_copy,
                         GError     **error)
{
  RapportFollowUp *follow_up = record;
  g_autofree char *customer_uid = uid_of_customer (s, follow_up->customer_id);

  if (remote_copy != NULL)
    return rapport_ical_update_follow_up (remote_copy, follow_up, customer_uid, error);

  return rapport_ical_from_follow_up (follow_up, customer_uid, error);
}

static char *
follow_up_field_text (const Parsed *p,
                      guint         field)
{
  const RapportFollowUp *f = p->record;

  switch ((FollowUpField) field)
    {
    case FU_CUSTOMER: return g_strdup (p->ref_uid);
    case FU_DUE: return g_strdup_printf ("%" G_GINT64_FORMAT, f->due);
    case FU_TIME_ZONE: return g_strdup (f->time_zone);
    case FU_TITLE: return g_strdup (f->title);
    case FU_NOTES: return g_strdup (f->notes);
    case FU_PRIORITY: return g_strdup_printf ("%d", f->priority);
    case FU_STATE: return g_strdup_printf ("%d", f->state);
    case FU_SNOOZED_UNTIL: return g_strdup_printf ("%" G_GINT64_FORMAT, f->snoozed_until);
    case FU_RRULE: return g_strdup (f->rrule);
    case FU_COMPLETED_AT: return g_strdup_printf ("%" G_GINT64_FORMAT, f->completed_at);
    case N_FOLLOW_UP_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
follow_up_field_take (Sync         *s,
                      Parsed       *dst,
                      const Parsed *src,
                      guint         field)
{
  RapportFollowUp *d = dst->record;
  const RapportFollowUp *f = src->record;

  switch ((FollowUpField) field)
    {
    case FU_CUSTOMER:
      take_string (&dst->ref_uid, src->ref_uid);
      /* Without a customer link, the customer its addresses named. */
      d->customer_id = src->ref_uid != NULL ? customer_id_by_uid (s, src->ref_uid, -1) : f->customer_id;
      break;
    case FU_DUE: d->due = f->due; break;
    case FU_TIME_ZONE: take_string (&d->time_zone, f->time_zone); break;
    case FU_TITLE: take_string (&d->title, f->title); break;
    case FU_NOTES: take_string (&d->notes, f->notes); break;
    case FU_PRIORITY: d->priority = f->priority; break;
    case FU_STATE: d->state = f->state; break;
    case FU_SNOOZED_UNTIL: d->snoozed_until = f->snoozed_until; break;
    case FU_RRULE: take_string (&d->rrule, f->rrule); break;
    case FU_COMPLETED_AT: d->completed_at = f->completed_at; break;
    case N_FOLLOW_UP_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
follow_up_write (Sync     *s,
                 Parsed   *merged,
                 gint64    id,
                 gboolean  trashed,
                 GError  **error)
{
  RapportFollowUp *follow_up = merged->record;

  note_cuts (s, follow_up->uid, rapport_follow_up_fit_text (follow_up));

  /* A task that names no customer (made in another app) belongs to
   * none yet, until the user assigns one. One that names a customer this
   * database does not have is set aside: taken without it, its link
   * would be lost at the next write. */
  if (follow_up->customer_id == 0 && merged->ref_uid != NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("follow-up “%s”: it names no customer of this database"),
                   follow_up->title != NULL ? follow_up->title : follow_up->uid);
      return FALSE;
    }

  if (id == 0)
    {
      follow_up->id = 0;
      return rapport_store_add_received_follow_up (s->db, follow_up, error);
    }

  follow_up->id = id;
  return rapport_store_update_received_follow_up (s->db, follow_up, error);
}

static gboolean
follow_up_remove (Sync    *s,
                  gint64   id,
                  GError **error)
{
  return rapport_store_delete_follow_up (s->db, id, error);
}

static gboolean
follow_up_accepts (const char *text)
{
  RapportIcalRecord record;

  /* Renewal notices and history are other records; events are not ours. */
  return rapport_ical_detect (text, -1, &record, NULL) && record == RAPPORT_ICAL_RECORD_FOLLOW_UP &&
         strstr (text, "BEGIN:VTODO") != NULL;
}

static gboolean
follow_up_first (const char *text)
{
  return FALSE;
}

static const Kind follow_up_kind = {
  .key = "follow-up",
  .extension = ".ics",
  .content_type = "text/calendar; charset=utf-8",
  .n_fields = N_FOLLOW_UP_FIELDS,
  .field_names = follow_up_fields,
  .parse = follow_up_parse,
  .get_uid = follow_up_get_uid,
  .copy = follow_up_copy,
  .free = follow_up_free,
  .create = follow_up_create,
  .find = follow_up_find,
  .load = follow_up_load,
  .render_local = follow_up_render_local,
  .render_remote = follow_up_render_remote,
  .field_text = follow_up_field_text,
  .field_take = follow_up_field_take,
  .write = follow_up_write,
  .remove = follow_up_remove,
  .hash = rapport_ical_normalized_hash,
  .accepts = follow_up_accepts,
  .first = follow_up_first,
  .modified_sql = "SELECT f.id FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id"
                  " WHERE ?1 = 0 OR f.modified >= ?1 - 1 OR c.modified >= ?1 - 1",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'follow-up' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM follow_up"
                   "   WHERE follow_up.uid = sync_item.local_uid)",
};

/* Renewal notices: VTODO with CATEGORIES:Renewal in the tasks' calendar,
 * carrying their contract, which a database that never had it learns
 * from the notice. */

typedef struct
{
  RapportNotice   *notice;
  RapportContract *contract;
} NoticeRecord;

typedef enum
{
  NO_CUSTOMER,
  NO_DUE,
  NO_LANGUAGE,
  NO_CHANNEL,
  NO_SUBJECT,
  NO_BODY,
  NO_STATE,
  NO_SENT_AT,
  NO_CONTRACT,
  NO_PRODUCT,
  NO_START,
  NO_END,
  NO_VALUE,
  NO_CURRENCY,
  NO_AUTO_RENEW,
  N_NOTICE_FIELDS
} NoticeField;

static const char * const notice_fields[N_NOTICE_FIELDS] = {
  "customer", "due", "language", "channel", "subject", "body", "state", "sent_at",
  "contract", "product", "start", "end", "value", "currency", "auto_renew",
};

static NoticeRecord *
notice_record_new (void)
{
  NoticeRecord *r = g_new0 (NoticeRecord, 1);

  r->notice = rapport_notice_new ();
  r->contract = rapport_contract_new ();
  return r;
}

static void
notice_free (gpointer record)
{
  NoticeRecord *r = record;

  rapport_notice_free (r->notice);
  rapport_contract_free (r->contract);
  g_free (r);
}

static gboolean
notice_parse (Sync        *s,
              const char  *text,
              Parsed      *out,
              GError     **error)
{
  NoticeRecord *r = notice_record_new ();

  if (!rapport_ical_read_notice (text, -1, r->notice, r->contract, &out->ref_uid, NULL, error))
    {
      notice_free (r);
      return FALSE;
    }

  out->record = r;
  return TRUE;
}

static const char *
notice_get_uid (gpointer record)
{
  return ((NoticeRecord *) record)->notice->uid;
}

static gpointer
notice_copy (gpointer record)
{
  NoticeRecord *r = record;
  NoticeRecord *copy = g_new0 (NoticeRecord, 1);

  copy->notice = rapport_notice_copy (r->notice);
  copy->contract = rapport_contract_copy (r->contract);
  return copy;
}

static gpointer
notice_create (const Parsed *remote)
{
  NoticeRecord *r = notice_record_new ();

  r->notice->uid = g_strdup (((NoticeRecord *) remote->record)->notice->uid);
  return r;
}

static gint64
notice_find (Sync       *s,
             const char *uid,
             gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db,
                                      "SELECT n.id, c.deleted IS NOT NULL FROM renewal_notice n"
                                      " JOIN contract k ON k.id = n.contract_id JOIN customer c ON c.id = k.customer_id"
                                      " WHERE n.uid = ?",
                                      NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      *trashed = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);

  return id;
}

static gpointer
notice_load (Sync    *s,
             gint64   id,
             GError **error)
{
  g_autoptr(RapportNotice) notice = rapport_store_get_notice (s->db, id, error);
  NoticeRecord *r;

  if (notice == NULL)
    return NULL;

  r = g_new0 (NoticeRecord, 1);
  if (!(r->contract = rapport_store_get_contract (s->db, notice->contract_id, error)))
    {
      g_free (r);
      return NULL;
    }
  r->notice = g_steal_pointer (&notice);
  return r;
}

static char *
notice_render_local (Sync     *s,
                     gpointer  record,
                     GError  **error)
{
  NoticeRecord *r = record;
  g_autofree char *customer_uid = uid_of_customer (s, r->contract->customer_id);

  return rapport_ical_from_notice (r->notice, r->contract, customer_uid, error);
}

static char *
notice_render_remote (Sync        *s,
                      Collection  *c,
                      gpointer     record,
                      const char  *remote_copy,
                      GError     **error)
{
  NoticeRecord *r = record;
  g_autofree char *customer_uid = uid_of_customer (s, r->contract->customer_id);

  if (remote_copy != NULL)
    return rapport_ical_update_notice (remote_copy, r->notice, r->contract, customer_uid, error);

  return rapport_ical_from_notice (r->notice, r->contract, customer_uid, error);
}

static char *
notice_field_text (const Parsed *p,
                   guint         field)
{
  const NoticeRecord *r = p->record;
  const RapportNotice *n = r->notice;
  const RapportContract *k = r->contract;

  switch ((NoticeField) field)
    {
    case NO_CUSTOMER: return g_strdup (p->ref_uid);
    case NO_DUE: return g_strdup (n->due_date);
    case NO_LANGUAGE: return g_strdup (n->language);
    case NO_CHANNEL: return g_strdup_printf ("%d", n->channel);
    case NO_SUBJECT: return g_strdup (n->subject);
    case NO_BODY: return g_strdup (n->body);
    case NO_STATE: return g_strdup_printf ("%d", n->state);
    case NO_SENT_AT: return g_strdup_printf ("%" G_GINT64_FORMAT, n->sent_at);
    case NO_CONTRACT: return g_strdup (k->uid);
    case NO_PRODUCT: return g_strdup (k->product);
    case NO_START: return g_strdup (k->start_date);
    case NO_END: return g_strdup (k->end_date);
    case NO_VALUE: return g_strdup_printf ("%" G_GINT64_FORMAT, k->value);
    case NO_CURRENCY: return g_strdup (k->currency);
    case NO_AUTO_RENEW: return g_strdup_printf ("%d", k->auto_renew);
    case N_NOTICE_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
notice_field_take (Sync         *s,
                   Parsed       *dst,
                   const Parsed *src,
                   guint         field)
{
  NoticeRecord *d = dst->record;
  const NoticeRecord *r = src->record;

  switch ((NoticeField) field)
    {
    case NO_CUSTOMER:
      take_string (&dst->ref_uid, src->ref_uid);
      d->contract->customer_id = customer_id_by_uid (s, src->ref_uid, -1);
      break;
    case NO_DUE: take_string (&d->notice->due_date, r->notice->due_date); break;
    case NO_LANGUAGE: take_string (&d->notice->language, r->notice->language); break;
    case NO_CHANNEL: d->notice->channel = r->notice->channel; break;
    case NO_SUBJECT: take_string (&d->notice->subject, r->notice->subject); break;
    case NO_BODY: take_string (&d->notice->body, r->notice->body); break;
    case NO_STATE: d->notice->state = r->notice->state; break;
    case NO_SENT_AT: d->notice->sent_at = r->notice->sent_at; break;
    case NO_CONTRACT: take_string (&d->contract->uid, r->contract->uid); break;
    case NO_PRODUCT: take_string (&d->contract->product, r->contract->product); break;
    case NO_START: take_string (&d->contract->start_date, r->contract->start_date); break;
    case NO_END: take_string (&d->contract->end_date, r->contract->end_date); break;
    case NO_VALUE: d->contract->value = r->contract->value; break;
    case NO_CURRENCY: take_string (&d->contract->currency, r->contract->currency); break;
    case NO_AUTO_RENEW: d->contract->auto_renew = r->contract->auto_renew; break;
    case N_NOTICE_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

/* The contract state that goes with a notice in @state. */
static RapportContractState
contract_state_for (RapportNoticeState state,
                    gboolean           auto_renew)
{
  switch (state)
    {
    case RAPPORT_NOTICE_RENEWED:
      return RAPPORT_CONTRACT_RENEWED;
    case RAPPORT_NOTICE_LAPSED:
      return RAPPORT_CONTRACT_LAPSED;
    case RAPPORT_NOTICE_DUE:
    case RAPPORT_NOTICE_PREPARED:
    case RAPPORT_NOTICE_SENT:
    default:
      return auto_renew ? RAPPORT_CONTRACT_ACTIVE : RAPPORT_CONTRACT_RENEWAL_DUE;
    }
}

/* The notice's contract here: found by its UID and brought up to date
 * with what the notice says of it, or made from the notice. */
static gboolean
notice_write_contract (Sync             *s,
                       RapportContract  *wanted,
                       RapportNotice    *notice,
                       GError          **error)
{
  g_autoptr(RapportContract) contract = NULL;
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (wanted->uid == NULL || wanted->product == NULL || wanted->end_date == NULL || wanted->currency == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("renewal notice “%s”: it does not say which contract it is for"), notice->uid);
      return FALSE;
    }

  if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM contract WHERE uid = ?", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, wanted->uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0)
    {
      GDate end, due;

      contract = rapport_contract_copy (wanted);
      /* Notices from before the start was written: the term is not
       * known, so it is taken as ending where it starts. */
      if (contract->start_date == NULL)
        contract->start_date = g_strdup (contract->end_date);
      /* The notice date is the end less the lead days. */
      g_date_set_parse (&end, contract->end_date);
      g_date_set_parse (&due, notice->due_date);
      contract->lead_days = g_date_valid (&end) && g_date_valid (&due)
                            ? CLAMP (g_date_days_between (&due, &end), 0, 3650) : 30;
      contract->state = contract_state_for (notice->state, contract->auto_renew);
      if (!rapport_store_add_contract (s->db, contract, error))
        return FALSE;
      notice->contract_id = contract->id;
      return TRUE;
    }

  if (!(contract = rapport_store_get_contract (s->db, id, error)))
    return FALSE;
  notice->contract_id = id;
  if (g_strcmp0 (contract->product, wanted->product) == 0 &&
      g_strcmp0 (contract->end_date, wanted->end_date) == 0 &&
      (wanted->start_date == NULL || g_strcmp0 (contract->start_date, wanted->start_date) == 0) &&
      contract->value == wanted->value && g_strcmp0 (contract->currency, wanted->currency) == 0 &&
      contract->auto_renew == wanted->auto_renew &&
      (wanted->customer_id == 0 || contract->customer_id == wanted->customer_id))
    return TRUE;

  take_string (&contract->product, wanted->product);
  take_string (&contract->end_date, wanted->end_date);
  if (wanted->start_date != NULL)
    take_string (&contract->start_date, wanted->start_date);
  contract->value = wanted->value;
  take_string (&contract->currency, wanted->currency);
  contract->auto_renew = wanted->auto_renew;
  if (wanted->customer_id != 0)
    contract->customer_id = wanted->customer_id;
  return rapport_store_update_contract (s->db, contract, error);
}

static gboolean
notice_write (Sync     *s,
              Parsed   *merged,
              gint64    id,
              gboolean  trashed,
              GError  **error)
{
  NoticeRecord *r = merged->record;
  RapportNotice *notice = r->notice;
  GPtrArray *cuts = rapport_notice_fit_text (notice);
  GPtrArray *contract_cuts = rapport_contract_fit_text (r->contract);

  if (contract_cuts != NULL && cuts == NULL)
    cuts = g_steal_pointer (&contract_cuts);
  g_clear_pointer (&contract_cuts, g_ptr_array_unref);
  note_cuts (s, notice->uid, cuts);

  /* About a customer in the trash: set aside until the customer is back
   * (an edit then sends this database's version, which meets the
   * server's and merges). */
  if (trashed)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("renewal notice “%s”: its customer is in the trash"),
                   notice->subject != NULL ? notice->subject : notice->uid);
      return FALSE;
    }

  if (r->contract->customer_id == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("renewal notice “%s”: it names no customer of this database"),
                   notice->subject != NULL ? notice->subject : notice->uid);
      return FALSE;
    }

  if (!notice_write_contract (s, r->contract, notice, error))
    return FALSE;

  if (id == 0)
    {
      sqlite3_stmt *stmt;

      /* The same notice prepared here under another UID (before UIDs
       * were drawn from the contract and the date): it takes the
       * server's UID, and its own item becomes a tombstone, so the two
       * become one. */
      if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM renewal_notice WHERE contract_id = ? AND due_date = ?",
                                          error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, notice->contract_id);
      sqlite3_bind_text (stmt, 2, notice->due_date, -1, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);

      if (id != 0)
        {
          if (!(stmt = rapport_store_prepare (s->db, "UPDATE renewal_notice SET uid = ?2 WHERE id = ?1", error)))
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, id);
          sqlite3_bind_text (stmt, 2, notice->uid, -1, SQLITE_TRANSIENT);
          if (!rapport_store_step_done (s->db, stmt, error))
            return FALSE;
        }
    }

  if (id == 0)
    {
      notice->id = 0;
      return rapport_store_add_notice (s->db, notice, error);
    }

  notice->id = id;
  return rapport_store_update_notice (s->db, notice, error);
}

static gboolean
notice_remove (Sync    *s,
               gint64   id,
               GError **error)
{
  return rapport_store_delete_notice (s->db, id, error);
}

static gboolean
notice_accepts (const char *text)
{
  RapportIcalRecord record;

  return rapport_ical_detect (text, -1, &record, NULL) && record == RAPPORT_ICAL_RECORD_NOTICE;
}

static const Kind notice_kind = {
  .key = "notice",
  .extension = ".ics",
  .content_type = "text/calendar; charset=utf-8",
  .n_fields = N_NOTICE_FIELDS,
  .field_names = notice_fields,
  .parse = notice_parse,
  .get_uid = notice_get_uid,
  .copy = notice_copy,
  .free = notice_free,
  .create = notice_create,
  .find = notice_find,
  .load = notice_load,
  .render_local = notice_render_local,
  .render_remote = notice_render_remote,
  .field_text = notice_field_text,
  .field_take = notice_field_take,
  .write = notice_write,
  .remove = notice_remove,
  .hash = rapport_ical_normalized_hash,
  .accepts = notice_accepts,
  .first = follow_up_first,
  .modified_sql = "SELECT n.id FROM renewal_notice n JOIN contract k ON k.id = n.contract_id"
                  " JOIN customer c ON c.id = k.customer_id WHERE c.deleted IS NULL"
                  " AND (?1 = 0 OR n.modified >= ?1 - 1 OR k.modified >= ?1 - 1 OR c.modified >= ?1 - 1)",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'notice' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM renewal_notice"
                   "   WHERE renewal_notice.uid = sync_item.local_uid)",
};

/* History: VJOURNAL, or a completed VTODO where the calendar has no VJOURNAL */

typedef enum
{
  IN_CUSTOMER,
  IN_WHEN,
  IN_CHANNEL,
  IN_DIRECTION,
  IN_CONTACT_NAME,
  IN_CONTACT_POINT,
  IN_SUBJECT,
  IN_BODY,
  IN_ACTION_REQUESTED,
  IN_ACTION_PROMISED,
  IN_RECORDED_BY,
  IN_HANDLE_TIME,
  IN_OUTCOME,
  N_INTERACTION_FIELDS
} InteractionField;

static const char * const interaction_fields[N_INTERACTION_FIELDS] = {
  "customer", "when", "channel", "direction", "contact_name", "contact_point",
  "subject", "body", "action_requested", "action_promised", "recorded_by",
  "handle_time", "outcome",
};

static gboolean
interaction_parse (Sync        *s,
                   const char  *text,
                   Parsed      *out,
                   GError     **error)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();

  if (!rapport_ical_read_interaction (text, -1, interaction, NULL, &out->ref_uid, NULL, error))
    return FALSE;

  if (interaction->uid == NULL || *interaction->uid == '\0')
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE, _("The journal entry has no UID"));
      g_clear_pointer (&out->ref_uid, g_free);
      return FALSE;
    }

  out->record = g_steal_pointer (&interaction);
  return TRUE;
}

static const char *
interaction_get_uid (gpointer record)
{
  return ((RapportInteraction *) record)->uid;
}

static gpointer
interaction_copy (gpointer record)
{
  return rapport_interaction_copy (record);
}

static void
interaction_free (gpointer record)
{
  rapport_interaction_free (record);
}

static gpointer
interaction_create (const Parsed *remote)
{
  RapportInteraction *interaction = rapport_interaction_new ();

  interaction->uid = g_strdup (((RapportInteraction *) remote->record)->uid);
  return interaction;
}

static gint64
interaction_find (Sync       *s,
                  const char *uid,
                  gboolean   *trashed)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *trashed = FALSE;
  if (!(stmt = rapport_store_prepare (s->db, "SELECT id FROM interaction WHERE uid = ?", NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gpointer
interaction_load (Sync    *s,
                  gint64   id,
                  GError **error)
{
  return rapport_store_get_interaction (s->db, id, error);
}

static char *
name_of_customer (Sync   *s,
                  gint64  id)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  if (!(stmt = rapport_store_prepare (s->db, "SELECT display_name FROM customer WHERE id = ?", NULL)))
    return NULL;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    name = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return name;
}

static char *
interaction_render_local (Sync     *s,
                          gpointer  record,
                          GError  **error)
{
  RapportInteraction *interaction = record;
  g_autofree char *customer_uid = uid_of_customer (s, interaction->customer_id);
  g_autofree char *customer_name = name_of_customer (s, interaction->customer_id);

  return rapport_ical_from_interaction (interaction, customer_uid, customer_name,
                                        RAPPORT_ICAL_INTERACTION_JOURNAL, error);
}

static char *
interaction_render_remote (Sync        *s,
                           Collection  *c,
                           gpointer     record,
                           const char  *remote_copy,
                           GError     **error)
{
  RapportInteraction *interaction = record;
  g_autofree char *customer_uid = uid_of_customer (s, interaction->customer_id);
  g_autofree char *customer_name = name_of_customer (s, interaction->customer_id);

  if (remote_copy != NULL)
    return rapport_ical_update_interaction (remote_copy, interaction, customer_uid, customer_name, error);

  return rapport_ical_from_interaction (interaction, customer_uid, customer_name,
                                        (c->remote->components & RAPPORT_DAV_COMPONENT_VJOURNAL)
                                        ? RAPPORT_ICAL_INTERACTION_JOURNAL : RAPPORT_ICAL_INTERACTION_TODO,
                                        error);
}

static char *
interaction_field_text (const Parsed *p,
                        guint         field)
{
  const RapportInteraction *i = p->record;

  switch ((InteractionField) field)
    {
    case IN_CUSTOMER: return g_strdup (p->ref_uid);
    case IN_WHEN: return g_strdup_printf ("%" G_GINT64_FORMAT, i->when);
    case IN_CHANNEL: return g_strdup_printf ("%d", i->channel);
    case IN_DIRECTION: return g_strdup_printf ("%d", i->direction);
    case IN_CONTACT_NAME: return g_strdup (i->contact_name);
    case IN_CONTACT_POINT: return g_strdup (i->contact_point);
    case IN_SUBJECT: return g_strdup (i->subject);
    case IN_BODY: return g_strdup (i->body);
    case IN_ACTION_REQUESTED: return g_strdup (i->action_requested);
    case IN_ACTION_PROMISED: return g_strdup (i->action_promised);
    case IN_RECORDED_BY: return g_strdup (i->recorded_by);
    case IN_HANDLE_TIME: return g_strdup_printf ("%" G_GINT64_FORMAT, i->handle_time);
    case IN_OUTCOME: return g_strdup (i->outcome);
    case N_INTERACTION_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static void
interaction_field_take (Sync         *s,
                        Parsed       *dst,
                        const Parsed *src,
                        guint         field)
{
  RapportInteraction *d = dst->record;
  const RapportInteraction *i = src->record;

  switch ((InteractionField) field)
    {
    case IN_CUSTOMER:
      take_string (&dst->ref_uid, src->ref_uid);
      d->customer_id = customer_id_by_uid (s, src->ref_uid, -1);
      break;
    case IN_WHEN: d->when = i->when; break;
    case IN_CHANNEL: d->channel = i->channel; break;
    case IN_DIRECTION: d->direction = i->direction; break;
    case IN_CONTACT_NAME: take_string (&d->contact_name, i->contact_name); break;
    case IN_CONTACT_POINT: take_string (&d->contact_point, i->contact_point); break;
    case IN_SUBJECT: take_string (&d->subject, i->subject); break;
    case IN_BODY: take_string (&d->body, i->body); break;
    case IN_ACTION_REQUESTED: take_string (&d->action_requested, i->action_requested); break;
    case IN_ACTION_PROMISED: take_string (&d->action_promised, i->action_promised); break;
    case IN_RECORDED_BY: take_string (&d->recorded_by, i->recorded_by); break;
    case IN_HANDLE_TIME: d->handle_time = i->handle_time; break;
    case IN_OUTCOME: take_string (&d->outcome, i->outcome); break;
    case N_INTERACTION_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
interaction_write (Sync     *s,
                   Parsed   *merged,
                   gint64    id,
                   gboolean  trashed,
                   GError  **error)
{
  RapportInteraction *interaction = merged->record;

  note_cuts (s, interaction->uid, rapport_interaction_fit_text (interaction));

  if (interaction->customer_id == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("history entry “%s”: it names no customer of this database"),
                   interaction->subject != NULL ? interaction->subject : interaction->uid);
      return FALSE;
    }

  if (id == 0)
    {
      interaction->id = 0;
      return rapport_store_add_interaction (s->db, interaction, error);
    }

  interaction->id = id;
  return rapport_store_update_interaction (s->db, interaction, error);
}

static gboolean
interaction_remove (Sync    *s,
                    gint64   id,
                    GError **error)
{
  return rapport_store_delete_interaction (s->db, id, error);
}

static gboolean
interaction_accepts (const char *text)
{
  RapportIcalRecord record;

  return rapport_ical_detect (text, -1, &record, NULL) && record == RAPPORT_ICAL_RECORD_INTERACTION;
}

static const Kind interaction_kind = {
  .key = "interaction",
  .extension = ".ics",
  .content_type = "text/calendar; charset=utf-8",
  .n_fields = N_INTERACTION_FIELDS,
  .field_names = interaction_fields,
  .parse = interaction_parse,
  .get_uid = interaction_get_uid,
  .copy = interaction_copy,
  .free = interaction_free,
  .create = interaction_create,
  .find = interaction_find,
  .load = interaction_load,
  .render_local = interaction_render_local,
  .render_remote = interaction_render_remote,
  .field_text = interaction_field_text,
  .field_take = interaction_field_take,
  .write = interaction_write,
  .remove = interaction_remove,
  .hash = rapport_ical_normalized_hash,
  .accepts = interaction_accepts,
  .first = follow_up_first,
  .modified_sql = "SELECT i.id FROM interaction i JOIN customer c ON c.id = i.customer_id"
                  " WHERE ?1 = 0 OR i.modified >= ?1 - 1 OR c.modified >= ?1 - 1",
  .tombstone_sql = "UPDATE sync_item SET local_deleted = 1, dirty = 1"
                   " WHERE collection_id = ?1 AND kind = 'interaction' AND local_deleted = 0"
                   " AND quarantine IS NULL AND NOT EXISTS (SELECT 1 FROM interaction"
                   "   WHERE interaction.uid = sync_item.local_uid)",
};

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
      take_string (&item->etag, etag);
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
          take_string (&item->local_uid, uid);
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
      take_string (&item->etag, etag);
      take_string (&item->href, href);
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
      take_string (&item->href, href);
      take_string (&item->etag, etag);
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
  take_string (&item->href, href);
  take_string (&item->etag, etag);
  take_string (&item->remote_copy, data);
  take_string (&item->remote_hash, remote_hash);
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
  parsed_clear (&remote);
  parsed_clear (&base_remote);
  parsed_clear (&base_local);
  parsed_clear (&local);
  parsed_clear (&merged);
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

  take_string (&c->sync_token, token);
  take_string (&c->ctag, ctag);
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

          take_string (&token, result->sync_token);
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
      take_string (&token, c->remote->sync_token);
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

  take_string (&item->etag, new_etag);
  take_string (&item->remote_copy, data);
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
        c->kind = &customer_kind;
      else if (g_strcmp0 (c->purpose, "tasks") == 0)
        {
          c->kind = &follow_up_kind;
          c->extra_kind = &notice_kind;
        }
      else if (g_strcmp0 (c->purpose, "history") == 0)
        c->kind = &interaction_kind;
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
  static const Kind * const kinds[] = { &customer_kind, &follow_up_kind, &notice_kind, &interaction_kind };

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
    parsed_clear (&as_card);
  }

  for (guint i = 0; conflict->fields[i] != NULL; i++)
    for (guint f = 0; f < kind->n_fields; f++)
      if (g_strcmp0 (kind->field_names[f], conflict->fields[i]) == 0)
        kind->field_take (s, &current, &local, f);

  ok = kind->write (s, &current, id, FALSE, error);

out:
  parsed_clear (&local);
  parsed_clear (&current);
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
