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
#include "rapport-store-private.h"
#include "rapport-text.h"

typedef enum
{
  COLUMN_UNKNOWN,
  COLUMN_IGNORED,
  COLUMN_UID,
  COLUMN_KIND,
  COLUMN_NAME,
  COLUMN_GIVEN_NAME,
  COLUMN_FAMILY_NAME,
  COLUMN_ORGANIZATION,
  COLUMN_JOB_TITLE,
  COLUMN_EMAIL,
  COLUMN_PHONE,
  COLUMN_MOBILE,
  COLUMN_LANGUAGE,
  COLUMN_TIME_ZONE,
  COLUMN_COUNTRY,
  COLUMN_FORM_OF_ADDRESS,
  COLUMN_CHANNEL,
  COLUMN_BEST_TIME,
  COLUMN_TYPE,
  COLUMN_NOTES,
  COLUMN_CULTURAL_NOTES,
  COLUMN_STREET,
  COLUMN_LOCALITY,
  COLUMN_REGION,
  COLUMN_POSTAL_CODE,
} Column;

static const struct {
  const char *name;
  Column      column;
} column_names[] = {
  { "uid", COLUMN_UID },
  { "id", COLUMN_IGNORED },
  { "kind", COLUMN_KIND },
  { "name", COLUMN_NAME },
  { "full name", COLUMN_NAME },
  { "display name", COLUMN_NAME },
  { "customer", COLUMN_NAME },
  { "customer name", COLUMN_NAME },
  { "contact", COLUMN_NAME },
  { "contact name", COLUMN_NAME },
  { "given name", COLUMN_GIVEN_NAME },
  { "first name", COLUMN_GIVEN_NAME },
  { "firstname", COLUMN_GIVEN_NAME },
  { "forename", COLUMN_GIVEN_NAME },
  { "family name", COLUMN_FAMILY_NAME },
  { "last name", COLUMN_FAMILY_NAME },
  { "lastname", COLUMN_FAMILY_NAME },
  { "surname", COLUMN_FAMILY_NAME },
  { "organization", COLUMN_ORGANIZATION },
  { "organisation", COLUMN_ORGANIZATION },
  { "company", COLUMN_ORGANIZATION },
  { "company name", COLUMN_ORGANIZATION },
  { "business", COLUMN_ORGANIZATION },
  { "org", COLUMN_ORGANIZATION },
  { "job title", COLUMN_JOB_TITLE },
  { "title", COLUMN_JOB_TITLE },
  { "position", COLUMN_JOB_TITLE },
  { "role", COLUMN_JOB_TITLE },
  { "email", COLUMN_EMAIL },
  { "e mail", COLUMN_EMAIL },
  { "email address", COLUMN_EMAIL },
  { "e mail address", COLUMN_EMAIL },
  { "mail", COLUMN_EMAIL },
  { "emails", COLUMN_EMAIL },
  { "phone", COLUMN_PHONE },
  { "phone number", COLUMN_PHONE },
  { "telephone", COLUMN_PHONE },
  { "tel", COLUMN_PHONE },
  { "phones", COLUMN_PHONE },
  { "work phone", COLUMN_PHONE },
  { "mobile", COLUMN_MOBILE },
  { "mobile phone", COLUMN_MOBILE },
  { "cell", COLUMN_MOBILE },
  { "cell phone", COLUMN_MOBILE },
  { "language", COLUMN_LANGUAGE },
  { "preferred language", COLUMN_LANGUAGE },
  { "lang", COLUMN_LANGUAGE },
  { "locale", COLUMN_LANGUAGE },
  { "time zone", COLUMN_TIME_ZONE },
  { "timezone", COLUMN_TIME_ZONE },
  { "tz", COLUMN_TIME_ZONE },
  { "country", COLUMN_COUNTRY },
  { "form of address", COLUMN_FORM_OF_ADDRESS },
  { "salutation", COLUMN_FORM_OF_ADDRESS },
  { "honorific", COLUMN_FORM_OF_ADDRESS },
  { "preferred channel", COLUMN_CHANNEL },
  { "channel", COLUMN_CHANNEL },
  { "best time", COLUMN_BEST_TIME },
  { "best time to contact", COLUMN_BEST_TIME },
  { "type", COLUMN_TYPE },
  { "types", COLUMN_TYPE },
  { "customer type", COLUMN_TYPE },
  { "customer types", COLUMN_TYPE },
  { "category", COLUMN_TYPE },
  { "tags", COLUMN_TYPE },
  { "notes", COLUMN_NOTES },
  { "note", COLUMN_NOTES },
  { "comments", COLUMN_NOTES },
  { "comment", COLUMN_NOTES },
  { "cultural notes", COLUMN_CULTURAL_NOTES },
  { "street", COLUMN_STREET },
  { "address", COLUMN_STREET },
  { "street address", COLUMN_STREET },
  { "city", COLUMN_LOCALITY },
  { "town", COLUMN_LOCALITY },
  { "locality", COLUMN_LOCALITY },
  { "region", COLUMN_REGION },
  { "state", COLUMN_REGION },
  { "province", COLUMN_REGION },
  { "postal code", COLUMN_POSTAL_CODE },
  { "postcode", COLUMN_POSTAL_CODE },
  { "zip", COLUMN_POSTAL_CODE },
  { "zip code", COLUMN_POSTAL_CODE },
};

