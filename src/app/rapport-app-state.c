/* rapport-app-state.c */

#define G_LOG_DOMAIN "rapport-app-state"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-app-state.h"
#include "rapport-phone.h"
#include "rapport-recurrence.h"
#include "rapport-time.h"
#include "rapport-validate.h"

char *
rapport_format_relative_day (gint64     instant,
                             GDateTime *now)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(GDate) then_day = NULL;
  g_autoptr(GDate) now_day = NULL;
  int days;

  g_return_val_if_fail (now != NULL, NULL);

  utc = g_date_time_new_from_unix_utc (instant);
  local = g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
  then_day = g_date_new_dmy (g_date_time_get_day_of_month (local),
                             g_date_time_get_month (local),
                             g_date_time_get_year (local));
  now_day = g_date_new_dmy (g_date_time_get_day_of_month (now),
                            g_date_time_get_month (now),
                            g_date_time_get_year (now));
  days = g_date_days_between (then_day, now_day);

  if (days == 0)
    return g_strdup (_("today"));
  if (days == 1)
    return g_strdup (_("yesterday"));
  if (days == -1)
    return g_strdup (_("tomorrow"));
  if (days > 1 && days < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
  if (days < -1 && days > -60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d day", "in %d days", -days), -days);
  if (days >= 60 && days < 730)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d month ago", "%d months ago", days / 30), days / 30);
  if (days <= -60 && days > -730)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d month", "in %d months", -days / 30), -days / 30);
  if (days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d year ago", "%d years ago", days / 365), days / 365);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "in %d year", "in %d years", -days / 365), -days / 365);
}

gboolean
rapport_local_time_compute (const char       *time_zone,
                            GDateTime        *now,
                            int               start,
                            int               end,
                            RapportLocalTime *out)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) there = NULL;
  int minutes;

  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  memset (out, 0, sizeof *out);

  if (time_zone == NULL || *time_zone == '\0' ||
      !rapport_validate_time_zone (time_zone, "time zone", NULL))
    return FALSE;

  tz = g_time_zone_new_identifier (time_zone);
  there = g_date_time_to_timezone (now, tz);
  minutes = g_date_time_get_hour (there) * 60 + g_date_time_get_minute (there);

  out->time = g_date_time_format (there, "%H:%M");
  out->zone = g_strdup (time_zone);
  out->outside_hours = minutes < start || minutes >= end ||
                       g_date_time_get_day_of_week (there) > 5;

  if (out->outside_hours)
    out->hint = g_strdup_printf (/* Translators: the working hours, such as 09:00–17:00 */
                                 _("Outside their working hours (%02d:%02d–%02d:%02d, Monday to Friday)"),
                                 start / 60, start % 60, end / 60, end % 60);

  return TRUE;
}

void
rapport_local_time_clear (RapportLocalTime *self)
{
  g_clear_pointer (&self->time, g_free);
  g_clear_pointer (&self->zone, g_free);
  g_clear_pointer (&self->hint, g_free);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;

  return TRUE;
}

/* The store's messages begin with the field name ("email: ..."); next to
 * the field itself the rest is enough. */
static char *
message_without_field (GError *error)
{
  const char *colon = strstr (error->message, ": ");

  return g_strdup (colon != NULL ? colon + 2 : error->message);
}

