/* rapport-time.c
 *
 * Parsing and formatting of the dates, times and durations that users
 * type. Leading and trailing white space is ignored everywhere; every
 * failure is RAPPORT_ERROR_INVALID with a message that starts with the
 * field name.
 */

#define G_LOG_DOMAIN "rapport-time"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-time.h"
#include "rapport-validate.h"

#define SECONDS_PER_DAY       (24 * 60 * 60)
#define MAX_DURATION_SECONDS  (30 * SECONDS_PER_DAY)
/* Numbers in durations stop growing here: far above any valid value, far
 * below anything that could overflow once multiplied by 3600. */
#define DURATION_NUMBER_CAP   G_GINT64_CONSTANT (1000000000000)

/* Date and time parsing ------------------------------------------------ */

typedef struct
{
  int      year;
  int      month;
  int      day;
  int      hour;
  int      minute;
  int      second;
  gboolean has_offset;
  int      offset;             /* seconds east of UTC */
} WallTime;

typedef enum
{
  WALL_OK,
  WALL_SYNTAX,
  WALL_BAD_YEAR,
  WALL_BAD_MONTH,
  WALL_BAD_DAY,
  WALL_BAD_TIME,
  WALL_BAD_OFFSET,
} WallResult;

/* Reads exactly @n ASCII digits. */
static gboolean
read_digits (const char **p,
             int          n,
             int         *out)
{
  int value = 0;
  int i;

  for (i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      value = value * 10 + ((*p)[i] - '0');
    }

  *p += n;
  *out = value;
  return TRUE;
}

/* "YYYY-MM-DD", then optionally 'T' or spaces and "HH:MM[:SS[.frac]]",
 * then optionally "Z" or an offset "+HH:MM", "+HHMM" or "+HH". Fractions
 * of a second are accepted and dropped. */
static WallResult
wall_time_parse (const char *text,
                 WallTime   *wt)
{
  const char *p = text;
  int offset_hours = 0;
  int offset_minutes = 0;

  memset (wt, 0, sizeof *wt);

  if (!read_digits (&p, 4, &wt->year) || *p++ != '-' ||
      !read_digits (&p, 2, &wt->month) || *p++ != '-' ||
      !read_digits (&p, 2, &wt->day))
    return WALL_SYNTAX;

  if (*p != '\0')
    {
      if (*p == 'T' || *p == 't')
        p++;
      else if (*p == ' ')
        while (*p == ' ')
          p++;
      else
        return WALL_SYNTAX;

      if (!read_digits (&p, 2, &wt->hour) || *p++ != ':' ||
          !read_digits (&p, 2, &wt->minute))
        return WALL_SYNTAX;

      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &wt->second))
            return WALL_SYNTAX;

          if (*p == '.' || *p == ',')
            {
              p++;
              if (!g_ascii_isdigit (*p))
                return WALL_SYNTAX;
              while (g_ascii_isdigit (*p))
                p++;
            }
        }

      if (*p == 'Z' || *p == 'z')
        {
          wt->has_offset = TRUE;
          p++;
        }
      else if (*p == '+' || *p == '-')
        {
          int sign = *p++ == '-' ? -1 : 1;

          if (!read_digits (&p, 2, &offset_hours))
            return WALL_SYNTAX;
          if (*p == ':')
            {
              p++;
              if (!read_digits (&p, 2, &offset_minutes))
                return WALL_SYNTAX;
            }
          else if (g_ascii_isdigit (*p) && !read_digits (&p, 2, &offset_minutes))
            return WALL_SYNTAX;

          wt->has_offset = TRUE;
          wt->offset = sign * (offset_hours * 3600 + offset_minutes * 60);
        }

      if (*p != '\0')
        return WALL_SYNTAX;
    }

  /* Refuse impossible dates instead of normalizing them. */
  if (wt->year < 1)
    return WALL_BAD_YEAR;
  if (wt->month < 1 || wt->month > 12)
    return WALL_BAD_MONTH;
  if (wt->day < 1 || wt->day > g_date_get_days_in_month (wt->month, wt->year))
    return WALL_BAD_DAY;
  if (wt->hour > 23 || wt->minute > 59 || wt->second > 59)
    return WALL_BAD_TIME;
  if (offset_hours > 23 || offset_minutes > 59)
    return WALL_BAD_OFFSET;

  return WALL_OK;
}

