/* test-time.c */

#include "config.h"

#include <string.h>

#include <glib.h>

#include "rapport-error.h"
#include "rapport-time.h"

#define HOUR G_GINT64_CONSTANT (3600000000)  /* GTimeSpan */

/* Test values may hold control characters or invalid UTF-8: escape those
 * before they go into the test log. */
static char *
shown (const char *value)
{
  const char *p;

  if (!g_utf8_validate (value, -1, NULL))
    return g_strescape (value, NULL);
  for (p = value; *p != '\0'; p++)
    if ((guchar) *p < 0x20)
      return g_strescape (value, NULL);

  return g_strdup (value);
}

static void
assert_invalid_error (const GError *error,
                      const char   *field)
{
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_true (g_str_has_prefix (error->message, field));
  g_assert_cmpint (error->message[strlen (field)], ==, ':');
}

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  g_assert_nonnull (tz);
  return tz;
}

static gint64
utc_unix (int year,
          int month,
          int day,
          int hour,
          int minute,
          int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* Parses @text in @zone_name (the local zone when NULL) and returns the
 * result, which must not be NULL. */
static GDateTime *
parse_ok (const char *text,
          const char *zone_name)
{
  g_autoptr(GTimeZone) tz = zone_name != NULL ? zone (zone_name) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *display = shown (text);
  GDateTime *dt;

  g_test_message ("parsing “%s” in %s", display, zone_name != NULL ? zone_name : "the local zone");
  dt = rapport_parse_date_time (text, tz, "when", &error);
  g_assert_no_error (error);
  g_assert_nonnull (dt);

  return dt;
}

static void
assert_parses_to (const char *text,
                  const char *zone_name,
                  gint64      expected_unix)
{
  g_autoptr(GDateTime) dt = parse_ok (text, zone_name);

  g_assert_cmpint (g_date_time_to_unix (dt), ==, expected_unix);
}

static void
assert_wall_clock (GDateTime *dt,
                   int        hour,
                   int        minute,
                   int        second,
                   GTimeSpan  offset)
{
  g_assert_cmpint (g_date_time_get_hour (dt), ==, hour);
  g_assert_cmpint (g_date_time_get_minute (dt), ==, minute);
  g_assert_cmpint (g_date_time_get_second (dt), ==, second);
  g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, offset);
}

static void
check_parse_rejects (const char *const *texts,
                     const char        *message_part)
{
  g_autoptr(GTimeZone) tz = zone ("Africa/Lagos");

  for (; *texts != NULL; texts++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = NULL;
      g_autofree char *display = shown (*texts);

      g_test_message ("should refuse “%s”", display);
      dt = rapport_parse_date_time (*texts, tz, "when", &error);
      g_assert_null (dt);
      assert_invalid_error (error, "when");
      if (message_part != NULL)
        g_assert_nonnull (strstr (error->message, message_part));
    }
}

/* Date and time parsing ------------------------------------------------ */

static void
test_parse_date_only_is_midnight (void)
{
  g_autoptr(GDateTime) dt = parse_ok ("2026-11-20", "Africa/Lagos");

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 11, 19, 23, 0, 0));
  assert_wall_clock (dt, 0, 0, 0, 1 * HOUR);
}

static void
test_parse_minutes_and_seconds (void)
{
  assert_parses_to ("2026-11-20 14:30", "Africa/Lagos", utc_unix (2026, 11, 20, 13, 30, 0));
  assert_parses_to ("2026-11-20 14:30:15", "Africa/Lagos", utc_unix (2026, 11, 20, 13, 30, 15));
  assert_parses_to ("2026-11-20   14:30", "Africa/Lagos", utc_unix (2026, 11, 20, 13, 30, 0));
  assert_parses_to ("  2026-11-20 14:30\n", "Africa/Lagos", utc_unix (2026, 11, 20, 13, 30, 0));
  assert_parses_to ("2026-11-20 00:00", "UTC", utc_unix (2026, 11, 20, 0, 0, 0));
  assert_parses_to ("2026-11-20 23:59:59", "UTC", utc_unix (2026, 11, 20, 23, 59, 59));
}

