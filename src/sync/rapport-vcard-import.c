/* rapport-vcard-import.c */

#define G_LOG_DOMAIN "rapport-vcard"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-store-private.h"
#include "rapport-vcard.h"
#include "rapport-vcard-customer.h"
#include "rapport-vcard-import.h"

typedef enum
{
  CARD_FAILED,
  CARD_CREATED,
  CARD_UPDATED,
  CARD_UNCHANGED,
} CardResult;

/* The customer imported from this very card (one without a UID and an
 * email is known by its text), else 0. */
static gint64
find_by_card (RapportStore *store,
              const char   *text)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!(stmt = rapport_store_prepare (store,
                                      "SELECT k.customer_id FROM customer_card k JOIN customer c ON c.id = k.customer_id"
                                      " WHERE k.card = ? AND c.deleted IS NULL ORDER BY k.customer_id LIMIT 1",
                                      NULL)))
    return 0;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

/* The one customer with one of @customer's emails, else 0. */
static gint64
find_by_email (RapportStore          *store,
               const RapportCustomer *customer)
{
  for (guint i = 0; i < customer->emails->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (customer->emails, i);
      gint64 id = rapport_store_customer_id_by_email (store, point->value);

      if (id != 0)
        return id;
    }

  return 0;
}

/* A category no customer type has yet becomes one, named as written. */
static gboolean
ensure_types (RapportStore     *store,
              GHashTable       *type_keys,
              RapportCustomer  *customer,
              GError          **error)
{
  for (guint i = 0; i < customer->types->len; i++)
    {
      const char *category = g_ptr_array_index (customer->types, i);
      g_autofree char *key = rapport_customer_type_key_for_name (category);
      g_autoptr(RapportCustomerType) type = NULL;

      if (!g_hash_table_contains (type_keys, key))
        {
          type = rapport_customer_type_new ();
          type->name = g_strdup (category);
          type->key = g_strdup (key);
          if (!rapport_store_add_customer_type (store, type, error))
            return FALSE;
          g_hash_table_add (type_keys, g_strdup (type->key));
        }

      g_free (g_ptr_array_index (customer->types, i));
      g_ptr_array_index (customer->types, i) = g_steal_pointer (&key);
    }

  return TRUE;
}

/* The customer's fields as a card says them, to tell whether a card says
 * anything new about a customer: REV and the stamps aside. */
static char *
mapped_text (const RapportCustomer *customer)
{
  g_autoptr(RapportCustomer) copy = rapport_customer_copy (customer);
  g_autoptr(RapportVCard) card = NULL;

  copy->modified = 0;
  card = rapport_vcard_from_customer (copy, RAPPORT_VCARD_VERSION_4_0, NULL, NULL);
  return rapport_vcard_to_string (card);
}

static CardResult
import_card (RapportStore  *store,
             GHashTable    *type_keys,
             RapportVCard  *card,
             GError       **error)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(RapportCustomer) stored = NULL;
  g_autofree char *organization_uid = NULL;
  g_autofree char *text = rapport_vcard_to_string (card);
  g_autofree char *stored_card = NULL;
  gint64 id;

  if (!(customer = rapport_vcard_to_customer (card, &organization_uid, error)) ||
      !ensure_types (store, type_keys, customer, error))
    return CARD_FAILED;

  /* Its organization: the one the card links to, else the one its ORG
   * names (made when there is none yet). */
  if (customer->kind == RAPPORT_CUSTOMER_KIND_PERSON)
    {
      gint64 organization_id = organization_uid != NULL ? rapport_store_customer_id_by_uid (store, organization_uid, -1) : 0;

      if (organization_id == 0 && customer->organization_name != NULL &&
          (organization_id = rapport_store_ensure_organization (store, customer->organization_name, error)) < 0)
        return CARD_FAILED;
      customer->organization_id = organization_id;
    }

  id = rapport_store_customer_id_by_uid (store, customer->uid, -1);
  if (id == 0)
    id = find_by_card (store, text);
  if (id == 0)
    id = find_by_email (store, customer);

  if (id == 0)
    {
      if (!rapport_store_add_received_customer (store, customer, error) ||
          !rapport_store_set_customer_card (store, customer->id, text, error))
        return CARD_FAILED;
      return CARD_CREATED;
    }

  /* The very card it came from: nothing new. */
  stored_card = rapport_store_dup_customer_card (store, id, NULL);
  if (g_strcmp0 (stored_card, text) == 0)
    return CARD_UNCHANGED;

  if (!(stored = rapport_store_get_customer (store, id, error)))
    return CARD_FAILED;

  /* What the card does not say stays: the stage, when it was first met,
   * its UID when the card matched by email. */
  customer->id = stored->id;
  customer->lifecycle = stored->lifecycle;
  customer->created = stored->created;
  g_free (customer->uid);
  customer->uid = g_strdup (stored->uid);

  {
    g_autofree char *before = mapped_text (stored);
    g_autofree char *after = mapped_text (customer);

    if (g_str_equal (before, after))
      {
        if (!rapport_store_set_customer_card (store, id, text, error))
          return CARD_FAILED;
        return CARD_UNCHANGED;
      }
  }

  if (!rapport_store_update_received_customer (store, customer, error) ||
      !rapport_store_set_customer_card (store, id, text, error))
    return CARD_FAILED;

  return CARD_UPDATED;
}

