/* rapport-sync-customers.c
 *
 * The sync engine's customers (rapport-sync.c): vCards, merged field by
 * field, written from the server's copy.
 */

#define G_LOG_DOMAIN "rapport-sync"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-ical-records.h"
#include "rapport-phone.h"
#include "rapport-records.h"
#include "rapport-store-notices.h"
#include "rapport-store-private.h"
#include "rapport-sync-private.h"
#include "rapport-text.h"
#include "rapport-vcard-customer.h"

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
      rapport_sync_parsed_clear (out);
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
  g_autofree char *organization_uid = rapport_sync_uid_of_customer (s, customer->organization_id);
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
  g_autofree char *organization_uid = rapport_sync_uid_of_customer (s, customer->organization_id);
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
    case FIELD_DISPLAY_NAME: rapport_sync_take_string (&d->display_name, c->display_name); break;
    case FIELD_GIVEN_NAME: rapport_sync_take_string (&d->given_name, c->given_name); break;
    case FIELD_FAMILY_NAME: rapport_sync_take_string (&d->family_name, c->family_name); break;
    case FIELD_ORGANIZATION:
      /* An organization not (yet) here: no link rather than a broken one. */
      rapport_sync_take_string (&dst->ref_uid, src->ref_uid);
      d->organization_id = rapport_sync_customer_id_by_uid (s, src->ref_uid, RAPPORT_CUSTOMER_KIND_ORGANIZATION);
      break;
    case FIELD_JOB_TITLE: rapport_sync_take_string (&d->job_title, c->job_title); break;
    case FIELD_FORM_OF_ADDRESS: rapport_sync_take_string (&d->form_of_address, c->form_of_address); break;
    case FIELD_FIRST_NAME_BASIS: d->first_name_basis = c->first_name_basis; break;
    case FIELD_LANGUAGE: rapport_sync_take_string (&d->language, c->language); break;
    case FIELD_TIME_ZONE: rapport_sync_take_string (&d->time_zone, c->time_zone); break;
    case FIELD_COUNTRY: rapport_sync_take_string (&d->country, c->country); break;
    case FIELD_PREFERRED_CHANNEL: d->preferred_channel = c->preferred_channel; break;
    case FIELD_BEST_TIME: rapport_sync_take_string (&d->best_time, c->best_time); break;
    case FIELD_CULTURAL_NOTES: rapport_sync_take_string (&d->cultural_notes, c->cultural_notes); break;
    case FIELD_NOTES: rapport_sync_take_string (&d->notes, c->notes); break;
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
    case FIELD_PHONETIC_NAME: rapport_sync_take_string (&d->phonetic_name, c->phonetic_name); break;
    case FIELD_CONSENT:
      d->consent_marketing = c->consent_marketing;
      rapport_sync_take_string (&d->consent_date, c->consent_date);
      rapport_sync_take_string (&d->consent_basis, c->consent_basis);
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

  rapport_sync_note_cuts (s, customer->uid, rapport_customer_fit_text (customer));

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

const Kind rapport_sync_customer_kind = {
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