static void
test_parse_iso8601_utc (void)
{
  assert_parses_to ("2026-11-20T14:30:00Z", "America/New_York", utc_unix (2026, 11, 20, 14, 30, 0));
  assert_parses_to ("2026-11-20t14:30:00z", "Asia/Tokyo", utc_unix (2026, 11, 20, 14, 30, 0));
  assert_parses_to ("2026-11-20T14:30Z", NULL, utc_unix (2026, 11, 20, 14, 30, 0));
}

static void
test_parse_iso8601_offset (void)
{
  assert_parses_to ("2026-11-20T14:30+01:00", "America/New_York", utc_unix (2026, 11, 20, 13, 30, 0));
  assert_parses_to ("2026-11-20T14:30:00+0100", "UTC", utc_unix (2026, 11, 20, 13, 30, 0));
  assert_parses_to ("2026-11-20T14:30+01", "UTC", utc_unix (2026, 11, 20, 13, 30, 0));
  assert_parses_to ("2026-11-20T14:30-05:00", "UTC", utc_unix (2026, 11, 20, 19, 30, 0));
  assert_parses_to ("2026-11-20T14:30+05:45", "UTC", utc_unix (2026, 11, 20, 8, 45, 0));
  assert_parses_to ("2026-11-20 14:30-00:00", "Asia/Tokyo", utc_unix (2026, 11, 20, 14, 30, 0));
}

static void
test_parse_iso8601_without_offset_uses_zone (void)
{
  assert_parses_to ("2026-11-20T14:30", "America/New_York", utc_unix (2026, 11, 20, 19, 30, 0));
  assert_parses_to ("2026-11-20T14:30:00", "Asia/Kolkata", utc_unix (2026, 11, 20, 9, 0, 0));
}

static void
test_parse_drops_fractions (void)
{
  assert_parses_to ("2026-11-20T14:30:00.999Z", NULL, utc_unix (2026, 11, 20, 14, 30, 0));
  assert_parses_to ("2026-11-20T14:30:59,5+01:00", NULL, utc_unix (2026, 11, 20, 13, 30, 59));
}

static void
test_parse_result_is_in_zone (void)
{
  g_autoptr(GDateTime) dt = parse_ok ("2026-11-20T14:30:00Z", "America/New_York");
  g_autoptr(GDateTime) local = parse_ok ("2026-11-20T14:30:00Z", NULL);

  assert_wall_clock (dt, 9, 30, 0, -5 * HOUR);
  assert_wall_clock (local, 15, 30, 0, 1 * HOUR);
}

static void
test_parse_null_zone_is_local (void)
{
  /* main() sets TZ=Europe/Berlin. */
  assert_parses_to ("2026-07-01 12:00", NULL, utc_unix (2026, 7, 1, 10, 0, 0));
  assert_parses_to ("2026-01-15 12:00", NULL, utc_unix (2026, 1, 15, 11, 0, 0));
  assert_parses_to ("2026-01-15", NULL, utc_unix (2026, 1, 14, 23, 0, 0));
}

static void
test_parse_dst_gap_moves_forward (void)
{
  /* Berlin, 2026-03-29: 02:00 CET becomes 03:00 CEST. */
  g_autoptr(GDateTime) dt = parse_ok ("2026-03-29 02:30", "Europe/Berlin");
  g_autoptr(GDateTime) start = parse_ok ("2026-03-29 02:00", "Europe/Berlin");
  g_autoptr(GDateTime) end = parse_ok ("2026-03-29 02:59:59", "Europe/Berlin");

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 3, 29, 1, 30, 0));
  assert_wall_clock (dt, 3, 30, 0, 2 * HOUR);
  assert_wall_clock (start, 3, 0, 0, 2 * HOUR);
  assert_wall_clock (end, 3, 59, 59, 2 * HOUR);
}

static void
test_parse_dst_gap_local_zone (void)
{
  g_autoptr(GDateTime) dt = parse_ok ("2026-03-29 02:30", NULL);

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 3, 29, 1, 30, 0));
  assert_wall_clock (dt, 3, 30, 0, 2 * HOUR);
}