static char *
card_label (RapportVCard *card,
            guint         number)
{
  g_autofree char *name = rapport_vcard_dup_text (card, "FN");

  if (name != NULL && *name != '\0')
    /* Translators: a card's number in the file and its name */
    return g_strdup_printf (_("card %u (“%s”)"), number, name);
  /* Translators: a card's number in the file */
  return g_strdup_printf (_("card %u"), number);
}

static char *
to_utf8 (const char  *data,
         gsize        length,
         gsize       *length_out,
         GError     **error)
{
  const char *from = NULL;

  gsize skip = 2;

  if (length >= 2 && (guchar) data[0] == 0xFE && (guchar) data[1] == 0xFF)
    from = "UTF-16BE";
  else if (length >= 2 && (guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE)
    from = "UTF-16LE";
  /* Without a byte order mark, "BEGIN" tells: a NUL before or after
   * each letter (Apple Address Book writes UTF-16BE so). */
  else if (length >= 4 && data[0] == '\0' && data[1] != '\0' && data[2] == '\0')
    from = "UTF-16BE", skip = 0;
  else if (length >= 4 && data[0] != '\0' && data[1] == '\0' && data[3] == '\0')
    from = "UTF-16LE", skip = 0;

  if (from == NULL)
    {
      char *copy = g_malloc (length + 1);

      /* Every byte, NULs too: the parser names them. */
      memcpy (copy, data, length);
      copy[length] = '\0';
      *length_out = length;
      return copy;
    }

  return g_convert (data + skip, length - skip, "UTF-8", from, NULL, length_out, error);
}

/* Where the next card of @text begins at or after @from: a line that
 * starts with BEGIN:VCARD. */
static const char *
next_card (const char *text,
           const char *end,
           const char *from)
{
  for (const char *p = from; p + 11 <= end; p++)
    if ((p == text || p[-1] == '\n') && g_ascii_strncasecmp (p, "BEGIN:VCARD", 11) == 0)
      return p;

  return NULL;
}

/* Every card that reads, one by one: a card that does not is skipped and
 * named in @report, and the others still come in (--skip-invalid). */
static GPtrArray *
parse_each (const char          *text,
            gsize                length,
            RapportImportReport *report)
{
  GPtrArray *cards = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_vcard_unref);
  const char *end = text + length;
  const char *start = next_card (text, end, text);
  guint number = 0;
  guint line = 1;
  const char *counted = text;

  while (start != NULL)
    {
      const char *next = next_card (text, end, start + 11);
      g_autoptr(GError) card_error = NULL;
      g_autoptr(GPtrArray) parsed = NULL;

      number++;
      for (; counted < start; counted++)
        line += *counted == '\n';

      parsed = rapport_vcard_parse_all (start, (next != NULL ? next : end) - start, &card_error);
      if (parsed != NULL)
        for (guint i = 0; i < parsed->len; i++)
          g_ptr_array_add (cards, rapport_vcard_ref (g_ptr_array_index (parsed, i)));
      else
        {
          report->skipped++;
          /* Translators: a card's number in the file, the line it
           * starts on, and why it does not read */
          g_ptr_array_add (report->problems,
                           g_strdup_printf (_("card %u (from line %u): %s"), number, line, card_error->message));
        }

      start = next;
    }

  return cards;
}