static void
set_wall_time_error (WallResult       result,
                     const WallTime  *wt,
                     gboolean         date_only,
                     const char      *field,
                     const char      *text,
                     GError         **error)
{
  switch (result)
    {
    case WALL_SYNTAX:
      if (date_only)
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: the first %s is a field name, the second
                      * the text that was entered. Do not translate
                      * YYYY-MM-DD. */
                     _("%s: “%s” is not a date (use YYYY-MM-DD)"),
                     field, text);
      else
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: the first %s is a field name, the second
                      * the text that was entered. Do not translate
                      * YYYY-MM-DD HH:MM. */
                     _("%s: “%s” is not a date and time (use YYYY-MM-DD HH:MM)"),
                     field, text);
      break;

    case WALL_BAD_YEAR:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is not a valid date (the year must be 0001 to 9999)"),
                   field, text);
      break;

    case WALL_BAD_MONTH:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is not a valid date (the month must be 01 to 12)"),
                   field, text);
      break;

    case WALL_BAD_DAY:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered; %02d is the number of days
                    * in the month that was entered (28 to 31). */
                   _("%s: “%s” is not a valid date (the day must be 01 to %02d)"),
                   field, text,
                   (int) g_date_get_days_in_month (wt->month, wt->year));
      break;

    case WALL_BAD_TIME:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is not a valid time of day (use 00:00 to 23:59)"),
                   field, text);
      break;

    case WALL_BAD_OFFSET:
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. Do not translate +HH:MM and
                    * Z. */
                   _("%s: “%s” has an invalid UTC offset (use +HH:MM, -HH:MM or Z)"),
                   field, text);
      break;

    case WALL_OK:
    default:
      g_assert_not_reached ();
    }
}

/* The UTC offset of @tz at the instant @unix_time. */
static gint64
offset_at (GTimeZone *tz,
           gint64     unix_time)
{
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, unix_time);

  return interval >= 0 ? g_time_zone_get_offset (tz, interval) : 0;
}

/* Resolves the wall-clock time @local (seconds since 1970-01-01 00:00 on
 * the wall clock) in @tz to an instant. The offsets a day before and a day
 * after bracket any transition near @local (offsets never exceed a day),
 * and each is a valid reading of @local if the zone really has that offset
 * at the resulting instant:
 *  - both valid and different: the time is ambiguous (clocks went back);
 *    the first occurrence is the earlier instant;
 *  - neither valid: the time was skipped (clocks went forward); reading it
 *    with the offset from before the change moves it forward by the gap,
 *    so 02:30 in a one-hour gap at 02:00 becomes 03:30. */
static gint64
wall_clock_to_unix (GTimeZone *tz,
                    gint64     local)
{
  gint64 before = offset_at (tz, local - SECONDS_PER_DAY);
  gint64 after = offset_at (tz, local + SECONDS_PER_DAY);
  gboolean before_valid = offset_at (tz, local - before) == before;
  gboolean after_valid = offset_at (tz, local - after) == after;

  if (before_valid && after_valid)
    return MIN (local - before, local - after);
  if (after_valid)
    return local - after;

  return local - before;
}

/* Trims @text, parses it into @wt and checks that the date and time
 * exist on the calendar and the clock. */
static gboolean
wall_time_parse_checked (const char  *text,
                         gboolean     date_only,
                         const char  *field,
                         WallTime    *wt,
                         GError     **error)
{
  g_autofree char *copy = NULL;
  WallResult parsed;

  if (!rapport_validate_utf8 (text, field, error))
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    {
      if (date_only)
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: %s is a field name. */
                     _("%s: the date is empty"), field);
      else
        g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                     /* Translators: %s is a field name. */
                     _("%s: the date and time are empty"), field);
      return FALSE;
    }

  parsed = wall_time_parse (copy, wt);
  if (parsed != WALL_OK)
    {
      g_autofree char *shown = rapport_validate_dup_shown (text);

      set_wall_time_error (parsed, wt, date_only, field, shown, error);
      return FALSE;
    }

  return TRUE;
}

