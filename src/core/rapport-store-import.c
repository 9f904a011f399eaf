/* rapport-store-import.c
 *
 * CSV import. The header row names the columns; names are matched after
 * folding case, accents, '_' and '-' ("First_Name", "E-mail", "Société"
 * are understood). One transaction for the whole file: all or nothing,
 * unless skipping invalid rows, where each row has a savepoint of its own.
 *
 * A file is read as a stream, never mapped: a mapped file that shrinks
 * while it is read kills the process (SIGBUS). Its size and modification
 * time are taken when it is opened and looked at again after the last
 * row, before the commit: a file that changed meanwhile (cut short, grown,
 * rewritten) imports nothing. One replaced by another (renamed over it)
 * is read to its end as it was.
 *
 * A field over the store's limit (rapport-text.h) is cut, and the cut is
 * reported for its line: the row is imported, not lost.
 */

#define G_LOG_DOMAIN "rapport-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "rapport-csv.h"
#include "rapport-error.h"
#include "rapport-import-presets.h"
#include "rapport-phone.h"
#include "rapport-validate.h"
#include "rapport-store-private.h"
#include "rapport-text.h"

typedef struct
{
  RapportStore        *store;
  RapportImportFlags   flags;
  RapportImportColumn *columns;
  guint                n_columns;
  char               **header;
  guint               *unmapped_rows;    /* per column */
  guint               *kept_rows;        /* per column */
  const char *const   *map;
  /* Normalized phone -> customer id: customer_phone has no index on its
   * value, so matching by phone looks here (loaded once per import). */
  GHashTable          *phones;
  /* The user's region, for numbers written without their country code. */
  char                *region;
  GHashTable          *organizations;   /* folded name -> id */
  GHashTable          *types;           /* folded key or name -> key */
  RapportImportReport *report;
} Importer;

void
rapport_import_report_free (RapportImportReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->unmapped, g_ptr_array_unref);
  g_clear_pointer (&report->kept, g_ptr_array_unref);
  g_free (report);
}

static void
column_count_free (gpointer data)
{
  RapportImportColumnCount *count = data;

  g_free (count->column);
  g_free (count);
}

RapportImportReport *
rapport_import_report_new (void)
{
  RapportImportReport *report = g_new0 (RapportImportReport, 1);

  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->unmapped = g_ptr_array_new_with_free_func (column_count_free);
  report->kept = g_ptr_array_new_with_free_func (column_count_free);
  return report;
}

static gboolean
load_types (Importer  *importer,
            GError   **error)
{
  g_autoptr(GPtrArray) types = rapport_store_list_customer_types (importer->store, error);

  if (types == NULL)
    return FALSE;

  for (guint i = 0; i < types->len; i++)
    {
      const RapportCustomerType *type = g_ptr_array_index (types, i);

      g_hash_table_insert (importer->types, rapport_store_fold (type->key), g_strdup (type->key));
      g_hash_table_insert (importer->types, rapport_store_fold (type->name), g_strdup (type->key));
      g_hash_table_insert (importer->types, rapport_store_fold (rapport_customer_type_get_label (type)),
                           g_strdup (type->key));
    }

  return TRUE;
}

static gboolean
add_types (Importer         *importer,
           RapportCustomer  *customer,
           const char       *value,
           GError          **error)
{
  g_auto(GStrv) parts = g_strsplit_set (value, ",;|", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *folded = NULL;
      const char *key;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;

      folded = rapport_store_fold (parts[i]);
      key = g_hash_table_lookup (importer->types, folded);
      if (key == NULL)
        {
          g_autofree char *shown = rapport_text_for_message (parts[i], -1);

          g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                       _("type: “%s” is not a customer type"), shown);
          return FALSE;
        }

      rapport_customer_add_type (customer, key);
    }

  return TRUE;
}

static gint64
find_or_create_organization (Importer    *importer,
                             const char  *name,
                             GError     **error)
{
  g_autofree char *folded = rapport_store_fold (name);
  g_autoptr(RapportCustomer) organization = NULL;
  sqlite3_stmt *stmt;
  gpointer cached;
  gint64 id = 0;

  if ((cached = g_hash_table_lookup (importer->organizations, folded)))
    return GPOINTER_TO_SIZE (cached);

  if (!(stmt = rapport_store_prepare (importer->store,
                                      "SELECT id FROM customer WHERE sort_key = ? AND kind = 1 AND deleted IS NULL"
                                      " ORDER BY id LIMIT 1",
                                      error)))
    return -1;

  sqlite3_bind_text (stmt, 1, folded, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  if (id == 0)
    {
      organization = rapport_customer_new (RAPPORT_CUSTOMER_KIND_ORGANIZATION);
      organization->display_name = g_strdup (name);
      if (!rapport_store_insert_customer_row (importer->store, organization, error))
        {
          g_prefix_error (error, _("organization “%s”: "), name);
          return -1;
        }
      id = organization->id;
    }

  g_hash_table_insert (importer->organizations, g_steal_pointer (&folded), GSIZE_TO_POINTER (id));
  return id;
}

/* A category that is no customer type yet becomes one: its key is the
 * name in lower-case ASCII ("Key Accounts" -> "key-accounts"), or
 * "category-" and a digest of the name when nothing of it is ASCII. */
static const char *
find_or_create_category (Importer    *importer,
                         const char  *name,
                         GError     **error)
{
  g_autofree char *folded = rapport_store_fold (name);
  g_autoptr(RapportCustomerType) type = NULL;
  GString *key;
  const char *found;

  if ((found = g_hash_table_lookup (importer->types, folded)))
    return found;

  key = g_string_new (NULL);
  for (const char *p = folded; *p != '\0' && key->len < 40; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (key, g_ascii_tolower (*p));
      else if (key->len > 0 && key->str[key->len - 1] != '-')
        g_string_append_c (key, '-');
    }
  while (key->len > 0 && key->str[key->len - 1] == '-')
    g_string_truncate (key, key->len - 1);
  if (key->len == 0 || g_hash_table_contains (importer->types, key->str))
    {
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA1, folded, -1);

      g_string_printf (key, "category-%.12s", digest);
    }

  type = rapport_customer_type_new ();
  type->key = g_string_free (key, FALSE);
  type->name = g_strdup (name);
  if (!rapport_store_add_customer_type (importer->store, type, error))
    {
      g_prefix_error (error, _("category “%s”: "), name);
      return NULL;
    }

  g_hash_table_insert (importer->types, rapport_store_fold (type->key), g_strdup (type->key));
  g_hash_table_insert (importer->types, g_steal_pointer (&folded), g_strdup (type->key));
  return g_hash_table_lookup (importer->types, type->key);
}