static void
test_parse_dst_gap_new_york (void)
{
  /* New York, 2026-03-08: 02:00 EST becomes 03:00 EDT. */
  g_autoptr(GDateTime) dt = parse_ok ("2026-03-08 02:30", "America/New_York");

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 3, 8, 7, 30, 0));
  assert_wall_clock (dt, 3, 30, 0, -4 * HOUR);
}

static void
test_parse_dst_gap_half_hour (void)
{
  /* Lord Howe Island, 2026-10-04: 02:00 (+10:30) becomes 02:30 (+11:00). */
  g_autoptr(GDateTime) dt = parse_ok ("2026-10-04 02:15", "Australia/Lord_Howe");

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 10, 3, 15, 45, 0));
  assert_wall_clock (dt, 2, 45, 0, 11 * HOUR);
}

static void
test_parse_dst_overlap_takes_first (void)
{
  /* Berlin, 2026-10-25: 03:00 CEST goes back to 02:00 CET, so 02:00 to
   * 02:59:59 happen twice; the first time is still CEST (+02:00). */
  g_autoptr(GDateTime) dt = parse_ok ("2026-10-25 02:30", "Europe/Berlin");
  g_autoptr(GDateTime) local = parse_ok ("2026-10-25 02:30", NULL);

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 10, 25, 0, 30, 0));
  assert_wall_clock (dt, 2, 30, 0, 2 * HOUR);
  g_assert_cmpint (g_date_time_to_unix (local), ==, utc_unix (2026, 10, 25, 0, 30, 0));

  assert_parses_to ("2026-10-25 02:00", "Europe/Berlin", utc_unix (2026, 10, 25, 0, 0, 0));
  assert_parses_to ("2026-10-25 02:59:59", "Europe/Berlin", utc_unix (2026, 10, 25, 0, 59, 59));
}

static void
test_parse_dst_overlap_new_york (void)
{
  /* New York, 2026-11-01: 02:00 EDT goes back to 01:00 EST. */
  g_autoptr(GDateTime) dt = parse_ok ("2026-11-01 01:30", "America/New_York");

  g_assert_cmpint (g_date_time_to_unix (dt), ==, utc_unix (2026, 11, 1, 5, 30, 0));
  assert_wall_clock (dt, 1, 30, 0, -4 * HOUR);
}

static void
test_parse_dst_boundaries (void)
{
  assert_parses_to ("2026-03-29 01:59:59", "Europe/Berlin", utc_unix (2026, 3, 29, 0, 59, 59));
  assert_parses_to ("2026-03-29 03:00", "Europe/Berlin", utc_unix (2026, 3, 29, 1, 0, 0));
  assert_parses_to ("2026-10-25 01:59:59", "Europe/Berlin", utc_unix (2026, 10, 24, 23, 59, 59));
  assert_parses_to ("2026-10-25 03:00", "Europe/Berlin", utc_unix (2026, 10, 25, 2, 0, 0));
  assert_parses_to ("2026-11-01 02:00", "America/New_York", utc_unix (2026, 11, 1, 7, 0, 0));
}

static void
test_parse_explicit_offset_ignores_dst (void)
{
  /* 02:30 does not exist in Berlin that night, but with an offset the
   * instant is exact. */
  assert_parses_to ("2026-03-29T02:30:00+01:00", "Europe/Berlin", utc_unix (2026, 3, 29, 1, 30, 0));
  assert_parses_to ("2026-10-25T02:30:00+01:00", "Europe/Berlin", utc_unix (2026, 10, 25, 1, 30, 0));
}

static void
test_parse_accepts_leap_day (void)
{
  assert_parses_to ("2028-02-29 12:00", "UTC", utc_unix (2028, 2, 29, 12, 0, 0));
  assert_parses_to ("2000-02-29", "UTC", utc_unix (2000, 2, 29, 0, 0, 0));
}

