/* test-due.c
 *
 * Follow-up due lists across time zones and DST changes, snoozing, and
 * recurring follow-ups that yield their next occurrence when done.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "rapport-recurrence.h"
#include "rapport-store-private.h"
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

/* The first of start + k * period after @after. */
static gint64
first_after (gint64 start,
             gint64 period,
             gint64 after)
{
  return start + ((after - start) / period + 1) * period;
}

static void
test_recurring_far_past_resumes_after_now (StoreFixture  *fixture,
                                           gconstpointer  data)
{
  g_autoptr(RapportFollowUp) hourly = NULL;
  g_autoptr(RapportFollowUp) every_five = NULL;
  g_autoptr(RapportFollowUp) done = NULL;
  g_autoptr(GDateTime) now = at ("UTC", 2026, 12, 7, 15, 30);
  gint64 customer = add_person (fixture->store, "Amara Okafor", NULL);
  gint64 start = unix_at ("UTC", 1900, 1, 1, 9, 0);
  gint64 id;

  /* More than a million hours ago: the series goes on after now. */
  id = add_follow_up (fixture->store, customer, "hourly", start, "UTC", "FREQ=HOURLY");
  hourly = complete (fixture->store, id, now);
  g_assert_nonnull (hourly);
  assert_local (hourly->due, "UTC", "2026-12-07 16:00");
  g_assert_cmpstr (hourly->rrule, ==, "FREQ=HOURLY");
  done = rapport_store_get_follow_up (fixture->store, id, NULL);
  g_assert_cmpint (done->state, ==, RAPPORT_FOLLOW_UP_DONE);

  /* Every five hours keeps its phase from 1900. */
  id = add_follow_up (fixture->store, customer, "every five", start, "UTC", "FREQ=HOURLY;INTERVAL=5");
  every_five = complete (fixture->store, id, now);
  g_assert_nonnull (every_five);
  g_assert_cmpint (every_five->due, ==, first_after (start, 5 * 3600, g_date_time_to_unix (now)));
}

static void
test_recurring_far_past_counts_and_ends (StoreFixture  *fixture,
                                         gconstpointer  data)
{
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(GDateTime) now = at ("UTC", 2026, 12, 7, 15, 30);
  gint64 customer = add_person (fixture->store, "Chen Wei", NULL);
  gint64 start = unix_at ("UTC", 1900, 1, 1, 9, 0);
  gint64 id;

  /* Five hours in 1900, all past: the series is done. */
  id = add_follow_up (fixture->store, customer, "five", start, "UTC", "FREQ=HOURLY;COUNT=5");
  next = complete (fixture->store, id, now);
  g_assert_null (next);

  /* Ended in 1950. */
  id = add_follow_up (fixture->store, customer, "until", start, "UTC", "FREQ=HOURLY;UNTIL=19500101T000000Z");
  next = complete (fixture->store, id, now);
  g_assert_null (next);

  /* Counted from 1900: 6,624 weeks used, the rest left. */
  id = add_follow_up (fixture->store, customer, "weekly", start, "UTC", "FREQ=WEEKLY;COUNT=1000000");
  next = complete (fixture->store, id, now);
  g_assert_nonnull (next);
  g_assert_cmpint (next->due, ==, first_after (start, 7 * 86400, g_date_time_to_unix (now)));
  g_assert_cmpstr (next->rrule, ==, "FREQ=WEEKLY;COUNT=993376");
}

