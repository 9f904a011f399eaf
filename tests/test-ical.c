/* test-ical.c
 *
 * Follow-ups, renewal notices and interactions <-> iCalendar: round
 * trips, what other clients write, updates of a remote copy, the
 * normalized hash, and malformed input.
 */

#include "config.h"

#include <string.h>

#include <libical/ical.h>

#include "rapport-error.h"
#include "rapport-ical-records.h"
#include "rapport-records.h"
#include "rapport-text.h"
#include "rapport-types.h"

#define CUSTOMER_UID "5f0c2a8e-1b7d-4c3e-9a6f-2d8e4b1c7a90"
#define FOLLOW_UP_UID "a1b2c3d4-0000-4000-8000-000000000001"

/* Helpers */

static gint64
instant (const char *zone,
         int         year,
         int         month,
         int         day,
         int         hour,
         int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt);
}

/* Joins folded lines again and turns CRLF into LF. */
static char *
unfold (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (p[0] == '\r' && p[1] == '\n' && (p[2] == ' ' || p[2] == '\t'))
        p += 2;
      else if (p[0] == '\n' && (p[1] == ' ' || p[1] == '\t'))
        p += 1;
      else if (p[0] == '\r' && p[1] == '\n')
        {
          g_string_append_c (out, '\n');
          p++;
        }
      else
        g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

static gboolean
has_line (const char *text,
          const char *line)
{
  g_autofree char *unfolded = unfold (text);
  g_autofree char *needle = g_strconcat ("\n", line, "\n", NULL);
  g_autofree char *haystack = g_strconcat ("\n", unfolded, NULL);

  return strstr (haystack, needle) != NULL;
}

static guint
count_lines_starting (const char *text,
                      const char *prefix)
{
  g_autofree char *unfolded = unfold (text);
  g_auto(GStrv) lines = g_strsplit (unfolded, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      n++;

  return n;
}

#define assert_has_line(text, line) \
  G_STMT_START { \
    if (!has_line ((text), (line))) \
      g_error ("expected the line “%s” in:\n%s", (line), (text)); \
  } G_STMT_END

#define assert_lacks_line(text, line) \
  G_STMT_START { \
    if (has_line ((text), (line))) \
      g_error ("did not expect the line “%s” in:\n%s", (line), (text)); \
  } G_STMT_END

#define assert_contains(text, part) \
  G_STMT_START { \
    if (strstr ((text), (part)) == NULL) \
      g_error ("expected “%s” in:\n%s", (part), (text)); \
  } G_STMT_END

/* Every line ends with CRLF, is valid UTF-8 and at most 75 octets. */
static void
assert_well_formed (const char *text)
{
  const char *p = text;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_suffix (text, "\r\n"));

  while (*p != '\0')
    {
      const char *eol = strstr (p, "\r\n");

      g_assert_nonnull (eol);
      g_assert_null (memchr (p, '\n', eol - p));
      if (eol - p > 75)
        g_error ("line longer than 75 octets: %.*s", (int) (eol - p), p);
      p = eol + 2;
    }
}

static RapportFollowUp *
make_follow_up (void)
{
  RapportFollowUp *fu = rapport_follow_up_new ();

  fu->uid = g_strdup (FOLLOW_UP_UID);
  fu->customer_name = g_strdup ("Okafor, Amara; Lagos office");
  fu->due = instant ("America/New_York", 2026, 3, 9, 10, 0);
  fu->time_zone = g_strdup ("America/New_York");
  fu->title = g_strdup ("Call back about the quote");
  fu->notes = g_strdup ("She asked for 3 options;\nprices in NGN, USD.\nBackslash \\ too.");
  fu->priority = 3;
  fu->state = RAPPORT_FOLLOW_UP_OPEN;
  fu->rrule = g_strdup ("FREQ=WEEKLY;BYDAY=MO");
  fu->created = instant ("UTC", 2026, 2, 1, 9, 0);
  fu->modified = instant ("UTC", 2026, 2, 2, 9, 30);

  return fu;
}

static void
assert_follow_ups_equal (const RapportFollowUp *a,
                         const RapportFollowUp *b)
{
  g_assert_cmpstr (a->uid, ==, b->uid);
  g_assert_cmpint (a->due, ==, b->due);
  g_assert_cmpstr (a->time_zone, ==, b->time_zone);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->notes, ==, b->notes);
  g_assert_cmpint (a->priority, ==, b->priority);
  g_assert_cmpint (a->state, ==, b->state);
  g_assert_cmpint (a->snoozed_until, ==, b->snoozed_until);
  g_assert_cmpstr (a->rrule, ==, b->rrule);
  g_assert_cmpint (a->completed_at, ==, b->completed_at);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->modified, ==, b->modified);
  g_assert_cmpstr (a->customer_name, ==, b->customer_name);
}

static RapportFollowUp *
read_follow_up (const char  *text,
                const char  *zone,
                char       **customer_uid)
{
  g_autoptr(GError) error = NULL;
  RapportFollowUp *fu = rapport_follow_up_new ();

  fu->time_zone = g_strdup (zone);
  g_assert_true (rapport_ical_read_follow_up (text, -1, fu, customer_uid, NULL, &error));
  g_assert_no_error (error);
  return fu;
}

/* Follow-ups */

/* Zones that are always UTC+0 are still zones: DUE names the zone and
 * writes a local time, never "TZID=...:...Z" (RFC 5545 3.3.5 forbids a
 * UTC time with TZID), and the zone comes back. */
static void
test_follow_up_utc_offset_zones (void)
{
  static const char * const zones[] = { "Africa/Accra", "Africa/Abidjan", "Atlantic/Reykjavik", "Europe/London" };

  for (guint i = 0; i < G_N_ELEMENTS (zones); i++)
    {
      g_autoptr(RapportFollowUp) fu = make_follow_up ();
      g_autoptr(RapportFollowUp) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *due = g_strdup_printf ("DUE;TZID=%s:20261210T090000", zones[i]);

      g_test_message ("%s", zones[i]);
      g_free (fu->time_zone);
      fu->time_zone = g_strdup (zones[i]);
      g_clear_pointer (&fu->rrule, g_free);
      fu->due = instant (zones[i], 2026, 12, 10, 9, 0);
      text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, &error);
      g_assert_no_error (error);
      assert_well_formed (text);
      assert_has_line (text, due);
      g_assert_null (strstr (text, "0000Z\r\nDTSTART;TZID"));
      for (const char *z = strstr (text, ";TZID="); z != NULL; z = strstr (z + 1, ";TZID="))
        {
          const char *end = strstr (z, "\r\n");

          g_assert_false (end[-1] == 'Z');
        }

      back = read_follow_up (text, "Europe/Berlin", NULL);
      g_assert_cmpint (back->due, ==, fu->due);
      g_assert_cmpstr (back->time_zone, ==, zones[i]);

      /* Moved by an hour in place, as another app's task is. */
      {
        g_autofree char *moved = NULL;
        g_autofree char *moved_due = g_strdup_printf ("DUE;TZID=%s:20261210T100000", zones[i]);
        g_autoptr(RapportFollowUp) again = NULL;

        fu->due += 3600;
        moved = rapport_ical_update_follow_up (text, fu, CUSTOMER_UID, &error);
        g_assert_no_error (error);
        g_test_message ("%s", moved);
        assert_has_line (moved, moved_due);
        for (const char *z = strstr (moved, ";TZID="); z != NULL; z = strstr (z + 1, ";TZID="))
          g_assert_false (strstr (z, "\r\n")[-1] == 'Z');
        again = read_follow_up (moved, "Europe/Berlin", NULL);
        g_assert_cmpint (again->due, ==, fu->due);
        g_assert_cmpstr (again->time_zone, ==, zones[i]);
      }
    }
}

