/* rapport-recurrence.c */

#define G_LOG_DOMAIN "rapport-recurrence"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <string.h>

#include "rapport-error.h"
#include "rapport-recurrence.h"
#include "rapport-time.h"

/* The most occurrences looked at to find the next one. A rule without
 * COUNT whose frequency is at most weekly starts near the date sought
 * (whole periods after its start: the same series from there on), so this
 * bounds only rules counted from their start and rules of months and
 * years, whose iterations from any date a follow-up can have are far
 * fewer. Entry refuses a COUNT above it. */
#define MAX_ITERATIONS 1000000

/* Two days: more than any zone's offset can move a wall-clock time. */
#define JUMP_MARGIN (2 * 24 * 3600)

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

  return TRUE;
}

static gboolean
has_part (const short *array)
{
  return array[0] != ICAL_RECURRENCE_ARRAY_MAX;
}

/* The combinations RFC 5545 (3.3.10) rules out, which libical either
 * refuses to iterate or iterates wrongly. */
static gboolean
check_parts (const struct icalrecurrencetype  *recur,
             const char                       *field,
             const char                       *rrule,
             GError                          **error)
{
  const char *freq = icalrecur_freq_to_string (recur->freq);
  const char *part = NULL;

  if (recur->interval < 1)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: keep INTERVAL as is */
                   _("%s: “%s”: INTERVAL must be 1 or more"), field, rrule);
      return FALSE;
    }

  if (has_part (recur->by_week_no) && recur->freq != ICAL_YEARLY_RECURRENCE)
    part = "BYWEEKNO";
  else if (has_part (recur->by_year_day) &&
           (recur->freq == ICAL_DAILY_RECURRENCE || recur->freq == ICAL_WEEKLY_RECURRENCE ||
            recur->freq == ICAL_MONTHLY_RECURRENCE))
    part = "BYYEARDAY";
  else if (has_part (recur->by_month_day) && recur->freq == ICAL_WEEKLY_RECURRENCE)
    part = "BYMONTHDAY";

  if (part != NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the second %s is the rule, the third a part of it
                    * (BYYEARDAY), the fourth its frequency (MONTHLY); keep both as is */
                   _("%s: “%s”: %s cannot be used with FREQ=%s"), field, rrule, part, freq);
      return FALSE;
    }

  for (guint i = 0; i < ICAL_BY_DAY_SIZE && recur->by_day[i] != ICAL_RECURRENCE_ARRAY_MAX; i++)
    if (icalrecurrencetype_day_position (recur->by_day[i]) != 0 &&
        ((recur->freq != ICAL_MONTHLY_RECURRENCE && recur->freq != ICAL_YEARLY_RECURRENCE) ||
         (recur->freq == ICAL_YEARLY_RECURRENCE && has_part (recur->by_week_no))))
      {
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: keep BYDAY, 2MO, MONTHLY and YEARLY as they are */
                     _("%s: “%s”: a numbered BYDAY (such as 2MO) needs FREQ=MONTHLY or YEARLY (without BYWEEKNO)"),
                     field, rrule);
        return FALSE;
      }

  if (has_part (recur->by_set_pos) &&
      !has_part (recur->by_second) && !has_part (recur->by_minute) && !has_part (recur->by_hour) &&
      !has_part (recur->by_day) && !has_part (recur->by_month_day) && !has_part (recur->by_year_day) &&
      !has_part (recur->by_week_no) && !has_part (recur->by_month))
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: keep BYSETPOS and BYDAY as they are */
                   _("%s: “%s”: BYSETPOS needs another BY part to choose from (such as BYDAY)"),
                   field, rrule);
      return FALSE;
    }

  return TRUE;
}

static char *
as_string (struct icalrecurrencetype *recur)
{
  char *text = icalrecurrencetype_as_string_r (recur);
  char *ret = g_strdup (text);

  icalmemory_free_buffer (text);
  return ret;
}

char *
rapport_recurrence_canonical (const char  *rrule,
                              const char  *field,
                              GError     **error)
{
  struct icalrecurrencetype recur;

  g_return_val_if_fail (rrule != NULL, NULL);

  if (!parse_rule (rrule, field, &recur, error))
    return NULL;

  return as_string (&recur);
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

  if (recur.freq == ICAL_SECONDLY_RECURRENCE || recur.freq == ICAL_MINUTELY_RECURRENCE)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("%s: follow-ups can repeat hourly at most often"), field);
      return NULL;
    }

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

/* Seconds of a wall-clock time counted as if it were UTC: differences
 * of these are differences on the wall clock. */
static gint64
wall_seconds (struct icaltimetype t)
{
  /* Days from 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's
   * days_from_civil), without allocating: it runs for every occurrence. */
  gint64 y = t.year - (t.month <= 2);
  gint64 era = (y >= 0 ? y : y - 399) / 400;
  gint64 yoe = y - era * 400;
  gint64 doy = (153 * (t.month + (t.month > 2 ? -3 : 9)) + 2) / 5 + t.day - 1;
  gint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  gint64 days = era * 146097 + doe - 719468;

  return days * 86400 + t.hour * 3600 + t.minute * 60 + t.second;
}

