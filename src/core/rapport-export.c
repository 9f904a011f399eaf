/* rapport-export.c
 *
 * Whole-database exports, written as they are read: customer by customer,
 * through a small buffer, so that 100,000 customers cost the memory of one.
 *
 * CSV: a header row, then one row per customer (organizations first, then
 * people; trash excluded), with the column names the importer reads:
 *
 *   uid, kind, name, given name, family name, organization, job title,
 *   email, phone, language, time zone, country, form of address,
 *   preferred channel, best time, type, street, locality, region,
 *   postal code, cultural notes, notes
 *
 * A multi-valued field stays in one column, its values separated by "; ",
 * the preferred one first: "email" holds every address, "phone" every
 * number and "type" every stored customer type key. The importer splits
 * these cells on ';' again, so an export imports back as it was; one
 * column per field also keeps the header fixed whatever the data, which
 * a single streaming pass needs. The address columns hold the preferred
 * (else the first) postal address. Labels of emails and phones, the other
 * addresses and the consent record are in the JSON backup only.
 *
 * JSON backup: one object
 *
 *   {"format": "rapport-backup", "version": 1, "exported": "...Z",
 *    "customers": [...], "interactions": [...], "follow_ups": [...],
 *    "contracts": [...], "notices": [...], "cases": [...],
 *    "feedback": [...], "customer_types": [...], "service_targets": [...]}
 *
 * with every record as rapport-json.c writes it, one record per line.
 */

#define G_LOG_DOMAIN "rapport-export"

#include "config.h"

#include "rapport-csv.h"
#include "rapport-error.h"
#include "rapport-export.h"
#include "rapport-json.h"

/* Written out whenever this much is buffered. */
#define FLUSH_SIZE (64 * 1024)

typedef struct
{
  GOutputStream *out;
  GString       *buffer;
} Writer;

static void
writer_init (Writer        *writer,
             GOutputStream *out)
{
  writer->out = out;
  writer->buffer = g_string_sized_new (FLUSH_SIZE + 4096);
}

static void
writer_clear (Writer *writer)
{
  if (writer->buffer != NULL)
    g_string_free (writer->buffer, TRUE);
  writer->buffer = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

static gboolean
writer_flush (Writer  *writer,
              GError **error)
{
  if (writer->buffer->len == 0)
    return TRUE;

  if (!g_output_stream_write_all (writer->out, writer->buffer->str, writer->buffer->len,
                                  NULL, NULL, error))
    return FALSE;

  g_string_truncate (writer->buffer, 0);
  return TRUE;
}

static gboolean
writer_maybe_flush (Writer  *writer,
                    GError **error)
{
  return writer->buffer->len < FLUSH_SIZE || writer_flush (writer, error);
}

/* Organizations first, then people, each by name: a person's organization
 * then comes before them, as the importer needs it. */
static GArray *
list_all_customer_ids (RapportStore  *self,
                       GError       **error)
{
  RapportCustomerQuery query = { 0 };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GArray) people = NULL;

  query.sort = RAPPORT_SORT_NAME;
  query.kind_set = TRUE;
  query.kind = RAPPORT_CUSTOMER_KIND_ORGANIZATION;
  if (!(ids = rapport_store_list_customer_ids (self, &query, error)))
    return NULL;

  query.kind = RAPPORT_CUSTOMER_KIND_PERSON;
  if (!(people = rapport_store_list_customer_ids (self, &query, error)))
    return NULL;

  g_array_append_vals (ids, people->data, people->len);
  return g_steal_pointer (&ids);
}

/* CSV ------------------------------------------------------------------ */

static const char * const csv_columns[] = {
  "uid", "kind", "name", "given name", "family name", "organization", "job title",
  "email", "phone", "language", "time zone", "country", "form of address",
  "preferred channel", "best time", "type", "street", "locality", "region",
  "postal code", "cultural notes", "notes",
};