static void
test_follow_up_recurring_round_trip (void)
{
  g_autoptr(RapportFollowUp) fu = make_follow_up ();
  g_autoptr(RapportFollowUp) back = rapport_follow_up_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *copy = NULL;

  fu->snoozed_until = instant ("UTC", 2026, 3, 9, 16, 45);
  text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, &error);
  g_assert_no_error (error);
  assert_well_formed (text);

  g_assert_true (g_str_has_prefix (text, "BEGIN:VCALENDAR\r\n"));
  assert_has_line (text, "VERSION:2.0");
  assert_has_line (text, "PRODID:-//Rapport//Rapport//EN");
  assert_has_line (text, "UID:" FOLLOW_UP_UID);
  assert_has_line (text, "SUMMARY:Call back about the quote");
  assert_has_line (text, "DESCRIPTION:She asked for 3 options\\;\\nprices in NGN\\, USD.\\nBackslash \\\\ too.");
  assert_has_line (text, "DUE;TZID=America/New_York:20260309T100000");
  assert_has_line (text, "DTSTART;TZID=America/New_York:20260309T100000");
  assert_has_line (text, "RRULE:FREQ=WEEKLY;BYDAY=MO");
  assert_has_line (text, "STATUS:NEEDS-ACTION");
  assert_has_line (text, "PRIORITY:3");
  assert_has_line (text, "X-RAPPORT-CUSTOMER-UID:urn:uuid:" CUSTOMER_UID);
  assert_has_line (text, "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":Okafor\\, Amara\\; Lagos office");
  assert_has_line (text, "X-RAPPORT-SNOOZED-UNTIL:20260309T164500Z");
  /* Thunderbird's snooze, and an alarm at the end of it for apps that
   * know no snooze. */
  assert_has_line (text, "X-MOZ-SNOOZE-TIME:20260309T164500Z");
  assert_has_line (text, "DTSTAMP:20260202T093000Z");
  assert_has_line (text, "LAST-MODIFIED:20260202T093000Z");
  assert_has_line (text, "CREATED:20260201T090000Z");
  assert_has_line (text, "BEGIN:VALARM");
  assert_has_line (text, "ACTION:DISPLAY");
  assert_has_line (text, "TRIGGER;VALUE=DATE-TIME:20260309T164500Z");
  assert_has_line (text, "BEGIN:VTIMEZONE");
  assert_has_line (text, "TZID:America/New_York");
  g_assert_cmpuint (count_lines_starting (text, "RELATED-TO"), ==, 0);
  g_assert_cmpuint (count_lines_starting (text, "COMPLETED"), ==, 0);
  /* The zone comes before the task that uses it. */
  g_assert_true (strstr (text, "BEGIN:VTIMEZONE") < strstr (text, "BEGIN:VTODO"));

  g_assert_true (rapport_ical_read_follow_up (text, -1, back, &customer, &copy, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (customer, ==, CUSTOMER_UID);
  g_assert_cmpstr (copy, ==, text);
  assert_follow_ups_equal (back, fu);
}

/* A rule from another app that entry would refuse (minutely, parts that
 * do not go together) is kept, and written back as it was. */
static void
test_follow_up_foreign_rule_is_kept (void)
{
  static const char *const rules[] = { "FREQ=SECONDLY", "FREQ=MINUTELY;INTERVAL=15", "FREQ=MONTHLY;BYYEARDAY=100" };

  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    {
      g_autoptr(RapportFollowUp) fu = rapport_follow_up_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      g_autofree char *customer = NULL;
      g_autofree char *copy = NULL;
      g_autofree char *written = NULL;
      g_autofree char *line = g_strdup_printf ("RRULE:%s", rules[i]);

      text = g_strdup_printf ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\nBEGIN:VTODO\r\n"
                              "UID:other-1\r\nSUMMARY:Water the plants\r\nDUE:20260101T090000Z\r\n"
                              "RRULE:%s\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", rules[i]);
      g_assert_true (rapport_ical_read_follow_up (text, -1, fu, &customer, &copy, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (fu->rrule, ==, rules[i]);

      written = rapport_ical_from_follow_up (fu, CUSTOMER_UID, &error);
      g_assert_no_error (error);
      assert_has_line (written, line);
    }
}

/* The VTIMEZONE we include must give libical itself the same instants on
 * both sides of the DST changes. */
static void
test_follow_up_vtimezone_crosses_dst (void)
{
  struct { int month, day, hour; } cases[] = {
    { 3, 7, 10 },   /* EST, before the change of 8 March 2026 */
    { 3, 9, 10 },   /* EDT, after */
    { 11, 2, 9 },   /* EST again, after 1 November */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RapportFollowUp) fu = make_follow_up ();
      g_autoptr(RapportFollowUp) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      icalcomponent *cal, *todo;
      icalproperty *due;
      icaltimezone *zone;
      struct icaltimetype t;

      fu->due = instant ("America/New_York", 2026, cases[i].month, cases[i].day, cases[i].hour, 0);
      text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, &error);
      g_assert_no_error (error);
      assert_has_line (text, "BEGIN:DAYLIGHT");
      assert_has_line (text, "BEGIN:STANDARD");

      cal = icalparser_parse_string (text);
      g_assert_nonnull (cal);
      todo = icalcomponent_get_first_component (cal, ICAL_VTODO_COMPONENT);
      due = icalcomponent_get_first_property (todo, ICAL_DUE_PROPERTY);
      zone = icalcomponent_get_timezone (cal, "America/New_York");
      g_assert_nonnull (zone);
      t = icalproperty_get_due (due);
      g_assert_cmpint (t.hour, ==, cases[i].hour);
      g_assert_cmpint (icaltime_as_timet_with_zone (t, zone), ==, fu->due);
      icalcomponent_free (cal);

      back = read_follow_up (text, NULL, NULL);
      g_assert_cmpint (back->due, ==, fu->due);
      g_assert_cmpstr (back->time_zone, ==, "America/New_York");
    }
}

/* Wall times read in a zone follow Rapport's rules: a time skipped by
 * the spring change moves forward, an ambiguous one is the first. */
static void
test_follow_up_due_in_dst_gap_and_overlap (void)
{
  const char *gap =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
    "BEGIN:VTODO\r\nUID:gap\r\nSUMMARY:In the gap\r\n"
    "DUE;TZID=Europe/Berlin:20260329T023000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  const char *overlap =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
    "BEGIN:VTODO\r\nUID:overlap\r\nSUMMARY:Twice\r\n"
    "DUE;TZID=Europe/Berlin:20261025T023000\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  g_autoptr(RapportFollowUp) a = read_follow_up (gap, NULL, NULL);
  g_autoptr(RapportFollowUp) b = read_follow_up (overlap, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* 02:30 does not exist; 03:30 CEST is 01:30 UTC. */
  g_assert_cmpint (a->due, ==, instant ("UTC", 2026, 3, 29, 1, 30));
  /* 02:30 happens twice; the first is CEST, 00:30 UTC. */
  g_assert_cmpint (b->due, ==, instant ("UTC", 2026, 10, 25, 0, 30));
  g_assert_cmpstr (b->time_zone, ==, "Europe/Berlin");

  /* And back out: the wall time in the zone. */
  text = rapport_ical_from_follow_up (b, NULL, &error);
  g_assert_no_error (error);
  assert_has_line (text, "DUE;TZID=Europe/Berlin:20261025T023000");
}

/* GNOME To Do and others write a DATE: midnight in the follow-up's zone. */
static void
test_follow_up_date_only_due (void)
{
  const char *todo =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//GNOME//GNOME To Do//EN\r\n"
    "BEGIN:VTODO\r\n"
    "UID:20260401T101010Z-1234@gnome-todo\r\n"
    "DTSTAMP:20260401T101010Z\r\n"
    "SUMMARY:Send the brochure\r\n"
    "DUE;VALUE=DATE:20260415\r\n"
    "X-EVOLUTION-CARET:3\r\n"
    "END:VTODO\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(RapportFollowUp) in_lagos = read_follow_up (todo, "Africa/Lagos", NULL);
  g_autoptr(RapportFollowUp) local = NULL;
  g_autofree char *stale = g_strdup ("stale");
  char *customer = stale;
  g_autoptr(GError) error = NULL;
  g_autofree char *updated = NULL;

  g_assert_cmpint (in_lagos->due, ==, instant ("Africa/Lagos", 2026, 4, 15, 0, 0));
  g_assert_cmpstr (in_lagos->time_zone, ==, "Africa/Lagos");
  g_assert_cmpstr (in_lagos->title, ==, "Send the brochure");
  g_assert_cmpint (in_lagos->state, ==, RAPPORT_FOLLOW_UP_OPEN);
  g_assert_null (in_lagos->rrule);

  /* No zone yet: the local one (TZ is Europe/Berlin in the tests). */
  local = read_follow_up (todo, NULL, &customer);
  g_assert_null (customer);
  g_assert_cmpint (local->due, ==, instant ("Europe/Berlin", 2026, 4, 15, 0, 0));
  g_assert_cmpstr (local->time_zone, ==, "Europe/Berlin");

  /* An update that leaves the date alone leaves the DATE alone. */
  g_free (in_lagos->title);
  in_lagos->title = g_strdup ("Send the brochure and the price list");
  updated = rapport_ical_update_follow_up (todo, in_lagos, NULL, &error);
  g_assert_no_error (error);
  assert_has_line (updated, "DUE;VALUE=DATE:20260415");
  assert_has_line (updated, "SUMMARY:Send the brochure and the price list");
  assert_has_line (updated, "X-EVOLUTION-CARET:3");
  assert_lacks_line (updated, "SUMMARY:Send the brochure");

  /* Moving it writes a time in the zone, with its VTIMEZONE. */
  {
    g_autofree char *moved = NULL;

    in_lagos->due = instant ("Africa/Lagos", 2026, 4, 16, 9, 0);
    moved = rapport_ical_update_follow_up (updated, in_lagos, NULL, &error);
    g_assert_no_error (error);
    assert_has_line (moved, "DUE;TZID=Africa/Lagos:20260416T090000");
    assert_has_line (moved, "TZID:Africa/Lagos");
    g_assert_cmpuint (count_lines_starting (moved, "DUE"), ==, 1);
  }
}

static void
test_follow_up_utc_and_prefixed_due (void)
{
  const char *utc =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
    "BEGIN:VTODO\r\nUID:utc\r\nSUMMARY:UTC\r\nDUE:20260415T080000Z\r\n"
    "STATUS:IN-PROCESS\r\nPRIORITY:12\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";
  const char *prefixed =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:/mozilla.org/20050126_1/America/New_York\r\n"
    "BEGIN:STANDARD\r\nDTSTART:19701101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\nEND:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\nDTSTART:19700308T020000\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
    "BEGIN:VTODO\r\nUID:moz\r\nSUMMARY:Prefixed\r\n"
    "DUE;TZID=/mozilla.org/20050126_1/America/New_York:20260601T090000\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n";
  const char *windows_zone =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
    "BEGIN:VTIMEZONE\r\nTZID:W. Europe Standard Time\r\nX-LIC-LOCATION:Europe/Amsterdam\r\n"
    "BEGIN:STANDARD\r\nDTSTART:16011028T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VTODO\r\nUID:win\r\nDUE;TZID=W. Europe Standard Time:20260601T090000\r\n"
    "END:VTODO\r\nEND:VCALENDAR\r\n";
  g_autoptr(RapportFollowUp) a = read_follow_up (utc, "Asia/Tokyo", NULL);
  g_autoptr(RapportFollowUp) b = read_follow_up (prefixed, NULL, NULL);
  g_autoptr(RapportFollowUp) c = read_follow_up (windows_zone, NULL, NULL);

  g_assert_cmpint (a->due, ==, instant ("UTC", 2026, 4, 15, 8, 0));
  /* A UTC time says nothing about the zone: the follow-up keeps its own. */
  g_assert_cmpstr (a->time_zone, ==, "Asia/Tokyo");
  g_assert_cmpint (a->state, ==, RAPPORT_FOLLOW_UP_OPEN);
  g_assert_cmpint (a->priority, ==, 9);

  g_assert_cmpint (b->due, ==, instant ("America/New_York", 2026, 6, 1, 9, 0));
  g_assert_cmpstr (b->time_zone, ==, "America/New_York");

  g_assert_cmpint (c->due, ==, instant ("Europe/Amsterdam", 2026, 6, 1, 9, 0));
  g_assert_cmpstr (c->time_zone, ==, "Europe/Amsterdam");
}

static void
test_follow_up_states (void)
{
  g_autoptr(RapportFollowUp) fu = make_follow_up ();
  g_autoptr(GError) error = NULL;
  const char *thunderbird_done =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\n"
    "BEGIN:VTODO\r\nUID:done\r\nDUE:20260415T080000Z\r\n"
    "COMPLETED:20260414T170000Z\r\nPERCENT-COMPLETE:100\r\nEND:VTODO\r\nEND:VCALENDAR\r\n";

  g_clear_pointer (&fu->rrule, g_free);
  fu->state = RAPPORT_FOLLOW_UP_DONE;
  fu->completed_at = instant ("UTC", 2026, 3, 9, 15, 0);

  {
    g_autofree char *text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, &error);
    g_autoptr(RapportFollowUp) back = NULL;

    g_assert_no_error (error);
    assert_has_line (text, "STATUS:COMPLETED");
    assert_has_line (text, "COMPLETED:20260309T150000Z");
    assert_has_line (text, "PERCENT-COMPLETE:100");
    /* Nothing to remind of. */
    assert_lacks_line (text, "BEGIN:VALARM");
    g_assert_cmpuint (count_lines_starting (text, "DTSTART;TZID"), ==, 0);
    back = read_follow_up (text, NULL, NULL);
    assert_follow_ups_equal (back, fu);
  }

  fu->state = RAPPORT_FOLLOW_UP_CANCELLED;
  fu->completed_at = 0;
  {
    g_autofree char *text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, &error);
    g_autoptr(RapportFollowUp) back = NULL;

    g_assert_no_error (error);
    assert_has_line (text, "STATUS:CANCELLED");
    back = read_follow_up (text, NULL, NULL);
    assert_follow_ups_equal (back, fu);
  }

  {
    g_autoptr(RapportFollowUp) back = read_follow_up (thunderbird_done, NULL, NULL);

    g_assert_cmpint (back->state, ==, RAPPORT_FOLLOW_UP_DONE);
    g_assert_cmpint (back->completed_at, ==, instant ("UTC", 2026, 4, 14, 17, 0));
  }
}