gboolean
rapport_import_vcf (RapportStore          *store,
                    const char            *data,
                    gsize                  length,
                    RapportImportFlags     flags,
                    RapportImportReport  **report_out,
                    GError               **error)
{
  g_autoptr(RapportImportReport) report = rapport_import_report_new ();
  g_autoptr(GHashTable) type_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) cards = NULL;
  g_autoptr(GPtrArray) types = NULL;
  g_autofree char *text = NULL;
  gboolean skip_invalid = (flags & RAPPORT_IMPORT_SKIP_INVALID) != 0;
  gsize text_length = 0;
  gboolean ok = TRUE;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (!(text = to_utf8 (data != NULL ? data : "", length, &text_length, error)))
    {
      g_prefix_error (error, _("The file is not readable as UTF-16: "));
      ok = FALSE;
      goto out;
    }

  if (!(cards = skip_invalid ? parse_each (text, text_length, report)
                             : rapport_vcard_parse_all (text, text_length, error)))
    {
      ok = FALSE;
      goto out;
    }

  /* An empty file, or text with no card in it, is not an address book. */
  if (cards->len == 0 && report->skipped == 0)
    {
      g_set_error_literal (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                           _("The file holds no vCard (BEGIN:VCARD … END:VCARD)"));
      ok = FALSE;
      goto out;
    }

  if (!(types = rapport_store_list_customer_types (store, error)))
    {
      ok = FALSE;
      goto out;
    }
  for (guint i = 0; i < types->len; i++)
    g_hash_table_add (type_keys, g_strdup (((RapportCustomerType *) g_ptr_array_index (types, i))->key));

  if (!rapport_store_begin (store, error))
    {
      ok = FALSE;
      goto out;
    }

  for (guint i = 0; i < cards->len && ok; i++)
    {
      RapportVCard *card = g_ptr_array_index (cards, i);
      g_autoptr(GError) card_error = NULL;
      g_autofree char *label = card_label (card, i + 1);
      CardResult result;

      if (skip_invalid && !rapport_store_exec (store, "SAVEPOINT import_card", error))
        {
          ok = FALSE;
          break;
        }

      result = import_card (store, type_keys, card, &card_error);
      switch (result)
        {
        case CARD_CREATED: report->created++; break;
        case CARD_UPDATED: report->updated++; break;
        case CARD_UNCHANGED: report->unchanged++; break;
        case CARD_FAILED:
        default:
          if (card_error != NULL && card_error->domain == RAPPORT_ERROR && card_error->code == RAPPORT_ERROR_DATABASE)
            skip_invalid = FALSE;
          if (!skip_invalid)
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&card_error), "%s: ", label);
              ok = FALSE;
              break;
            }
          report->skipped++;
          g_ptr_array_add (report->problems, g_strdup_printf ("%s: %s", label, card_error->message));
          ok = rapport_store_exec (store, "ROLLBACK TO import_card", error);
          break;
        }

      if (ok && skip_invalid && !rapport_store_exec (store, "RELEASE import_card", error))
        ok = FALSE;
    }

  if (!rapport_store_end (store, ok, ok ? error : NULL))
    ok = FALSE;

  report->imported = report->created + report->updated + report->unchanged;

out:
  if (!ok)
    report->imported = report->created = report->updated = report->unchanged = 0;
  if (report_out != NULL)
    *report_out = g_steal_pointer (&report);
  return ok;
}

gboolean
rapport_import_vcf_file (RapportStore          *store,
                         GFile                 *file,
                         RapportImportFlags     flags,
                         GCancellable          *cancellable,
                         RapportImportReport  **report_out,
                         GError               **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    {
      if (report_out != NULL)
        *report_out = rapport_import_report_new ();
      return FALSE;
    }

  return rapport_import_vcf (store, contents, length, flags, report_out, error);
}

/* The server's copy of a synced customer, the newest of its accounts. */
static char *
dup_synced_card (RapportStore *store,
                 const char   *uid)
{
  sqlite3_stmt *stmt;
  char *card = NULL;

  if (uid == NULL ||
      !(stmt = rapport_store_prepare (store,
                                      "SELECT remote_copy FROM sync_item WHERE local_uid = ? AND kind = 'customer'"
                                      " AND remote_copy IS NOT NULL ORDER BY id DESC LIMIT 1",
                                      NULL)))
    return NULL;
  sqlite3_bind_text (stmt, 1, uid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    card = rapport_column_dup (stmt, 0);
  sqlite3_reset (stmt);

  return card;
}

RapportVCard *
rapport_vcard_for_export (RapportStore          *store,
                          const RapportCustomer *customer,
                          const char            *organization_uid)
{
  g_autofree char *text = NULL;
  g_autoptr(RapportVCard) base = NULL;
  RapportVCard *card;
  RapportVCardVersion version = RAPPORT_VCARD_VERSION_4_0;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  text = rapport_store_dup_customer_card (store, customer->id, NULL);
  if (text == NULL)
    text = dup_synced_card (store, customer->uid);
  if (text != NULL)
    base = rapport_vcard_new_from_string (text, -1, NULL);

  if (base != NULL && !g_str_equal (rapport_vcard_get_version (base), "4.0"))
    version = RAPPORT_VCARD_VERSION_3_0;
  card = rapport_vcard_from_customer (customer, version, organization_uid, base);
  /* The UID as it came ("x@host", not "urn:uuid:x@host"): the app it
   * came from finds its own card again. */
  if (base != NULL && rapport_vcard_get_first (base, "UID") != NULL)
    rapport_vcard_replace_property (card, rapport_vcard_property_copy (rapport_vcard_get_first (base, "UID")));

  return card;
}
