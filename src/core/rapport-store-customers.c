/* rapport-store-customers.c
 *
 * Customers, their emails, phones, addresses and types, and the search
 * index; the queries over them and the customer types are in
 * rapport-store-customer-queries.c.
 */

#define G_LOG_DOMAIN "rapport-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-phone.h"
#include "rapport-store-customers-private.h"
#include "rapport-store-private.h"
#include "rapport-text.h"
#include "rapport-time.h"
#include "rapport-validate.h"


gboolean
rapport_store_is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* Trims in place and turns blank strings into NULL. */
void
rapport_store_tidy (char **text)
{
  if (*text == NULL)
    return;

  g_strstrip (*text);
  if (**text == '\0')
    g_clear_pointer (text, g_free);
}

static gboolean
enum_in_range (const RapportEnumInfo *info,
               int                    value)
{
  for (guint i = 0; info[i].key != NULL; i++)
    if (info[i].value == value)
      return TRUE;

  return FALSE;
}

gint64
rapport_store_lookup_type_id (RapportStore  *self,
                const char    *key,
                GError       **error)
{
  sqlite3_stmt *stmt;
  gpointer cached;
  gint64 id = 0;

  if (g_hash_table_lookup_extended (self->type_ids, key, NULL, &cached))
    return GPOINTER_TO_SIZE (cached);

  if (!(stmt = rapport_store_prepare (self, "SELECT id FROM customer_type WHERE key = ?", error)))
    return -1;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id > 0)
    g_hash_table_insert (self->type_ids, g_strdup (key), GSIZE_TO_POINTER (id));

  if (id == 0)
    g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                 _("type: “%s” is not a customer type"), key);

  return id;
}

static gboolean
check_organization (RapportStore     *self,
                    RapportCustomer  *customer,
                    GError          **error)
{
  sqlite3_stmt *stmt;
  int kind = -1;

  if (customer->organization_id == 0)
    return TRUE;

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("organization: an organization cannot belong to another organization"));
      return FALSE;
    }

  if (customer->organization_id == customer->id)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("organization: a customer cannot belong to itself"));
      return FALSE;
    }

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT kind FROM customer WHERE id = ? AND deleted IS NULL",
                                      error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, customer->organization_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    kind = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  if (kind != RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   kind < 0
                   ? _("organization: there is no customer %" G_GINT64_FORMAT)
                   : _("organization: customer %" G_GINT64_FORMAT " is a person, not an organization"),
                   customer->organization_id);
      return FALSE;
    }

  return TRUE;
}

/* A value Rapport would refuse from the user (a country name for a code,
 * an unusual email) is kept as it is when it came from outside
 * (@received: sync, import), or when it is the value already stored and
 * the user left it alone: editing the notes of a customer a colleague's
 * app wrote must not fail on a field the user did not touch. */
typedef struct
{
  gboolean               received;
  const RapportCustomer *stored;    /* NULL for a new customer */
} Keep;

static gboolean
same_text (const char *a,
           const char *b)
{
  return a != NULL && b != NULL && g_str_equal (a, b);
}

static gboolean
keep_contact_point (const Keep *keep,
                    gboolean    phones,
                    const char *value)
{
  GPtrArray *stored;

  if (keep->received)
    return TRUE;
  if (keep->stored == NULL)
    return FALSE;

  stored = phones ? keep->stored->phones : keep->stored->emails;
  for (guint i = 0; i < stored->len; i++)
    if (same_text (((RapportContactPoint *) g_ptr_array_index (stored, i))->value, value))
      return TRUE;

  return FALSE;
}

static gboolean
keep_address_country (const Keep *keep,
                      const char *value)
{
  if (keep->received)
    return TRUE;

  for (guint i = 0; keep->stored != NULL && i < keep->stored->addresses->len; i++)
    if (same_text (((RapportAddress *) g_ptr_array_index (keep->stored->addresses, i))->country, value))
      return TRUE;

  return FALSE;
}

/* Runs @valid; when it refuses @value and the value is one to keep, the
 * refusal is dropped and the caller keeps the value as it is. */
static gboolean
check_or_keep (gboolean     valid,
               gboolean     keep,
               GError     **local_error,
               GError     **error)
{
  if (valid)
    return TRUE;

  if (keep)
    {
      g_clear_error (local_error);
      return TRUE;
    }

  g_propagate_error (error, g_steal_pointer (local_error));
  return FALSE;
}

/* Phones are kept as typed or received. From the user a number must be
 * one libphonenumber can read, of a possible length; from outside
 * (@received: sync, import) any text is kept as it is. */
static char *
check_phone (const char  *value,
             const char  *region,
             gboolean     received,
             GError     **error)
{
  g_autoptr(RapportPhone) phone = NULL;

  if (received)
    {
      phone = rapport_phone_parse (value, region, _("phone"), NULL);
      return phone != NULL ? rapport_phone_dup_key (phone) : g_strdup (value);
    }

  phone = rapport_phone_parse_typed (value, region, _("phone"), error);

  return phone != NULL ? rapport_phone_dup_key (phone) : NULL;
}