typedef struct
{
  RapportStore        *store;
  RapportImportFlags   flags;
  Column              *columns;
  guint                n_columns;
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
  g_free (report);
}

static RapportImportReport *
import_report_new (void)
{
  RapportImportReport *report = g_new0 (RapportImportReport, 1);

  report->problems = g_ptr_array_new_with_free_func (g_free);
  return report;
}

/* "E-Mail_Address 2" -> "e mail address 2" */
static char *
fold_header (const char *text)
{
  g_autofree char *folded = rapport_store_fold (text);
  GString *out = g_string_new (NULL);

  for (const char *p = folded; *p != '\0'; p++)
    {
      char c = *p;

      if (c == '_' || c == '-' || c == '.' || g_ascii_isspace (c))
        c = ' ';
      if (c == ' ' && (out->len == 0 || out->str[out->len - 1] == ' '))
        continue;
      g_string_append_c (out, c);
    }
  while (out->len > 0 && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);

  return g_string_free (out, FALSE);
}

static Column
lookup_column (const char *header)
{
  g_autofree char *folded = fold_header (header);
  gsize len = strlen (folded);

  /* "email 2", "phone 3": further values of a multi-valued field. */
  while (len > 0 && (g_ascii_isdigit (folded[len - 1]) || folded[len - 1] == ' '))
    folded[--len] = '\0';

  for (guint i = 0; i < G_N_ELEMENTS (column_names); i++)
    if (g_str_equal (folded, column_names[i].name))
      return column_names[i].column;

  return COLUMN_UNKNOWN;
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

static void
add_contact_points (RapportCustomer *customer,
                    const char      *value,
                    gboolean         phone,
                    const char      *label)
{
  /* Several values in one cell: "a@x.org, b@y.org". Phones keep their
   * commas-free digits, so only ';' and '|' separate them. */
  g_auto(GStrv) parts = g_strsplit_set (value, phone ? ";|" : ",;| ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strstrip (parts[i]);
      if (*parts[i] == '\0')
        continue;

      if (phone)
        rapport_customer_add_phone (customer, parts[i], label, customer->phones->len == 0);
      else
        rapport_customer_add_email (customer, parts[i], label, customer->emails->len == 0);
    }
}

static void
set_field (char       **target,
           const char  *value)
{
  if (*target == NULL)
    *target = g_strdup (value);
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
  g_autofree char *organization = NULL;
  RapportAddress *address = NULL;
  gboolean kind_given = FALSE;

  for (guint i = 0; i < n_fields && i < importer->n_columns; i++)
    {
      const char *value = fields[i];
      int enum_value;

      while (g_ascii_isspace (*value))
        value++;
      if (*value == '\0')
        continue;

      switch (importer->columns[i])
        {
        case COLUMN_UNKNOWN:
        case COLUMN_IGNORED:
          break;

        case COLUMN_UID:
          set_field (&customer->uid, g_str_has_prefix (value, "urn:uuid:") ? value + 9 : value);
          break;

        case COLUMN_KIND:
          if (!rapport_enum_from_key (rapport_customer_kind_info, value, _("kind"), &enum_value, error))
            return NULL;
          customer->kind = enum_value;
          kind_given = TRUE;
          break;

        case COLUMN_NAME:
          set_field (&customer->display_name, value);
          break;

        case COLUMN_GIVEN_NAME:
          set_field (&customer->given_name, value);
          break;

        case COLUMN_FAMILY_NAME:
          set_field (&customer->family_name, value);
          break;

        case COLUMN_ORGANIZATION:
          if (organization == NULL)
            {
              char *cut;

              organization = g_strstrip (g_strdup (value));
              if ((cut = rapport_text_fit (&organization, RAPPORT_TEXT_SHORT, _("organization"))))
                g_ptr_array_add (cuts, cut);
            }
          break;

        case COLUMN_JOB_TITLE:
          set_field (&customer->job_title, value);
          break;

        case COLUMN_EMAIL:
          add_contact_points (customer, value, FALSE, NULL);
          break;

        case COLUMN_PHONE:
          add_contact_points (customer, value, TRUE, NULL);
          break;

        case COLUMN_MOBILE:
          add_contact_points (customer, value, TRUE, "mobile");
          break;

        case COLUMN_LANGUAGE:
          set_field (&customer->language, value);
          break;

        case COLUMN_TIME_ZONE:
          set_field (&customer->time_zone, value);
          break;

        case COLUMN_COUNTRY:
          set_field (&customer->country, value);
          break;

        case COLUMN_FORM_OF_ADDRESS:
          set_field (&customer->form_of_address, value);
          break;

        case COLUMN_CHANNEL:
          if (!rapport_enum_from_key (rapport_channel_info, value, _("preferred channel"), &enum_value, error))
            return NULL;
          customer->preferred_channel = enum_value;
          break;

        case COLUMN_BEST_TIME:
          set_field (&customer->best_time, value);
          break;

        case COLUMN_TYPE:
          if (!add_types (importer, customer, value, error))
            return NULL;
          break;

        case COLUMN_NOTES:
          set_field (&customer->notes, value);
          break;

        case COLUMN_CULTURAL_NOTES:
          set_field (&customer->cultural_notes, value);
          break;

        case COLUMN_STREET:
        case COLUMN_LOCALITY:
        case COLUMN_REGION:
        case COLUMN_POSTAL_CODE:
          if (address == NULL)
            address = rapport_customer_add_address (customer, NULL);
          if (importer->columns[i] == COLUMN_STREET)
            set_field (&address->street, value);
          else if (importer->columns[i] == COLUMN_LOCALITY)
            set_field (&address->locality, value);
          else if (importer->columns[i] == COLUMN_REGION)
            set_field (&address->region, value);
          else
            set_field (&address->postal_code, value);
          break;

        default:
          g_assert_not_reached ();
        }
    }

  if (address != NULL && address->country == NULL && customer->country != NULL)
    address->country = g_strdup (customer->country);

  if ((fitted = rapport_customer_fit_text (customer)))
    for (guint i = 0; i < fitted->len; i++)
      g_ptr_array_add (cuts, g_strdup (g_ptr_array_index (fitted, i)));

  if (organization != NULL)
    {
      gboolean has_person_name = customer->display_name != NULL ||
                                 customer->given_name != NULL ||
                                 customer->family_name != NULL;

      /* A row with only a company is the company itself. */
      if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION || (!kind_given && !has_person_name))
        {
          customer->kind = RAPPORT_CUSTOMER_KIND_ORGANIZATION;
          set_field (&customer->display_name, organization);
        }
      else
        {
          gint64 id = find_or_create_organization (importer, organization, error);

          if (id < 0)
            return NULL;
          customer->organization_id = id;
        }
    }

  return g_steal_pointer (&customer);
}