void
rapport_form_check_customer (const char       *name,
                             const char       *email,
                             const char       *phone,
                             const char       *language,
                             const char       *time_zone,
                             const char       *country,
                             RapportFormCheck *out)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  if (is_blank (name))
    out->errors[RAPPORT_FORM_FIELD_NAME] = g_strdup (_("A customer needs a name"));

  if (!is_blank (email))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (email));

      if (!rapport_validate_email (trimmed, "email", &error))
        {
          out->errors[RAPPORT_FORM_FIELD_EMAIL] = message_without_field (error);
          g_clear_error (&error);
        }
    }

  if (!is_blank (phone))
    {
      g_autofree char *trimmed_country = country != NULL ? g_strstrip (g_strdup (country)) : NULL;
      g_autofree char *region = rapport_phone_dup_default_region (trimmed_country);
      g_autoptr(RapportPhone) parsed = rapport_phone_parse_typed (phone, region, "phone", &error);

      if (parsed == NULL)
        {
          out->errors[RAPPORT_FORM_FIELD_PHONE] = message_without_field (error);
          g_clear_error (&error);
        }
    }

  if (!is_blank (language))
    {
      g_autofree char *normalized = rapport_language_tag_normalize (language, "language", &error);

      if (normalized == NULL)
        {
          out->errors[RAPPORT_FORM_FIELD_LANGUAGE] = message_without_field (error);
          g_clear_error (&error);
        }
    }

  /* The store trims text fields before it validates them. */
  if (!is_blank (time_zone))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (time_zone));

      if (!rapport_validate_time_zone (trimmed, "time zone", &error))
        {
          out->errors[RAPPORT_FORM_FIELD_TIME_ZONE] = message_without_field (error);
          g_clear_error (&error);
        }
    }

  if (!is_blank (country))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (country));

      if (!rapport_validate_country (trimmed, "country", &error))
        {
          out->errors[RAPPORT_FORM_FIELD_COUNTRY] = message_without_field (error);
          g_clear_error (&error);
        }
    }

  out->can_save = TRUE;
  for (guint i = 0; i < RAPPORT_FORM_N_FIELDS; i++)
    if (out->errors[i] != NULL)
      out->can_save = FALSE;
}

void
rapport_form_check_clear (RapportFormCheck *self)
{
  for (guint i = 0; i < RAPPORT_FORM_N_FIELDS; i++)
    {
      g_clear_pointer (&self->errors[i], g_free);
      g_clear_pointer (&self->kept[i], g_free);
    }
}

static gboolean
text_equal (const char *a,
            const char *b)
{
  g_autofree char *ta = g_strstrip (g_strdup (a != NULL ? a : ""));
  g_autofree char *tb = g_strstrip (g_strdup (b != NULL ? b : ""));

  return g_strcmp0 (ta, tb) == 0;
}

static char *
draft_name (const RapportCustomer *draft)
{
  if (!is_blank (draft->display_name))
    return g_strdup (draft->display_name);

  return g_strstrip (g_strdup_printf ("%s %s",
                                      draft->given_name != NULL ? draft->given_name : "",
                                      draft->family_name != NULL ? draft->family_name : ""));
}

/* What the field shows under a value kept as another app wrote it. */
static char *
kept_note (char *reason)
{
  char *note = g_strdup_printf (_("Kept as another app wrote it; typed here it would be refused: %s"), reason);

  g_free (reason);
  return note;
}

/* Moves @field's error to kept when @value is the one @saved_value has. */
static void
keep_if_saved (RapportFormCheck *check,
               RapportFormField  field,
               const char       *value,
               const char       *saved_value)
{
  if (check->errors[field] == NULL || saved_value == NULL || !text_equal (value, saved_value))
    return;

  check->kept[field] = kept_note (g_steal_pointer (&check->errors[field]));
}

static gboolean
saved_has_point (GPtrArray  *saved_points,
                 const char *value)
{
  for (guint i = 0; saved_points != NULL && i < saved_points->len; i++)
    if (text_equal (((RapportContactPoint *) g_ptr_array_index (saved_points, i))->value, value))
      return TRUE;

  return FALSE;
}

static void
check_points (const char  *name,
              GPtrArray   *points,
              GPtrArray   *saved_points,
              gboolean     phones,
              const char  *country,
              GPtrArray  **errors_out,
              GPtrArray  **kept_out,
              gboolean    *can_save)
{
  RapportFormField field = phones ? RAPPORT_FORM_FIELD_PHONE : RAPPORT_FORM_FIELD_EMAIL;
  GPtrArray *errors = g_ptr_array_new_with_free_func (g_free);
  GPtrArray *kept = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < points->len; i++)
    {
      RapportContactPoint *point = g_ptr_array_index (points, i);
      RapportFormCheck check;
      char *error;

      /* The customer's country reads a number without its country code,
       * as in the store. */
      rapport_form_check_customer (name, phones ? NULL : point->value, phones ? point->value : NULL,
                                   NULL, NULL, phones ? country : NULL, &check);
      error = g_steal_pointer (&check.errors[field]);
      if (error != NULL && saved_has_point (saved_points, point->value))
        {
          g_ptr_array_add (errors, NULL);
          g_ptr_array_add (kept, kept_note (error));
        }
      else
        {
          g_ptr_array_add (errors, error);
          g_ptr_array_add (kept, NULL);
          if (error != NULL)
            *can_save = FALSE;
        }
      rapport_form_check_clear (&check);
    }

  *errors_out = errors;
  *kept_out = kept;
}