static void
test_recurrence_minutely_from_decades_ago (void)
{
  g_autoptr(GError) error = NULL;
  gint64 start = unix_at ("UTC", 1990, 1, 1, 0, 0) + 30;
  gint64 after = unix_at ("UTC", 2026, 12, 7, 15, 30);
  gint64 next = 0;

  /* Nineteen million minutes: what completing a minutely rule another
   * app wrote finds. */
  g_assert_true (rapport_recurrence_next ("FREQ=MINUTELY", start, "UTC", after, &next, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, after + 30);

  g_assert_true (rapport_recurrence_next ("FREQ=MINUTELY;INTERVAL=7", start, "Europe/Berlin", after, &next, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next, ==, first_after (start, 7 * 60, after));

}

/* Rules libical reads; each is refused where it is entered, or it can be
 * completed (a series with nothing left ends). The refused ones name
 * why. */
static const struct {
  const char *rule;
  const char *refusal;   /* part of the message, NULL: accepted */
} entered_rules[] = {
  { "FREQ=MONTHLY;BYYEARDAY=100", "BYYEARDAY cannot be used with FREQ=MONTHLY" },
  { "FREQ=WEEKLY;BYYEARDAY=100", "BYYEARDAY cannot be used with FREQ=WEEKLY" },
  { "FREQ=DAILY;BYYEARDAY=100", "BYYEARDAY cannot be used with FREQ=DAILY" },
  { "FREQ=WEEKLY;BYMONTHDAY=5", "BYMONTHDAY cannot be used with FREQ=WEEKLY" },
  { "FREQ=MONTHLY;BYWEEKNO=5", "BYWEEKNO cannot be used with FREQ=MONTHLY" },
  { "FREQ=WEEKLY;BYDAY=2MO", "a numbered BYDAY" },
  { "FREQ=DAILY;BYDAY=1MO", "a numbered BYDAY" },
  { "FREQ=YEARLY;BYWEEKNO=5;BYDAY=1MO", "a numbered BYDAY" },
  { "FREQ=MONTHLY;BYSETPOS=2", "BYSETPOS needs another BY part" },
  { "FREQ=HOURLY;BYMINUTE=61", "is not a recurrence rule" },
  { "FREQ=DAILY;UNTIL=20000101T000000Z", NULL },
  { "FREQ=DAILY;COUNT=1", NULL },
  { "FREQ=DAILY;COUNT=2000000", "COUNT can be at most 1000000" },
  { "FREQ=MINUTELY", "hourly at most often" },
  { "FREQ=SECONDLY;INTERVAL=3600", "hourly at most often" },
  { "FREQ=YEARLY;BYSETPOS=1", "BYSETPOS needs another BY part" },
  { "FREQ=DAILY;BYSETPOS=5", "BYSETPOS needs another BY part" },
  { "FREQ=HOURLY;BYSETPOS=1", "BYSETPOS needs another BY part" },
  { "FREQ=MONTHLY;BYDAY=5MO", NULL },
  { "FREQ=MONTHLY;BYDAY=-1FR;BYSETPOS=1", NULL },
  { "FREQ=YEARLY;BYDAY=53MO", NULL },
  { "FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO", NULL },
  { "FREQ=YEARLY;BYYEARDAY=366", NULL },
  { "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU", NULL },
  { "FREQ=DAILY;COUNT=2", NULL },
};

static void
test_recurring_entered_rule_can_be_completed (StoreFixture  *fixture,
                                              gconstpointer  data)
{
  gint64 customer = add_person (fixture->store, "Ingrid Berg", NULL);
  gint64 due = unix_at ("Europe/Berlin", 2026, 12, 7, 10, 0);

  for (guint i = 0; i < G_N_ELEMENTS (entered_rules); i++)
    {
      g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
      g_autoptr(RapportFollowUp) next = NULL;
      g_autoptr(GDateTime) later = at ("Europe/Berlin", 2031, 6, 1, 12, 0);
      g_autoptr(GError) error = NULL;
      gboolean ok;

      follow_up->customer_id = customer;
      follow_up->title = g_strdup (entered_rules[i].rule);
      follow_up->due = due;
      follow_up->time_zone = g_strdup ("Europe/Berlin");
      follow_up->rrule = g_strdup (entered_rules[i].rule);

      g_test_message ("%s", entered_rules[i].rule);
      ok = rapport_store_add_follow_up (fixture->store, follow_up, &error);
      if (entered_rules[i].refusal != NULL)
        {
          g_assert_false (ok);
          g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, entered_rules[i].refusal));
          g_assert_true (g_str_has_prefix (error->message, "follow-up “"));
          continue;
        }

      g_assert_no_error (error);
      g_assert_true (ok);
      /* Completed years later, it goes on or ends, without an error. */
      g_assert_true (rapport_store_complete_follow_up (fixture->store, follow_up->id, later, &next, &error));
      g_assert_no_error (error);
    }
}

