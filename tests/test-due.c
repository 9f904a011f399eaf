/* test-due.c
 *
 * Follow-up due lists across time zones and DST changes, snoozing, and
 * recurring follow-ups that yield their next occurrence when done.
 */

#include "config.h"

#include <glib.h>

#include "rapport-recurrence.h"
#include "test-util.h"

static gint64
add_follow_up (RapportStore *store,
               gint64        customer_id,
               const char   *title,
               gint64        due,
               const char   *zone,
               const char   *rrule)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(GError) error = NULL;

  follow_up->customer_id = customer_id;
  follow_up->title = g_strdup (title);
  follow_up->due = due;
  follow_up->time_zone = g_strdup (zone);
  follow_up->rrule = g_strdup (rrule);
  g_assert_true (rapport_store_add_follow_up (store, follow_up, &error));
  g_assert_no_error (error);

  return follow_up->id;
}

static GDateTime *
at (const char *zone,
    int         year,
    int         month,
    int         day,
    int         hour,
    int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);

  return g_date_time_new (tz, year, month, day, hour, minute, 0);
}

static char *
titles (GPtrArray *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < list->len; i++)
    {
      RapportFollowUp *follow_up = g_ptr_array_index (list, i);

      g_string_append_printf (out, "%s%s", i ? "," : "", follow_up->title);
    }

  return g_string_free (out, FALSE);
}

static char *
list_titles (RapportStore    *store,
             RapportDueRange  range,
             GDateTime       *now)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  list = rapport_store_list_due (store, range, now, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rapport_store_count_due (store, range, now, NULL), ==, list->len);

  return titles (list);
}

static void
test_ranges_follow_the_user_zone (StoreFixture  *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GDateTime) now_berlin = NULL;
  g_autoptr(GDateTime) now_tokyo = NULL;
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");
  gint64 customer = add_person (fixture->store, "Amara Okafor", NULL);
  char *list;

  /* "Call at 10:00 their time" in Lagos (UTC+1): 09:00 UTC. */
  add_follow_up (fixture->store, customer, "lagos-10", unix_at ("Africa/Lagos", 2026, 11, 24, 10, 0), "Africa/Lagos", NULL);
  /* 23:30 in Berlin on the 24th is already the 25th in Tokyo. */
  add_follow_up (fixture->store, customer, "berlin-2330", unix_at ("Europe/Berlin", 2026, 11, 24, 23, 30), "Europe/Berlin", NULL);
  add_follow_up (fixture->store, customer, "earlier", unix_at ("UTC", 2026, 11, 20, 8, 0), "UTC", NULL);
  add_follow_up (fixture->store, customer, "later", unix_at ("UTC", 2026, 12, 20, 8, 0), "UTC", NULL);

  now_berlin = at ("Europe/Berlin", 2026, 11, 24, 9, 30);
  list = list_titles (fixture->store, RAPPORT_DUE_OVERDUE, now_berlin);
  g_assert_cmpstr (list, ==, "earlier");
  g_free (list);
  list = list_titles (fixture->store, RAPPORT_DUE_TODAY, now_berlin);
  g_assert_cmpstr (list, ==, "lagos-10,berlin-2330");
  g_free (list);
  list = list_titles (fixture->store, RAPPORT_DUE_UPCOMING, now_berlin);
  g_assert_cmpstr (list, ==, "later");
  g_free (list);

  /* The same instant seen from Tokyo (17:30 there): the Berlin evening
   * call falls on Tokyo's tomorrow, and Lagos' 10:00 has passed. */
  now_tokyo = g_date_time_to_timezone (now_berlin, tokyo);
  g_assert_cmpint (g_date_time_get_hour (now_tokyo), ==, 17);
  list = list_titles (fixture->store, RAPPORT_DUE_OVERDUE, now_tokyo);
  g_assert_cmpstr (list, ==, "earlier");
  g_free (list);
  list = list_titles (fixture->store, RAPPORT_DUE_TODAY, now_tokyo);
  g_assert_cmpstr (list, ==, "lagos-10");
  g_free (list);
  list = list_titles (fixture->store, RAPPORT_DUE_UPCOMING, now_tokyo);
  g_assert_cmpstr (list, ==, "berlin-2330,later");
  g_free (list);
}