static gboolean
import_row (Importer           *importer,
            guint               line,
            guint               n_fields,
            const char *const  *fields,
            GError            **error)
{
  g_autoptr(RapportCustomer) customer = NULL;
  g_autoptr(GPtrArray) cuts = g_ptr_array_new_with_free_func (g_free);

  if (n_fields > importer->n_columns)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   ngettext ("%u field where the header has %u",
                             "%u fields where the header has %u", n_fields),
                   n_fields, importer->n_columns);
      return FALSE;
    }

  if (!(customer = build_customer (importer, n_fields, fields, cuts, error)))
    return FALSE;

  if (!rapport_store_insert_customer_row (importer->store, customer, error))
    return FALSE;

  for (guint i = 0; i < cuts->len; i++)
    g_ptr_array_add (importer->report->problems,
                     g_strdup_printf (_("line %u: %s"), line, (const char *) g_ptr_array_index (cuts, i)));

  if (customer->kind == RAPPORT_CUSTOMER_KIND_ORGANIZATION)
    g_hash_table_insert (importer->organizations,
                         rapport_store_fold (customer->display_name),
                         GSIZE_TO_POINTER (customer->id));

  return TRUE;
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
  importer->columns = g_new0 (Column, n_fields);

  for (guint i = 0; i < n_fields; i++)
    {
      importer->columns[i] = lookup_column (fields[i]);

      if (importer->columns[i] > COLUMN_IGNORED)
        known = TRUE;
      else if (importer->columns[i] == COLUMN_UNKNOWN && *fields[i] != '\0')
        g_ptr_array_add (importer->report->problems,
                         g_strdup_printf (_("line %u: column “%s” is not a customer field and was ignored"),
                                          line, fields[i]));
    }

  if (!known)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE,
                   _("line %u: the header row names no known column (expected name, email, phone, ...)"),
                   line);
      return FALSE;
    }

  return TRUE;
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

