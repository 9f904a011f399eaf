/* rapport-json.c
 *
 * Every record as a JSON object with all its fields, for rapportctl --json
 * and the backup. Absent values (NULL strings, 0 ids and instants) are
 * written as null rather than left out, so that every object of a kind has
 * the same members.
 */

#define G_LOG_DOMAIN "rapport-json"

#include "config.h"

#include "rapport-json.h"
#include "rapport-validate.h"

/* ISO 8601 with four digits of year always: GLib's %Y writes the year
 * 999 as "999". @offset NULL: "Z". */
static char *
format_iso8601 (GDateTime  *dt,
                const char *offset)
{
  g_autofree char *zone = offset != NULL ? g_date_time_format (dt, "%:z") : NULL;

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d%s",
                          g_date_time_get_year (dt), g_date_time_get_month (dt),
                          g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                          g_date_time_get_minute (dt), g_date_time_get_second (dt),
                          zone != NULL ? zone : "Z");
}

char *
rapport_json_format_instant (gint64 instant)
{
  g_autoptr(GDateTime) dt = NULL;

  if (instant == 0)
    return NULL;

  dt = g_date_time_new_from_unix_utc (instant);
  if (dt == NULL)
    return NULL;

  return format_iso8601 (dt, NULL);
}

static void
add_string (JsonBuilder *builder,
            const char  *key,
            const char  *value)
{
  json_builder_set_member_name (builder, key);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *key,
         gint64       value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_int_value (builder, value);
}

static void
add_bool (JsonBuilder *builder,
          const char  *key,
          gboolean     value)
{
  json_builder_set_member_name (builder, key);
  json_builder_add_boolean_value (builder, value);
}

/* A reference to another record: null when there is none. */
static void
add_id (JsonBuilder *builder,
        const char  *key,
        gint64       id)
{
  json_builder_set_member_name (builder, key);
  if (id != 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

static void
add_instant (JsonBuilder *builder,
             const char  *key,
             gint64       instant)
{
  g_autofree char *text = rapport_json_format_instant (instant);

  add_string (builder, key, text);
}

static void
add_enum (JsonBuilder           *builder,
          const char            *key,
          const RapportEnumInfo *info,
          int                    value)
{
  add_string (builder, key, rapport_enum_to_key (info, value));
}

static void
add_string_array (JsonBuilder *builder,
                  const char  *key,
                  GPtrArray   *values)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && i < values->len; i++)
    json_builder_add_string_value (builder, g_ptr_array_index (values, i));
  json_builder_end_array (builder);
}