/* "My Contacts" -> "mycontacts" */
static char *
fold_words (const char *text)
{
  g_autofree char *folded = rapport_store_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);

  return g_string_free (out, FALSE);
}

/* Google's system groups: "* myContacts" (everyone in the account) and
 * "* Other Contacts" say nothing about the customer and are left out;
 * others ("* starred", "* Friends") become categories without the star. */
static gboolean
add_categories (Importer                  *importer,
                RapportCustomer           *customer,
                const RapportImportColumn *column,
                const char                *value,
                GError                   **error)
{
  g_auto(GStrv) parts = NULL;

  if (column->separator != NULL)
    parts = g_strsplit (value, column->separator, -1);
  else
    parts = g_strsplit_set (value, ",;", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *name = g_strstrip (parts[i]);
      g_autofree char *folded = NULL;
      const char *key;

      if (g_str_has_prefix (name, "* "))
        {
          name += 2;
          while (g_ascii_isspace (*name))
            name++;
          folded = fold_words (name);
          if (g_str_equal (folded, "mycontacts") || g_str_equal (folded, "othercontacts"))
            continue;
        }
      if (*name == '\0')
        continue;

      if (!(key = find_or_create_category (importer, name, error)))
        return FALSE;
      if (!rapport_customer_has_type (customer, key))
        rapport_customer_add_type (customer, key);
    }

  return TRUE;
}

typedef struct
{
  guint    number;
  char    *email;
  char    *email_label;
  char    *phone;
  char    *phone_label;
  gboolean preferred_email;
  gboolean preferred_phone;
  char    *address_label;
  char    *formatted;
  GString *street;
  char    *locality;
  char    *region;
  char    *postal_code;
  char    *country;
} Slot;

static void
slot_clear (Slot *slot)
{
  g_free (slot->email);
  g_free (slot->email_label);
  g_free (slot->phone);
  g_free (slot->phone_label);
  g_free (slot->address_label);
  g_free (slot->formatted);
  if (slot->street != NULL)
    g_string_free (slot->street, TRUE);
  g_free (slot->locality);
  g_free (slot->region);
  g_free (slot->postal_code);
  g_free (slot->country);
}

static Slot *
get_slot (GArray *slots,
          guint   number)
{
  Slot slot = { 0 };

  for (guint i = 0; i < slots->len; i++)
    if (g_array_index (slots, Slot, i).number == number)
      return &g_array_index (slots, Slot, i);

  slot.number = number;
  g_array_append_val (slots, slot);
  return &g_array_index (slots, Slot, slots->len - 1);
}

static int
slot_compare (gconstpointer a,
              gconstpointer b)
{
  const Slot *slot_a = a, *slot_b = b;

  return slot_a->number < slot_b->number ? -1 : slot_a->number > slot_b->number;
}

/* Google writes "* Home" for the primary value's label. */
static char *
take_label (const char *value,
            gboolean   *preferred)
{
  if (g_str_has_prefix (value, "* "))
    {
      *preferred = TRUE;
      value += 2;
    }

  return g_utf8_strdown (value, -1);
}

static void
set_field (char       **target,
           const char  *value)
{
  if (*target == NULL)
    *target = g_strdup (value);
}

static void
append_text (char       **target,
             const char  *value)
{
  if (*target == NULL)
    *target = g_strdup (value);
  else
    {
      char *joined = g_strconcat (*target, "\n", value, NULL);

      g_free (*target);
      *target = joined;
    }
}

/* Several values in one cell: "a@x.org, b@y.org", Google's
 * "a@x.org ::: b@y.org". Phones keep their commas-free digits, so only
 * ';', '|' and ':' separate them. */
static void
add_contact_points (RapportCustomer *customer,
                    const char      *value,
                    gboolean         phone,
                    const char      *label,
                    gboolean         preferred)
{
  g_auto(GStrv) parts = g_strsplit_set (value, phone ? ";|:" : ",;|: ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      GPtrArray *points = phone ? customer->phones : customer->emails;

      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;

      preferred = preferred || points->len == 0;
      if (preferred)
        for (guint j = 0; j < points->len; j++)
          ((RapportContactPoint *) g_ptr_array_index (points, j))->preferred = FALSE;

      if (phone)
        rapport_customer_add_phone (customer, parts[i], label, preferred);
      else
        rapport_customer_add_email (customer, parts[i], label, preferred);
      preferred = FALSE;
    }
}

/* A file from another app is outside data: a value Rapport would refuse
 * if the user typed it (a country name where a code is expected, an
 * unusual email) is imported as it is, and counted for the report. */
static void
note_kept (Importer   *importer,
           guint       column,
           gboolean    valid)
{
  if (!valid)
    importer->kept_rows[column]++;
}

static gboolean
all_valid_emails (const char *value)
{
  g_auto(GStrv) parts = g_strsplit_set (value, ",;|: ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] != '\0' && !rapport_validate_email (parts[i], "email", NULL))
        return FALSE;
    }

  return TRUE;
}

/* Fields over their limit are cut, and each cut is added to @cuts:
 * the row is imported, not lost. */