void
rapport_customer_check (const RapportCustomer *draft,
                        const RapportCustomer *saved,
                        RapportCustomerCheck  *out)
{
  g_autofree char *name = NULL;

  g_return_if_fail (draft != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  name = draft_name (draft);
  rapport_form_check_customer (name, NULL, NULL,
                               draft->language, draft->time_zone, draft->country,
                               &out->fields);
  if (saved != NULL)
    {
      keep_if_saved (&out->fields, RAPPORT_FORM_FIELD_LANGUAGE, draft->language, saved->language);
      keep_if_saved (&out->fields, RAPPORT_FORM_FIELD_TIME_ZONE, draft->time_zone, saved->time_zone);
      keep_if_saved (&out->fields, RAPPORT_FORM_FIELD_COUNTRY, draft->country, saved->country);
    }

  out->can_save = TRUE;
  for (guint i = 0; i < RAPPORT_FORM_N_FIELDS; i++)
    if (out->fields.errors[i] != NULL)
      out->can_save = FALSE;
  out->fields.can_save = out->can_save;

  check_points (name, draft->emails, saved != NULL ? saved->emails : NULL, FALSE, NULL,
                &out->email_errors, &out->email_kept, &out->can_save);
  check_points (name, draft->phones, saved != NULL ? saved->phones : NULL, TRUE, draft->country,
                &out->phone_errors, &out->phone_kept, &out->can_save);
}

void
rapport_customer_check_clear (RapportCustomerCheck *self)
{
  rapport_form_check_clear (&self->fields);
  g_clear_pointer (&self->email_errors, g_ptr_array_unref);
  g_clear_pointer (&self->phone_errors, g_ptr_array_unref);
  g_clear_pointer (&self->email_kept, g_ptr_array_unref);
  g_clear_pointer (&self->phone_kept, g_ptr_array_unref);
}

static gboolean
contact_points_differ (GPtrArray *a,
                       GPtrArray *b)
{
  if (a->len != b->len)
    return TRUE;

  for (guint i = 0; i < a->len; i++)
    {
      const RapportContactPoint *pa = g_ptr_array_index (a, i);
      const RapportContactPoint *pb = g_ptr_array_index (b, i);

      if (!text_equal (pa->value, pb->value))
        return TRUE;
    }

  return FALSE;
}

static gboolean
type_sets_differ (const RapportCustomer *a,
                  const RapportCustomer *b)
{
  for (guint i = 0; i < a->types->len; i++)
    if (!rapport_customer_has_type (b, g_ptr_array_index (a->types, i)))
      return TRUE;

  for (guint i = 0; i < b->types->len; i++)
    if (!rapport_customer_has_type (a, g_ptr_array_index (b->types, i)))
      return TRUE;

  return FALSE;
}

gboolean
rapport_customer_edit_differs (const RapportCustomer *saved,
                               const RapportCustomer *draft)
{
  g_return_val_if_fail (saved != NULL, FALSE);
  g_return_val_if_fail (draft != NULL, FALSE);

  return saved->kind != draft->kind ||
         !text_equal (saved->display_name, draft->display_name) ||
         !text_equal (saved->given_name, draft->given_name) ||
         !text_equal (saved->family_name, draft->family_name) ||
         saved->organization_id != draft->organization_id ||
         !text_equal (saved->job_title, draft->job_title) ||
         !text_equal (saved->form_of_address, draft->form_of_address) ||
         !saved->first_name_basis != !draft->first_name_basis ||
         !text_equal (saved->language, draft->language) ||
         !text_equal (saved->time_zone, draft->time_zone) ||
         !text_equal (saved->country, draft->country) ||
         saved->preferred_channel != draft->preferred_channel ||
         !text_equal (saved->best_time, draft->best_time) ||
         !text_equal (saved->cultural_notes, draft->cultural_notes) ||
         !text_equal (saved->notes, draft->notes) ||
         contact_points_differ (saved->emails, draft->emails) ||
         contact_points_differ (saved->phones, draft->phones) ||
         type_sets_differ (saved, draft);
}

const char *
rapport_channel_icon_name (RapportChannel channel)
{
  switch (channel)
    {
    case RAPPORT_CHANNEL_PHONE:
      return "call-start-symbolic";
    case RAPPORT_CHANNEL_EMAIL:
      return "mail-unread-symbolic";
    case RAPPORT_CHANNEL_SMS:
      return "phone-symbolic";
    case RAPPORT_CHANNEL_SOCIAL:
      return "emblem-shared-symbolic";
    case RAPPORT_CHANNEL_MESSAGING:
    case RAPPORT_CHANNEL_CHAT:
      return "chat-message-new-symbolic";
    case RAPPORT_CHANNEL_VIDEO:
      return "camera-web-symbolic";
    case RAPPORT_CHANNEL_IN_PERSON:
      return "avatar-default-symbolic";
    case RAPPORT_CHANNEL_LETTER:
      return "x-office-document-symbolic";
    case RAPPORT_CHANNEL_NONE:
    default:
      return "user-available-symbolic";
    }
}

static GDateTime *
in_zone_of (gint64     instant,
            GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);

  return g_date_time_to_timezone (utc, g_date_time_get_timezone (now));
}