static void
test_today_on_dst_days (StoreFixture  *fixture,
                        gconstpointer  data)
{
  g_autoptr(GDateTime) spring = NULL;
  g_autoptr(GDateTime) autumn = NULL;
  gint64 customer = add_person (fixture->store, "Jürgen Müller", NULL);
  char *list;

  /* 29 March 2026 has 23 hours in Berlin, 25 October 2026 has 25. */
  add_follow_up (fixture->store, customer, "spring-2330", unix_at ("Europe/Berlin", 2026, 3, 29, 23, 30), "Europe/Berlin", NULL);
  add_follow_up (fixture->store, customer, "spring-next-0030", unix_at ("Europe/Berlin", 2026, 3, 30, 0, 30), "Europe/Berlin", NULL);
  add_follow_up (fixture->store, customer, "autumn-2330", unix_at ("Europe/Berlin", 2026, 10, 25, 23, 30), "Europe/Berlin", NULL);
  add_follow_up (fixture->store, customer, "autumn-next-0030", unix_at ("Europe/Berlin", 2026, 10, 26, 0, 30), "Europe/Berlin", NULL);

  spring = at ("Europe/Berlin", 2026, 3, 29, 1, 0);
  list = list_titles (fixture->store, RAPPORT_DUE_TODAY, spring);
  g_assert_cmpstr (list, ==, "spring-2330");
  g_free (list);

  autumn = at ("Europe/Berlin", 2026, 10, 25, 1, 0);
  list = list_titles (fixture->store, RAPPORT_DUE_TODAY, autumn);
  g_assert_cmpstr (list, ==, "autumn-2330");
  g_free (list);
  list = list_titles (fixture->store, RAPPORT_DUE_UPCOMING, autumn);
  g_assert_cmpstr (list, ==, "autumn-next-0030");
  g_free (list);
}

static void
test_snooze_moves_between_lists (StoreFixture  *fixture,
                                 gconstpointer  data)
{
  g_autoptr(GDateTime) now = at ("Europe/Berlin", 2026, 11, 24, 12, 0);
  g_autoptr(GError) error = NULL;
  gint64 customer = add_person (fixture->store, "Lucía Pérez", NULL);
  gint64 id = add_follow_up (fixture->store, customer, "overdue", unix_at ("Europe/Berlin", 2026, 11, 24, 9, 0), "Europe/Berlin", NULL);
  char *list;

  list = list_titles (fixture->store, RAPPORT_DUE_OVERDUE, now);
  g_assert_cmpstr (list, ==, "overdue");
  g_free (list);

  g_assert_true (rapport_store_snooze_follow_up (fixture->store, id, unix_at ("Europe/Berlin", 2026, 11, 25, 9, 0), &error));
  g_assert_no_error (error);
  list = list_titles (fixture->store, RAPPORT_DUE_OVERDUE, now);
  g_assert_cmpstr (list, ==, "");
  g_free (list);
  list = list_titles (fixture->store, RAPPORT_DUE_UPCOMING, now);
  g_assert_cmpstr (list, ==, "overdue");
  g_free (list);

  /* Trashed customers' follow-ups leave the lists. */
  g_assert_true (rapport_store_delete_customer (fixture->store, customer, &error));
  list = list_titles (fixture->store, RAPPORT_DUE_UPCOMING, now);
  g_assert_cmpstr (list, ==, "");
  g_free (list);
}

static void
assert_local (gint64      instant,
              const char *zone,
              const char *expected)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zone);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
  g_autofree char *text = g_date_time_format (local, "%Y-%m-%d %H:%M");

  g_assert_cmpstr (text, ==, expected);
}

static RapportFollowUp *
complete (RapportStore *store,
          gint64        id,
          GDateTime    *now)
{
  RapportFollowUp *next = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (rapport_store_complete_follow_up (store, id, now, &next, &error));
  g_assert_no_error (error);

  return next;
}

static void
test_recurring_keeps_wall_time_across_dst (StoreFixture  *fixture,
                                           gconstpointer  data)
{
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(RapportFollowUp) after = NULL;
  g_autoptr(RapportFollowUp) done = NULL;
  g_autoptr(GDateTime) now = at ("Europe/Berlin", 2026, 3, 27, 11, 0);
  gint64 customer = add_person (fixture->store, "Ingrid Berg", NULL);
  gint64 id;

  /* Fridays 10:00 Berlin; the clocks change on Sunday 29 March. */
  id = add_follow_up (fixture->store, customer, "weekly call", unix_at ("Europe/Berlin", 2026, 3, 27, 10, 0),
                      "Europe/Berlin", "FREQ=WEEKLY;BYDAY=FR");

  next = complete (fixture->store, id, now);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, >, 0);
  g_assert_cmpint (next->id, !=, id);
  g_assert_cmpstr (next->title, ==, "weekly call");
  g_assert_cmpstr (next->rrule, ==, "FREQ=WEEKLY;BYDAY=FR");
  assert_local (next->due, "Europe/Berlin", "2026-04-03 10:00");
  /* 10:00 CEST is 08:00 UTC now, not 09:00. */
  assert_local (next->due, "UTC", "2026-04-03 08:00");

  done = rapport_store_get_follow_up (fixture->store, id, NULL);
  g_assert_cmpint (done->state, ==, RAPPORT_FOLLOW_UP_DONE);
  g_assert_cmpint (done->completed_at, ==, g_date_time_to_unix (now));

  /* In another zone's customer the series follows that zone's rules. */
  id = add_follow_up (fixture->store, customer, "new york", unix_at ("America/New_York", 2026, 10, 30, 9, 0),
                      "America/New_York", "FREQ=WEEKLY");
  after = complete (fixture->store, id, at ("UTC", 2026, 10, 30, 14, 0));
  assert_local (after->due, "America/New_York", "2026-11-06 09:00");
  assert_local (after->due, "UTC", "2026-11-06 14:00");
}