static RapportCustomer *
build_customer (Importer           *importer,
                guint               n_fields,
                const char *const  *fields,
                GPtrArray          *cuts,
                GError            **error)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(GPtrArray) fitted = NULL;
  g_autoptr(GArray) slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_autofree char *organization = NULL;
  gboolean kind_given = FALSE;

  g_array_set_clear_func (slots, (GDestroyNotify) slot_clear);

  for (guint i = 0; i < n_fields && i < importer->n_columns; i++)
    {
      const RapportImportColumn *column = &importer->columns[i];
      g_autofree char *trimmed = g_strstrip (g_strdup (fields[i]));
      const char *value = trimmed;
      int enum_value;
      Slot *slot;

      if (*value == '\0' ||
          (column->empty_value != NULL && g_str_equal (value, column->empty_value)))
        continue;

      switch (column->field)
        {
        case RAPPORT_IMPORT_FIELD_NONE:
          importer->unmapped_rows[i]++;
          break;

        case RAPPORT_IMPORT_FIELD_IGNORE:
          break;

        case RAPPORT_IMPORT_FIELD_UID:
          set_field (&customer->uid, g_str_has_prefix (value, "urn:uuid:") ? value + 9 : value);
          break;

        case RAPPORT_IMPORT_FIELD_KIND:
          if (!rapport_enum_from_key (rapport_customer_kind_info, value, _("kind"), &enum_value, error))
            return NULL;
          customer->kind = enum_value;
          kind_given = TRUE;
          break;

        case RAPPORT_IMPORT_FIELD_NAME:
          set_field (&customer->display_name, value);
          break;

        case RAPPORT_IMPORT_FIELD_GIVEN_NAME:
          set_field (&customer->given_name, value);
          break;

        case RAPPORT_IMPORT_FIELD_FAMILY_NAME:
          set_field (&customer->family_name, value);
          break;

        case RAPPORT_IMPORT_FIELD_PHONETIC_NAME:
          set_field (&customer->phonetic_name, value);
          break;

        case RAPPORT_IMPORT_FIELD_ORGANIZATION:
          if (organization == NULL)
            {
              char *cut;

              organization = g_strdup (value);
              if ((cut = rapport_text_fit (&organization, RAPPORT_TEXT_SHORT, _("organization"))))
                g_ptr_array_add (cuts, cut);
            }
          break;

        case RAPPORT_IMPORT_FIELD_JOB_TITLE:
          set_field (&customer->job_title, value);
          break;

        case RAPPORT_IMPORT_FIELD_FORM_OF_ADDRESS:
          set_field (&customer->form_of_address, value);
          break;

        case RAPPORT_IMPORT_FIELD_EMAIL:
        case RAPPORT_IMPORT_FIELD_PHONE:
          {
            gboolean phone = column->field == RAPPORT_IMPORT_FIELD_PHONE;

            /* A number from outside is kept as it came, read by
             * libphonenumber or not. */
            if (!phone)
              note_kept (importer, i, all_valid_emails (value));
            slot = get_slot (slots, column->slot);
            if (phone)
              {
                if (slot->phone_label == NULL && column->label != NULL)
                  slot->phone_label = g_strdup (column->label);
                append_text (&slot->phone, value);
              }
            else
              {
                if (slot->email_label == NULL && column->label != NULL)
                  slot->email_label = g_strdup (column->label);
                append_text (&slot->email, value);
              }
          }
          break;

        case RAPPORT_IMPORT_FIELD_EMAIL_LABEL:
          slot = get_slot (slots, column->slot);
          g_free (slot->email_label);
          slot->email_label = take_label (value, &slot->preferred_email);
          break;

        case RAPPORT_IMPORT_FIELD_PHONE_LABEL:
          slot = get_slot (slots, column->slot);
          g_free (slot->phone_label);
          slot->phone_label = take_label (value, &slot->preferred_phone);
          break;

        case RAPPORT_IMPORT_FIELD_ADDRESS_LABEL:
          {
            gboolean preferred = FALSE;

            slot = get_slot (slots, column->slot);
            g_free (slot->address_label);
            slot->address_label = take_label (value, &preferred);
          }
          break;

        case RAPPORT_IMPORT_FIELD_ADDRESS_FORMATTED:
          set_field (&get_slot (slots, column->slot)->formatted, value);
          break;

        case RAPPORT_IMPORT_FIELD_STREET:
          slot = get_slot (slots, column->slot);
          if (slot->address_label == NULL && column->label != NULL)
            slot->address_label = g_strdup (column->label);
          if (slot->street == NULL)
            slot->street = g_string_new (value);
          else
            g_string_append_printf (slot->street, "\n%s", value);
          break;

        case RAPPORT_IMPORT_FIELD_LOCALITY:
        case RAPPORT_IMPORT_FIELD_REGION:
        case RAPPORT_IMPORT_FIELD_POSTAL_CODE:
        case RAPPORT_IMPORT_FIELD_ADDRESS_COUNTRY:
          if (column->field == RAPPORT_IMPORT_FIELD_ADDRESS_COUNTRY)
            note_kept (importer, i, rapport_validate_country (value, "country", NULL));
          slot = get_slot (slots, column->slot);
          if (slot->address_label == NULL && column->label != NULL)
            slot->address_label = g_strdup (column->label);
          set_field (column->field == RAPPORT_IMPORT_FIELD_LOCALITY ? &slot->locality :
                     column->field == RAPPORT_IMPORT_FIELD_REGION ? &slot->region :
                     column->field == RAPPORT_IMPORT_FIELD_POSTAL_CODE ? &slot->postal_code :
                     &slot->country, value);
          break;

        case RAPPORT_IMPORT_FIELD_LANGUAGE:
          {
            g_autofree char *tag = rapport_language_tag_normalize (value, "language", NULL);

            note_kept (importer, i, tag != NULL);
            set_field (&customer->language, value);
          }
          break;

        case RAPPORT_IMPORT_FIELD_TIME_ZONE:
          note_kept (importer, i, rapport_validate_time_zone (value, "time zone", NULL));
          set_field (&customer->time_zone, value);
          break;

        case RAPPORT_IMPORT_FIELD_COUNTRY:
          note_kept (importer, i, rapport_validate_country (value, "country", NULL));
          set_field (&customer->country, value);
          break;

        case RAPPORT_IMPORT_FIELD_CHANNEL:
          if (!rapport_enum_from_key (rapport_channel_info, value, _("preferred channel"), &enum_value, error))
            return NULL;
          customer->preferred_channel = enum_value;
          break;

        case RAPPORT_IMPORT_FIELD_BEST_TIME:
          set_field (&customer->best_time, value);
          break;

        case RAPPORT_IMPORT_FIELD_TYPE:
          if (!add_types (importer, customer, value, error))
            return NULL;
          break;

        case RAPPORT_IMPORT_FIELD_CATEGORIES:
          if (!add_categories (importer, customer, column, value, error))
            return NULL;
          break;

        case RAPPORT_IMPORT_FIELD_NOTES:
          append_text (&customer->notes, value);
          break;

        case RAPPORT_IMPORT_FIELD_CULTURAL_NOTES:
          append_text (&customer->cultural_notes, value);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_array_sort (slots, slot_compare);
  for (guint i = 0; i < slots->len; i++)
    {
      Slot *slot = &g_array_index (slots, Slot, i);

      if (slot->email != NULL)
        add_contact_points (customer, slot->email, FALSE, slot->email_label, slot->preferred_email);
      if (slot->phone != NULL)
        add_contact_points (customer, slot->phone, TRUE, slot->phone_label, slot->preferred_phone);

      if (slot->street != NULL || slot->locality != NULL || slot->region != NULL ||
          slot->postal_code != NULL || slot->country != NULL || slot->formatted != NULL)
        {
          RapportAddress *address = rapport_customer_add_address (customer, slot->address_label);

          if (slot->street != NULL)
            address->street = g_strdup (slot->street->str);
          else if (slot->locality == NULL && slot->region == NULL && slot->postal_code == NULL)
            address->street = g_strdup (slot->formatted);
          address->locality = g_strdup (slot->locality);
          address->region = g_strdup (slot->region);
          address->postal_code = g_strdup (slot->postal_code);
          address->country = g_strdup (slot->country);
          if (address->country == NULL && customer->country != NULL)
            address->country = g_strdup (customer->country);
        }
    }

  if ((fitted = rapport_customer_fit_text (customer)))
    for (guint i = 0; i < fitted->len; i++)
      g_ptr_array_add (cuts, g_strdup (g_ptr_array_index (fitted, i)));

  if (organization != NULL)
    {
      g_autofree char *name = g_strstrip (g_strdup (organization));
      gboolean has_person_name = customer->display_name != NULL ||
                                 customer->given_name != NULL ||
                                 customer->family_name != NULL;

      /* A row with only a company is the company itself. */
      if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION || (!kind_given && !has_person_name))
        {
          customer->kind = RAPPORT_CUSTOMER_KIND_ORGANIZATION;
          set_field (&customer->display_name, name);
        }
      else
        {
          gint64 id = find_or_create_organization (importer, name, error);

          if (id < 0)
            return NULL;
          customer->organization_id = id;
        }
    }

  return g_steal_pointer (&customer);
}