static int
days_between (GDateTime *earlier,
              GDateTime *later)
{
  g_autoptr(GDate) a = g_date_new_dmy (g_date_time_get_day_of_month (earlier),
                                       g_date_time_get_month (earlier),
                                       g_date_time_get_year (earlier));
  g_autoptr(GDate) b = g_date_new_dmy (g_date_time_get_day_of_month (later),
                                       g_date_time_get_month (later),
                                       g_date_time_get_year (later));

  return g_date_days_between (a, b);
}

char *
rapport_format_day_heading (gint64     instant,
                            GDateTime *now)
{
  g_autoptr(GDateTime) then = NULL;
  int days;

  g_return_val_if_fail (now != NULL, NULL);

  then = in_zone_of (instant, now);
  days = days_between (then, now);

  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Yesterday"));
  if (g_date_time_get_year (then) == g_date_time_get_year (now))
    /* Translators: a day heading in the contact history, see strftime(3):
     * "Monday 16 November" */
    return g_date_time_format (then, _("%A %-d %B"));

  /* Translators: a day heading in the contact history of an earlier
   * year, see strftime(3): "Monday 16 November 2025" */
  return g_date_time_format (then, _("%A %-d %B %Y"));
}

void
rapport_timeline_day_free (RapportTimelineDay *self)
{
  if (self == NULL)
    return;

  g_free (self->heading);
  g_ptr_array_unref (self->interactions);
  g_free (self);
}

GPtrArray *
rapport_timeline_group (GPtrArray *interactions,
                        GDateTime *now)
{
  GPtrArray *days;
  RapportTimelineDay *day = NULL;
  int day_key = 0;

  g_return_val_if_fail (interactions != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  days = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_timeline_day_free);

  for (guint i = 0; i < interactions->len; i++)
    {
      RapportInteraction *interaction = g_ptr_array_index (interactions, i);
      g_autoptr(GDateTime) then = in_zone_of (interaction->when, now);
      int key = g_date_time_get_year (then) * 1000 + g_date_time_get_day_of_year (then);

      if (day == NULL || key != day_key)
        {
          day = g_new0 (RapportTimelineDay, 1);
          day->heading = rapport_format_day_heading (interaction->when, now);
          day->interactions = g_ptr_array_new ();
          day_key = key;
          g_ptr_array_add (days, day);
        }

      g_ptr_array_add (day->interactions, interaction);
    }

  return days;
}

static char *
first_line (const char *text,
            glong       max_chars)
{
  g_autofree char *line = NULL;
  const char *end;

  while (*text != '\0' && g_ascii_isspace (*text))
    text++;
  end = strchr (text, '\n');
  line = g_strstrip (end != NULL ? g_strndup (text, end - text) : g_strdup (text));

  if (g_utf8_strlen (line, -1) > max_chars)
    {
      g_autofree char *cut = g_utf8_substring (line, 0, max_chars - 1);

      return g_strconcat (cut, "…", NULL);
    }

  return g_steal_pointer (&line);
}

