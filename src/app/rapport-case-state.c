/* rapport-case-state.c */

#define G_LOG_DOMAIN "rapport-case-state"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "rapport-app-state.h"
#include "rapport-case-state.h"
#include "rapport-time.h"

gboolean
rapport_case_state_is_resolved (RapportCaseState state)
{
  return state == RAPPORT_CASE_RESOLVED || state == RAPPORT_CASE_CLOSED;
}

RapportCaseGroup
rapport_case_group_for (const RapportCase *kase,
                        GDateTime         *now)
{
  g_return_val_if_fail (kase != NULL, RAPPORT_CASE_GROUP_NONE);
  g_return_val_if_fail (now != NULL, RAPPORT_CASE_GROUP_NONE);

  switch (kase->state)
    {
    case RAPPORT_CASE_OPEN:
    case RAPPORT_CASE_IN_PROGRESS:
      return RAPPORT_CASE_GROUP_OPEN;

    case RAPPORT_CASE_ESCALATED:
      return RAPPORT_CASE_GROUP_ESCALATED;

    case RAPPORT_CASE_RESOLVED:
    case RAPPORT_CASE_CLOSED:
    default:
      {
        gint64 resolved = kase->resolved_at != 0 ? kase->resolved_at : kase->modified;

        if (g_date_time_to_unix (now) - resolved <= (gint64) RAPPORT_CASE_RECENT_DAYS * 24 * 3600)
          return RAPPORT_CASE_GROUP_RESOLVED;

        return RAPPORT_CASE_GROUP_NONE;
      }
    }
}

static gboolean
has_type (GPtrArray  *type_keys,
          const char *key)
{
  for (guint i = 0; type_keys != NULL && i < type_keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (type_keys, i), key) == 0)
      return TRUE;

  return FALSE;
}

gint64
rapport_case_response_target (GPtrArray *targets,
                              GPtrArray *type_keys)
{
  gint64 strictest = 0;

  for (guint i = 0; targets != NULL && i < targets->len; i++)
    {
      const RapportServiceTarget *target = g_ptr_array_index (targets, i);

      if (target->response_seconds <= 0)
        continue;

      if (target->type_key != NULL && *target->type_key != '\0' &&
          !has_type (type_keys, target->type_key))
        continue;

      if (strictest == 0 || target->response_seconds < strictest)
        strictest = target->response_seconds;
    }

  return strictest;
}

gboolean
rapport_case_is_past_response_target (const RapportCase *kase,
                                      gint64             target,
                                      GDateTime         *now)
{
  g_return_val_if_fail (kase != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);

  if (target <= 0 || kase->first_response_at != 0 || rapport_case_state_is_resolved (kase->state))
    return FALSE;

  return g_date_time_to_unix (now) - kase->opened_at > target;
}

char *
rapport_case_format_wait (gint64 seconds)
{
  gint64 minutes = MAX (seconds, 0) / 60;
  gint64 days = minutes / (24 * 60);
  int hours = (int) (minutes / 60 % 24);

  if (minutes < 1)
    /* Translators: how long a first response took */
    return g_strdup (_("under a minute"));

  if (days >= 1)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong) days), (int) days);

  if (hours == 0)
    /* Translators: a number of minutes, "45 min" */
    return g_strdup_printf (_("%d min"), (int) minutes);

  if (minutes % 60 == 0)
    /* Translators: a number of hours, "2 h" */
    return g_strdup_printf (_("%d h"), hours);

  /* Translators: hours and minutes, "2 h 5 min" */
  return g_strdup_printf (_("%d h %d min"), hours, (int) (minutes % 60));
}

void
rapport_case_row_compute (const RapportCase *kase,
                          gint64             target,
                          GDateTime         *now,
                          RapportCaseRow    *out)
{
  g_autofree char *opened = NULL;

  g_return_if_fail (kase != NULL);
  g_return_if_fail (now != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);

  out->category = _(rapport_enum_to_label (rapport_case_category_info, kase->category));
  if (kase->severity >= RAPPORT_SEVERITY_HIGH)
    out->severity = _(rapport_enum_to_label (rapport_severity_info, kase->severity));
  out->critical = kase->severity == RAPPORT_SEVERITY_CRITICAL;

  opened = rapport_format_relative_day (kase->opened_at, now);
  /* Translators: %s is a relative day: "today", "3 days ago" */
  out->opened = g_strdup_printf (_("opened %s"), opened);

  if (kase->first_response_at != 0)
    {
      gint64 took = kase->first_response_at - kase->opened_at;
      g_autofree char *wait = rapport_case_format_wait (took);

      /* Translators: %s is how long it took, "2 h 5 min" */
      out->response = g_strdup_printf (_("First response in %s"), wait);
      out->response_late = target > 0 && took > target;
    }
  else if (!rapport_case_state_is_resolved (kase->state))
    {
      out->response = g_strdup (_("No response yet"));
      out->waiting = TRUE;
      out->response_late = rapport_case_is_past_response_target (kase, target, now);
    }

  if (kase->escalated_to != NULL && *kase->escalated_to != '\0')
    {
      if (kase->escalation_channel != RAPPORT_CHANNEL_NONE)
        {
          const char *channel = _(rapport_enum_to_label (rapport_channel_info, kase->escalation_channel));
          g_autofree char *lower = g_utf8_strdown (channel, -1);

          /* Translators: a case was referred to someone: "Referred to Dana Weber · phone" */
          out->escalation = g_strdup_printf (_("Referred to %s · %s"), kase->escalated_to, lower);
        }
      else
        /* Translators: a case was referred to someone: "Referred to Dana Weber" */
        out->escalation = g_strdup_printf (_("Referred to %s"), kase->escalated_to);
    }

  if (rapport_case_state_is_resolved (kase->state))
    {
      g_autofree char *when = rapport_format_relative_day (kase->resolved_at != 0 ? kase->resolved_at
                                                                                  : kase->modified,
                                                           now);

      if (kase->resolution != RAPPORT_RESOLUTION_NONE)
        /* Translators: how and when a case was resolved: "Refund · resolved yesterday" */
        out->resolution = g_strdup_printf (_("%s · resolved %s"),
                                           _(rapport_enum_to_label (rapport_resolution_info, kase->resolution)),
                                           when);
      else
        /* Translators: %s is a relative day: "resolved yesterday" */
        out->resolution = g_strdup_printf (_("resolved %s"), when);
    }
}