/* Matching -------------------------------------------------------------- */

static void
report_cuts (Importer  *importer,
             guint      line,
             GPtrArray *cuts)
{
  for (guint i = 0; i < cuts->len; i++)
    g_ptr_array_add (importer->report->problems,
                     g_strdup_printf (_("line %u: %s"), line, (const char *) g_ptr_array_index (cuts, i)));
}

/* What a number is matched by: its E.164 form, or, when libphonenumber
 * reads none in it, its digits (and a leading "+"), as
 * rapport_phone_equal() compares them. */
static char *
phone_key (const char *value,
           const char *region)
{
  char *key = rapport_phone_dup_key_for (value, region);
  GString *digits;

  if (key != NULL || value == NULL)
    return key;

  digits = g_string_new (NULL);
  for (const char *p = value; *p != '\0'; p++)
    if (g_ascii_isdigit (*p) || (*p == '+' && digits->len == 0))
      g_string_append_c (digits, *p);

  if (digits->len == 0)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }

  return g_string_free (digits, FALSE);
}

static gint64
find_one (Importer    *importer,
          const char  *sql,
          const char  *text,
          int          kind,
          GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!(stmt = rapport_store_prepare (importer->store, sql, error)))
    return -1;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  if (kind >= 0)
    sqlite3_bind_int (stmt, 2, kind);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gboolean