static void
test_recurring_received_rule_is_kept (StoreFixture  *fixture,
                                      gconstpointer  data)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) minutely = rapport_follow_up_new ();
  g_autoptr(RapportFollowUp) stored = NULL;
  g_autoptr(RapportFollowUp) next = NULL;
  g_autoptr(GDateTime) now = at ("UTC", 2026, 12, 7, 15, 30);
  g_autoptr(GError) error = NULL;
  gint64 customer = add_person (fixture->store, "Ana Souza", NULL);

  /* Another app wrote a rule entry refuses: it is kept as it is. */
  follow_up->customer_id = customer;
  follow_up->title = g_strdup ("from elsewhere");
  follow_up->due = unix_at ("UTC", 2026, 1, 5, 9, 0);
  follow_up->time_zone = g_strdup ("UTC");
  follow_up->rrule = g_strdup ("FREQ=MONTHLY;BYYEARDAY=100");
  g_assert_true (rapport_store_add_received_follow_up (fixture->store, follow_up, &error));
  g_assert_no_error (error);

  /* Done says why it cannot repeat, and changes nothing. */
  g_assert_false (rapport_store_complete_follow_up (fixture->store, follow_up->id, now, &next, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "BYYEARDAY cannot be used with FREQ=MONTHLY"));
  g_assert_null (next);
  g_clear_error (&error);
  stored = rapport_store_get_follow_up (fixture->store, follow_up->id, NULL);
  g_assert_cmpint (stored->state, ==, RAPPORT_FOLLOW_UP_OPEN);
  g_assert_cmpstr (stored->rrule, ==, "FREQ=MONTHLY;BYYEARDAY=100");

  /* It can be edited and cancelled as it is. */
  g_free (stored->title);
  stored->title = g_strdup ("renamed");
  g_assert_true (rapport_store_update_follow_up (fixture->store, stored, &error));
  g_assert_no_error (error);
  stored->state = RAPPORT_FOLLOW_UP_CANCELLED;
  g_assert_true (rapport_store_update_follow_up (fixture->store, stored, &error));
  g_assert_no_error (error);

  /* A minutely one completes with the next minute after now. */
  minutely->customer_id = customer;
  minutely->title = g_strdup ("minutely");
  minutely->due = unix_at ("UTC", 1990, 1, 1, 0, 0);
  minutely->time_zone = g_strdup ("UTC");
  minutely->rrule = g_strdup ("FREQ=MINUTELY");
  g_assert_true (rapport_store_add_received_follow_up (fixture->store, minutely, &error));
  g_assert_no_error (error);
  next = complete (fixture->store, minutely->id, now);
  g_assert_nonnull (next);
  assert_local (next->due, "UTC", "2026-12-07 15:31");
  g_assert_cmpstr (next->rrule, ==, "FREQ=MINUTELY");
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
  ADD ("/due/recurring/far-past-resumes-after-now", test_recurring_far_past_resumes_after_now);
  ADD ("/due/recurring/far-past-counts-and-ends", test_recurring_far_past_counts_and_ends);
  ADD ("/due/recurring/entered-rule-can-be-completed", test_recurring_entered_rule_can_be_completed);
  ADD ("/due/recurring/received-rule-is-kept", test_recurring_received_rule_is_kept);
  g_test_add_func ("/due/recurrence/rules", test_recurrence_rules);
  g_test_add_func ("/due/recurrence/minutely-from-decades-ago", test_recurrence_minutely_from_decades_ago);

#undef ADD

  return g_test_run ();
}