static void
importer_clear (Importer *importer)
{
  g_clear_pointer (&importer->columns, g_free);
  g_clear_pointer (&importer->organizations, g_hash_table_unref);
  g_clear_pointer (&importer->types, g_hash_table_unref);
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
             RapportImportFlags     flags,
             InputCheck             check,
             gpointer               check_data,
             RapportImportReport  **report,
             GError               **error)
{
  g_auto(Importer) importer = { 0 };
  g_autoptr(RapportImportReport) result = import_report_new ();
  gboolean skip_invalid = (flags & RAPPORT_IMPORT_SKIP_INVALID) != 0;
  gboolean ok = FALSE;
  gboolean checked = FALSE;
  gint64 last_id = 0;

  importer.store = self;
  importer.flags = flags;
  importer.report = result;
  importer.organizations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  importer.types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  if (!read_header (&importer, reader, error))
    goto done;

  if (!rapport_store_begin (self, error))
    goto done;

  if (!load_types (&importer, error) ||
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
      gboolean row_ok;

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

      row_ok = import_row (&importer, line, n_fields, fields, &row_error);

      if (row_ok)
        {
          result->imported++;
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

      /* Undo what the row began (an organization created for it). */
      g_hash_table_remove_all (importer.organizations);
      if (!rapport_store_exec (self, "ROLLBACK TO import_row; RELEASE import_row", error))
        {
          rapport_store_end (self, FALSE, NULL);
          goto done;
        }

      g_ptr_array_add (result->problems, g_strdup_printf (_("line %u: %s"), line, row_error->message));
      result->skipped++;
    }

  checked = TRUE;
  if (check != NULL && !check (check_data, TRUE, error))
    {
      rapport_store_end (self, FALSE, NULL);
      goto done;
    }

  /* The search documents of everything imported, in one statement. */
  if (!rapport_store_index_customers_after (self, last_id, error))
    {
      rapport_store_end (self, FALSE, NULL);
      goto done;
    }

  if (result->imported > 0)
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
    result->imported = 0;
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
  g_autoptr(RapportCsvReader) reader = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  reader = rapport_csv_reader_new (data, length);
  return import_rows (self, reader, flags, NULL, NULL, report, error);
}

gboolean
rapport_store_import_csv_stream (RapportStore          *self,
                                 GInputStream          *stream,
                                 RapportImportFlags     flags,
                                 GCancellable          *cancellable,
                                 RapportImportReport  **report,
                                 GError               **error)
{
  g_autoptr(RapportCsvReader) reader = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_INPUT_STREAM (stream), FALSE);

  reader = rapport_csv_reader_new_for_stream (stream, cancellable);
  return import_rows (self, reader, flags, NULL, NULL, report, error);
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
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GFileInfo) opened = NULL;
  g_autoptr(RapportCsvReader) reader = NULL;
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
  reader = rapport_csv_reader_new_for_stream (G_INPUT_STREAM (stream), cancellable);

  return import_rows (self, reader, flags, file_unchanged, &input, report, error);
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
  if (report != NULL && report->imported > 0)
    rapport_store_notify_changed (self, RAPPORT_ENTITY_ALL, RAPPORT_CHANGE_ADDED, 0);

  return report;
}