load_phones (Importer  *importer,
             GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_hash_table_remove_all (importer->phones);
  if (!(stmt = rapport_store_prepare (importer->store,
                                      "SELECT p.value, p.customer_id FROM customer_phone p"
                                      " JOIN customer c ON c.id = p.customer_id WHERE c.deleted IS NULL"
                                      " ORDER BY c.id DESC",
                                      error)))
    return FALSE;

  /* Newest first, so that the oldest customer with a number wins. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      char *key = phone_key ((const char *) sqlite3_column_text (stmt, 0), importer->region);

      if (key != NULL)
        g_hash_table_insert (importer->phones, key,
                             GSIZE_TO_POINTER (sqlite3_column_int64 (stmt, 1)));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return rapport_store_set_db_error (importer->store, error);

  return TRUE;
}

static void
remember_phones (Importer              *importer,
                 const RapportCustomer *customer)
{
  for (guint i = 0; i < customer->phones->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (customer->phones, i);
      g_autofree char *normalized = phone_key (point->value, importer->region);

      if (normalized != NULL && !g_hash_table_contains (importer->phones, normalized))
        g_hash_table_insert (importer->phones, g_steal_pointer (&normalized), GSIZE_TO_POINTER (customer->id));
    }
}

/* The existing customer a row is: one with any of its emails (case
 * folded) or phones; a row with neither, one of the same kind and
 * name. 0 when none. */
static gint64
find_existing (Importer         *importer,
               RapportCustomer  *customer,
               GError          **error)
{
  g_autofree char *folded_name = NULL;
  gint64 id;

  for (guint i = 0; i < customer->emails->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (customer->emails, i);
      g_autofree char *folded = g_utf8_casefold (point->value, -1);

      id = find_one (importer,
                     "SELECT e.customer_id FROM customer_email e JOIN customer c ON c.id = e.customer_id"
                     " WHERE e.value_folded = ? AND c.deleted IS NULL ORDER BY c.id LIMIT 1",
                     folded, -1, error);
      if (id != 0)
        return id;
    }

  /* A row with an email of its own that is no customer's is someone new,
   * even when a number is shared (a switchboard). */
  for (guint i = 0; customer->emails->len == 0 && i < customer->phones->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (customer->phones, i);
      g_autofree char *normalized = phone_key (point->value, importer->region);

      if (normalized == NULL)
        continue;
      id = GPOINTER_TO_SIZE (g_hash_table_lookup (importer->phones, normalized));
      if (id != 0)
        return id;
    }

  if (customer->emails->len > 0 || customer->phones->len > 0)
    return 0;

  if (customer->display_name != NULL)
    folded_name = rapport_store_fold (customer->display_name);
  else if (customer->given_name != NULL || customer->family_name != NULL)
    {
      g_autofree char *name = g_strjoin (" ", customer->given_name ? customer->given_name : "",
                                         customer->family_name ? customer->family_name : "", NULL);

      folded_name = rapport_store_fold (g_strstrip (name));
    }
  if (folded_name == NULL || *folded_name == '\0')
    return 0;

  return find_one (importer,
                   "SELECT id FROM customer WHERE sort_key = ? AND kind = ? AND deleted IS NULL"
                   " ORDER BY id LIMIT 1",
                   folded_name, customer->kind, error);
}

static gboolean
text_differs (const char *stored,
              const char *value)
{
  return value != NULL && g_strcmp0 (stored, value) != 0;
}

static gboolean
take_text (char       **stored,
           const char  *value)
{
  if (!text_differs (*stored, value))
    return FALSE;

  g_free (*stored);
  *stored = g_strdup (value);
  return TRUE;
}

static gboolean
same_address (const RapportAddress *a,
              const RapportAddress *b)
{
  return g_strcmp0 (a->street, b->street) == 0 &&
         g_strcmp0 (a->locality, b->locality) == 0 &&
         g_strcmp0 (a->region, b->region) == 0 &&
         g_strcmp0 (a->postal_code, b->postal_code) == 0 &&
         g_ascii_strcasecmp (a->country ? a->country : "", b->country ? b->country : "") == 0;
}

/* Copies into @stored what @row has and @stored has not, or has
 * otherwise; TRUE when anything changed. */
static gboolean
merge_customer (RapportCustomer       *stored,
                const RapportCustomer *row,
                const char            *region)
{
  gboolean changed = FALSE;

  changed |= take_text (&stored->display_name, row->display_name);
  changed |= take_text (&stored->given_name, row->given_name);
  changed |= take_text (&stored->family_name, row->family_name);
  changed |= take_text (&stored->phonetic_name, row->phonetic_name);
  changed |= take_text (&stored->job_title, row->job_title);
  changed |= take_text (&stored->form_of_address, row->form_of_address);
  changed |= take_text (&stored->time_zone, row->time_zone);
  changed |= take_text (&stored->best_time, row->best_time);
  changed |= take_text (&stored->cultural_notes, row->cultural_notes);
  changed |= take_text (&stored->notes, row->notes);
  changed |= take_text (&stored->uid, row->uid);

  if (row->language != NULL)
    {
      g_autofree char *tag = rapport_language_tag_normalize (row->language, "language", NULL);

      changed |= take_text (&stored->language, tag != NULL ? tag : row->language);
    }
  if (row->country != NULL)
    {
      g_autofree char *code = g_ascii_strup (row->country, -1);

      changed |= take_text (&stored->country, code);
    }
  if (row->preferred_channel != RAPPORT_CHANNEL_NONE && row->preferred_channel != stored->preferred_channel)
    {
      stored->preferred_channel = row->preferred_channel;
      changed = TRUE;
    }
  if (row->organization_id != 0 && row->organization_id != stored->organization_id)
    {
      stored->organization_id = row->organization_id;
      changed = TRUE;
    }

  for (guint i = 0; i < row->emails->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (row->emails, i);
      g_autofree char *folded = g_utf8_casefold (point->value, -1);
      gboolean known = FALSE;

      for (guint j = 0; j < stored->emails->len && !known; j++)
        {
          const RapportContactPoint *old = g_ptr_array_index (stored->emails, j);
          g_autofree char *old_folded = g_utf8_casefold (old->value, -1);

          known = g_str_equal (folded, old_folded);
        }
      if (!known)
        {
          rapport_customer_add_email (stored, point->value, point->label, stored->emails->len == 0);
          changed = TRUE;
        }
    }

  for (guint i = 0; i < row->phones->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (row->phones, i);
      gboolean known = FALSE;

      for (guint j = 0; j < stored->phones->len && !known; j++)
        known = rapport_phone_equal (((const RapportContactPoint *) g_ptr_array_index (stored->phones, j))->value,
                                     point->value, region);
      if (!known)
        {
          rapport_customer_add_phone (stored, point->value, point->label, stored->phones->len == 0);
          changed = TRUE;
        }
    }

  for (guint i = 0; i < row->addresses->len; i++)
    {
      const RapportAddress *address = g_ptr_array_index (row->addresses, i);
      gboolean known = FALSE;

      for (guint j = 0; j < stored->addresses->len && !known; j++)
        known = same_address (g_ptr_array_index (stored->addresses, j), address);
      if (!known)
        {
          g_ptr_array_add (stored->addresses, rapport_address_copy (address));
          changed = TRUE;
        }
    }

  for (guint i = 0; i < row->types->len; i++)
    if (!rapport_customer_has_type (stored, g_ptr_array_index (row->types, i)))
      {
        rapport_customer_add_type (stored, g_ptr_array_index (row->types, i));
        changed = TRUE;
      }

  return changed;
}

typedef enum
{
  ROW_FAILED,
  ROW_CREATED,
  ROW_UPDATED,
  ROW_UNCHANGED,
} RowResult;

static RowResult
import_row (Importer           *importer,
            guint               line,
            guint               n_fields,
            const char *const  *fields,
            GError            **error)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) cuts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RapportCustomer) stored = NULL;
  gint64 id;

  if (n_fields > importer->n_columns)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   ngettext ("%u field where the header has %u",
                             "%u fields where the header has %u", n_fields),
                   n_fields, importer->n_columns);
      return ROW_FAILED;
    }

  if (!(customer = build_customer (importer, n_fields, fields, cuts, error)))
    return ROW_FAILED;

  if ((id = find_existing (importer, customer, error)) < 0)
    return ROW_FAILED;

  if (id > 0)
    {
      if (!(stored = rapport_store_get_customer (importer->store, id, error)))
        return ROW_FAILED;
      if (!merge_customer (stored, customer, importer->region))
        return ROW_UNCHANGED;
      if (!rapport_store_update_received_customer (importer->store, stored, error))
        return ROW_FAILED;
      remember_phones (importer, stored);
      report_cuts (importer, line, cuts);
      return ROW_UPDATED;
    }

  if (!rapport_store_insert_customer_row (importer->store, customer, error))
    return ROW_FAILED;
  remember_phones (importer, customer);

  report_cuts (importer, line, cuts);

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    g_hash_table_insert (importer->organizations,
                         rapport_store_fold (customer->display_name),
                         GSIZE_TO_POINTER (customer->id));

  return ROW_CREATED;
}