static char *
join_points (GPtrArray *points)
{
  g_autoptr(GString) out = g_string_new (NULL);

  /* The preferred value first: the importer makes the first preferred. */
  for (guint pass = 0; pass < 2; pass++)
    {
      for (guint i = 0; i < points->len; i++)
        {
          const RapportContactPoint *point = g_ptr_array_index (points, i);

          if ((pass == 0) != !!point->preferred)
            continue;
          if (out->len > 0)
            g_string_append (out, "; ");
          g_string_append (out, point->value);
        }
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
join_strings (GPtrArray *values)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < values->len; i++)
    {
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append (out, g_ptr_array_index (values, i));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static const RapportAddress *
main_address (const RapportCustomer *customer)
{
  for (guint i = 0; i < customer->addresses->len; i++)
    {
      const RapportAddress *address = g_ptr_array_index (customer->addresses, i);

      if (address->preferred)
        return address;
    }

  return customer->addresses->len > 0 ? g_ptr_array_index (customer->addresses, 0) : NULL;
}

static void
append_csv_row (GString               *out,
                const RapportCustomer *customer)
{
  g_autofree char *emails = join_points (customer->emails);
  g_autofree char *phones = join_points (customer->phones);
  g_autofree char *types = join_strings (customer->types);
  const RapportAddress *address = main_address (customer);
  const char *channel = customer->preferred_channel != RAPPORT_CHANNEL_NONE
                        ? rapport_enum_to_key (rapport_channel_info, customer->preferred_channel)
                        : NULL;
  const char *fields[] = {
    customer->uid,
    rapport_enum_to_key (rapport_customer_kind_info, customer->kind),
    customer->display_name,
    customer->given_name,
    customer->family_name,
    customer->kind == RAPPORT_CUSTOMER_KIND_PERSON ? customer->organization_name : NULL,
    customer->job_title,
    emails,
    phones,
    customer->language,
    customer->time_zone,
    customer->country,
    customer->form_of_address,
    channel,
    customer->best_time,
    types,
    address != NULL ? address->street : NULL,
    address != NULL ? address->locality : NULL,
    address != NULL ? address->region : NULL,
    address != NULL ? address->postal_code : NULL,
    customer->cultural_notes,
    customer->notes,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (fields) == G_N_ELEMENTS (csv_columns));

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      rapport_csv_append_field (out, fields[i], ',');
    }
  g_string_append (out, "\r\n");
}

gboolean
rapport_store_export_csv (RapportStore   *self,
                          GOutputStream  *out,
                          GError        **error)
{
  g_auto(Writer) writer = { 0 };
  g_autoptr(GArray) ids = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  if (!(ids = list_all_customer_ids (self, error)))
    return FALSE;

  writer_init (&writer, out);

  for (guint i = 0; i < G_N_ELEMENTS (csv_columns); i++)
    {
      if (i > 0)
        g_string_append_c (writer.buffer, ',');
      rapport_csv_append_field (writer.buffer, csv_columns[i], ',');
    }
  g_string_append (writer.buffer, "\r\n");

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(RapportCustomer) customer = NULL;
      g_autoptr(GError) local_error = NULL;

      customer = rapport_store_get_customer (self, g_array_index (ids, gint64, i), &local_error);
      if (customer == NULL)
        {
          /* Removed since the list was read: not an error. */
          if (g_error_matches (local_error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      append_csv_row (writer.buffer, customer);
      if (!writer_maybe_flush (&writer, error))
        return FALSE;
    }

  return writer_flush (&writer, error);
}

/* JSON ----------------------------------------------------------------- */

typedef struct
{
  Writer         writer;
  JsonGenerator *generator;
  RapportStore  *store;
  GArray        *ids;
  guint          n_in_array;
} Backup;

static void
backup_clear (Backup *backup)
{
  writer_clear (&backup->writer);
  g_clear_object (&backup->generator);
  g_clear_pointer (&backup->ids, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Backup, backup_clear)

static void
backup_begin_array (Backup     *backup,
                    const char *name)
{
  g_string_append_printf (backup->writer.buffer, ",\n  \"%s\": [", name);
  backup->n_in_array = 0;
}

static void
backup_end_array (Backup *backup)
{
  g_string_append (backup->writer.buffer, backup->n_in_array > 0 ? "\n  ]" : "]");
}

/* Takes @node. */
static gboolean
backup_add (Backup    *backup,
            JsonNode  *node,
            GError   **error)
{
  g_autoptr(JsonNode) owned = node;

  json_generator_set_root (backup->generator, owned);
  g_string_append (backup->writer.buffer, backup->n_in_array > 0 ? ",\n    " : "\n    ");
  json_generator_to_gstring (backup->generator, backup->writer.buffer);
  backup->n_in_array++;

  return writer_maybe_flush (&backup->writer, error);
}

typedef JsonNode *(*ToJsonFunc) (gconstpointer record);

static gboolean
backup_add_all (Backup      *backup,
                GPtrArray   *records,
                ToJsonFunc   to_json,
                GError     **error)
{
  for (guint i = 0; i < records->len; i++)
    if (!backup_add (backup, to_json (g_ptr_array_index (records, i)), error))
      return FALSE;

  return TRUE;
}

static JsonNode *
interaction_json (gconstpointer record)
{
  return rapport_interaction_to_json (record);
}

static JsonNode *
follow_up_json (gconstpointer record)
{
  return rapport_follow_up_to_json (record);
}

static JsonNode *
contract_json (gconstpointer record)
{
  return rapport_contract_to_json (record);
}

static JsonNode *
notice_json (gconstpointer record)
{
  return rapport_notice_to_json (record);
}

static JsonNode *
case_json (gconstpointer record)
{
  return rapport_case_to_json (record);
}

static JsonNode *
feedback_json (gconstpointer record)
{
  return rapport_feedback_to_json (record);
}

static JsonNode *
customer_type_json (gconstpointer record)
{
  return rapport_customer_type_to_json (record);
}

static JsonNode *
service_target_json (gconstpointer record)
{
  return rapport_service_target_to_json (record);
}

typedef enum
{
  SECTION_INTERACTIONS,
  SECTION_FOLLOW_UPS,
  SECTION_CONTRACTS,
  SECTION_NOTICES,
  SECTION_CASES,
  SECTION_FEEDBACK,
} Section;

/* The records of @section that belong to customer @id. */
static GPtrArray *
list_section (RapportStore  *store,
              Section        section,
              gint64         id,
              GError       **error)
{
  switch (section)
    {
    case SECTION_INTERACTIONS:
      return rapport_store_list_interactions (store, id, 0, error);

    case SECTION_FOLLOW_UPS:
      return rapport_store_list_follow_ups (store, id, FALSE, error);

    case SECTION_CONTRACTS:
      return rapport_store_list_contracts (store, id, error);

    case SECTION_CASES:
      return rapport_store_list_cases (store, id, FALSE, error);

    case SECTION_FEEDBACK:
      return rapport_store_list_feedback (store, id, error);

    case SECTION_NOTICES:
      {
        g_autoptr(GPtrArray) contracts = rapport_store_list_contracts (store, id, error);
        g_autoptr(GPtrArray) notices = NULL;

        if (contracts == NULL)
          return NULL;

        notices = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_notice_free);
        for (guint i = 0; i < contracts->len; i++)
          {
            const RapportContract *contract = g_ptr_array_index (contracts, i);
            g_autoptr(GPtrArray) some = rapport_store_list_notices (store, contract->id, error);

            if (some == NULL)
              return NULL;

            g_ptr_array_extend_and_steal (notices, g_steal_pointer (&some));
          }

        return g_steal_pointer (&notices);
      }

    default:
      g_assert_not_reached ();
    }

  return NULL;
}

static gboolean
backup_section (Backup      *backup,
                const char  *name,
                Section      section,
                ToJsonFunc   to_json,
                GError     **error)
{
  backup_begin_array (backup, name);

  for (guint i = 0; i < backup->ids->len; i++)
    {
      g_autoptr(GPtrArray) records = NULL;

      records = list_section (backup->store, section, g_array_index (backup->ids, gint64, i), error);
      if (records == NULL || !backup_add_all (backup, records, to_json, error))
        return FALSE;
    }

  backup_end_array (backup);
  return TRUE;
}

gboolean
rapport_store_export_json (RapportStore   *self,
                           GOutputStream  *out,
                           GError        **error)
{
  g_auto(Backup) backup = { 0 };
  g_autoptr(GPtrArray) types = NULL;
  g_autoptr(GPtrArray) targets = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *exported = NULL;

  g_return_val_if_fail (RAPPORT_IS_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (out), FALSE);

  backup.store = self;
  if (!(backup.ids = list_all_customer_ids (self, error)))
    return FALSE;

  writer_init (&backup.writer, out);
  backup.generator = json_generator_new ();

  now = g_date_time_new_now_utc ();
  exported = rapport_json_format_instant (g_date_time_to_unix (now));
  g_string_append_printf (backup.writer.buffer,
                          "{\n  \"format\": \"rapport-backup\",\n  \"version\": 1,\n  \"exported\": \"%s\"",
                          exported);

  backup_begin_array (&backup, "customers");
  for (guint i = 0; i < backup.ids->len; i++)
    {
      g_autoptr(RapportCustomer) customer = NULL;
      g_autoptr(GError) local_error = NULL;

      customer = rapport_store_get_customer (self, g_array_index (backup.ids, gint64, i), &local_error);
      if (customer == NULL)
        {
          if (g_error_matches (local_error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND))
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      if (!backup_add (&backup, rapport_customer_to_json (customer), error))
        return FALSE;
    }
  backup_end_array (&backup);

  if (!backup_section (&backup, "interactions", SECTION_INTERACTIONS, interaction_json, error) ||
      !backup_section (&backup, "follow_ups", SECTION_FOLLOW_UPS, follow_up_json, error) ||
      !backup_section (&backup, "contracts", SECTION_CONTRACTS, contract_json, error) ||
      !backup_section (&backup, "notices", SECTION_NOTICES, notice_json, error) ||
      !backup_section (&backup, "cases", SECTION_CASES, case_json, error) ||
      !backup_section (&backup, "feedback", SECTION_FEEDBACK, feedback_json, error))
    return FALSE;

  if (!(types = rapport_store_list_customer_types (self, error)))
    return FALSE;
  backup_begin_array (&backup, "customer_types");
  if (!backup_add_all (&backup, types, customer_type_json, error))
    return FALSE;
  backup_end_array (&backup);

  if (!(targets = rapport_store_list_service_targets (self, error)))
    return FALSE;
  backup_begin_array (&backup, "service_targets");
  if (!backup_add_all (&backup, targets, service_target_json, error))
    return FALSE;
  backup_end_array (&backup);

  g_string_append (backup.writer.buffer, "\n}\n");

  return writer_flush (&backup.writer, error);
}