static void
add_contact_points (JsonBuilder *builder,
                    const char  *key,
                    GPtrArray   *points)
{
  json_builder_set_member_name (builder, key);
  json_builder_begin_array (builder);
  for (guint i = 0; points != NULL && i < points->len; i++)
    {
      const RapportContactPoint *point = g_ptr_array_index (points, i);

      json_builder_begin_object (builder);
      add_string (builder, "value", point->value);
      add_string (builder, "label", point->label);
      add_bool (builder, "preferred", point->preferred);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_addresses (JsonBuilder *builder,
               GPtrArray   *addresses)
{
  json_builder_set_member_name (builder, "addresses");
  json_builder_begin_array (builder);
  for (guint i = 0; addresses != NULL && i < addresses->len; i++)
    {
      const RapportAddress *address = g_ptr_array_index (addresses, i);

      json_builder_begin_object (builder);
      add_string (builder, "label", address->label);
      add_string (builder, "street", address->street);
      add_string (builder, "locality", address->locality);
      add_string (builder, "region", address->region);
      add_string (builder, "postal_code", address->postal_code);
      add_string (builder, "country", address->country);
      add_bool (builder, "preferred", address->preferred);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* "1200.00" in the currency's minor units; null without a currency and
 * value. */
static void
add_money (JsonBuilder *builder,
           const char  *key,
           gint64       value,
           const char  *currency)
{
  g_autofree char *text = NULL;

  if (currency != NULL && *currency != '\0')
    text = rapport_format_money_plain (value, currency);
  else if (value != 0)
    text = g_strdup_printf ("%" G_GINT64_FORMAT, value);

  add_string (builder, key, text);
}

JsonNode *
rapport_customer_to_json (const RapportCustomer *customer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (customer != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", customer->id);
  add_string (builder, "uid", customer->uid);
  add_enum (builder, "kind", rapport_customer_kind_info, customer->kind);
  add_string (builder, "display_name", customer->display_name);
  add_string (builder, "given_name", customer->given_name);
  add_string (builder, "family_name", customer->family_name);
  add_string (builder, "phonetic_name", customer->phonetic_name);
  add_id (builder, "organization_id", customer->organization_id);
  add_string (builder, "organization_name", customer->organization_name);
  add_string (builder, "job_title", customer->job_title);
  add_string (builder, "form_of_address", customer->form_of_address);
  add_bool (builder, "first_name_basis", customer->first_name_basis);
  add_string (builder, "language", customer->language);
  add_string (builder, "time_zone", customer->time_zone);
  add_string (builder, "country", customer->country);
  add_enum (builder, "preferred_channel", rapport_channel_info, customer->preferred_channel);
  add_string (builder, "best_time", customer->best_time);
  add_string (builder, "cultural_notes", customer->cultural_notes);
  add_string (builder, "notes", customer->notes);
  add_bool (builder, "consent_marketing", customer->consent_marketing);
  add_string (builder, "consent_date", customer->consent_date);
  add_string (builder, "consent_basis", customer->consent_basis);
  add_enum (builder, "lifecycle", rapport_lifecycle_info, customer->lifecycle);
  add_contact_points (builder, "emails", customer->emails);
  add_contact_points (builder, "phones", customer->phones);
  add_addresses (builder, customer->addresses);
  add_string_array (builder, "types", customer->types);
  add_string_array (builder, "derived_types", customer->derived_types);
  add_instant (builder, "last_contact", customer->last_contact);
  add_instant (builder, "next_follow_up", customer->next_follow_up);
  add_instant (builder, "created", customer->created);
  add_instant (builder, "modified", customer->modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_interaction_to_json (const RapportInteraction *interaction)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (interaction != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", interaction->id);
  add_string (builder, "uid", interaction->uid);
  add_int (builder, "customer_id", interaction->customer_id);
  add_instant (builder, "when", interaction->when);
  add_enum (builder, "channel", rapport_channel_info, interaction->channel);
  add_enum (builder, "direction", rapport_direction_info, interaction->direction);
  add_string (builder, "contact_name", interaction->contact_name);
  add_string (builder, "contact_point", interaction->contact_point);
  add_string (builder, "subject", interaction->subject);
  add_string (builder, "body", interaction->body);
  add_string (builder, "action_requested", interaction->action_requested);
  add_string (builder, "action_promised", interaction->action_promised);
  add_string (builder, "recorded_by", interaction->recorded_by);
  add_int (builder, "handle_time", interaction->handle_time);
  add_string (builder, "outcome", interaction->outcome);
  add_id (builder, "case_id", interaction->case_id);
  add_instant (builder, "created", interaction->created);
  add_instant (builder, "modified", interaction->modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The due moment as wall time with offset in the follow-up's own zone:
 * "2026-12-01T10:00:00+01:00". */
static char *
format_in_zone (gint64      instant,
                const char *time_zone)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  if (instant == 0 || time_zone == NULL || *time_zone == '\0')
    return NULL;

  tz = g_time_zone_new_identifier (time_zone);
  utc = g_date_time_new_from_unix_utc (instant);
  if (tz == NULL || utc == NULL)
    return NULL;

  there = g_date_time_to_timezone (utc, tz);
  return format_iso8601 (there, "offset");
}

JsonNode *
rapport_follow_up_to_json (const RapportFollowUp *follow_up)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *due_local = NULL;

  g_return_val_if_fail (follow_up != NULL, NULL);

  due_local = format_in_zone (follow_up->due, follow_up->time_zone);

  json_builder_begin_object (builder);
  add_int (builder, "id", follow_up->id);
  add_string (builder, "uid", follow_up->uid);
  add_id (builder, "customer_id", follow_up->customer_id);
  add_string (builder, "customer_name", follow_up->customer_name);
  add_instant (builder, "due", follow_up->due);
  add_string (builder, "time_zone", follow_up->time_zone);
  add_string (builder, "due_in_time_zone", due_local);
  add_string (builder, "title", follow_up->title);
  add_string (builder, "notes", follow_up->notes);
  add_int (builder, "priority", follow_up->priority);
  add_enum (builder, "state", rapport_follow_up_state_info, follow_up->state);
  add_instant (builder, "snoozed_until", follow_up->snoozed_until);
  add_string (builder, "rrule", follow_up->rrule);
  add_id (builder, "origin_interaction_id", follow_up->origin_interaction_id);
  add_instant (builder, "completed_at", follow_up->completed_at);
  add_string (builder, "owner", follow_up->owner);
  add_instant (builder, "created", follow_up->created);
  add_instant (builder, "modified", follow_up->modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_contract_to_json (const RapportContract *contract)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char notice_date[11];

  g_return_val_if_fail (contract != NULL, NULL);

  rapport_contract_get_notice_date (contract, notice_date);

  json_builder_begin_object (builder);
  add_int (builder, "id", contract->id);
  add_string (builder, "uid", contract->uid);
  add_int (builder, "customer_id", contract->customer_id);
  add_string (builder, "customer_name", contract->customer_name);
  add_string (builder, "product", contract->product);
  add_string (builder, "start_date", contract->start_date);
  add_string (builder, "end_date", contract->end_date);
  add_money (builder, "value", contract->value, contract->currency);
  add_string (builder, "currency", contract->currency);
  add_bool (builder, "auto_renew", contract->auto_renew);
  add_int (builder, "lead_days", contract->lead_days);
  add_string (builder, "notice_date", notice_date[0] != '\0' ? notice_date : NULL);
  add_enum (builder, "state", rapport_contract_state_info, contract->state);
  add_string (builder, "notes", contract->notes);
  add_instant (builder, "created", contract->created);
  add_instant (builder, "modified", contract->modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_notice_to_json (const RapportNotice *notice)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (notice != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", notice->id);
  add_string (builder, "uid", notice->uid);
  add_int (builder, "contract_id", notice->contract_id);
  add_string (builder, "due_date", notice->due_date);
  add_string (builder, "language", notice->language);
  add_enum (builder, "channel", rapport_channel_info, notice->channel);
  add_string (builder, "subject", notice->subject);
  add_string (builder, "body", notice->body);
  add_enum (builder, "state", rapport_notice_state_info, notice->state);
  add_instant (builder, "sent_at", notice->sent_at);
  add_instant (builder, "created", notice->created);
  add_instant (builder, "modified", notice->modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_case_to_json (const RapportCase *kase)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (kase != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", kase->id);
  add_string (builder, "uid", kase->uid);
  add_int (builder, "customer_id", kase->customer_id);
  add_instant (builder, "opened_at", kase->opened_at);
  add_enum (builder, "category", rapport_case_category_info, kase->category);
  add_string (builder, "summary", kase->summary);
  add_string (builder, "description", kase->description);
  add_enum (builder, "severity", rapport_severity_info, kase->severity);
  add_enum (builder, "state", rapport_case_state_info, kase->state);
  add_instant (builder, "first_response_at", kase->first_response_at);
  add_instant (builder, "resolved_at", kase->resolved_at);
  add_enum (builder, "resolution", rapport_resolution_info, kase->resolution);
  add_string (builder, "resolution_notes", kase->resolution_notes);
  add_string (builder, "escalated_to", kase->escalated_to);
  add_enum (builder, "escalation_channel", rapport_channel_info, kase->escalation_channel);
  add_instant (builder, "created", kase->created);
  add_instant (builder, "modified", kase->modified);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_feedback_to_json (const RapportFeedback *feedback)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_auto(GStrv) themes = NULL;

  g_return_val_if_fail (feedback != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", feedback->id);
  add_string (builder, "uid", feedback->uid);
  add_int (builder, "customer_id", feedback->customer_id);
  add_id (builder, "case_id", feedback->case_id);
  add_id (builder, "interaction_id", feedback->interaction_id);
  add_instant (builder, "received_at", feedback->received_at);

  /* Scores not given are null, not 0 (NPS 0 is a real answer). */
  json_builder_set_member_name (builder, "csat");
  if (feedback->csat > 0)
    json_builder_add_int_value (builder, feedback->csat);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "nps");
  if (feedback->nps >= 0)
    json_builder_add_int_value (builder, feedback->nps);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ces");
  if (feedback->ces > 0)
    json_builder_add_int_value (builder, feedback->ces);
  else
    json_builder_add_null_value (builder);

  add_string (builder, "comment", feedback->comment);

  /* The comma-separated theme codes as an array. */
  json_builder_set_member_name (builder, "themes");
  json_builder_begin_array (builder);
  if (feedback->themes != NULL)
    {
      themes = g_strsplit (feedback->themes, ",", -1);
      for (guint i = 0; themes[i] != NULL; i++)
        {
          g_strstrip (themes[i]);
          if (*themes[i] != '\0')
            json_builder_add_string_value (builder, themes[i]);
        }
    }
  json_builder_end_array (builder);

  add_instant (builder, "created", feedback->created);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_customer_type_to_json (const RapportCustomerType *type)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (type != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", type->id);
  add_string (builder, "key", type->key);
  add_string (builder, "name", type->name);
  add_string (builder, "description", type->description);
  add_bool (builder, "builtin", type->builtin);
  add_bool (builder, "derivable", type->derivable);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

JsonNode *
rapport_service_target_to_json (const RapportServiceTarget *target)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (target != NULL, NULL);

  json_builder_begin_object (builder);
  add_int (builder, "id", target->id);
  add_string (builder, "type_key", target->type_key);
  add_string (builder, "name", target->name);
  add_int (builder, "response_seconds", target->response_seconds);
  add_int (builder, "resolution_seconds", target->resolution_seconds);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