static gboolean
row_is_blank (guint              n_fields,
              const char *const *fields)
{
  for (guint i = 0; i < n_fields; i++)
    for (const char *p = fields[i]; *p != '\0'; p++)
      if (!g_ascii_isspace (*p))
        return FALSE;

  return TRUE;
}

static gboolean
read_header (Importer          *importer,
             RapportCsvReader  *reader,
             GError           **error)
{
  const char *const *fields = NULL;
  guint n_fields = 0;
  guint line = 0;
  gboolean known = FALSE;

  if (!rapport_csv_reader_next (reader, &n_fields, &fields, &line, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                     _("The file is empty: a header row naming the columns is needed"));
      return FALSE;
    }

  importer->n_columns = n_fields;
  importer->columns = g_new0 (RapportImportColumn, n_fields);
  importer->unmapped_rows = g_new0 (guint, n_fields);
  importer->kept_rows = g_new0 (guint, n_fields);
  importer->header = g_new0 (char *, n_fields + 1);
  for (guint i = 0; i < n_fields; i++)
    importer->header[i] = g_strdup (fields[i]);

  importer->report->preset = rapport_import_columns_recognize (n_fields, fields, importer->columns);
  if (!rapport_import_columns_apply_map (n_fields, fields, importer->columns, importer->map, error))
    return FALSE;

  for (guint i = 0; i < n_fields; i++)
    if (importer->columns[i].field > RAPPORT_IMPORT_FIELD_IGNORE)
      known = TRUE;

  if (!known)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: the header row names no known column (expected name, email, phone, ...)"),
                   line);
      return FALSE;
    }

  return TRUE;
}

/* Every column with data that was not imported goes into the report,
 * with the number of rows that had it; so does every column with values
 * that were imported as they are although a user could not type them. */
static void
report_columns (Importer *importer)
{
  for (guint i = 0; i < importer->n_columns; i++)
    {
      guint unmapped_rows = importer->unmapped_rows[i];
      guint kept_rows = importer->kept_rows[i];

      if (unmapped_rows > 0)
        {
          RapportImportColumnCount *count = g_new0 (RapportImportColumnCount, 1);

          count->column = g_strdup (importer->header[i]);
          count->rows = unmapped_rows;
          g_ptr_array_add (importer->report->unmapped, count);
          g_ptr_array_add (importer->report->problems,
                           g_strdup_printf (ngettext ("column “%s”: %u row had data in it, which was not "
                                                      "imported: no customer field takes it",
                                                      "column “%s”: %u rows had data in it, which was not "
                                                      "imported: no customer field takes it", unmapped_rows),
                                            importer->header[i], unmapped_rows));
        }

      if (kept_rows > 0)
        {
          RapportImportColumnCount *count = g_new0 (RapportImportColumnCount, 1);

          count->column = g_strdup (importer->header[i]);
          count->rows = kept_rows;
          g_ptr_array_add (importer->report->kept, count);
          g_ptr_array_add (importer->report->problems,
                           g_strdup_printf (ngettext ("column “%s”: %u row had a value Rapport would not "
                                                      "accept if it were typed; it was imported as it is",
                                                      "column “%s”: %u rows had a value Rapport would not "
                                                      "accept if it were typed; they were imported as they are",
                                                      kept_rows),
                                            importer->header[i], kept_rows));
        }
    }
}

/* New rows get larger ids than every row before them (SQLite's rowid
 * choice without AUTOINCREMENT), so this marks where the import begins. */
static gint64
last_customer_id (RapportStore  *self,
                  GError       **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  if (!(stmt = rapport_store_prepare (self, "SELECT ifnull (max (id), 0) FROM customer", error)))
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return id;
}

static gboolean
delete_documents_after (RapportStore  *self,
                        gint64         after_id,
                        GError       **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = rapport_store_prepare (self, "DELETE FROM customer_fts WHERE rowid > ?", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, after_id);

  return rapport_store_step_done (self, stmt, error);
}

