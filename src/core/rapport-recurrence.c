/* rapport-recurrence.c */

#define G_LOG_DOMAIN "rapport-recurrence"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-recurrence.h"
#include "rapport-time.h"

/* A series never needs more iterations than this to pass any date a
 * follow-up can have (a minutely rule over twenty years is far less). */
#define MAX_ITERATIONS 1000000

static const char *
strip_prefix (const char *rrule)
{
  while (g_ascii_isspace (*rrule))
    rrule++;

  if (g_ascii_strncasecmp (rrule, "RRULE:", 6) == 0)
    rrule += 6;

  return rrule;
}

static gboolean
parse_rule (const char                 *rrule,
            const char                 *field,
            struct icalrecurrencetype  *out,
            GError                    **error)
{
  g_autofree char *upper = g_ascii_strup (strip_prefix (rrule), -1);

  g_strstrip (upper);
  icalerror_clear_errno ();
  *out = icalrecurrencetype_from_string (upper);

  if (*upper == '\0' || out->freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR)
    {
      icalerror_clear_errno ();
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: RRULE is the iCalendar recurrence rule; keep FREQ=WEEKLY;BYDAY=MO as is */
                   _("%s: “%s” is not a recurrence rule (for example FREQ=WEEKLY;BYDAY=MO)"),
                   field, rrule);
      return FALSE;
    }

  if (out->freq == ICAL_SECONDLY_RECURRENCE || out->freq == ICAL_MINUTELY_RECURRENCE)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("%s: follow-ups can repeat hourly at most often"), field);
      return FALSE;
    }

  return TRUE;
}

char *
rapport_recurrence_normalize (const char  *rrule,
                              const char  *field,
                              GError     **error)
{
  struct icalrecurrencetype recur;
  char *text;
  char *ret;

  g_return_val_if_fail (rrule != NULL, NULL);

  if (!parse_rule (rrule, field, &recur, error))
    return NULL;

  text = icalrecurrencetype_as_string_r (&recur);
  ret = g_strdup (text);
  icalmemory_free_buffer (text);

  return ret;
}

static struct icaltimetype
wall_time (GDateTime *dt)
{
  struct icaltimetype t = icaltime_null_time ();

  t.year = g_date_time_get_year (dt);
  t.month = g_date_time_get_month (dt);
  t.day = g_date_time_get_day_of_month (dt);
  t.hour = g_date_time_get_hour (dt);
  t.minute = g_date_time_get_minute (dt);
  t.second = g_date_time_get_second (dt);
  t.is_date = 0;

  return t;
}

static gint64
to_instant (struct icaltimetype  t,
            GTimeZone           *tz)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, t.year, t.month, t.day, t.hour, t.minute, t.second);

  return dt != NULL ? g_date_time_to_unix (dt) : 0;
}

gboolean
rapport_recurrence_next (const char  *rrule,
                         gint64       start,
                         const char  *time_zone,
                         gint64       after,
                         gint64      *next,
                         guint       *skipped,
                         GError     **error)
{
  struct icalrecurrencetype recur;
  icalrecur_iterator *iter;
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) start_utc = NULL;
  g_autoptr(GDateTime) start_local = NULL;
  struct icaltimetype t;
  gboolean found = FALSE;
  guint count = 0;

  g_return_val_if_fail (rrule != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);

  if (!parse_rule (rrule, _("recurrence"), &recur, error))
    return FALSE;

  tz = rapport_time_zone_new (time_zone);
  start_utc = g_date_time_new_from_unix_utc (start);
  start_local = g_date_time_to_timezone (start_utc, tz);

  /* Floating times: libical iterates the wall clock, we place each
   * occurrence in the zone afterwards. */
  iter = icalrecur_iterator_new (recur, wall_time (start_local));
  if (iter == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("recurrence: “%s” cannot be used with this start"), rrule);
      return FALSE;
    }

  for (guint i = 0; i < MAX_ITERATIONS; i++)
    {
      gint64 instant;

      t = icalrecur_iterator_next (iter);
      if (icaltime_is_null_time (t))
        break;

      instant = to_instant (t, tz);
      if (instant <= start)
        continue;

      if (instant > after)
        {
          *next = instant;
          found = TRUE;
          break;
        }

      count++;
    }

  icalrecur_iterator_free (iter);

  if (skipped != NULL)
    *skipped = count;

  return found;
}

char *
rapport_recurrence_advance (const char *rrule,
                            guint       used)
{
  struct icalrecurrencetype recur;
  char *text;
  char *ret;

  g_return_val_if_fail (rrule != NULL, NULL);

  if (!parse_rule (rrule, "recurrence", &recur, NULL))
    return NULL;

  if (recur.count > 0)
    {
      if ((guint) recur.count <= used)
        return NULL;
      recur.count -= used;
    }

  text = icalrecurrencetype_as_string_r (&recur);
  ret = g_strdup (text);
  icalmemory_free_buffer (text);

  return ret;
}