void
rapport_timeline_entry_compute (const RapportInteraction *interaction,
                                GTimeZone                *tz,
                                RapportTimelineEntry     *out)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GPtrArray) parts = NULL;
  g_autoptr(GString) details = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *handle = NULL;
  g_autofree char *from = NULL;

  g_return_if_fail (interaction != NULL);
  g_return_if_fail (tz != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  out->icon_name = rapport_channel_icon_name (interaction->channel);

  if (!is_blank (interaction->subject))
    out->title = first_line (interaction->subject, 120);
  else if (!is_blank (interaction->body))
    out->title = first_line (interaction->body, 120);
  else
    out->title = g_strdup (_("Interaction"));

  utc = g_date_time_new_from_unix_utc (interaction->when);
  then = g_date_time_to_timezone (utc, tz);
  clock = g_date_time_format (then, "%H:%M");

  parts = g_ptr_array_new ();
  g_ptr_array_add (parts, (char *) _(rapport_enum_to_label (rapport_channel_info, interaction->channel)));
  g_ptr_array_add (parts, (char *) _(rapport_enum_to_label (rapport_direction_info, interaction->direction)));
  g_ptr_array_add (parts, clock);

  if (interaction->handle_time > 0)
    {
      handle = rapport_format_duration (interaction->handle_time);
      g_ptr_array_add (parts, handle);
    }

  if (!is_blank (interaction->contact_name))
    {
      /* Translators: who the customer's message came from or went to */
      from = g_strdup_printf (_("with %s"), interaction->contact_name);
      g_ptr_array_add (parts, from);
    }

  g_ptr_array_add (parts, NULL);
  out->subtitle = g_strjoinv (" · ", (char **) parts->pdata);

  details = g_string_new (NULL);
  if (!is_blank (interaction->action_requested))
    g_string_append_printf (details, _("Requested: %s"), interaction->action_requested);
  if (!is_blank (interaction->action_promised))
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, _("Promised: %s"), interaction->action_promised);
    }
  if (!is_blank (interaction->recorded_by))
    {
      if (details->len > 0)
        g_string_append_c (details, '\n');
      g_string_append_printf (details, _("Recorded by %s"), interaction->recorded_by);
    }

  if (details->len > 0)
    out->details = g_string_free (g_steal_pointer (&details), FALSE);
}

void
rapport_timeline_entry_clear (RapportTimelineEntry *self)
{
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_pointer (&self->details, g_free);
}

char *
rapport_format_date_time_entry (gint64      instant,
                                const char *zone)
{
  g_autoptr(GTimeZone) tz = rapport_time_zone_new (zone);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) there = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (there, "%Y-%m-%d %H:%M");
}

char *
rapport_format_follow_up_due (const RapportFollowUp *follow_up,
                              GDateTime             *now,
                              gboolean              *overdue)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GDateTime) now_there = NULL;
  g_autofree char *day = NULL;
  g_autofree char *clock = NULL;
  gint64 due;

  g_return_val_if_fail (follow_up != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  due = rapport_follow_up_get_effective_due (follow_up);
  if (overdue != NULL)
    *overdue = due < g_date_time_to_unix (now);

  tz = rapport_time_zone_new (follow_up->time_zone);
  utc = g_date_time_new_from_unix_utc (due);
  there = g_date_time_to_timezone (utc, tz);
  now_there = g_date_time_to_timezone (now, tz);
  day = rapport_format_relative_day (due, now_there);
  clock = g_date_time_format (there, "%H:%M");

  if (follow_up->time_zone != NULL && *follow_up->time_zone != '\0' &&
      g_strcmp0 (g_time_zone_get_identifier (tz),
                 g_time_zone_get_identifier (g_date_time_get_timezone (now))) != 0)
    /* Translators: a due moment: relative day, time and time zone:
     * "tomorrow, 10:00 Africa/Lagos" */
    return g_strdup_printf (_("%s, %s %s"), day, clock, g_time_zone_get_identifier (tz));

  /* Translators: a due moment: relative day and time: "tomorrow, 10:00" */
  return g_strdup_printf (_("%s, %s"), day, clock);
}