static void
importer_clear (Importer *importer)
{
  g_clear_pointer (&importer->columns, g_free);
  g_clear_pointer (&importer->header, g_strfreev);
  g_clear_pointer (&importer->unmapped_rows, g_free);
  g_clear_pointer (&importer->kept_rows, g_free);
  g_clear_pointer (&importer->organizations, g_hash_table_unref);
  g_clear_pointer (&importer->types, g_hash_table_unref);
  g_clear_pointer (&importer->phones, g_hash_table_unref);
  g_clear_pointer (&importer->region, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Importer, importer_clear)

/* Whether the input is still as it was when it was opened; called after
 * the last row, before the commit (@at_end), and when the import failed
 * earlier: a row cut short by a change is not what to report. */
typedef gboolean (*InputCheck) (gpointer   data,
                                gboolean   at_end,
                                GError   **error);

static gboolean
import_rows (RapportStore          *self,
             RapportCsvReader      *reader,
             const RapportImportOptions *options,
             InputCheck             check,
             gpointer               check_data,
             RapportImportReport  **report,
             GError               **error)
{
  g_auto(Importer) importer = { 0 };
  g_autoptr(RapportImportReport) result = rapport_import_report_new ();
  RapportImportFlags flags = options->flags;
  gboolean skip_invalid = (flags & RAPPORT_IMPORT_SKIP_INVALID) != 0;
  gboolean ok = FALSE;
  gboolean checked = FALSE;
  gint64 last_id = 0;

  importer.store = self;
  importer.flags = flags;
  importer.report = result;
  importer.map = options->map;
  importer.organizations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  importer.types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  importer.phones = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  importer.region = rapport_phone_dup_user_region ();

  if (!read_header (&importer, reader, error))
    goto done;

  if (!rapport_store_begin (self, error))
    goto done;

  if (!load_types (&importer, error) ||
      !load_phones (&importer, error) ||
      (last_id = last_customer_id (self, error)) < 0)
    {
      rapport_store_end (self, FALSE, NULL);
      goto done;
    }

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;
      const char *const *fields = NULL;
      guint n_fields = 0;
      guint line = 0;
      RowResult row_result;

      if (!rapport_csv_reader_next (reader, &n_fields, &fields, &line, &row_error))
        {
          if (row_error == NULL)
            break;

          /* The reader's message already starts with the line. Only a
           * malformed row can be skipped: after any other error (reading
           * failed) the input ends. */
          if (!skip_invalid || !g_error_matches (row_error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE))
            {
              g_propagate_error (error, g_steal_pointer (&row_error));
              rapport_store_end (self, FALSE, NULL);
              goto done;
            }
          g_ptr_array_add (result->problems, g_strdup (row_error->message));
          result->skipped++;
          continue;
        }

      if (row_is_blank (n_fields, fields))
        continue;

      if (skip_invalid && !rapport_store_exec (self, "SAVEPOINT import_row", error))
        {
          rapport_store_end (self, FALSE, NULL);
          goto done;
        }

      row_result = import_row (&importer, line, n_fields, fields, &row_error);

      if (row_result != ROW_FAILED)
        {
          result->imported++;
          if (row_result == ROW_CREATED)
            result->created++;
          else if (row_result == ROW_UPDATED)
            result->updated++;
          else
            result->unchanged++;
          if (skip_invalid && !rapport_store_exec (self, "RELEASE import_row", error))
            {
              rapport_store_end (self, FALSE, NULL);
              goto done;
            }
          continue;
        }

      if (!skip_invalid || g_error_matches (row_error, RAPPORT_ERROR, RAPPORT_ERROR_DATABASE))
        {
          g_set_error (error, row_error->domain, row_error->code,
                       _("line %u: %s"), line, row_error->message);
          rapport_store_end (self, FALSE, NULL);
          goto done;
        }

      /* Undo what the row began (an organization or a category created
       * for it). */
      g_hash_table_remove_all (importer.organizations);
      g_hash_table_remove_all (importer.types);
      if (!rapport_store_exec (self, "ROLLBACK TO import_row; RELEASE import_row", error) ||
          !load_types (&importer, error) ||
          !load_phones (&importer, error))
        {
          rapport_store_end (self, FALSE, NULL);
          goto done;
        }

      g_ptr_array_add (result->problems, g_strdup_printf (_("line %u: %s"), line, row_error->message));
      result->skipped++;
    }

  report_columns (&importer);

  checked = TRUE;
  if (check != NULL && !check (check_data, TRUE, error))
    {
      rapport_store_end (self, FALSE, NULL);
      goto done;
    }

  /* The search documents of everything imported, in one statement;
   * a customer created and then updated by a later row of the file was
   * indexed by the update: that document goes first. */
  if (!delete_documents_after (self, last_id, error) ||
      !rapport_store_index_customers_after (self, last_id, error))
    {
      rapport_store_end (self, FALSE, NULL);
      goto done;
    }

  if (result->created > 0 || result->updated > 0)
    rapport_store_queue_change (self, RAPPORT_ENTITY_ALL, RAPPORT_CHANGE_ADDED, 0);

  ok = rapport_store_end (self, TRUE, error);

done:
  if (!ok && !checked && check != NULL)
    {
      g_autoptr(GError) change_error = NULL;

      if (!check (check_data, FALSE, &change_error))
        {
          g_clear_error (error);
          g_propagate_error (error, g_steal_pointer (&change_error));
        }
    }

  if (!ok)
    result->imported = result->created = result->updated = result->unchanged = 0;
  if (report != NULL)
    *report = g_steal_pointer (&result);

  return ok;
}

gboolean
rapport_store_import_csv (RapportStore          *self,
                          const char            *data,
                          gsize                  length,
                          RapportImportFlags     flags,
                          RapportImportReport  **report,
                          GError               **error)
{
  g_autoptr(GInputStream) stream = NULL;
  RapportImportOptions options = { flags, NULL, NULL };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  stream = g_memory_input_stream_new_from_data (data, length, NULL);
  return rapport_store_import_csv_stream_full (self, stream, &options, NULL, report, error);
}

gboolean
rapport_store_import_csv_stream (RapportStore          *self,
                                 GInputStream          *stream,
                                 RapportImportFlags     flags,
                                 GCancellable          *cancellable,
                                 RapportImportReport  **report,
                                 GError               **error)
{
  RapportImportOptions options = { flags, NULL, NULL };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  return rapport_store_import_csv_stream_full (self, stream, &options, cancellable, report, error);
}