static void
test_recurring_skips_missed_and_counts_down (StoreFixture  *fixture,
                                             gconstpointer  data)
{
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(RapportFollowUp) last = NULL;
  g_autoptr(RapportFollowUp) none = NULL;
  gint64 customer = add_person (fixture->store, "Chen Wei", NULL);
  gint64 id;

  /* Daily, five times, started on 1 November; done on the 3rd at noon:
   * the 2nd and 3rd are past, the series resumes on the 4th with two left. */
  id = add_follow_up (fixture->store, customer, "daily check", unix_at ("Asia/Shanghai", 2026, 11, 1, 9, 0),
                      "Asia/Shanghai", "FREQ=DAILY;COUNT=5");
  next = complete (fixture->store, id, at ("Asia/Shanghai", 2026, 11, 3, 12, 0));
  g_assert_nonnull (next);
  assert_local (next->due, "Asia/Shanghai", "2026-11-04 09:00");
  g_assert_cmpstr (next->rrule, ==, "FREQ=DAILY;COUNT=2");

  last = complete (fixture->store, next->id, at ("Asia/Shanghai", 2026, 11, 4, 9, 30));
  g_assert_nonnull (last);
  assert_local (last->due, "Asia/Shanghai", "2026-11-05 09:00");
  g_assert_cmpstr (last->rrule, ==, "FREQ=DAILY;COUNT=1");

  none = complete (fixture->store, last->id, at ("Asia/Shanghai", 2026, 11, 5, 9, 30));
  g_assert_null (none);
}

static void
test_recurring_leap_day (StoreFixture  *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportFollowUp) next = NULL;
  gint64 customer = add_person (fixture->store, "Ana Souza", NULL);
  gint64 id;

  /* Yearly on 29 February lands on the next leap year. */
  id = add_follow_up (fixture->store, customer, "leap", unix_at ("America/Sao_Paulo", 2028, 2, 29, 10, 0),
                      "America/Sao_Paulo", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29");
  next = complete (fixture->store, id, at ("America/Sao_Paulo", 2028, 2, 29, 11, 0));
  assert_local (next->due, "America/Sao_Paulo", "2032-02-29 10:00");
}

static void
test_recurrence_rules (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *rule = NULL;
  gint64 next = 0;
  guint skipped = 0;

  rule = rapport_recurrence_normalize ("RRULE:freq=monthly;bymonthday=-1", "recurrence", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (rule, ==, "FREQ=MONTHLY;BYMONTHDAY=-1");

  g_assert_null (rapport_recurrence_normalize ("FREQ=MINUTELY", "recurrence", &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (rapport_recurrence_normalize ("", "recurrence", &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);

  /* Last day of the month, from January 31st. */
  g_assert_true (rapport_recurrence_next ("FREQ=MONTHLY;BYMONTHDAY=-1", unix_at ("UTC", 2027, 1, 31, 9, 0), "UTC",
                                          unix_at ("UTC", 2027, 1, 31, 9, 0), &next, &skipped, &error));
  g_assert_no_error (error);
  assert_local (next, "UTC", "2027-02-28 09:00");
  g_assert_cmpuint (skipped, ==, 0);

  /* An ended series has no next occurrence, and that is no error. */
  g_assert_false (rapport_recurrence_next ("FREQ=DAILY;UNTIL=20270102T000000", unix_at ("UTC", 2027, 1, 1, 9, 0), "UTC",
                                           unix_at ("UTC", 2027, 1, 5, 0, 0), &next, NULL, &error));
  g_assert_no_error (error);

  g_assert_null (rapport_recurrence_advance ("FREQ=DAILY;COUNT=3", 3));
  g_clear_pointer (&rule, g_free);
  rule = rapport_recurrence_advance ("FREQ=DAILY;COUNT=3", 1);
  g_assert_cmpstr (rule, ==, "FREQ=DAILY;COUNT=2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, StoreFixture, NULL, store_fixture_set_up, func, store_fixture_tear_down)

  ADD ("/due/ranges-follow-the-user-zone", test_ranges_follow_the_user_zone);
  ADD ("/due/today-on-dst-days", test_today_on_dst_days);
  ADD ("/due/snooze-moves-between-lists", test_snooze_moves_between_lists);
  ADD ("/due/recurring/keeps-wall-time-across-dst", test_recurring_keeps_wall_time_across_dst);
  ADD ("/due/recurring/skips-missed-and-counts-down", test_recurring_skips_missed_and_counts_down);
  ADD ("/due/recurring/leap-day", test_recurring_leap_day);
  g_test_add_func ("/due/recurrence/rules", test_recurrence_rules);

#undef ADD

  return g_test_run ();
}