static gboolean
normalize_contact_points (GPtrArray   *points,
                          gboolean     phones,
                          const char  *region,
                          const Keep  *keep,
                          GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < points->len; )
    {
      RapportContactPoint *point = g_ptr_array_index (points, i);
      g_autofree char *key = NULL;

      rapport_store_tidy (&point->value);
      rapport_store_tidy (&point->label);

      if (point->value == NULL)
        {
          g_ptr_array_remove_index (points, i);
          continue;
        }

      if (phones)
        {
          /* The same number typed two ways is one number. */
          if (!(key = check_phone (point->value, region, keep_contact_point (keep, TRUE, point->value), error)))
            return FALSE;
        }
      else
        {
          g_autoptr(GError) local_error = NULL;

          if (!check_or_keep (rapport_validate_email (point->value, _("email"), &local_error),
                              keep_contact_point (keep, FALSE, point->value), &local_error, error))
            return FALSE;
          key = g_utf8_casefold (point->value, -1);
        }

      if (point->label != NULL)
        {
          char *lower = g_utf8_strdown (point->label, -1);

          g_free (point->label);
          point->label = lower;
        }

      /* The same address twice is one address. */
      if (!g_hash_table_add (seen, g_steal_pointer (&key)))
        {
          g_ptr_array_remove_index (points, i);
          continue;
        }

      i++;
    }

  return TRUE;
}

static gboolean
normalize_customer (RapportStore     *self,
                    RapportCustomer  *customer,
                    GArray           *type_ids,
                    const Keep       *keep,
                    GError          **error)
{
  g_autofree char *phone_region = NULL;
  const RapportCustomer *stored = keep->stored;
  char *normalized;

  /* Before anything reads it as UTF-8. */
  if (!rapport_customer_check_text (customer, error))
    return FALSE;

  rapport_store_tidy (&customer->display_name);
  rapport_store_tidy (&customer->given_name);
  rapport_store_tidy (&customer->family_name);
  rapport_store_tidy (&customer->phonetic_name);
  rapport_store_tidy (&customer->job_title);
  rapport_store_tidy (&customer->form_of_address);
  rapport_store_tidy (&customer->language);
  rapport_store_tidy (&customer->time_zone);
  rapport_store_tidy (&customer->country);
  rapport_store_tidy (&customer->best_time);
  rapport_store_tidy (&customer->cultural_notes);
  rapport_store_tidy (&customer->notes);
  rapport_store_tidy (&customer->consent_date);
  rapport_store_tidy (&customer->consent_basis);

  if (customer->kind != RAPPORT_CUSTOMER_KIND_PERSON &&
      customer->kind != RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("kind: must be a person or an organization"));
      return FALSE;
    }

  if (customer->display_name == NULL)
    {
      if (customer->given_name != NULL || customer->family_name != NULL)
        {
          char *joined = g_strdup_printf ("%s %s",
                                          customer->given_name ? customer->given_name : "",
                                          customer->family_name ? customer->family_name : "");

          /* Made of two names that each fit: cut to fit too. */
          joined[rapport_text_fit_length (joined, RAPPORT_TEXT_SHORT)] = '\0';
          customer->display_name = g_strstrip (joined);
        }
      else
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("name: a customer needs a name"));
          return FALSE;
        }
    }

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    customer->first_name_basis = FALSE;

  if (!check_organization (self, customer, error))
    return FALSE;

  /* A number without its country code is in the customer's country, else
   * in the user's. */
  phone_region = rapport_phone_dup_default_region (customer->country);
  if (!normalize_contact_points (customer->emails, FALSE, NULL, keep, error) ||
      !normalize_contact_points (customer->phones, TRUE, phone_region, keep, error))
    return FALSE;

  if (customer->language != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      normalized = rapport_language_tag_normalize (customer->language, _("language"), &local_error);
      if (!check_or_keep (normalized != NULL,
                          keep->received || (stored != NULL && same_text (stored->language, customer->language)),
                          &local_error, error))
        return FALSE;
      if (normalized != NULL)
        {
          g_free (customer->language);
          customer->language = normalized;
        }
    }

  if (customer->time_zone != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!check_or_keep (rapport_validate_time_zone (customer->time_zone, _("time zone"), &local_error),
                          keep->received || (stored != NULL && same_text (stored->time_zone, customer->time_zone)),
                          &local_error, error))
        return FALSE;
    }

  if (customer->country != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      gboolean valid = rapport_validate_country (customer->country, _("country"), &local_error);

      if (!check_or_keep (valid,
                          keep->received || (stored != NULL && same_text (stored->country, customer->country)),
                          &local_error, error))
        return FALSE;
      if (valid)
        {
          normalized = g_ascii_strup (customer->country, -1);
          g_free (customer->country);
          customer->country = normalized;
        }
    }

  if (customer->consent_date != NULL)
    {
      g_autoptr(GError) local_error = NULL;
      char date[11];
      gboolean valid = rapport_parse_date (customer->consent_date, _("consent date"), date, &local_error);

      if (!check_or_keep (valid,
                          keep->received || (stored != NULL && same_text (stored->consent_date, customer->consent_date)),
                          &local_error, error))
        return FALSE;
      if (valid)
        {
          g_free (customer->consent_date);
          customer->consent_date = g_strdup (date);
        }
    }

  if (!enum_in_range (rapport_channel_info, customer->preferred_channel))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("preferred channel: unknown channel %d"), customer->preferred_channel);
      return FALSE;
    }

  if (!enum_in_range (rapport_lifecycle_info, customer->lifecycle))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("lifecycle: unknown stage %d"), customer->lifecycle);
      return FALSE;
    }

  for (guint i = 0; i < customer->addresses->len; )
    {
      RapportAddress *address = g_ptr_array_index (customer->addresses, i);

      rapport_store_tidy (&address->label);
      rapport_store_tidy (&address->street);
      rapport_store_tidy (&address->locality);
      rapport_store_tidy (&address->region);
      rapport_store_tidy (&address->postal_code);
      rapport_store_tidy (&address->country);

      if (address->street == NULL && address->locality == NULL && address->region == NULL &&
          address->postal_code == NULL && address->country == NULL)
        {
          g_ptr_array_remove_index (customer->addresses, i);
          continue;
        }

      if (address->country != NULL)
        {
          g_autoptr(GError) local_error = NULL;
          gboolean valid = rapport_validate_country (address->country, _("address country"), &local_error);

          if (!check_or_keep (valid, keep_address_country (keep, address->country), &local_error, error))
            return FALSE;
          if (valid)
            {
              normalized = g_ascii_strup (address->country, -1);
              g_free (address->country);
              address->country = normalized;
            }
        }

      i++;
    }

  g_array_set_size (type_ids, 0);
  for (guint i = 0; i < customer->types->len; )
    {
      char *key = g_ptr_array_index (customer->types, i);
      char *lower = g_utf8_strdown (g_strstrip (key), -1);
      gint64 type_id;

      g_ptr_array_index (customer->types, i) = lower;
      g_free (key);

      if (*lower == '\0')
        {
          g_ptr_array_remove_index (customer->types, i);
          continue;
        }

      if ((type_id = rapport_store_lookup_type_id (self, lower, error)) <= 0)
        return FALSE;

      for (guint j = 0; j < type_ids->len; j++)
        if (g_array_index (type_ids, gint64, j) == type_id)
          type_id = 0;

      if (type_id == 0)
        {
          g_ptr_array_remove_index (customer->types, i);
          continue;
        }

      g_array_append_val (type_ids, type_id);
      i++;
    }

  return TRUE;
}