/* A task as Thunderbird keeps it, with its own alarm, properties and
 * parameters nobody here knows, a long folded line and a SEQUENCE. */
static const char *thunderbird_task =
  "BEGIN:VCALENDAR\r\n"
  "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
  "VERSION:2.0\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:Europe/Berlin\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0200\r\n"
  "TZNAME:CEST\r\n"
  "DTSTART:19700329T020000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZOFFSETFROM:+0200\r\n"
  "TZOFFSETTO:+0100\r\n"
  "TZNAME:CET\r\n"
  "DTSTART:19701025T030000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VTODO\r\n"
  "CREATED:20260201T090000Z\r\n"
  "LAST-MODIFIED:20260305T120000Z\r\n"
  "DTSTAMP:20260305T120000Z\r\n"
  "UID:" FOLLOW_UP_UID "\r\n"
  "SUMMARY;X-MOZ-LANG=en:Call back about the quote\r\n"
  "DESCRIPTION:She asked for three options. This description is long enough t\r\n"
  " o be folded by the client that wrote it\\, and it must stay as it is.\r\n"
  "CATEGORIES:Customers,Important\r\n"
  "SEQUENCE:4\r\n"
  "X-MOZ-GENERATION:7\r\n"
  "X-MOZ-SNOOZE-TIME:20260310T083000Z\r\n"
  "X-MOZ-LASTACK:20260310T081500Z\r\n"
  "DUE;TZID=Europe/Berlin:20260310T090000\r\n"
  "STATUS:NEEDS-ACTION\r\n"
  "PRIORITY:5\r\n"
  "X-RAPPORT-CUSTOMER-UID:urn:uuid:" CUSTOMER_UID "\r\n"
  "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":Amara Okafor\r\n"
  "CONTACT:Reception\\, +234 1 234 5678\r\n"
  "X-SOMETHING-ELSE;X-PARAM=\"a:b\":kept\r\n"
  "BEGIN:VALARM\r\n"
  "ACTION:DISPLAY\r\n"
  "TRIGGER;VALUE=DURATION:-PT15M\r\n"
  "DESCRIPTION:Default Mozilla Description\r\n"
  "X-MOZ-ALARM-EXTRA:1\r\n"
  "END:VALARM\r\n"
  "END:VTODO\r\n"
  "END:VCALENDAR\r\n";