char *
rapport_format_contract_subtitle (const RapportContract *contract)
{
  g_autofree char *ends = NULL;
  g_autofree char *money = NULL;
  const char *state;

  g_return_val_if_fail (contract != NULL, NULL);

  if (contract->end_date != NULL && *contract->end_date != '\0')
    ends = g_strdup_printf (_("Ends %s"), contract->end_date);
  else
    ends = g_strdup (_("No end date"));

  if (contract->currency != NULL &&
      rapport_currency_exponent (contract->currency, "currency", NULL) >= 0)
    {
      g_autofree char *amount = rapport_format_money_plain (contract->value, contract->currency);

      money = g_strdup_printf ("%s %s", amount, contract->currency);
    }

  state = _(rapport_enum_to_label (rapport_contract_state_info, contract->state));

  if (money != NULL)
    return g_strdup_printf ("%s · %s · %s", ends, money, state);

  return g_strdup_printf ("%s · %s", ends, state);
}

char *
rapport_default_recorded_by (const char *setting)
{
  const char *real_name;

  if (!is_blank (setting))
    return g_strstrip (g_strdup (setting));

  real_name = g_get_real_name ();
  if (!is_blank (real_name) && g_strcmp0 (real_name, "Unknown") != 0)
    return g_strdup (real_name);

  return g_strdup (g_get_user_name ());
}

char *
rapport_default_follow_up_due (GDateTime  *now,
                               const char *zone,
                               int         start)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) there = NULL;
  g_autoptr(GDateTime) next = NULL;

  g_return_val_if_fail (now != NULL, NULL);

  tz = rapport_time_zone_new (zone);
  there = g_date_time_to_timezone (now, tz);
  next = g_date_time_add_days (there, 1);

  while (g_date_time_get_day_of_week (next) > 5)
    {
      GDateTime *later = g_date_time_add_days (next, 1);

      g_date_time_unref (next);
      next = later;
    }

  start = CLAMP (start, 0, 24 * 60 - 1);

  return g_strdup_printf ("%04d-%02d-%02d %02d:%02d",
                          g_date_time_get_year (next),
                          g_date_time_get_month (next),
                          g_date_time_get_day_of_month (next),
                          start / 60, start % 60);
}

void
rapport_log_form_check (const RapportLogForm *form,
                        RapportLogCheck      *out)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (form != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  if (form->channel == RAPPORT_CHANNEL_NONE)
    out->errors[RAPPORT_LOG_FIELD_CHANNEL] = g_strdup (_("Choose how the customer was in touch"));

  if (is_blank (form->date) || is_blank (form->time))
    out->errors[RAPPORT_LOG_FIELD_WHEN] = g_strdup (_("Enter the date and the time"));
  else
    {
      g_autofree char *text = g_strdup_printf ("%s %s", form->date, form->time);
      g_autoptr(GDateTime) when = rapport_parse_date_time (g_strstrip (text), NULL, "when", &error);

      if (when == NULL)
        {
          out->errors[RAPPORT_LOG_FIELD_WHEN] = message_without_field (error);
          g_clear_error (&error);
        }
      else
        out->when = g_date_time_to_unix (when);
    }

  if (is_blank (form->subject) && is_blank (form->body))
    out->errors[RAPPORT_LOG_FIELD_SUBJECT] = g_strdup (_("Say what the interaction was about"));

  if (!is_blank (form->handle_time))
    {
      if (!rapport_parse_duration (form->handle_time, "handle time", &out->handle_time, &error))
        {
          out->errors[RAPPORT_LOG_FIELD_HANDLE_TIME] = message_without_field (error);
          g_clear_error (&error);
          out->handle_time = 0;
        }
      else if (out->handle_time > 14 * 24 * 3600)
        out->errors[RAPPORT_LOG_FIELD_HANDLE_TIME] = g_strdup (_("At most 14 days"));
    }

  if (form->follow_up)
    {
      if (is_blank (form->action_promised))
        out->errors[RAPPORT_LOG_FIELD_PROMISE] = g_strdup (_("Say what was promised: it becomes the follow-up"));

      if (is_blank (form->follow_up_due))
        out->errors[RAPPORT_LOG_FIELD_FOLLOW_UP_DUE] = g_strdup (_("Enter when the follow-up is due"));
      else
        {
          g_autoptr(GTimeZone) tz = rapport_time_zone_new (form->time_zone);
          g_autoptr(GDateTime) due = rapport_parse_date_time (form->follow_up_due, tz, "due", &error);

          if (due == NULL)
            {
              out->errors[RAPPORT_LOG_FIELD_FOLLOW_UP_DUE] = message_without_field (error);
              g_clear_error (&error);
            }
          else
            out->follow_up_due = g_date_time_to_unix (due);
        }
    }

  out->can_save = TRUE;
  for (guint i = 0; i < RAPPORT_LOG_N_FIELDS; i++)
    if (out->errors[i] != NULL)
      out->can_save = FALSE;
}