static gboolean
insert_children (RapportStore     *self,
                 RapportCustomer  *customer,
                 GArray           *type_ids,
                 GError          **error)
{
  sqlite3_stmt *stmt;

  if (customer->emails->len > 0)
    {
      if (!(stmt = rapport_store_prepare (self,
                                          "INSERT INTO customer_email (customer_id, position, value, value_folded, label, preferred)"
                                          " VALUES (?, ?, ?, ?, ?, ?)",
                                          error)))
        return FALSE;

      for (guint i = 0; i < customer->emails->len; i++)
        {
          const RapportContactPoint *point = g_ptr_array_index (customer->emails, i);
          g_autofree char *folded = g_utf8_casefold (point->value, -1);

          sqlite3_bind_int64 (stmt, 1, customer->id);
          sqlite3_bind_int (stmt, 2, i);
          sqlite3_bind_text (stmt, 3, point->value, -1, SQLITE_STATIC);
          sqlite3_bind_text (stmt, 4, folded, -1, SQLITE_STATIC);
          rapport_bind_text (stmt, 5, point->label);
          sqlite3_bind_int (stmt, 6, point->preferred);
          if (!rapport_store_step_done (self, stmt, error))
            return FALSE;
        }
    }

  if (customer->phones->len > 0)
    {
      g_autofree char *region = rapport_phone_dup_default_region (customer->country);

      if (!(stmt = rapport_store_prepare (self,
                                          "INSERT INTO customer_phone (customer_id, position, value, label, preferred,"
                                          " e164, search) VALUES (?, ?, ?, ?, ?, ?, ?)",
                                          error)))
        return FALSE;

      for (guint i = 0; i < customer->phones->len; i++)
        {
          const RapportContactPoint *point = g_ptr_array_index (customer->phones, i);
          g_autoptr(RapportPhone) phone = rapport_phone_parse (point->value, region, _("phone"), NULL);
          g_autofree char *search = phone != NULL ? rapport_phone_dup_search_words (phone) : NULL;

          sqlite3_bind_int64 (stmt, 1, customer->id);
          sqlite3_bind_int (stmt, 2, i);
          sqlite3_bind_text (stmt, 3, point->value, -1, SQLITE_STATIC);
          rapport_bind_text (stmt, 4, point->label);
          sqlite3_bind_int (stmt, 5, point->preferred);
          rapport_bind_text (stmt, 6, phone != NULL ? rapport_phone_get_e164 (phone) : NULL);
          rapport_bind_text (stmt, 7, search);
          if (!rapport_store_step_done (self, stmt, error))
            return FALSE;
        }
    }

  if (customer->addresses->len > 0)
    {
      if (!(stmt = rapport_store_prepare (self,
                                          "INSERT INTO customer_address (customer_id, position, label, street, locality,"
                                          " region, postal_code, country, preferred) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                          error)))
        return FALSE;

      for (guint i = 0; i < customer->addresses->len; i++)
        {
          const RapportAddress *address = g_ptr_array_index (customer->addresses, i);

          sqlite3_bind_int64 (stmt, 1, customer->id);
          sqlite3_bind_int (stmt, 2, i);
          rapport_bind_text (stmt, 3, address->label);
          rapport_bind_text (stmt, 4, address->street);
          rapport_bind_text (stmt, 5, address->locality);
          rapport_bind_text (stmt, 6, address->region);
          rapport_bind_text (stmt, 7, address->postal_code);
          rapport_bind_text (stmt, 8, address->country);
          sqlite3_bind_int (stmt, 9, address->preferred);
          if (!rapport_store_step_done (self, stmt, error))
            return FALSE;
        }
    }

  if (type_ids->len > 0)
    {
      if (!(stmt = rapport_store_prepare (self,
                                          "INSERT INTO customer_type_link (customer_id, type_id) VALUES (?, ?)",
                                          error)))
        return FALSE;

      for (guint i = 0; i < type_ids->len; i++)
        {
          sqlite3_bind_int64 (stmt, 1, customer->id);
          sqlite3_bind_int64 (stmt, 2, g_array_index (type_ids, gint64, i));
          if (!rapport_store_step_done (self, stmt, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
delete_children (RapportStore  *self,
                 gint64         id,
                 GError       **error)
{
  static const char *sql[] = {
    "DELETE FROM customer_email WHERE customer_id = ?",
    "DELETE FROM customer_phone WHERE customer_id = ?",
    "DELETE FROM customer_address WHERE customer_id = ?",
    "DELETE FROM customer_type_link WHERE customer_id = ?",
  };

  for (guint i = 0; i < G_N_ELEMENTS (sql); i++)
    {
      sqlite3_stmt *stmt;

      if (!(stmt = rapport_store_prepare (self, sql[i], error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!rapport_store_step_done (self, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
index_customer (RapportStore  *self,
                gint64         id,
                gboolean       replace,
                GError       **error)
{
  sqlite3_stmt *stmt;
  char *columns[4] = { NULL, };
  gboolean found = FALSE;
  gboolean ok;

  if (replace)
    {
      if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer_fts WHERE rowid = ?", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!rapport_store_step_done (self, stmt, error))
        return FALSE;
    }

  /* Read the document, then insert it with VALUES: INSERT ... SELECT
   * would open a statement savepoint, and FTS5 flushes at each. */
  if (!(stmt = rapport_store_prepare (self, RAPPORT_CUSTOMER_DOCUMENT " WHERE c.id = ?1 AND c.deleted IS NULL", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        columns[i] = rapport_column_dup (stmt, i + 1);
    }
  sqlite3_reset (stmt);

  if (!found)
    return TRUE;

  ok = (stmt = rapport_store_prepare (self,
                                      "INSERT INTO customer_fts (rowid, name, organization, contact, notes)"
                                      " VALUES (?, ?, ?, ?, ?)",
                                      error)) != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, id);
      for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
        sqlite3_bind_text (stmt, i + 2, columns[i], -1, SQLITE_STATIC);
      ok = rapport_store_step_done (self, stmt, error);
    }

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    g_free (columns[i]);

  return ok;
}

gboolean
rapport_store_index_customers_after (RapportStore  *self,
                                     gint64         after_id,
                                     GError       **error)
{
  sqlite3_stmt *stmt;

  /* One statement for a whole import: one savepoint, one flush. */
  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO customer_fts (rowid, name, organization, contact, notes) "
                                      RAPPORT_CUSTOMER_DOCUMENT " WHERE c.id > ?1 AND c.deleted IS NULL",
                                      error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_id);

  return rapport_store_step_done (self, stmt, error);
}

gboolean
rapport_store_reindex_customer (RapportStore  *self,
                                gint64         id,
                                GError       **error)
{
  return index_customer (self, id, TRUE, error);
}

static gboolean
reindex_members (RapportStore  *self,
                 gint64         organization_id,
                 GError       **error)
{
  sqlite3_stmt *stmt;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT id FROM customer WHERE organization_id = ? AND deleted IS NULL",
                                      error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, organization_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);

  for (guint i = 0; i < ids->len; i++)
    if (!rapport_store_reindex_customer (self, g_array_index (ids, gint64, i), error))
      return FALSE;

  return TRUE;
}

static void
bind_customer_row (sqlite3_stmt          *stmt,
                   const RapportCustomer *customer,
                   const char            *sort_key)
{
  /* ?1 uid, ?2..?23 the editable columns, ?24 sort_key, ?25 created, ?26 modified */
  sqlite3_bind_text (stmt, 1, customer->uid, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, customer->kind);
  sqlite3_bind_text (stmt, 3, customer->display_name, -1, SQLITE_STATIC);
  rapport_bind_text (stmt, 4, customer->given_name);
  rapport_bind_text (stmt, 5, customer->family_name);
  rapport_bind_text (stmt, 6, customer->phonetic_name);
  rapport_bind_id (stmt, 7, customer->organization_id);
  rapport_bind_text (stmt, 8, customer->job_title);
  rapport_bind_text (stmt, 9, customer->form_of_address);
  sqlite3_bind_int (stmt, 10, customer->first_name_basis);
  rapport_bind_text (stmt, 11, customer->language);
  rapport_bind_text (stmt, 12, customer->time_zone);
  rapport_bind_text (stmt, 13, customer->country);
  sqlite3_bind_int (stmt, 14, customer->preferred_channel);
  rapport_bind_text (stmt, 15, customer->best_time);
  rapport_bind_text (stmt, 16, customer->cultural_notes);
  rapport_bind_text (stmt, 17, customer->notes);
  sqlite3_bind_int (stmt, 18, customer->consent_marketing);
  rapport_bind_text (stmt, 19, customer->consent_date);
  rapport_bind_text (stmt, 20, customer->consent_basis);
  sqlite3_bind_int (stmt, 21, customer->lifecycle);
  sqlite3_bind_text (stmt, 24, sort_key, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 25, customer->created);
  sqlite3_bind_int64 (stmt, 26, customer->modified);
}

static char *
customer_label (const RapportCustomer *customer)
{
  if (customer->display_name != NULL && *customer->display_name != '\0')
    {
      g_autofree char *shown = rapport_text_for_message (customer->display_name, -1);

      return g_strdup_printf (_("customer “%s”: "), shown);
    }

  return g_strdup (_("new customer: "));
}

/* Inserts a validated customer with its children and search document;
 * the caller holds a transaction. */
static gboolean
insert_customer (RapportStore     *self,
                 RapportCustomer  *customer,
                 gboolean          index,
                 gboolean          received,
                 GError          **error)
{
  g_autoptr(GArray) type_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sort_key = NULL;
  Keep keep = { received, NULL };
  sqlite3_stmt *stmt;

  if (!normalize_customer (self, customer, type_ids, &keep, error))
    return FALSE;

  if (customer->uid == NULL)
    customer->uid = rapport_store_new_uid ();
  if (customer->created == 0)
    customer->created = rapport_store_now ();
  customer->modified = customer->created;
  sort_key = rapport_store_fold (customer->display_name);

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO customer (uid, kind, display_name, given_name, family_name,"
                                      " phonetic_name, organization_id, job_title, form_of_address, first_name_basis,"
                                      " language, time_zone, country, preferred_channel, best_time, cultural_notes,"
                                      " notes, consent_marketing, consent_date, consent_basis, lifecycle,"
                                      " sort_key, created, modified)"
                                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                                      " ?16, ?17, ?18, ?19, ?20, ?21, ?24, ?25, ?26)",
                                      error)))
    return FALSE;

  bind_customer_row (stmt, customer, sort_key);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      gboolean duplicate = (sqlite3_extended_errcode (self->db) == SQLITE_CONSTRAINT_UNIQUE);

      sqlite3_reset (stmt);
      if (duplicate)
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                       _("uid: a customer with UID “%s” already exists"), customer->uid);
          return FALSE;
        }
      return rapport_store_set_db_error (self, error);
    }
  sqlite3_reset (stmt);

  customer->id = sqlite3_last_insert_rowid (self->db);

  return insert_children (self, customer, type_ids, error) &&
         (!index || index_customer (self, customer->id, FALSE, error));
}

gboolean
rapport_store_insert_customer_row (RapportStore     *self,
                                   RapportCustomer  *customer,
                                   GError          **error)
{
  return insert_customer (self, customer, FALSE, TRUE, error);
}

static gboolean
add_customer (RapportStore     *self,
              RapportCustomer  *customer,
              gboolean          received,
              GError          **error)
{
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (customer->id == 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  ok = insert_customer (self, customer, TRUE, received, error);
  if (ok)
    rapport_store_queue_change (self, RAPPORT_ENTITY_CUSTOMER, RAPPORT_CHANGE_ADDED, customer->id);
  else
    {
      g_autofree char *label = customer_label (customer);

      customer->id = 0;
      g_prefix_error (error, "%s", label);
    }

  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_add_customer (RapportStore     *self,
                            RapportCustomer  *customer,
                            GError          **error)
{
  return add_customer (self, customer, FALSE, error);
}

gboolean
rapport_store_add_received_customer (RapportStore     *self,
                                     RapportCustomer  *customer,
                                     GError          **error)
{
  return add_customer (self, customer, TRUE, error);
}

static gboolean
update_customer (RapportStore     *self,
                 RapportCustomer  *customer,
                 gboolean          received,
                 GError          **error)
{
  g_autoptr(GArray) type_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sort_key = NULL;
  g_autofree char *old_name = NULL;
  g_autoptr(RapportCustomer) stored = NULL;
  Keep keep;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);
  g_return_val_if_fail (customer->id > 0, FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT display_name, uid FROM customer WHERE id = ? AND deleted IS NULL",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, customer->id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      old_name = rapport_column_dup (stmt, 0);
      if (customer->uid == NULL)
        customer->uid = rapport_column_dup (stmt, 1);
    }
  sqlite3_reset (stmt);

  if (old_name == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no customer %" G_GINT64_FORMAT), customer->id);
      goto out;
    }

  /* The user may keep what is stored; only what is typed anew must pass. */
  if (!received && !(stored = rapport_store_get_customer (self, customer->id, error)))
    goto out;
  keep.received = received;
  keep.stored = stored;
  if (!normalize_customer (self, customer, type_ids, &keep, error))
    goto out;

  if (customer->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      /* A person cannot have members; refuse turning an organization
       * with people into a person. */
      if (!(stmt = rapport_store_prepare (self,
                                          "SELECT count(*) FROM customer WHERE organization_id = ? AND deleted IS NULL",
                                          error)))
        goto out;
      sqlite3_bind_int64 (stmt, 1, customer->id);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) > 0)
        {
          sqlite3_reset (stmt);
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("kind: people belong to this organization; move them first"));
          goto out;
        }
      sqlite3_reset (stmt);
    }

  customer->modified = MAX (rapport_store_now (), customer->created);
  sort_key = rapport_store_fold (customer->display_name);

  if (!(stmt = rapport_store_prepare (self,
                                      "UPDATE customer SET uid = ?1, kind = ?2, display_name = ?3, given_name = ?4,"
                                      " family_name = ?5, phonetic_name = ?6, organization_id = ?7, job_title = ?8,"
                                      " form_of_address = ?9, first_name_basis = ?10, language = ?11, time_zone = ?12,"
                                      " country = ?13, preferred_channel = ?14, best_time = ?15, cultural_notes = ?16,"
                                      " notes = ?17, consent_marketing = ?18, consent_date = ?19, consent_basis = ?20,"
                                      " lifecycle = ?21, sort_key = ?24, modified = ?26"
                                      " WHERE id = ?27",
                                      error)))
    goto out;

  bind_customer_row (stmt, customer, sort_key);
  sqlite3_bind_int64 (stmt, 27, customer->id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  if (!delete_children (self, customer->id, error) ||
      !insert_children (self, customer, type_ids, error) ||
      !rapport_store_reindex_customer (self, customer->id, error))
    goto out;

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION &&
      g_strcmp0 (old_name, customer->display_name) != 0 &&
      !reindex_members (self, customer->id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_CUSTOMER, RAPPORT_CHANGE_MODIFIED, customer->id);
  ok = TRUE;

out:
  if (!ok)
    {
      g_autofree char *label = customer_label (customer);

      g_prefix_error (error, "%s", label);
    }

  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_update_customer (RapportStore     *self,
                               RapportCustomer  *customer,
                               GError          **error)
{
  return update_customer (self, customer, FALSE, error);
}

gboolean
rapport_store_update_received_customer (RapportStore     *self,
                                        RapportCustomer  *customer,
                                        GError          **error)
{
  return update_customer (self, customer, TRUE, error);
}

static gboolean
set_deleted (RapportStore  *self,
             gint64         id,
             gboolean       deleted,
             GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (self,
                                      deleted
                                      ? "UPDATE customer SET deleted = ?2, modified = ?2 WHERE id = ?1 AND deleted IS NULL"
                                      : "UPDATE customer SET deleted = NULL, modified = ?2 WHERE id = ?1 AND deleted IS NOT NULL",
                                      error)))
    goto out;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, rapport_store_now ());
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   deleted
                   ? _("There is no customer %" G_GINT64_FORMAT)
                   : _("Customer %" G_GINT64_FORMAT " is not in the trash"),
                   id);
      goto out;
    }

  if (deleted)
    {
      if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer_fts WHERE rowid = ?", error)))
        goto out;
      sqlite3_bind_int64 (stmt, 1, id);
      if (!rapport_store_step_done (self, stmt, error))
        goto out;
    }
  else if (!index_customer (self, id, FALSE, error))
    goto out;

  /* Members show their organization's name; keep their documents true. */
  if (!reindex_members (self, id, error))
    goto out;

  rapport_store_queue_change (self, RAPPORT_ENTITY_CUSTOMER,
                              deleted ? RAPPORT_CHANGE_REMOVED : RAPPORT_CHANGE_ADDED, id);
  ok = TRUE;

out:
  return rapport_store_end (self, ok, error);
}

gboolean
rapport_store_delete_customer (RapportStore  *self,
                               gint64         id,
                               GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return set_deleted (self, id, TRUE, error);
}

gboolean
rapport_store_restore_customer (RapportStore  *self,
                                gint64         id,
                                GError       **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  return set_deleted (self, id, FALSE, error);
}

gboolean
rapport_store_purge_customer (RapportStore  *self,
                              gint64         id,
                              GError       **error)
{
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  gboolean had_history;
  gboolean ok = FALSE;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);

  if (!rapport_store_begin (self, error))
    return FALSE;

  if (!(stmt = rapport_store_prepare (self, "SELECT id FROM customer WHERE organization_id = ?", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 member = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (members, member);
    }
  sqlite3_reset (stmt);

  /* What the sync engine keeps of the records that go: the rows stay as
   * tombstones (their DELETE erases the server's copies too), without
   * the copies of the text, and conflict copies go. */
  if (!(stmt = rapport_store_prepare (self,
                                      "WITH erased (uid) AS ("
                                      "  SELECT uid FROM customer WHERE id = ?1"
                                      "  UNION ALL SELECT uid FROM interaction WHERE customer_id = ?1"
                                      "  UNION ALL SELECT uid FROM follow_up WHERE customer_id = ?1"
                                      "  UNION ALL SELECT n.uid FROM renewal_notice n"
                                      "    JOIN contract k ON k.id = n.contract_id WHERE k.customer_id = ?1)"
                                      " UPDATE sync_item SET local_copy = NULL, remote_copy = NULL,"
                                      "   local_hash = NULL, local_deleted = 1, dirty = 1"
                                      " WHERE local_uid IN (SELECT uid FROM erased)",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  if (!(stmt = rapport_store_prepare (self,
                                      "WITH erased (uid) AS ("
                                      "  SELECT uid FROM customer WHERE id = ?1"
                                      "  UNION ALL SELECT uid FROM interaction WHERE customer_id = ?1"
                                      "  UNION ALL SELECT uid FROM follow_up WHERE customer_id = ?1"
                                      "  UNION ALL SELECT n.uid FROM renewal_notice n"
                                      "    JOIN contract k ON k.id = n.contract_id WHERE k.customer_id = ?1)"
                                      " DELETE FROM sync_conflict WHERE local_uid IN (SELECT uid FROM erased)",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  /* Members lose their organization: changed, so the next sync writes
   * them without its name. */
  if (!(stmt = rapport_store_prepare (self, "UPDATE customer SET modified = ?2 WHERE organization_id = ?1", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_int64 (stmt, 2, rapport_store_now ());
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  if (!(stmt = rapport_store_prepare (self,
                                      "INSERT INTO interaction_fts (interaction_fts, rowid, subject, body,"
                                      " action_requested, action_promised, contact_name)"
                                      " SELECT 'delete', id, subject, body, action_requested, action_promised,"
                                      " contact_name FROM interaction WHERE customer_id = ?",
                                      error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;
  had_history = sqlite3_changes (self->db) > 0;

  if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer_fts WHERE rowid = ?", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer WHERE id = ?", error)))
    goto out;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!rapport_store_step_done (self, stmt, error))
    goto out;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no customer %" G_GINT64_FORMAT), id);
      goto out;
    }

  for (guint i = 0; i < members->len; i++)
    {
      gint64 member = g_array_index (members, gint64, i);
      gboolean trashed = FALSE;

      if (!(stmt = rapport_store_prepare (self, "SELECT deleted IS NOT NULL FROM customer WHERE id = ?", error)))
        goto out;
      sqlite3_bind_int64 (stmt, 1, member);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        trashed = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);

      if (!trashed && !rapport_store_reindex_customer (self, member, error))
        goto out;
    }

  /* A deletion in FTS5 is a marker in a new index segment: the erased
   * words stay in the old segments, on live pages, until those are
   * merged. 'optimize' merges every segment into one, without them. */
  if (!rapport_store_exec (self, "INSERT INTO customer_fts (customer_fts) VALUES ('optimize')", error))
    goto out;
  if (had_history &&
      !rapport_store_exec (self, "INSERT INTO interaction_fts (interaction_fts) VALUES ('optimize')", error))
    goto out;

  self->wipe_wal = TRUE;
  rapport_store_queue_change (self, RAPPORT_ENTITY_CUSTOMER, RAPPORT_CHANGE_REMOVED, id);
  ok = TRUE;

out:
  return rapport_store_end (self, ok, error);
}

static GPtrArray *
load_contact_points (RapportStore *self,
                     const char   *sql,
                     gint64        id)
{
  GPtrArray *points = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_contact_point_free);
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (self, sql, NULL)))
    return points;

  sqlite3_bind_int64 (stmt, 1, id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (points,
                     rapport_contact_point_new ((const char *) sqlite3_column_text (stmt, 0),
                                                (const char *) sqlite3_column_text (stmt, 1),
                                                sqlite3_column_int (stmt, 2)));
  sqlite3_reset (stmt);

  return points;
}

static gboolean
derive_returning (RapportStore *self,
                  gint64        id)
{
  sqlite3_stmt *stmt;
  gboolean returning = FALSE;

  /* Repeat business: contact on two different days, or a second contract. */
  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT (SELECT count (DISTINCT occurred_at / 86400) FROM interaction WHERE customer_id = ?1) >= 2"
                                      " OR (SELECT count (*) FROM contract WHERE customer_id = ?1) >= 2",
                                      NULL)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    returning = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return returning;
}

static void
load_types (RapportStore    *self,
            RapportCustomer *customer)
{
  sqlite3_stmt *stmt;

  if ((stmt = rapport_store_prepare (self,
                                     "SELECT t.key FROM customer_type_link l JOIN customer_type t ON t.id = l.type_id"
                                     " WHERE l.customer_id = ? ORDER BY t.builtin DESC, t.id",
                                     NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, customer->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (customer->types, rapport_column_dup (stmt, 0));
      sqlite3_reset (stmt);
    }

  if (!rapport_customer_has_type (customer, "new") &&
      !rapport_customer_has_type (customer, "returning"))
    g_ptr_array_add (customer->derived_types,
                     g_strdup (derive_returning (self, customer->id) ? "returning" : "new"));
}

void
rapport_store_load_customer_children (RapportStore    *self,
               RapportCustomer *customer)
{
  sqlite3_stmt *stmt;

  g_ptr_array_unref (customer->emails);
  customer->emails = load_contact_points (self,
                                          "SELECT value, label, preferred FROM customer_email"
                                          " WHERE customer_id = ? ORDER BY position",
                                          customer->id);
  g_ptr_array_unref (customer->phones);
  customer->phones = load_contact_points (self,
                                          "SELECT value, label, preferred FROM customer_phone"
                                          " WHERE customer_id = ? ORDER BY position",
                                          customer->id);

  if ((stmt = rapport_store_prepare (self,
                                     "SELECT label, street, locality, region, postal_code, country, preferred"
                                     " FROM customer_address WHERE customer_id = ? ORDER BY position",
                                     NULL)))
    {
      sqlite3_bind_int64 (stmt, 1, customer->id);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          RapportAddress *address = rapport_customer_add_address (customer, (const char *) sqlite3_column_text (stmt, 0));

          address->street = rapport_column_dup (stmt, 1);
          address->locality = rapport_column_dup (stmt, 2);
          address->region = rapport_column_dup (stmt, 3);
          address->postal_code = rapport_column_dup (stmt, 4);
          address->country = rapport_column_dup (stmt, 5);
          address->preferred = sqlite3_column_int (stmt, 6);
        }
      sqlite3_reset (stmt);
    }

  load_types (self, customer);
}

RapportCustomer *
rapport_store_read_customer_row (sqlite3_stmt *stmt)
{
  RapportCustomer *customer = rapport_customer_new (sqlite3_column_int (stmt, 2));

  customer->id = sqlite3_column_int64 (stmt, 0);
  customer->uid = rapport_column_dup (stmt, 1);
  customer->display_name = rapport_column_dup (stmt, 3);
  customer->given_name = rapport_column_dup (stmt, 4);
  customer->family_name = rapport_column_dup (stmt, 5);
  customer->phonetic_name = rapport_column_dup (stmt, 6);
  customer->organization_id = sqlite3_column_int64 (stmt, 7);
  customer->organization_name = rapport_column_dup (stmt, 8);
  customer->job_title = rapport_column_dup (stmt, 9);
  customer->form_of_address = rapport_column_dup (stmt, 10);
  customer->first_name_basis = sqlite3_column_int (stmt, 11);
  customer->language = rapport_column_dup (stmt, 12);
  customer->time_zone = rapport_column_dup (stmt, 13);
  customer->country = rapport_column_dup (stmt, 14);
  customer->preferred_channel = sqlite3_column_int (stmt, 15);
  customer->best_time = rapport_column_dup (stmt, 16);
  customer->cultural_notes = rapport_column_dup (stmt, 17);
  customer->notes = rapport_column_dup (stmt, 18);
  customer->consent_marketing = sqlite3_column_int (stmt, 19);
  customer->consent_date = rapport_column_dup (stmt, 20);
  customer->consent_basis = rapport_column_dup (stmt, 21);
  customer->lifecycle = sqlite3_column_int (stmt, 22);
  customer->last_contact = sqlite3_column_int64 (stmt, 23);
  customer->next_follow_up = sqlite3_column_int64 (stmt, 24);
  customer->created = sqlite3_column_int64 (stmt, 25);
  customer->modified = sqlite3_column_int64 (stmt, 26);

  return customer;
}

static RapportCustomer *
read_customer (RapportStore  *self,
               gint64         id,
               GError       **error)
{
  sqlite3_stmt *stmt;
  RapportCustomer *customer = NULL;

  if (!(stmt = rapport_store_prepare (self,
                                      "SELECT " CUSTOMER_COLUMNS " FROM customer c WHERE c.id = ? AND c.deleted IS NULL",
                                      error)))
    return NULL;

  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    customer = rapport_store_read_customer_row (stmt);
  sqlite3_reset (stmt);

  if (customer == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no customer %" G_GINT64_FORMAT), id);
      return NULL;
    }

  return customer;
}

RapportCustomer *
rapport_store_get_customer (RapportStore  *self,
                            gint64         id,
                            GError       **error)
{
  RapportCustomer *customer;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if ((customer = read_customer (self, id, error)))
    rapport_store_load_customer_children (self, customer);

  return customer;
}

RapportCustomer *
rapport_store_get_customer_summary (RapportStore  *self,
                                    gint64         id,
                                    GError       **error)
{
  RapportCustomer *customer;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);

  if ((customer = read_customer (self, id, error)))
    load_types (self, customer);

  return customer;
}

static gint64
find_unique (RapportStore  *self,
             const char    *sql,
             const char    *value,
             gboolean      *ambiguous,
             GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  *ambiguous = FALSE;
  if (!(stmt = rapport_store_prepare (self, sql, error)))
    return -1;

  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      id = sqlite3_column_int64 (stmt, 0);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        *ambiguous = TRUE;
    }
  sqlite3_reset (stmt);

  return id;
}

RapportCustomer *
rapport_store_find_customer (RapportStore  *self,
                             const char    *ref,
                             GError       **error)
{
  g_autofree char *trimmed = NULL;
  gboolean ambiguous = FALSE;
  gint64 id = 0;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  if (!rapport_text_check (ref, -1, RAPPORT_TEXT_CODE, _("customer"), error))
    return NULL;

  trimmed = g_strstrip (g_strdup (ref));

  /* All digits: an id, which must fit (no wrapping to -1). */
  if (*trimmed != '\0' && trimmed[strspn (trimmed, "0123456789")] == '\0')
    {
      gint64 value = 0;

      if (!g_ascii_string_to_signed (trimmed, 10, 1, G_MAXINT64, &value, NULL))
        {
          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("customer: “%s” is not a valid customer id"), trimmed);
          return NULL;
        }
      return rapport_store_get_customer (self, value, error);
    }

  if (strchr (trimmed, '@') != NULL)
    {
      g_autofree char *folded = g_utf8_casefold (trimmed, -1);

      id = find_unique (self,
                        "SELECT DISTINCT e.customer_id FROM customer_email e JOIN customer c ON c.id = e.customer_id"
                        " WHERE e.value_folded = ? AND c.deleted IS NULL",
                        folded, &ambiguous, error);
    }
  else if (g_uuid_string_is_valid (trimmed) || g_str_has_prefix (trimmed, "urn:uuid:"))
    {
      const char *uid = g_str_has_prefix (trimmed, "urn:uuid:") ? trimmed + 9 : trimmed;

      id = find_unique (self, "SELECT id FROM customer WHERE uid = ? AND deleted IS NULL",
                        uid, &ambiguous, error);
    }
  else if (*trimmed != '\0')
    {
      g_autofree char *folded = rapport_store_fold (trimmed);

      id = find_unique (self, "SELECT id FROM customer WHERE sort_key = ? AND deleted IS NULL",
                        folded, &ambiguous, error);
    }

  if (id < 0)
    return NULL;

  if (ambiguous)
    {
      g_autofree char *shown = rapport_text_for_message (trimmed, -1);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_AMBIGUOUS,
                   _("“%s” matches more than one customer; use the customer’s id"), shown);
      return NULL;
    }

  if (id == 0)
    {
      g_autofree char *shown = rapport_text_for_message (trimmed, -1);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("There is no customer “%s”"), shown);
      return NULL;
    }

  return rapport_store_get_customer (self, id, error);
}