/* Also "YYYY-MM-DDTHH:MM" and "YYYY-MM-DD HH:MM+01:00": the separator
 * may be 'T' or spaces with any of the time forms, and an offset ("Z",
 * "+01:00", "+0100", "+01") may follow any of them. Fractions of a second
 * are dropped. Impossible dates ("2026-02-30") and times ("24:00") are
 * refused, not normalized. The result is in @tz (or the local zone). */
GDateTime *
rapport_parse_date_time (const char  *text,
                         GTimeZone   *tz,
                         const char  *field,
                         GError     **error)
{
  g_autoptr(GTimeZone) local_tz = NULL;
  g_autoptr(GDateTime) wall = NULL;
  g_autoptr(GDateTime) utc = NULL;
  GDateTime *result = NULL;
  WallTime wt;
  gint64 local;
  gint64 unix_time;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!wall_time_parse_checked (text, FALSE, field, &wt, error))
    return NULL;

  if (tz == NULL)
    tz = local_tz = g_time_zone_new_local ();

  /* Every valid wall time of the years 0001 to 9999 is representable. */
  wall = g_date_time_new_utc (wt.year, wt.month, wt.day,
                              wt.hour, wt.minute, wt.second);
  g_assert (wall != NULL);
  local = g_date_time_to_unix (wall);

  if (wt.has_offset)
    unix_time = local - wt.offset;
  else
    unix_time = wall_clock_to_unix (tz, local);

  /* The instant can still fall outside 0001 to 9999 by a few hours. */
  utc = g_date_time_new_from_unix_utc (unix_time);
  if (utc != NULL)
    result = g_date_time_to_timezone (utc, tz);

  if (result == NULL)
    {
      g_autofree char *shown = rapport_validate_dup_shown (text);

      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second the
                    * text that was entered. */
                   _("%s: “%s” is outside the supported dates (0001 to 9999)"),
                   field, shown);
    }

  return result;
}

/* The date is kept as written: "2026-11-20T23:30-05:00" gives
 * "2026-11-20", whatever the date is in UTC or locally. @out is only
 * written on success. */
gboolean
rapport_parse_date (const char  *text,
                    const char  *field,
                    char         out[11],
                    GError     **error)
{
  WallTime wt;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!wall_time_parse_checked (text, TRUE, field, &wt, error))
    return FALSE;

  g_snprintf (out, 11, "%04d-%02d-%02d", wt.year, wt.month, wt.day);
  return TRUE;
}

/* Durations ------------------------------------------------------------ */

/* Reads one or more ASCII digits, saturating at DURATION_NUMBER_CAP. */
static gboolean
read_number (const char **p,
             gint64      *out)
{
  gint64 value = 0;

  if (!g_ascii_isdigit (**p))
    return FALSE;

  while (g_ascii_isdigit (**p))
    {
      value = MIN (value * 10 + (**p - '0'), DURATION_NUMBER_CAP);
      (*p)++;
    }

  *out = value;
  return TRUE;
}

/* "M:SS" or "H:MM:SS"; the first part may have any number of digits. */
static gboolean
parse_clock_duration (const char *text,
                      gint64     *seconds)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", -1);
  guint n_parts = g_strv_length (parts);
  const char *p = parts[0];
  gint64 total;
  guint i;

  if (n_parts < 2 || n_parts > 3)
    return FALSE;
  if (!read_number (&p, &total) || *p != '\0')
    return FALSE;

  for (i = 1; i < n_parts; i++)
    {
      const char *q = parts[i];
      int value;

      if (!read_digits (&q, 2, &value) || *q != '\0' || value > 59)
        return FALSE;
      total = total * 60 + value;
    }

  *seconds = total;
  return TRUE;
}

/* Numbers with units h, m and s (any case), largest first, each at most
 * once, spaces allowed between the parts: "1h30m", "1h 30m 10s", "90 s".
 * A last number without a unit continues the one before it: "1h30" is
 * 1h 30m and "2m30" is 2m 30s (it must then be below 60). */