void
rapport_log_check_clear (RapportLogCheck *self)
{
  for (guint i = 0; i < RAPPORT_LOG_N_FIELDS; i++)
    g_clear_pointer (&self->errors[i], g_free);
}

const char *
rapport_repeat_to_rrule (RapportRepeat repeat)
{
  switch (repeat)
    {
    case RAPPORT_REPEAT_DAILY:
      return "FREQ=DAILY";
    case RAPPORT_REPEAT_WEEKLY:
      return "FREQ=WEEKLY";
    case RAPPORT_REPEAT_MONTHLY:
      return "FREQ=MONTHLY";
    case RAPPORT_REPEAT_NONE:
    case RAPPORT_REPEAT_CUSTOM:
    default:
      return NULL;
    }
}

RapportRepeat
rapport_repeat_from_rrule (const char *rrule)
{
  g_autofree char *normalized = NULL;

  if (is_blank (rrule))
    return RAPPORT_REPEAT_NONE;

  normalized = rapport_recurrence_normalize (rrule, "recurrence", NULL);
  if (normalized == NULL)
    return RAPPORT_REPEAT_CUSTOM;

  for (RapportRepeat r = RAPPORT_REPEAT_DAILY; r <= RAPPORT_REPEAT_MONTHLY; r++)
    if (g_strcmp0 (normalized, rapport_repeat_to_rrule (r)) == 0)
      return r;

  return RAPPORT_REPEAT_CUSTOM;
}

static const int priority_choices[] = { 0, 1, 5, 9 };

int
rapport_priority_from_choice (guint choice)
{
  if (choice >= G_N_ELEMENTS (priority_choices))
    return 0;

  return priority_choices[choice];
}

guint
rapport_priority_to_choice (int priority)
{
  if (priority <= 0 || priority > 9)
    return 0;
  if (priority < 5)
    return 1;
  if (priority == 5)
    return 2;

  return 3;
}

void
rapport_follow_up_form_check (const char           *title,
                              const char           *due,
                              const char           *time_zone,
                              RapportFollowUpCheck *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimeZone) tz = NULL;

  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  if (is_blank (title))
    out->errors[RAPPORT_FOLLOW_UP_FIELD_TITLE] = g_strdup (_("Say what is to be done"));

  if (is_blank (time_zone))
    {
      tz = rapport_time_zone_new (NULL);
      out->time_zone = g_strdup (g_time_zone_get_identifier (tz));
    }
  else
    {
      g_autofree char *zone = g_strstrip (g_strdup (time_zone));

      if (!rapport_validate_time_zone (zone, "time zone", &error))
        {
          out->errors[RAPPORT_FOLLOW_UP_FIELD_TIME_ZONE] = message_without_field (error);
          g_clear_error (&error);
        }
      else
        {
          tz = rapport_time_zone_new (zone);
          out->time_zone = g_steal_pointer (&zone);
        }
    }

  if (is_blank (due))
    out->errors[RAPPORT_FOLLOW_UP_FIELD_DUE] = g_strdup (_("Enter when it is due"));
  else if (tz != NULL)
    {
      g_autoptr(GDateTime) parsed = rapport_parse_date_time (due, tz, "due", &error);

      if (parsed == NULL)
        {
          out->errors[RAPPORT_FOLLOW_UP_FIELD_DUE] = message_without_field (error);
          g_clear_error (&error);
        }
      else
        out->due = g_date_time_to_unix (parsed);
    }

  out->can_save = TRUE;
  for (guint i = 0; i < RAPPORT_FOLLOW_UP_N_FIELDS; i++)
    if (out->errors[i] != NULL)
      out->can_save = FALSE;
}

void
rapport_follow_up_check_clear (RapportFollowUpCheck *self)
{
  for (guint i = 0; i < RAPPORT_FOLLOW_UP_N_FIELDS; i++)
    g_clear_pointer (&self->errors[i], g_free);
  g_clear_pointer (&self->time_zone, g_free);
}