static gboolean
import_text_stream (RapportStore               *self,
                    GInputStream               *stream,
                    const RapportImportOptions *options,
                    InputCheck                  check,
                    gpointer                    check_data,
                    GCancellable               *cancellable,
                    RapportImportReport       **report,
                    GError                    **error)
{
  static const RapportImportOptions defaults = { RAPPORT_IMPORT_DEFAULT, NULL, NULL };
  g_autoptr(GInputStream) text = NULL;
  g_autoptr(RapportCsvReader) reader = NULL;

  if (options == NULL)
    options = &defaults;

  if (!(text = rapport_import_open_text_stream (stream, options->encoding, cancellable, error)))
    return FALSE;

  reader = rapport_csv_reader_new_for_stream (text, cancellable);
  return import_rows (self, reader, options, check, check_data, report, error);
}

gboolean
rapport_store_import_csv_stream_full (RapportStore               *self,
                                      GInputStream               *stream,
                                      const RapportImportOptions *options,
                                      GCancellable               *cancellable,
                                      RapportImportReport       **report,
                                      GError                    **error)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  if (report != NULL)
    *report = NULL;

  return import_text_stream (self, stream, options, NULL, NULL, cancellable, report, error);
}

#define FILE_ATTRIBUTES G_FILE_ATTRIBUTE_STANDARD_TYPE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," \
                        G_FILE_ATTRIBUTE_TIME_MODIFIED "," G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC

typedef struct
{
  GFileInputStream *stream;
  GFileInfo        *opened;   /* as it was when opened */
} FileInput;

static gboolean
file_unchanged (gpointer   data,
                gboolean   at_end,
                GError   **error)
{
  FileInput *input = data;
  g_autoptr(GFileInfo) now = NULL;
  goffset size = g_file_info_get_size (input->opened);

  /* Only a regular file has a size to compare (a pipe has none). */
  if (g_file_info_get_file_type (input->opened) != G_FILE_TYPE_REGULAR)
    return TRUE;

  if (!(now = g_file_input_stream_query_info (input->stream, FILE_ATTRIBUTES, NULL, error)))
    return FALSE;

  if (g_file_info_get_size (now) != size ||
      (at_end && g_seekable_tell (G_SEEKABLE (input->stream)) != size) ||
      g_file_info_get_attribute_uint64 (now, G_FILE_ATTRIBUTE_TIME_MODIFIED) !=
        g_file_info_get_attribute_uint64 (input->opened, G_FILE_ATTRIBUTE_TIME_MODIFIED) ||
      g_file_info_get_attribute_uint32 (now, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC) !=
        g_file_info_get_attribute_uint32 (input->opened, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
                   _("The file changed while it was being imported, so nothing was imported: "
                     "import it again once it is complete"));
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_store_import_csv_file (RapportStore          *self,
                               GFile                 *file,
                               RapportImportFlags     flags,
                               GCancellable          *cancellable,
                               RapportImportReport  **report,
                               GError               **error)
{
  RapportImportOptions options = { flags, NULL, NULL };

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return rapport_store_import_csv_file_full (self, file, &options, cancellable, report, error);
}

gboolean
rapport_store_import_csv_file_full (RapportStore               *self,
                                    GFile                      *file,
                                    const RapportImportOptions *options,
                                    GCancellable               *cancellable,
                                    RapportImportReport       **report,
                                    GError                    **error)
{
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) opened = NULL;
  FileInput input;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (report != NULL)
    *report = NULL;

  if (!(stream = g_file_read (file, cancellable, error)) ||
      !(opened = g_file_input_stream_query_info (stream, FILE_ATTRIBUTES, cancellable, error)))
    return FALSE;

  if (g_file_info_get_file_type (opened) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("This is a folder, not a CSV file"));
      return FALSE;
    }

  input.stream = stream;
  input.opened = opened;
  return import_text_stream (self, G_INPUT_STREAM (stream), options, file_unchanged, &input,
                             cancellable, report, error);
}

typedef struct
{
  char               *path;
  GFile              *file;
  RapportImportFlags  flags;
} ImportTask;

static void
import_task_free (ImportTask *task)
{
  g_free (task->path);
  g_clear_object (&task->file);
  g_free (task);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportTask *data = task_data;
  g_autoptr(RapportStore) store = NULL;
  g_autoptr(RapportImportReport) report = NULL;
  g_autofree char *file_path = g_file_get_path (data->file);
  GError *error = NULL;

  if (file_path == NULL)
    {
      g_task_return_new_error (task, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                               _("Only local files can be imported"));
      return;
    }

  /* Bulk work gets a connection of its own: the caller's stays free. */
  if (!(store = rapport_store_open (data->path, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!rapport_store_import_csv_file (store, data->file, data->flags, cancellable, &report, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&report), (GDestroyNotify) rapport_import_report_free);
}

void
rapport_store_import_csv_async (RapportStore        *self,
                                GFile               *file,
                                RapportImportFlags   flags,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportTask *data;

  g_return_if_fail (RAPPORT_IS_STORE (self));
  g_return_if_fail (G_IS_FILE (file));

  data = g_new0 (ImportTask, 1);
  data->path = g_strdup (self->path);
  data->file = g_object_ref (file);
  data->flags = flags;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rapport_store_import_csv_async);
  g_task_set_task_data (task, data, (GDestroyNotify) import_task_free);
  g_task_run_in_thread (task, import_thread);
}

RapportImportReport *
rapport_store_import_csv_finish (RapportStore  *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  RapportImportReport *report;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  report = g_task_propagate_pointer (G_TASK (result), error);

  /* The worker wrote through its own connection: tell our views. */
  if (report != NULL && (report->created > 0 || report->updated > 0))
    rapport_store_notify_changed (self, RAPPORT_ENTITY_ALL, RAPPORT_CHANGE_ADDED, 0);

  return report;
}