void
rapport_case_row_clear (RapportCaseRow *self)
{
  g_clear_pointer (&self->opened, g_free);
  g_clear_pointer (&self->response, g_free);
  g_clear_pointer (&self->escalation, g_free);
  g_clear_pointer (&self->resolution, g_free);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;

  for (; *text != '\0'; text = g_utf8_next_char (text))
    if (!g_unichar_isspace (g_utf8_get_char (text)))
      return FALSE;

  return TRUE;
}

/* "Late delivery, refund" -> "late-delivery,refund"; NULL and an error
 * message when a code has other characters than letters, digits, '-'
 * and '_'. */
static char *
normalize_themes (const char  *text,
                  char       **message)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *lower = g_utf8_strdown (g_strstrip (parts[i]), -1);
      GString *code;

      if (*lower == '\0')
        continue;

      code = g_string_new (NULL);
      for (const char *p = lower; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (g_unichar_isspace (c))
            {
              if (code->len > 0 && code->str[code->len - 1] != '-')
                g_string_append_c (code, '-');
            }
          else if (g_unichar_isalnum (c) || c == '-' || c == '_')
            g_string_append_unichar (code, c);
          else
            {
              g_string_free (code, TRUE);
              /* Translators: %s is the part of the themes that is not a code */
              *message = g_strdup_printf (_("“%s” is not a theme code: use letters, digits and dashes, separated by commas"),
                                          lower);
              return NULL;
            }
        }

      if (!g_ptr_array_find_with_equal_func (codes, code->str, g_str_equal, NULL))
        g_ptr_array_add (codes, g_string_free (code, FALSE));
      else
        g_string_free (code, TRUE);
    }

  if (codes->len == 0)
    return NULL;

  g_ptr_array_add (codes, NULL);

  return g_strjoinv (",", (char **) codes->pdata);
}

void
rapport_case_form_check (const RapportCaseForm *form,
                         GDateTime             *now,
                         RapportCaseCheck      *out)
{
  gint64 opened_at;

  g_return_if_fail (form != NULL);
  g_return_if_fail (now != NULL);
  g_return_if_fail (out != NULL);

  memset (out, 0, sizeof *out);
  opened_at = form->opened_at != 0 ? form->opened_at : g_date_time_to_unix (now);

  if (form->customer_id <= 0)
    out->errors[RAPPORT_CASE_FIELD_CUSTOMER] = g_strdup (_("Pick the customer the case is about"));

  if (is_blank (form->summary))
    out->errors[RAPPORT_CASE_FIELD_SUMMARY] = g_strdup (_("Say in a few words what the case is about"));

  if (!is_blank (form->first_response))
    {
      g_autoptr(GDateTime) parsed = NULL;
      g_autoptr(GError) error = NULL;

      parsed = rapport_parse_date_time (form->first_response, g_date_time_get_timezone (now),
                                        _("first response"), &error);
      if (parsed == NULL)
        out->errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE] = g_strdup (_("Write the time as YYYY-MM-DD HH:MM"));
      else if (g_date_time_to_unix (parsed) > g_date_time_to_unix (now) + 60)
        out->errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE] = g_strdup (_("The first response cannot be in the future"));
      /* The entry shows minutes: the minute the case was opened is fine. */
      else if (g_date_time_to_unix (parsed) < opened_at - opened_at % 60)
        out->errors[RAPPORT_CASE_FIELD_FIRST_RESPONSE] = g_strdup (_("The first response cannot be before the case was opened"));
      else
        out->first_response_at = MAX (g_date_time_to_unix (parsed), opened_at);
    }

  if (rapport_case_state_is_resolved (form->state) && form->resolution == RAPPORT_RESOLUTION_NONE)
    out->errors[RAPPORT_CASE_FIELD_RESOLUTION] = g_strdup (_("Choose how the case was resolved"));

  if (form->state == RAPPORT_CASE_ESCALATED && is_blank (form->escalated_to))
    out->errors[RAPPORT_CASE_FIELD_ESCALATED_TO] = g_strdup (_("Say to whom the case was referred"));

  if (rapport_case_state_is_resolved (form->state))
    {
      char *message = NULL;

      out->themes = normalize_themes (form->themes, &message);
      out->errors[RAPPORT_CASE_FIELD_THEMES] = message;
      out->has_feedback = form->csat != 0 || form->nps != -1 || form->ces != 0 ||
                          !is_blank (form->comment);

      if (out->themes != NULL && !out->has_feedback && message == NULL)
        out->errors[RAPPORT_CASE_FIELD_THEMES] = g_strdup (_("Themes belong to feedback: give a score or a comment too"));
    }

  out->can_save = TRUE;
  for (guint i = 0; i < RAPPORT_CASE_N_FIELDS; i++)
    if (out->errors[i] != NULL)
      out->can_save = FALSE;
}

void
rapport_case_check_clear (RapportCaseCheck *self)
{
  for (guint i = 0; i < RAPPORT_CASE_N_FIELDS; i++)
    g_clear_pointer (&self->errors[i], g_free);
  g_clear_pointer (&self->themes, g_free);
}