static gboolean
parse_unit_duration (const char *text,
                     gint64     *seconds)
{
  static const struct { char unit; gint64 factor; } units[] = {
    { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
  };
  const char *p = text;
  gsize next_unit = 0;
  gint64 total = 0;

  while (*p != '\0')
    {
      gint64 number;
      char unit;
      gsize i;

      while (*p == ' ')
        p++;
      if (!read_number (&p, &number))
        return FALSE;
      while (*p == ' ')
        p++;

      if (*p == '\0')
        {
          /* A trailing number without a unit. */
          if (next_unit == 0 || next_unit >= G_N_ELEMENTS (units) || number > 59)
            return FALSE;
          total += number * units[next_unit].factor;
          break;
        }

      unit = g_ascii_tolower (*p++);

      for (i = next_unit; i < G_N_ELEMENTS (units); i++)
        if (units[i].unit == unit)
          break;
      if (i == G_N_ELEMENTS (units))
        return FALSE;

      total += number * units[i].factor;
      next_unit = i + 1;
    }

  *seconds = total;
  return TRUE;
}

/* Besides the forms in the header: white space around is ignored, zero is
 * allowed, the largest accepted value is 30 days (2592000 seconds).
 * Fractions ("1.5h"), signs and other units are refused. */
gboolean
rapport_parse_duration (const char  *text,
                        const char  *field,
                        gint64      *seconds,
                        GError     **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *shown = NULL;
  const char *p;
  gint64 total = 0;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rapport_validate_utf8 (text, field, error))
    return FALSE;

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: %s is a field name. */
                   _("%s: the duration is empty"), field);
      return FALSE;
    }

  /* Messages show the text as entered, within bounds. */
  shown = rapport_validate_dup_shown (text);
  text = shown;

  if (*copy == '-')
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is negative (a duration must be zero or more)"),
                   field, text);
      return FALSE;
    }

  if (strchr (copy, ':') != NULL)
    {
      ok = parse_clock_duration (copy, &total);
    }
  else
    {
      p = copy;
      ok = read_number (&p, &total);
      if (ok && *p == '\0')
        total *= 60;  /* a bare number means minutes */
      else
        ok = parse_unit_duration (copy, &total);
    }

  if (!ok)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. Keep the examples as they
                    * are: they are what the parser understands. */
                   _("%s: “%s” is not a duration (use for example 45m, 1h 30m or 1:30:00)"),
                   field, text);
      return FALSE;
    }

  if (total > MAX_DURATION_SECONDS)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the first %s is a field name, the second
                    * the text that was entered. */
                   _("%s: “%s” is longer than 30 days"),
                   field, text);
      return FALSE;
    }

  *seconds = total;
  return TRUE;
}

/* Hours, minutes and seconds, largest first, separated by spaces, leaving
 * out the parts that are zero: 45 → "45s", 360 → "6m", 3600 → "1h",
 * 3605 → "1h 5s", 5400 → "1h 30m", 3725 → "1h 2m 5s"; 0 is "0s". Hours
 * are not carried into days (90000 → "25h"). In an untranslated UI the
 * result parses back to the same value. */
char *
rapport_format_duration (gint64 seconds)
{
  GString *result;
  gint64 hours;
  int minutes;
  int secs;

  g_return_val_if_fail (seconds >= 0, NULL);
  g_return_val_if_fail (seconds / 3600 <= G_MAXINT, NULL);

  hours = seconds / 3600;
  minutes = (int) (seconds % 3600 / 60);
  secs = (int) (seconds % 60);
  result = g_string_new (NULL);

  if (hours > 0)
    /* Translators: %d is a number of hours, "h" abbreviates "hours". */
    g_string_append_printf (result, C_("duration", "%dh"), (int) hours);

  if (minutes > 0)
    {
      if (result->len > 0)
        g_string_append_c (result, ' ');
      /* Translators: %d is a number of minutes, "m" abbreviates
       * "minutes". */
      g_string_append_printf (result, C_("duration", "%dm"), minutes);
    }

  if (secs > 0 || result->len == 0)
    {
      if (result->len > 0)
        g_string_append_c (result, ' ');
      /* Translators: %d is a number of seconds, "s" abbreviates
       * "seconds". */
      g_string_append_printf (result, C_("duration", "%ds"), secs);
    }

  return g_string_free (result, FALSE);
}

/* Time zones ----------------------------------------------------------- */

GTimeZone *
rapport_time_zone_new (const char *identifier)
{
  GTimeZone *tz = NULL;

  if (identifier != NULL && *identifier != '\0')
    tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    tz = g_time_zone_new_local ();

  return tz;
}