static void
test_follow_up_update_keeps_unknown (void)
{
  g_autoptr(RapportFollowUp) fu = NULL;
  g_autoptr(RapportFollowUp) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *same = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *customer = NULL;
  const char *kept[] = {
    "PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n",
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n",
    "CREATED:20260201T090000Z\r\n",
    "DESCRIPTION:She asked for three options. This description is long enough t\r\n"
    " o be folded by the client that wrote it\\, and it must stay as it is.\r\n",
    "CATEGORIES:Customers,Important\r\n",
    "X-MOZ-GENERATION:7\r\n",
    "X-MOZ-SNOOZE-TIME:20260310T083000Z\r\n",
    "X-MOZ-LASTACK:20260310T081500Z\r\n",
    "DUE;TZID=Europe/Berlin:20260310T090000\r\n",
    "X-RAPPORT-CUSTOMER-UID:urn:uuid:" CUSTOMER_UID "\r\n",
    "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":Amara Okafor\r\n",
    "CONTACT:Reception\\, +234 1 234 5678\r\n",
    "X-SOMETHING-ELSE;X-PARAM=\"a:b\":kept\r\n",
    "BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER;VALUE=DURATION:-PT15M\r\n"
    "DESCRIPTION:Default Mozilla Description\r\nX-MOZ-ALARM-EXTRA:1\r\nEND:VALARM\r\n",
  };

  fu = rapport_follow_up_new ();
  g_assert_true (rapport_ical_read_follow_up (thunderbird_task, -1, fu, &customer, &remote, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (customer, ==, CUSTOMER_UID);
  g_assert_cmpstr (fu->customer_name, ==, "Amara Okafor");
  g_assert_cmpstr (fu->time_zone, ==, "Europe/Berlin");
  g_assert_cmpint (fu->due, ==, instant ("Europe/Berlin", 2026, 3, 10, 9, 0));
  g_assert_cmpint (fu->priority, ==, 5);
  /* Snoozed in Thunderbird: snoozed here too. */
  g_assert_cmpint (fu->snoozed_until, ==, instant ("UTC", 2026, 3, 10, 8, 30));

  /* The snooze ended in Rapport: Thunderbird's goes too, and nothing
   * else changes. */
  {
    g_autoptr(RapportFollowUp) woken = rapport_follow_up_copy (fu);
    g_autofree char *unsnoozed = NULL;

    woken->snoozed_until = 0;
    unsnoozed = rapport_ical_update_follow_up (thunderbird_task, woken, CUSTOMER_UID, &error);
    g_assert_no_error (error);
    assert_lacks_line (unsnoozed, "X-MOZ-SNOOZE-TIME:20260310T083000Z");
    assert_has_line (unsnoozed, "X-MOZ-LASTACK:20260310T081500Z");
    assert_has_line (unsnoozed, "X-MOZ-GENERATION:7");
  }

  /* Nothing changed: the very same text. */
  same = rapport_ical_update_follow_up (remote, fu, customer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same, ==, remote);

  /* Done, with a new title, in Rapport. */
  g_free (fu->title);
  fu->title = g_strdup ("Called back: sent three options");
  fu->state = RAPPORT_FOLLOW_UP_DONE;
  fu->completed_at = instant ("UTC", 2026, 3, 10, 10, 5);
  fu->modified = instant ("UTC", 2026, 3, 10, 10, 5);
  updated = rapport_ical_update_follow_up (remote, fu, customer, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    if (strstr (updated, kept[i]) == NULL)
      g_error ("lost “%s” in:\n%s", kept[i], updated);

  assert_has_line (updated, "SUMMARY:Called back: sent three options");
  assert_has_line (updated, "STATUS:COMPLETED");
  assert_has_line (updated, "COMPLETED:20260310T100500Z");
  assert_has_line (updated, "PERCENT-COMPLETE:100");
  assert_has_line (updated, "SEQUENCE:5");
  assert_has_line (updated, "LAST-MODIFIED:20260310T100500Z");
  assert_has_line (updated, "DTSTAMP:20260310T100500Z");
  assert_has_line (updated, "PRIORITY:5");
  assert_lacks_line (updated, "STATUS:NEEDS-ACTION");
  assert_lacks_line (updated, "SEQUENCE:4");
  g_assert_cmpuint (count_lines_starting (updated, "SUMMARY"), ==, 1);
  g_assert_cmpuint (count_lines_starting (updated, "BEGIN:VALARM"), ==, 1);
  g_assert_cmpuint (count_lines_starting (updated, "BEGIN:VTIMEZONE"), ==, 1);
  /* Properties stay before the alarm. */
  g_assert_true (strstr (updated, "STATUS:COMPLETED") < strstr (updated, "BEGIN:VALARM"));

  back = read_follow_up (updated, NULL, NULL);
  g_assert_cmpstr (back->title, ==, fu->title);
  g_assert_cmpint (back->state, ==, RAPPORT_FOLLOW_UP_DONE);
  g_assert_cmpint (back->completed_at, ==, fu->completed_at);
  g_assert_cmpint (back->due, ==, fu->due);

  /* Another customer: only our CONTACT goes. */
  {
    g_autofree char *moved = NULL;

    g_free (fu->customer_name);
    fu->customer_name = g_strdup ("Chen Wei");
    moved = rapport_ical_update_follow_up (updated, fu, "0d9e1f7a-3c2b-4a5d-8e6f-7a8b9c0d1e2f", &error);
    g_assert_no_error (error);
    assert_has_line (moved, "CONTACT:Reception\\, +234 1 234 5678");
    assert_has_line (moved, "CONTACT;ALTREP=\"urn:uuid:0d9e1f7a-3c2b-4a5d-8e6f-7a8b9c0d1e2f\":Chen Wei");
    assert_has_line (moved, "X-RAPPORT-CUSTOMER-UID:urn:uuid:0d9e1f7a-3c2b-4a5d-8e6f-7a8b9c0d1e2f");
    assert_lacks_line (moved, "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":Amara Okafor");
    assert_has_line (moved, "SEQUENCE:6");
  }
}

/* A remote copy with LF line ends gets LF lines. */
static void
test_follow_up_update_lf_copy (void)
{
  g_autofree char *lf = NULL;
  g_autofree char *updated = NULL;
  g_autoptr(RapportFollowUp) fu = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) parts = g_strsplit (thunderbird_task, "\r\n", -1);

  lf = g_strjoinv ("\n", parts);
  fu = read_follow_up (lf, NULL, NULL);
  fu->priority = 1;
  fu->rrule = g_strdup ("FREQ=MONTHLY;BYMONTHDAY=10");
  updated = rapport_ical_update_follow_up (lf, fu, CUSTOMER_UID, &error);
  g_assert_no_error (error);
  g_assert_null (strchr (updated, '\r'));
  assert_has_line (updated, "PRIORITY:1");
  assert_has_line (updated, "RRULE:FREQ=MONTHLY;BYMONTHDAY=10");
  assert_has_line (updated, "DTSTART;TZID=Europe/Berlin:20260310T090000");
}

/* Renewal notices */

static void
make_notice (RapportNotice   **notice_out,
             RapportContract **contract_out)
{
  RapportNotice *notice = rapport_notice_new ();
  RapportContract *contract = rapport_contract_new ();

  notice->uid = g_strdup ("b7c8d9e0-1111-4222-8333-444455556666");
  notice->due_date = g_strdup ("2026-11-01");
  notice->language = g_strdup ("de");
  notice->channel = RAPPORT_CHANNEL_LETTER;
  notice->subject = g_strdup ("Ihr Wartungsvertrag läuft am 1. Dezember aus");
  notice->body = g_strdup ("Sehr geehrte Frau Weber,\n\nIhr Vertrag …");
  notice->state = RAPPORT_NOTICE_PREPARED;
  notice->customer_name = g_strdup ("Weber GmbH");
  notice->created = instant ("UTC", 2026, 10, 1, 8, 0);
  notice->modified = instant ("UTC", 2026, 10, 2, 8, 0);

  contract->uid = g_strdup ("c0ffee00-2222-4333-8444-555566667777");
  contract->product = g_strdup ("Wartung Plus");
  contract->end_date = g_strdup ("2026-12-01");
  contract->value = 129900;
  contract->currency = g_strdup ("EUR");
  contract->start_date = g_strdup ("2025-12-01");
  contract->auto_renew = TRUE;

  *notice_out = notice;
  *contract_out = contract;
}

static void
test_notice_round_trip (void)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(RapportNotice) back = rapport_notice_new ();
  g_autoptr(RapportContract) back_contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *customer = NULL;
  RapportIcalRecord record;

  make_notice (&notice, &contract);
  text = rapport_ical_from_notice (notice, contract, CUSTOMER_UID, &error);
  g_assert_no_error (error);
  assert_well_formed (text);

  assert_has_line (text, "CATEGORIES:Renewal");
  assert_has_line (text, "SUMMARY;LANGUAGE=de:Ihr Wartungsvertrag läuft am 1. Dezember aus");
  assert_has_line (text, "DUE;VALUE=DATE:20261101");
  assert_has_line (text, "STATUS:IN-PROCESS");
  assert_has_line (text, "X-RAPPORT-NOTICE-STATE:prepared");
  assert_has_line (text, "X-RAPPORT-CONTRACT-UID:c0ffee00-2222-4333-8444-555566667777");
  assert_has_line (text, "X-RAPPORT-CONTRACT-PRODUCT:Wartung Plus");
  assert_has_line (text, "X-RAPPORT-CONTRACT-END;VALUE=DATE:20261201");
  assert_has_line (text, "X-RAPPORT-CONTRACT-VALUE:129900");
  assert_has_line (text, "X-RAPPORT-CONTRACT-CURRENCY:EUR");
  assert_has_line (text, "X-RAPPORT-CONTRACT-START;VALUE=DATE:20251201");
  assert_has_line (text, "X-RAPPORT-CONTRACT-AUTO-RENEW:TRUE");
  assert_has_line (text, "X-RAPPORT-CUSTOMER-UID:urn:uuid:" CUSTOMER_UID);
  g_assert_cmpuint (count_lines_starting (text, "RRULE"), ==, 0);

  g_assert_true (rapport_ical_detect (text, -1, &record, &error));
  g_assert_cmpint (record, ==, RAPPORT_ICAL_RECORD_NOTICE);

  g_assert_true (rapport_ical_read_notice (text, -1, back, back_contract, &customer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (customer, ==, CUSTOMER_UID);
  g_assert_cmpstr (back->uid, ==, notice->uid);
  g_assert_cmpstr (back->due_date, ==, notice->due_date);
  g_assert_cmpstr (back->language, ==, notice->language);
  g_assert_cmpint (back->channel, ==, notice->channel);
  g_assert_cmpstr (back->subject, ==, notice->subject);
  g_assert_cmpstr (back->body, ==, notice->body);
  g_assert_cmpint (back->state, ==, notice->state);
  g_assert_cmpint (back->created, ==, notice->created);
  g_assert_cmpint (back->modified, ==, notice->modified);
  g_assert_cmpstr (back->customer_name, ==, notice->customer_name);
  g_assert_cmpstr (back_contract->uid, ==, contract->uid);
  g_assert_cmpstr (back_contract->product, ==, contract->product);
  g_assert_cmpstr (back_contract->end_date, ==, contract->end_date);
  g_assert_cmpint (back_contract->value, ==, contract->value);
  g_assert_cmpstr (back_contract->currency, ==, contract->currency);
  g_assert_cmpstr (back_contract->start_date, ==, contract->start_date);
  g_assert_true (back_contract->auto_renew);

  /* The contract's terms changed: only their lines are written anew. */
  {
    g_autofree char *updated = NULL;

    contract->auto_renew = FALSE;
    updated = rapport_ical_update_notice (text, notice, contract, CUSTOMER_UID, &error);
    g_assert_no_error (error);
    assert_has_line (updated, "X-RAPPORT-CONTRACT-AUTO-RENEW:FALSE");
    assert_has_line (updated, "X-RAPPORT-CONTRACT-START;VALUE=DATE:20251201");
    assert_has_line (updated, "X-RAPPORT-CONTRACT-END;VALUE=DATE:20261201");
  }
}

static void
test_notice_default_summary_and_states (void)
{
  g_autoptr(RapportNotice) notice = NULL;
  g_autoptr(RapportContract) contract = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *ticked = NULL;
  g_autofree char *updated = NULL;

  make_notice (&notice, &contract);
  g_clear_pointer (&notice->subject, g_free);
  g_clear_pointer (&notice->language, g_free);
  notice->state = RAPPORT_NOTICE_SENT;
  notice->sent_at = instant ("UTC", 2026, 10, 5, 14, 0);

  text = rapport_ical_from_notice (notice, contract, CUSTOMER_UID, &error);
  g_assert_no_error (error);
  assert_has_line (text, "SUMMARY:Renewal: Wartung Plus");
  assert_has_line (text, "STATUS:COMPLETED");
  assert_has_line (text, "COMPLETED:20261005T140000Z");

  {
    g_autoptr(RapportNotice) back = rapport_notice_new ();

    g_assert_true (rapport_ical_read_notice (text, -1, back, NULL, NULL, NULL, &error));
    g_assert_null (back->subject);
    g_assert_cmpint (back->state, ==, RAPPORT_NOTICE_SENT);
    g_assert_cmpint (back->sent_at, ==, notice->sent_at);
  }

  /* Another app cancels it: STATUS wins over our exact state. */
  {
    g_autoptr(GString) edited = g_string_new (text);
    g_autoptr(RapportNotice) back = rapport_notice_new ();

    g_string_replace (edited, "STATUS:COMPLETED", "STATUS:CANCELLED", 1);
    ticked = g_strdup (edited->str);
    g_assert_true (rapport_ical_read_notice (ticked, -1, back, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (back->state, ==, RAPPORT_NOTICE_LAPSED);
    g_assert_cmpint (back->sent_at, ==, 0);
  }

  /* Renewed in Rapport: an update of the copy. */
  notice->state = RAPPORT_NOTICE_RENEWED;
  updated = rapport_ical_update_notice (ticked, notice, contract, CUSTOMER_UID, &error);
  g_assert_no_error (error);
  assert_has_line (updated, "STATUS:COMPLETED");
  assert_has_line (updated, "X-RAPPORT-NOTICE-STATE:renewed");
  assert_lacks_line (updated, "X-RAPPORT-NOTICE-STATE:sent");
  assert_has_line (updated, "SUMMARY:Renewal: Wartung Plus");
  assert_has_line (updated, "CATEGORIES:Renewal");
}

/* Interactions */

static RapportInteraction *
make_interaction (void)
{
  RapportInteraction *in = rapport_interaction_new ();

  in->uid = g_strdup ("d1e2f3a4-5555-4666-8777-888899990000");
  in->when = instant ("UTC", 2026, 3, 4, 14, 25);
  in->channel = RAPPORT_CHANNEL_PHONE;
  in->direction = RAPPORT_DIRECTION_INBOUND;
  in->contact_name = g_strdup ("Tunde (her assistant)");
  in->contact_point = g_strdup ("+234 803 555 0199");
  in->subject = g_strdup ("Delivery late");
  in->body = g_strdup ("The order of 28 Feb has not arrived.\nShe is upset, polite.");
  in->action_requested = g_strdup ("Call back with a delivery date");
  in->action_promised = g_strdup ("Call back by Friday; check with logistics");
  in->recorded_by = g_strdup ("Jonas");
  in->handle_time = 330;
  in->outcome = g_strdup ("Escalated to logistics");
  in->created = in->when;
  in->modified = in->when + 60;

  return in;
}

static void
assert_interactions_equal (const RapportInteraction *a,
                           const RapportInteraction *b)
{
  g_assert_cmpstr (a->uid, ==, b->uid);
  g_assert_cmpint (a->when, ==, b->when);
  g_assert_cmpint (a->channel, ==, b->channel);
  g_assert_cmpint (a->direction, ==, b->direction);
  g_assert_cmpstr (a->contact_name, ==, b->contact_name);
  g_assert_cmpstr (a->contact_point, ==, b->contact_point);
  g_assert_cmpstr (a->subject, ==, b->subject);
  g_assert_cmpstr (a->body, ==, b->body);
  g_assert_cmpstr (a->action_requested, ==, b->action_requested);
  g_assert_cmpstr (a->action_promised, ==, b->action_promised);
  g_assert_cmpstr (a->recorded_by, ==, b->recorded_by);
  g_assert_cmpint (a->handle_time, ==, b->handle_time);
  g_assert_cmpstr (a->outcome, ==, b->outcome);
  g_assert_cmpint (a->created, ==, b->created);
  g_assert_cmpint (a->modified, ==, b->modified);
}

static void
test_interaction_round_trip (gconstpointer data)
{
  RapportIcalInteractionForm form = GPOINTER_TO_INT (data);
  g_autoptr(RapportInteraction) in = make_interaction ();
  g_autoptr(RapportInteraction) back = rapport_interaction_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *customer = NULL;
  RapportIcalInteractionForm back_form;
  RapportIcalRecord record;

  text = rapport_ical_from_interaction (in, CUSTOMER_UID, "Amara Okafor", form, &error);
  g_assert_no_error (error);
  assert_well_formed (text);

  if (form == RAPPORT_ICAL_INTERACTION_JOURNAL)
    {
      assert_has_line (text, "BEGIN:VJOURNAL");
      g_assert_cmpuint (count_lines_starting (text, "BEGIN:VTODO"), ==, 0);
    }
  else
    {
      assert_has_line (text, "BEGIN:VTODO");
      assert_has_line (text, "STATUS:COMPLETED");
      assert_has_line (text, "COMPLETED:20260304T142500Z");
    }
  /* At the local time it happened, in the user's zone (TZ in the tests),
   * with that zone's VTIMEZONE. */
  assert_has_line (text, "DTSTART;TZID=Europe/Berlin:20260304T152500");
  assert_has_line (text, "TZID:Europe/Berlin");
  assert_has_line (text, "SUMMARY:Delivery late");
  assert_has_line (text, "CATEGORIES:phone");
  assert_has_line (text, "X-RAPPORT-DIRECTION:inbound");
  assert_has_line (text, "X-RAPPORT-ACTION-PROMISED:Call back by Friday; check with logistics");
  assert_has_line (text, "X-RAPPORT-RECORDED-BY:Jonas");
  assert_has_line (text, "X-RAPPORT-HANDLE-TIME:PT5M30S");
  assert_has_line (text, "X-RAPPORT-OUTCOME:Escalated to logistics");
  assert_has_line (text, "X-RAPPORT-CUSTOMER-UID:urn:uuid:" CUSTOMER_UID);

  g_assert_true (rapport_ical_detect (text, -1, &record, &error));
  g_assert_cmpint (record, ==, RAPPORT_ICAL_RECORD_INTERACTION);

  g_assert_true (rapport_ical_read_interaction (text, -1, back, &back_form, &customer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (back_form, ==, form);
  g_assert_cmpstr (customer, ==, CUSTOMER_UID);
  assert_interactions_equal (back, in);

  /* An update keeps what another client added. */
  {
    g_autoptr(GString) edited = g_string_new (text);
    g_autofree char *updated = NULL;
    g_autoptr(RapportInteraction) again = rapport_interaction_new ();

    g_string_replace (edited, "X-RAPPORT-DIRECTION", "X-OTHER-APP:note\r\nX-RAPPORT-DIRECTION", 1);
    in->channel = RAPPORT_CHANNEL_EMAIL;
    in->handle_time = 0;
    updated = rapport_ical_update_interaction (edited->str, in, CUSTOMER_UID, "Amara Okafor", &error);
    g_assert_no_error (error);
    assert_has_line (updated, "X-OTHER-APP:note");
    assert_has_line (updated, "CATEGORIES:email");
    assert_lacks_line (updated, "CATEGORIES:phone");
    g_assert_cmpuint (count_lines_starting (updated, "X-RAPPORT-HANDLE-TIME"), ==, 0);
    g_assert_true (rapport_ical_read_interaction (updated, -1, again, NULL, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (again->channel, ==, RAPPORT_CHANNEL_EMAIL);
    g_assert_cmpint (again->handle_time, ==, 0);
  }

  /* A moved entry keeps the form its DTSTART had: another app's zone,
   * or UTC. */
  {
    static const char *const starts[][2] = {
      { "DTSTART:20260304T142500Z", "DTSTART:20260304T152500Z" },
      { "DTSTART;TZID=America/New_York:20260304T092500", "DTSTART;TZID=America/New_York:20260304T102500" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (starts); i++)
      {
        g_autoptr(GString) edited = g_string_new (text);
        g_autoptr(RapportInteraction) moved = rapport_interaction_copy (in);
        g_autoptr(RapportInteraction) again = rapport_interaction_new ();
        g_autofree char *updated = NULL;

        g_string_replace (edited, "DTSTART;TZID=Europe/Berlin:20260304T152500", starts[i][0], 1);
        moved->when += 3600;
        updated = rapport_ical_update_interaction (edited->str, moved, CUSTOMER_UID, "Amara Okafor", &error);
        g_assert_no_error (error);
        assert_has_line (updated, starts[i][1]);
        g_assert_true (rapport_ical_read_interaction (updated, -1, again, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpint (again->when, ==, moved->when);
      }
  }

  /* Another app's categories beside the channel stay when the channel
   * changes; an escaped line end does not hide the channel key. */
  {
    static const char *const lines[][2] = {
      { "CATEGORIES:urgent,email,Key account", "CATEGORIES:urgent,Key account" },
      { "CATEGORIES:email\\n", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
      {
        g_autoptr(GString) edited = g_string_new (text);
        g_autofree char *updated = NULL;
        g_autoptr(RapportInteraction) again = rapport_interaction_new ();
        g_autoptr(RapportInteraction) first = rapport_interaction_new ();

        g_string_replace (edited, "CATEGORIES:phone", lines[i][0], 1);
        g_assert_true (rapport_ical_read_interaction (edited->str, -1, first, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpint (first->channel, ==, RAPPORT_CHANNEL_EMAIL);

        in->channel = RAPPORT_CHANNEL_IN_PERSON;
        updated = rapport_ical_update_interaction (edited->str, in, CUSTOMER_UID, "Amara Okafor", &error);
        g_assert_no_error (error);
        assert_has_line (updated, "CATEGORIES:in-person");
        if (lines[i][1] != NULL)
          assert_has_line (updated, lines[i][1]);
        g_assert_cmpuint (count_lines_starting (updated, "CATEGORIES:"), ==, lines[i][1] != NULL ? 2 : 1);
        g_assert_true (rapport_ical_read_interaction (updated, -1, again, NULL, NULL, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpint (again->channel, ==, RAPPORT_CHANNEL_IN_PERSON);
      }
  }
}

static void
test_detect_and_wrong_kind (void)
{
  g_autoptr(RapportFollowUp) fu = make_follow_up ();
  g_autoptr(RapportNotice) notice = rapport_notice_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, NULL);
  RapportIcalRecord record;

  g_assert_true (rapport_ical_detect (text, -1, &record, &error));
  g_assert_cmpint (record, ==, RAPPORT_ICAL_RECORD_FOLLOW_UP);

  g_assert_false (rapport_ical_read_notice (text, -1, notice, NULL, NULL, NULL, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  assert_contains (error->message, "a follow-up");
}

/* The normalized hash */

/* What a server might do: parse and write the object again with the
 * properties in another order, new stamps and PRODID, a new SEQUENCE. */
static char *
reserialize (const char *text)
{
  icalcomponent *cal = icalparser_parse_string (text);
  char *out;
  char *ret;

  g_assert_nonnull (cal);

  for (icalcomponent *c = icalcomponent_get_first_component (cal, ICAL_ANY_COMPONENT);
       c != NULL;
       c = icalcomponent_get_next_component (cal, ICAL_ANY_COMPONENT))
    {
      g_autoptr(GPtrArray) props = g_ptr_array_new ();
      icalproperty *p;

      while ((p = icalcomponent_get_first_property (c, ICAL_ANY_PROPERTY)) != NULL)
        {
          icalcomponent_remove_property (c, p);
          g_ptr_array_add (props, p);
        }
      for (guint i = props->len; i > 0; i--)
        {
          p = g_ptr_array_index (props, i - 1);
          if (icalproperty_isa (p) == ICAL_DTSTAMP_PROPERTY)
            icalproperty_set_dtstamp (p, icaltime_from_timet_with_zone (1900000000, 0, icaltimezone_get_utc_timezone ()));
          icalcomponent_add_property (c, p);
        }
      if (icalcomponent_isa (c) == ICAL_VTODO_COMPONENT)
        icalcomponent_add_property (c, icalproperty_new_sequence (3));
    }

  icalproperty_set_prodid (icalcomponent_get_first_property (cal, ICAL_PRODID_PROPERTY),
                           "-//Radicale//NONSGML Radicale Server//EN");
  out = icalcomponent_as_ical_string_r (cal);
  ret = g_strdup (out);
  icalmemory_free_buffer (out);
  icalcomponent_free (cal);

  return ret;
}

static void
test_hash (void)
{
  g_autoptr(RapportFollowUp) fu = make_follow_up ();
  g_autofree char *text = rapport_ical_from_follow_up (fu, CUSTOMER_UID, NULL);
  g_autofree char *again = reserialize (text);
  g_autofree char *hash = rapport_ical_normalized_hash (text);
  g_autofree char *hash_again = rapport_ical_normalized_hash (again);
  g_autofree char *changed = NULL;
  g_autofree char *hash_changed = NULL;
  g_autofree char *lf = NULL;
  g_autofree char *hash_lf = NULL;

  g_assert_cmpstr (text, !=, again);
  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_cmpstr (hash, ==, hash_again);

  /* Parameters in another order, LF line ends, folded elsewhere. */
  {
    g_autoptr(GString) s = g_string_new (text);

    g_string_replace (s, "\r\n", "\n", 0);
    g_string_replace (s, "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":",
                      "CONTACT;X-A=1;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":", 1);
    lf = g_strdup (s->str);
  }
  {
    g_autoptr(GString) s = g_string_new (text);
    g_autofree char *hash_param = NULL;

    g_string_replace (s, "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\":",
                      "CONTACT;ALTREP=\"urn:uuid:" CUSTOMER_UID "\";X-A=1:", 1);
    g_string_replace (s, "\r\nSUMMARY:Call back about the quote", "\r\nSUMMARY:Call back ab\r\n out the quote", 1);
    hash_param = rapport_ical_normalized_hash (s->str);
    hash_lf = rapport_ical_normalized_hash (lf);
    g_assert_cmpstr (hash_param, ==, hash_lf);
    g_assert_cmpstr (hash_param, !=, hash);
  }

  /* A real change is a change. */
  {
    g_autoptr(GString) s = g_string_new (text);

    g_string_replace (s, "PRIORITY:3", "PRIORITY:2", 1);
    changed = g_strdup (s->str);
  }
  hash_changed = rapport_ical_normalized_hash (changed);
  g_assert_cmpstr (hash_changed, !=, hash);

  /* Unreadable text still hashes. */
  {
    g_autofree char *junk = rapport_ical_normalized_hash ("not a calendar");

    g_assert_cmpuint (strlen (junk), ==, 64);
    g_assert_cmpstr (junk, !=, hash);
  }
}

/* Malformed input */

typedef struct
{
  const char *name;
  const char *fragment;   /* expected in the message */
} Malformed;

static char *
malformed_text (const char *name,
                gsize      *length)
{
  g_autoptr(RapportFollowUp) fu = make_follow_up ();
  g_autofree char *good = rapport_ical_from_follow_up (fu, CUSTOMER_UID, NULL);
  GString *s;

  *length = (gsize) -1;

  if (g_str_equal (name, "truncated"))
    return g_strndup (good, strlen (good) / 2);
  if (g_str_equal (name, "truncated-at-a-line-end"))
    {
      const char *alarm = strstr (good, "BEGIN:VALARM\r\n");

      g_assert_nonnull (alarm);
      return g_strndup (good, alarm - good);
    }
  if (g_str_equal (name, "missing-end"))
    {
      s = g_string_new (good);
      g_string_replace (s, "END:VTODO\r\n", "", 1);
      return g_string_free (s, FALSE);
    }
  if (g_str_equal (name, "binary"))
    {
      GRand *rand = g_rand_new_with_seed (42);
      char *junk = g_malloc (4096);

      for (guint i = 0; i < 4096; i++)
        junk[i] = (char) g_rand_int_range (rand, 0, 256);
      g_rand_free (rand);
      *length = 4096;
      return junk;
    }
  if (g_str_equal (name, "binary-after-begin"))
    {
      s = g_string_new ("BEGIN:VCALENDAR\r\n");
      g_string_append_len (s, "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
      *length = s->len;
      return g_string_free (s, FALSE);
    }
  if (g_str_equal (name, "huge-line"))
    {
      s = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");
      for (guint i = 0; i < 4 * 1024 * 1024; i++)
        g_string_append_c (s, 'A' + (i % 26));
      g_string_append (s, "\r\nEND:VCALENDAR\r\n");
      return g_string_free (s, FALSE);
    }
  if (g_str_equal (name, "empty"))
    return g_strdup ("");
  if (g_str_equal (name, "vcard"))
    return g_strdup ("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Amara\r\nEND:VCARD\r\n");
  if (g_str_equal (name, "invalid-utf8"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:caf\xe9\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "control-character"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nSUMMARY:a\rb\x08" "c\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "mismatched-end"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nEND:VJOURNAL\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "unclosed-quote"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nCONTACT;ALTREP=\"urn:uuid:x:Amara\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "deep"))
    {
      s = g_string_new ("BEGIN:VCALENDAR\r\n");
      for (guint i = 0; i < 20; i++)
        g_string_append (s, "BEGIN:VTODO\r\n");
      for (guint i = 0; i < 20; i++)
        g_string_append (s, "END:VTODO\r\n");
      g_string_append (s, "END:VCALENDAR\r\n");
      return g_string_free (s, FALSE);
    }
  if (g_str_equal (name, "no-todo"))
    return g_strdup ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:e\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "no-uid"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nDUE:20260101T000000Z\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "bad-due"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nDUE:next tuesday\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "bad-rrule"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nDUE:20260101T000000Z\r\nRRULE:FREQ=DAILY;BYMINUTE=61\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "bad-snooze"))
    return g_strdup ("BEGIN:VCALENDAR\r\nBEGIN:VTODO\r\nUID:x\r\nDUE:20260101T000000Z\r\nX-RAPPORT-SNOOZED-UNTIL:soon\r\nEND:VTODO\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "two-calendars"))
    return g_strdup ("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");
  if (g_str_equal (name, "outside"))
    return g_strdup ("SUMMARY:x\r\nBEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

  g_assert_not_reached ();
  return NULL;
}

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autoptr(RapportFollowUp) fu = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) valid = make_follow_up ();
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *copy = NULL;
  g_autofree char *updated = NULL;
  gsize length;
  g_autofree char *text = malformed_text (m->name, &length);
  gssize len = length == (gsize) -1 ? -1 : (gssize) length;
  RapportIcalRecord record;

  g_assert_false (rapport_ical_read_follow_up (text, len, fu, &customer, &copy, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
  g_test_message ("%s: %s", m->name, error->message);
  assert_contains (error->message, m->fragment);
  g_assert_null (customer);
  g_assert_null (copy);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_cmpuint (strlen (error->message), <, 300);
  g_clear_error (&error);

  if (len < 0)
    {
      updated = rapport_ical_update_follow_up (text, valid, CUSTOMER_UID, &error);
      g_assert_null (updated);
      g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
      g_clear_error (&error);

      /* The hash never fails. */
      g_free (rapport_ical_normalized_hash (text));
    }

  if (!g_str_equal (m->name, "bad-due") && !g_str_equal (m->name, "bad-rrule") &&
      !g_str_equal (m->name, "bad-snooze") && !g_str_equal (m->name, "no-uid"))
    {
      g_assert_false (rapport_ical_detect (text, len, &record, &error));
      g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
    }
}

static const Malformed malformed[] = {
  { "truncated", "iCalendar" },
  { "truncated-at-a-line-end", "ends inside VTODO (END:VTODO is missing)" },
  { "missing-end", "END:VTODO" },
  { "binary", "NUL" },
  { "binary-after-begin", "NUL" },
  { "huge-line", "line 3" },
  { "empty", "no calendar object" },
  { "vcard", "BEGIN:VCARD" },
  { "invalid-utf8", "UTF-8" },
  { "control-character", "control character (U+000D)" },
  { "mismatched-end", "END:VJOURNAL" },
  { "unclosed-quote", "not closed" },
  { "deep", "nested" },
  { "no-todo", "no VTODO" },
  { "no-uid", "UID" },
  { "bad-due", "DUE" },
  { "bad-rrule", "the value of RRULE cannot be read" },
  { "bad-snooze", "X-RAPPORT-SNOOZED-UNTIL" },
  { "two-calendars", "second VCALENDAR" },
  { "outside", "outside" },
};

/* A task whose DESCRIPTION is over the store's 1 MiB: the follow-up
 * keeps it cut; an update for another field copies the server's whole
 * DESCRIPTION, and only an edit of the notes replaces it. */
static void
test_follow_up_cut_description_is_kept (void)
{
  g_autoptr(GString) ics = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//EN\r\n"
                                         "BEGIN:VTODO\r\nUID:cut-1\r\nDTSTAMP:20260201T090000Z\r\n"
                                         "SUMMARY:Call back\r\nDUE:20260310T090000Z\r\n"
                                         "X-RAPPORT-CUSTOMER-UID:urn:uuid:" CUSTOMER_UID "\r\n");
  g_autoptr(GString) description = g_string_new (NULL);
  g_autoptr(RapportFollowUp) fu = rapport_follow_up_new ();
  g_autoptr(GPtrArray) cuts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *remote = NULL;
  g_autofree char *updated = NULL;
  g_autofree char *edited = NULL;
  g_autoptr(RapportFollowUp) back = rapport_follow_up_new ();

  while (description->len < 2 * 1024 * 1024)
    g_string_append (description, "notes ");
  /* Folded as a client writes it. */
  g_string_append (ics, "DESCRIPTION:");
  for (gsize i = 0; i < description->len; i += 60)
    g_string_append_printf (ics, "%s%.*s\r\n", i > 0 ? " " : "", (int) MIN (60, description->len - i),
                            description->str + i);
  g_string_append (ics, "END:VTODO\r\nEND:VCALENDAR\r\n");

  g_assert_true (rapport_ical_read_follow_up (ics->str, -1, fu, &customer, &remote, &error));
  g_assert_no_error (error);
  cuts = rapport_follow_up_fit_text (fu);
  g_assert_nonnull (cuts);
  g_assert_cmpuint (strlen (fu->notes), <=, 1024 * 1024);

  /* The title changed here: the whole DESCRIPTION stays. */
  g_free (fu->title);
  fu->title = g_strdup ("Called back");
  updated = rapport_ical_update_follow_up (remote, fu, customer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (updated, "SUMMARY:Called back\r\n"));
  g_assert_true (rapport_ical_read_follow_up (updated, -1, back, NULL, NULL, &error));
  g_assert_cmpstr (g_strstrip (back->notes), ==, g_strstrip (description->str));

  /* The notes edited here: that is what goes. */
  g_free (fu->notes);
  fu->notes = g_strdup ("Short now");
  edited = rapport_ical_update_follow_up (remote, fu, customer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (edited, "DESCRIPTION:Short now\r\n"));
}

/* A follow-up with one more line, X-MANY, of @count parameters. */
static char *
follow_up_with_parameters (guint count)
{
  g_autoptr(RapportFollowUp) fu = make_follow_up ();
  g_autofree char *good = rapport_ical_from_follow_up (fu, CUSTOMER_UID, NULL);
  GString *s = g_string_new (NULL);
  const char *end = strstr (good, "END:VTODO\r\n");

  g_assert_nonnull (end);
  g_string_append_len (s, good, end - good);
  g_string_append (s, "X-MANY");
  for (guint i = 0; i < count; i++)
    g_string_append_printf (s, ";P%u=\"a;b:c\"", i);
  g_string_append (s, ":kept\r\n");
  g_string_append (s, end);

  return g_string_free (s, FALSE);
}

/* libical's reading of a line costs time in the square of its parameters
 * (40,000 took 19 s): the scanner refuses more than 256 before libical
 * sees the line. */
static void
test_many_parameters_refused (void)
{
  if (g_test_subprocess ())
    {
      static const guint counts[] = { 40000, 257 };

      for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          g_autofree char *text = follow_up_with_parameters (counts[i]);
          g_autoptr(RapportFollowUp) fu = rapport_follow_up_new ();
          g_autoptr(RapportFollowUp) valid = make_follow_up ();
          g_autoptr(GError) error = NULL;
          g_autofree char *updated = NULL;
          RapportIcalRecord record;

          g_assert_false (rapport_ical_read_follow_up (text, -1, fu, NULL, NULL, &error));
          g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
          assert_contains (error->message, "X-MANY has more than 256 parameters");
          assert_contains (error->message, "iCalendar line ");
          g_clear_error (&error);

          g_assert_false (rapport_ical_detect (text, -1, &record, &error));
          g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);
          g_clear_error (&error);

          updated = rapport_ical_update_follow_up (text, valid, CUSTOMER_UID, &error);
          g_assert_null (updated);
          g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_PARSE);

          g_free (rapport_ical_normalized_hash (text));
        }
      return;
    }

  /* A watchdog against the old cost, not a measurement. */
  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* Up to the limit a line of parameters (quoted ';' and ':' not counted)
 * is read, and an update copies it byte for byte. */
static void
test_many_parameters_kept (void)
{
  static const guint counts[] = { 200, 256 };

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      g_autofree char *text = follow_up_with_parameters (counts[i]);
      g_autofree char *customer = NULL;
      g_autofree char *remote = NULL;
      g_autofree char *same = NULL;
      g_autofree char *updated = NULL;
      g_autoptr(RapportFollowUp) fu = rapport_follow_up_new ();
      g_autoptr(GError) error = NULL;
      const char *line = strstr (text, "X-MANY;");
      g_autofree char *many = g_strndup (line, strstr (line, "\r\n") + 2 - line);

      g_assert_true (rapport_ical_read_follow_up (text, -1, fu, &customer, &remote, &error));
      g_assert_no_error (error);

      same = rapport_ical_update_follow_up (remote, fu, customer, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (same, ==, remote);

      g_free (fu->title);
      fu->title = g_strdup ("Called back");
      updated = rapport_ical_update_follow_up (remote, fu, customer, &error);
      g_assert_no_error (error);
      assert_has_line (updated, "SUMMARY:Called back");
      assert_contains (updated, many);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ical/follow-up/recurring-round-trip-in-new-york", test_follow_up_recurring_round_trip);
  g_test_add_func ("/ical/follow-up/utc-offset-zones-are-named-not-z", test_follow_up_utc_offset_zones);
  g_test_add_func ("/ical/follow-up/foreign-rule-is-kept", test_follow_up_foreign_rule_is_kept);
  g_test_add_func ("/ical/follow-up/vtimezone-gives-libical-the-same-instants-across-dst", test_follow_up_vtimezone_crosses_dst);
  g_test_add_func ("/ical/follow-up/due-in-dst-gap-and-overlap-follows-rapport-rules", test_follow_up_due_in_dst_gap_and_overlap);
  g_test_add_func ("/ical/follow-up/date-only-due-from-another-client", test_follow_up_date_only_due);
  g_test_add_func ("/ical/follow-up/description-cut-here-stays-whole-there", test_follow_up_cut_description_is_kept);
  g_test_add_func ("/ical/follow-up/utc-and-prefixed-tzid-due", test_follow_up_utc_and_prefixed_due);
  g_test_add_func ("/ical/follow-up/done-and-cancelled", test_follow_up_states);
  g_test_add_func ("/ical/follow-up/update-keeps-unknown-properties-and-alarm", test_follow_up_update_keeps_unknown);
  g_test_add_func ("/ical/follow-up/update-of-an-lf-copy-writes-lf", test_follow_up_update_lf_copy);
  g_test_add_func ("/ical/notice/round-trip", test_notice_round_trip);
  g_test_add_func ("/ical/notice/default-summary-and-states", test_notice_default_summary_and_states);
  g_test_add_data_func ("/ical/interaction/journal-round-trip",
                        GINT_TO_POINTER (RAPPORT_ICAL_INTERACTION_JOURNAL), test_interaction_round_trip);
  g_test_add_data_func ("/ical/interaction/completed-todo-round-trip",
                        GINT_TO_POINTER (RAPPORT_ICAL_INTERACTION_TODO), test_interaction_round_trip);
  g_test_add_func ("/ical/detect/names-the-kind-and-readers-refuse-others", test_detect_and_wrong_kind);
  g_test_add_func ("/ical/hash/same-across-reserialization-different-after-change", test_hash);
  g_test_add_func ("/ical/malformed/more-than-256-parameters-refused-quickly",
                   test_many_parameters_refused);
  g_test_add_func ("/ical/read/up-to-256-parameters-kept", test_many_parameters_kept);

  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ical/malformed/%s-is-a-parse-error", malformed[i].name);

      g_test_add_data_func (path, &malformed[i], test_malformed);
    }

  return g_test_run ();
}