static void
test_parse_rejects_invalid_day (void)
{
  const char *values[] = {
    "2026-02-30", "2026-02-29", "1900-02-29", "2026-04-31", "2026-01-00",
    "2026-01-32", "2026-02-30 10:00", NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = NULL;

  check_parse_rejects (values, "is not a valid date");

  dt = rapport_parse_date_time ("2026-02-30", NULL, "due", &error);
  g_assert_null (dt);
  g_assert_cmpstr (error->message, ==,
                   "due: “2026-02-30” is not a valid date (the day must be 01 to 28)");
}

static void
test_parse_rejects_invalid_month (void)
{
  const char *values[] = { "2026-13-01", "2026-00-10", "2026-99-01 10:00", NULL };

  check_parse_rejects (values, "the month must be 01 to 12");
}

static void
test_parse_rejects_year_zero (void)
{
  const char *values[] = { "0000-01-01", NULL };

  check_parse_rejects (values, "the year must be 0001 to 9999");
}

static void
test_parse_rejects_invalid_time (void)
{
  const char *values[] = {
    "2026-11-20 24:00", "2026-11-20 12:60", "2026-11-20 12:30:60",
    "2026-11-20T25:00Z", "2026-11-20 99:99", NULL
  };

  check_parse_rejects (values, "is not a valid time of day");
}

static void
test_parse_rejects_invalid_offset (void)
{
  const char *values[] = { "2026-11-20T14:30+24:00", "2026-11-20T14:30+01:60", NULL };

  check_parse_rejects (values, "invalid UTC offset");
}

static void
test_parse_rejects_malformed (void)
{
  const char *values[] = {
    "20.11.2026", "11/20/2026", "2026/11/20", "2026-11-20 2pm", "2026-11-20 9:30",
    "2026-1-5", "26-11-20", "2026-11-20T", "2026-11-20 14", "2026-11-20 14:30:5",
    "2026-11-20 14:30 +01:00", "2026-11-20Z", "tomorrow", "2026-11-20 14:30:00.",
    "2026-11-20T14:30+1", "2026-11-20T14:30:00Zjunk", "2026-11-20x14:30",
    "+2026-11-20", "20261120", "2026-11-20T14:30:00+01:00:00", "２０２６-11-20",
    NULL
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) dt = NULL;

  check_parse_rejects (values, "is not a date and time (use YYYY-MM-DD HH:MM)");

  dt = rapport_parse_date_time ("20.11.2026", NULL, "when", &error);
  g_assert_null (dt);
  g_assert_cmpstr (error->message, ==,
                   "when: “20.11.2026” is not a date and time (use YYYY-MM-DD HH:MM)");
}

static void
test_parse_rejects_empty (void)
{
  const char *values[] = { "", "  ", "\t", NULL };

  check_parse_rejects (values, "empty");
}

static void
test_parse_rejects_out_of_range (void)
{
  const char *values[] = { "0001-01-01T00:00+01:00", "9999-12-31T23:59:59-01:00", NULL };

  check_parse_rejects (values, "outside the supported dates");
  assert_parses_to ("0001-01-01T00:00Z", NULL, utc_unix (1, 1, 1, 0, 0, 0));
  assert_parses_to ("9999-12-31 23:59:59", "UTC", utc_unix (9999, 12, 31, 23, 59, 59));
}

static void
test_parse_rejects_invalid_utf8 (void)
{
  const char *values[] = { "2026-11-20\xff", NULL };

  check_parse_rejects (values, NULL);
}

/* Calendar dates -------------------------------------------------------- */

static void
test_parse_date_canonical (void)
{
  static const struct { const char *text; const char *expected; } cases[] = {
    { "2026-11-20", "2026-11-20" },
    { " 2026-11-20 ", "2026-11-20" },
    { "2026-11-20T23:30-05:00", "2026-11-20" },
    { "2026-11-20T00:30+14:00", "2026-11-20" },
    { "2026-11-20 14:30", "2026-11-20" },
    { "2026-03-29 02:30", "2026-03-29" },
    { "2028-02-29", "2028-02-29" },
    { "0001-01-01", "0001-01-01" },
    { "0001-01-01T00:00+01:00", "0001-01-01" },
    { "9999-12-31T23:59-12:00", "9999-12-31" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char out[11] = "";

      gboolean ok;

      g_test_message ("parsing “%s”", cases[i].text);
      ok = rapport_parse_date (cases[i].text, "birthday", out, &error);
      g_assert_no_error (error);
      g_assert_true (ok);
      g_assert_cmpstr (out, ==, cases[i].expected);
    }
}

static void
test_parse_date_rejects (void)
{
  const char *values[] = {
    "", "2026-02-30", "2026-13-01", "2026-11-20T25:00", "20.11.2026", "2026-11", "1/2/2026",
    NULL
  };
  const char *const *value;
  g_autoptr(GError) error = NULL;
  char out[11] = "unchanged";

  for (value = values; *value != NULL; value++)
    {
      g_autoptr(GError) value_error = NULL;

      g_test_message ("should refuse “%s”", *value);
      g_assert_false (rapport_parse_date (*value, "birthday", out, &value_error));
      assert_invalid_error (value_error, "birthday");
      g_assert_cmpstr (out, ==, "unchanged");
    }

  g_assert_false (rapport_parse_date ("20.11.2026", "birthday", out, &error));
  g_assert_cmpstr (error->message, ==,
                   "birthday: “20.11.2026” is not a date (use YYYY-MM-DD)");
}

/* Durations ------------------------------------------------------------- */

typedef struct
{
  const char *text;
  gint64      seconds;
} DurationCase;

static void
check_durations (const DurationCase *cases,
                 gsize               n_cases)
{
  gsize i;

  for (i = 0; i < n_cases; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = shown (cases[i].text);
      gint64 seconds = -1;

      g_test_message ("parsing “%s”", display);
      g_assert_true (rapport_parse_duration (cases[i].text, "duration", &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpint (seconds, ==, cases[i].seconds);
    }
}

static void
check_duration_rejects (const char *const *texts,
                        const char        *message_part)
{
  for (; *texts != NULL; texts++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *display = shown (*texts);
      gint64 seconds = -1;

      g_test_message ("should refuse “%s”", display);
      g_assert_false (rapport_parse_duration (*texts, "duration", &seconds, &error));
      assert_invalid_error (error, "duration");
      g_assert_cmpint (seconds, ==, -1);
      if (message_part != NULL)
        g_assert_nonnull (strstr (error->message, message_part));
    }
}

static void
test_duration_parses_units (void)
{
  static const DurationCase cases[] = {
    { "6m", 360 },
    { "90s", 90 },
    { "1h30m", 5400 },
    { "1h 30m 10s", 5410 },
    { "2h", 7200 },
    { "1H30M", 5400 },
    { " 45m ", 2700 },
    { "1 h 30 m", 5400 },
    { "0s", 0 },
    { "1h 0m", 3600 },
    { "100m", 6000 },
    { "1h 5s", 3605 },
    { "1h 75m", 8100 },
  };

  check_durations (cases, G_N_ELEMENTS (cases));
}

static void
test_duration_continues_last_unit (void)
{
  static const DurationCase cases[] = {
    { "1h30", 5400 },
    { "1h 30", 5400 },
    { "2m30", 150 },
    { "1h30m20", 5420 },
  };
  const char *refused[] = { "1h75", "1s20", "2m60", NULL };

  check_durations (cases, G_N_ELEMENTS (cases));
  check_duration_rejects (refused, "is not a duration");
}

static void
test_duration_parses_clock (void)
{
  static const DurationCase cases[] = {
    { "1:30", 90 },
    { "01:02:03", 3723 },
    { "0:05", 5 },
    { "90:00", 5400 },
    { "1:00:00", 3600 },
  };

  check_durations (cases, G_N_ELEMENTS (cases));
}

static void
test_duration_bare_number_is_minutes (void)
{
  static const DurationCase cases[] = {
    { "6", 360 },
    { "45", 2700 },
    { "0", 0 },
    { "007", 420 },
  };

  check_durations (cases, G_N_ELEMENTS (cases));
}

static void
test_duration_accepts_thirty_days (void)
{
  static const DurationCase cases[] = {
    { "720h", 2592000 },
    { "43200", 2592000 },
    { "720:00:00", 2592000 },
    { "2592000s", 2592000 },
  };

  check_durations (cases, G_N_ELEMENTS (cases));
}

static void
test_duration_rejects_over_thirty_days (void)
{
  const char *values[] = {
    "721h", "43201", "720:00:01", "2592001s", "719h 60m 1s",
    "99999999999999999999h", "99999999999999999999", "99999999999999999999:00",
    NULL
  };

  check_duration_rejects (values, "longer than 30 days");
}

static void
test_duration_rejects_negative (void)
{
  const char *values[] = { "-5", "-1h", "-0:30", " -6m", NULL };

  check_duration_rejects (values, "negative");
}

static void
test_duration_rejects_empty (void)
{
  const char *values[] = { "", "   ", NULL };

  check_duration_rejects (values, "empty");
}

static void
test_duration_rejects_garbage (void)
{
  const char *values[] = {
    "6x", "abc", "1.5h", "1.5", "1,5", "h", "m", "1h1h", "30m1h", "1s1m", "1h 2h",
    "1:3", "1:60", "1:2:3:4", "1:02:03:04", ":30", "1:", "1::30", "1 :30", "1:30:", "6 minutes",
    "6min", "+6m", "1h-30m", "1h,30m", "١٢", "1:30m",
    NULL
  };
  const char *not_utf8[] = { "6m\xff", NULL };
  g_autoptr(GError) error = NULL;
  gint64 seconds;

  check_duration_rejects (values, "is not a duration");
  check_duration_rejects (not_utf8, "UTF-8");

  g_assert_false (rapport_parse_duration ("6x", "call length", &seconds, &error));
  g_assert_cmpstr (error->message, ==,
                   "call length: “6x” is not a duration (use for example 45m, 1h 30m or 1:30:00)");
}

static void
test_duration_formats (void)
{
  static const struct { gint64 seconds; const char *expected; } cases[] = {
    { 0, "0s" },
    { 1, "1s" },
    { 45, "45s" },
    { 60, "1m" },
    { 360, "6m" },
    { 3599, "59m 59s" },
    { 3600, "1h" },
    { 3605, "1h 5s" },
    { 5400, "1h 30m" },
    { 3725, "1h 2m 5s" },
    { 90000, "25h" },
    { 2592000, "720h" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = rapport_format_duration (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_duration_format_round_trips (void)
{
  gint64 seconds;

  for (seconds = 0; seconds <= 2592000; seconds += seconds < 7200 ? 1 : 997)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = rapport_format_duration (seconds);
      gint64 parsed = -1;

      if (!rapport_parse_duration (text, "duration", &parsed, &error))
        g_assert_no_error (error);
      g_assert_cmpint (parsed, ==, seconds);
    }
}

static void
test_duration_format_refuses_negative (void)
{
#ifdef G_DISABLE_CHECKS
  g_test_skip ("precondition checks are disabled");
#else
  char *text;

  g_test_expect_message ("rapport-time", G_LOG_LEVEL_CRITICAL, "*seconds >= 0*");
  text = rapport_format_duration (-1);
  g_test_assert_expected_messages ();
  g_assert_null (text);
#endif
}

/* Time zones ------------------------------------------------------------ */

static void
test_zone_new_named (void)
{
  g_autoptr(GTimeZone) tz = rapport_time_zone_new ("Africa/Lagos");
  g_autoptr(GTimeZone) utc = rapport_time_zone_new ("UTC");

  g_assert_cmpstr (g_time_zone_get_identifier (tz), ==, "Africa/Lagos");
  g_assert_cmpint (g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                                         utc_unix (2026, 7, 1, 0, 0, 0))),
                   ==, 3600);
  g_assert_cmpstr (g_time_zone_get_identifier (utc), ==, "UTC");
}

static void
test_zone_new_falls_back_to_local (void)
{
  const char *identifiers[] = { NULL, "", "Nowhere/Town", "+99:99" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (identifiers); i++)
    {
      g_autoptr(GTimeZone) tz = rapport_time_zone_new (identifiers[i]);

      g_assert_nonnull (tz);
      /* main() sets TZ=Europe/Berlin. */
      g_assert_cmpstr (g_time_zone_get_identifier (tz), ==, "Europe/Berlin");
    }
}

int
main (int   argc,
      char *argv[])
{
  /* Before anything else reads the local zone. */
  g_setenv ("TZ", "Europe/Berlin", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time/parse/date-only-is-midnight", test_parse_date_only_is_midnight);
  g_test_add_func ("/time/parse/minutes-and-seconds", test_parse_minutes_and_seconds);
  g_test_add_func ("/time/parse/iso8601-utc", test_parse_iso8601_utc);
  g_test_add_func ("/time/parse/iso8601-offset", test_parse_iso8601_offset);
  g_test_add_func ("/time/parse/iso8601-without-offset-uses-zone", test_parse_iso8601_without_offset_uses_zone);
  g_test_add_func ("/time/parse/drops-fractions", test_parse_drops_fractions);
  g_test_add_func ("/time/parse/result-is-in-zone", test_parse_result_is_in_zone);
  g_test_add_func ("/time/parse/null-zone-is-local", test_parse_null_zone_is_local);
  g_test_add_func ("/time/parse/dst-gap-moves-forward", test_parse_dst_gap_moves_forward);
  g_test_add_func ("/time/parse/dst-gap-local-zone", test_parse_dst_gap_local_zone);
  g_test_add_func ("/time/parse/dst-gap-new-york", test_parse_dst_gap_new_york);
  g_test_add_func ("/time/parse/dst-gap-half-hour", test_parse_dst_gap_half_hour);
  g_test_add_func ("/time/parse/dst-overlap-takes-first", test_parse_dst_overlap_takes_first);
  g_test_add_func ("/time/parse/dst-overlap-new-york", test_parse_dst_overlap_new_york);
  g_test_add_func ("/time/parse/dst-boundaries", test_parse_dst_boundaries);
  g_test_add_func ("/time/parse/explicit-offset-ignores-dst", test_parse_explicit_offset_ignores_dst);
  g_test_add_func ("/time/parse/accepts-leap-day", test_parse_accepts_leap_day);
  g_test_add_func ("/time/parse/rejects-invalid-day", test_parse_rejects_invalid_day);
  g_test_add_func ("/time/parse/rejects-invalid-month", test_parse_rejects_invalid_month);
  g_test_add_func ("/time/parse/rejects-year-zero", test_parse_rejects_year_zero);
  g_test_add_func ("/time/parse/rejects-invalid-time", test_parse_rejects_invalid_time);
  g_test_add_func ("/time/parse/rejects-invalid-offset", test_parse_rejects_invalid_offset);
  g_test_add_func ("/time/parse/rejects-malformed", test_parse_rejects_malformed);
  g_test_add_func ("/time/parse/rejects-empty", test_parse_rejects_empty);
  g_test_add_func ("/time/parse/rejects-out-of-range", test_parse_rejects_out_of_range);
  g_test_add_func ("/time/parse/rejects-invalid-utf8", test_parse_rejects_invalid_utf8);

  g_test_add_func ("/time/parse-date/canonical", test_parse_date_canonical);
  g_test_add_func ("/time/parse-date/rejects", test_parse_date_rejects);

  g_test_add_func ("/time/duration/parses-units", test_duration_parses_units);
  g_test_add_func ("/time/duration/continues-last-unit", test_duration_continues_last_unit);
  g_test_add_func ("/time/duration/parses-clock", test_duration_parses_clock);
  g_test_add_func ("/time/duration/bare-number-is-minutes", test_duration_bare_number_is_minutes);
  g_test_add_func ("/time/duration/accepts-thirty-days", test_duration_accepts_thirty_days);
  g_test_add_func ("/time/duration/rejects-over-thirty-days", test_duration_rejects_over_thirty_days);
  g_test_add_func ("/time/duration/rejects-negative", test_duration_rejects_negative);
  g_test_add_func ("/time/duration/rejects-empty", test_duration_rejects_empty);
  g_test_add_func ("/time/duration/rejects-garbage", test_duration_rejects_garbage);
  g_test_add_func ("/time/duration/formats", test_duration_formats);
  g_test_add_func ("/time/duration/format-round-trips", test_duration_format_round_trips);
  g_test_add_func ("/time/duration/format-refuses-negative", test_duration_format_refuses_negative);

  g_test_add_func ("/time/zone/new-named", test_zone_new_named);
  g_test_add_func ("/time/zone/new-falls-back-to-local", test_zone_new_falls_back_to_local);

  return g_test_run ();
}