static gint64
period_seconds (const struct icalrecurrencetype *recur)
{
  switch (recur->freq)
    {
    case ICAL_SECONDLY_RECURRENCE: return recur->interval;
    case ICAL_MINUTELY_RECURRENCE: return recur->interval * (gint64) 60;
    case ICAL_HOURLY_RECURRENCE: return recur->interval * (gint64) 3600;
    case ICAL_DAILY_RECURRENCE: return recur->interval * (gint64) 86400;
    case ICAL_WEEKLY_RECURRENCE: return recur->interval * (gint64) 7 * 86400;
    case ICAL_MONTHLY_RECURRENCE:
    case ICAL_YEARLY_RECURRENCE:
    case ICAL_NO_RECURRENCE:
    default:
      return 0;
    }
}

/* The start of the same series, whole periods later and well before
 * @after: a rule without COUNT repeats with its period (INTERVAL times
 * its frequency) on the wall clock, so from there on the occurrences are
 * those of the series from @dtstart. Months and years have no fixed
 * length: they are iterated (a few thousand at most). libical's own
 * icalrecur_iterator_set_start() loses the phase of an INTERVAL. */
static struct icaltimetype
start_near (const struct icalrecurrencetype *recur,
            struct icaltimetype              dtstart,
            GDateTime                       *after_local)
{
  gint64 period = period_seconds (recur);
  gint64 from;
  gint64 target;
  g_autoptr(GDateTime) jumped = NULL;

  if (recur->count > 0 || period <= 0)
    return dtstart;

  from = wall_seconds (dtstart);
  target = wall_seconds (wall_time (after_local)) - JUMP_MARGIN;
  if (target - from < period)
    return dtstart;

  jumped = g_date_time_new_from_unix_utc (from + (target - from) / period * period);
  return jumped != NULL ? wall_time (jumped) : dtstart;
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
  g_autoptr(GDateTime) after_utc = NULL;
  g_autoptr(GDateTime) after_local = NULL;
  struct icaltimetype t;
  gboolean found = FALSE;
  gboolean ended = FALSE;
  guint count = 0;
  gint64 start_wall;
  gint64 after_wall;

  g_return_val_if_fail (rrule != NULL, FALSE);
  g_return_val_if_fail (next != NULL, FALSE);

  if (skipped != NULL)
    *skipped = 0;

  if (!parse_rule (rrule, _("recurrence"), &recur, error) ||
      !check_parts (&recur, _("recurrence"), rrule, error))
    return FALSE;

  tz = rapport_time_zone_new (time_zone);
  start_utc = g_date_time_new_from_unix_utc (start);
  start_local = g_date_time_to_timezone (start_utc, tz);
  after_utc = g_date_time_new_from_unix_utc (MAX (after, start));
  after_local = after_utc != NULL ? g_date_time_to_timezone (after_utc, tz) : NULL;
  if (start_local == NULL || after_local == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("recurrence: the date is out of range"));
      return FALSE;
    }

  /* Floating times: libical iterates the wall clock, we place each
   * occurrence in the zone afterwards. */
  icalerror_clear_errno ();
  iter = icalrecur_iterator_new (recur, start_near (&recur, wall_time (start_local), after_local));
  icalerror_clear_errno ();
  if (iter == NULL)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("recurrence: “%s” cannot be repeated (its parts do not go together)"), rrule);
      return FALSE;
    }

  /* One more than the limit, to see a COUNT at the limit end. */
  start_wall = wall_seconds (wall_time (start_local));
  after_wall = wall_seconds (wall_time (after_local));

  for (guint i = 0; i <= MAX_ITERATIONS; i++)
    {
      gint64 instant;
      gint64 wall;

      t = icalrecur_iterator_next (iter);
      if (icaltime_is_null_time (t))
        {
          ended = TRUE;
          break;
        }

      /* Far from both ends the wall clock alone decides; the zone is
       * looked at near them. */
      wall = wall_seconds (t);
      if (wall < start_wall - JUMP_MARGIN)
        continue;
      if (wall > start_wall + JUMP_MARGIN && wall < after_wall - JUMP_MARGIN)
        {
          count++;
          continue;
        }

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

  /* Not found is not the end of the series. */
  if (!found && !ended)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("recurrence: the next occurrence of “%s” is more than %u occurrences after its start "
                     "and cannot be found"),
                   rrule, (guint) MAX_ITERATIONS);
      return FALSE;
    }

  if (skipped != NULL)
    *skipped = count;

  return found;
}

char *
rapport_recurrence_check (const char  *rrule,
                          gint64       start,
                          const char  *time_zone,
                          const char  *field,
                          GError     **error)
{
  g_autofree char *normalized = NULL;
  g_autoptr(GError) local_error = NULL;
  struct icalrecurrencetype recur;
  gint64 next = 0;

  g_return_val_if_fail (rrule != NULL, NULL);

  if (!(normalized = rapport_recurrence_normalize (rrule, field, error)) ||
      !parse_rule (normalized, field, &recur, error) ||
      !check_parts (&recur, field, normalized, error))
    return NULL;

  if (recur.count > MAX_ITERATIONS)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: keep COUNT as is */
                   _("%s: “%s”: COUNT can be at most %u"), field, normalized, (guint) MAX_ITERATIONS);
      return NULL;
    }

  /* What completing the follow-up will do, done now. A series with no
   * occurrence left (the last of a COUNT, an UNTIL passed) is no error:
   * completing it ends it. */
  if (!rapport_recurrence_next (normalized, start, time_zone, start, &next, NULL, &local_error) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  return g_steal_pointer (&normalized);
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
