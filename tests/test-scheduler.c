/* test-scheduler.c
 *
 * The reminder scheduler against a clock the test moves: follow-ups in
 * other zones, DST both ways, a leap day, snooze, recurrence, catch-up
 * after downtime, stay-in-touch cadences, and no occurrence ever handed
 * out twice, also across restarts and by two connections at once.
 */

#include "config.h"

#include <glib.h>

#include "rapport-scheduler.h"
#include "test-util.h"

typedef struct
{
  StoreFixture  base;
  gint64        now;        /* what the clock says, Unix seconds */
  GTimeZone    *berlin;
} Fixture;

static GDateTime *
fixture_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_date_time_new_from_unix_utc (fixture->now);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  store_fixture_set_up (&fixture->base, data);
  fixture->berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_assert_nonnull (fixture->berlin);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_pointer (&fixture->berlin, g_time_zone_unref);
  store_fixture_tear_down (&fixture->base, data);
}

static RapportScheduler *
scheduler_for (Fixture      *fixture,
               RapportStore *store)
{
  RapportScheduler *scheduler = rapport_scheduler_new (store, fixture->berlin);

  rapport_scheduler_set_clock (scheduler, fixture_clock, fixture, NULL);
  return scheduler;
}

static gint64
add_customer (RapportStore *store,
              const char   *name,
              const char   *type)
{
  g_autoptr(RapportCustomer) customer = rapport_customer_new (RAPPORT_CUSTOMER_KIND_PERSON);
  g_autoptr(GError) error = NULL;

  customer->display_name = g_strdup (name);
  if (type != NULL)
    g_ptr_array_add (customer->types, g_strdup (type));
  g_assert_true (rapport_store_add_customer (store, customer, &error));
  g_assert_no_error (error);

  return customer->id;
}

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

static gint64
add_contract (RapportStore *store,
              gint64        customer_id,
              const char   *product,
              const char   *end,
              int           lead_days)
{
  g_autoptr(RapportContract) contract = rapport_contract_new ();
  g_autoptr(GError) error = NULL;

  contract->customer_id = customer_id;
  contract->product = g_strdup (product);
  contract->start_date = g_strdup ("2020-01-01");
  contract->end_date = g_strdup (end);
  contract->currency = g_strdup ("EUR");
  contract->value = 120000;
  contract->lead_days = lead_days;
  g_assert_true (rapport_store_add_contract (store, contract, &error));
  g_assert_no_error (error);

  return contract->id;
}

static void
log_contact (RapportStore *store,
             gint64        customer_id,
             gint64        when)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(GError) error = NULL;

  interaction->customer_id = customer_id;
  interaction->when = when;
  interaction->channel = RAPPORT_CHANNEL_PHONE;
  interaction->subject = g_strdup ("Call");
  g_assert_true (rapport_store_add_interaction (store, interaction, &error));
  g_assert_no_error (error);
}

/* What fires now, as "kind:title@moment" joined by commas (the title is
 * the customer's name for stay-in-touch reminders). */
static char *
take (RapportScheduler *scheduler)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);

  due = rapport_scheduler_take_due (scheduler, &error);
  g_assert_no_error (error);
  g_assert_nonnull (due);

  for (guint i = 0; i < due->len; i++)
    {
      RapportReminder *reminder = g_ptr_array_index (due, i);
      static const char *const kinds[] = { "follow-up", "renewal", "touch" };

      g_string_append_printf (out, "%s%s:%s@%" G_GINT64_FORMAT,
                              i ? "," : "", kinds[reminder->kind],
                              reminder->title != NULL ? reminder->title : reminder->customer_name,
                              reminder->moment);
    }

  return g_string_free (out, FALSE);
}

static gint64
next (RapportScheduler *scheduler)
{
  g_autoptr(GError) error = NULL;
  gint64 moment = rapport_scheduler_get_next (scheduler, &error);

  g_assert_no_error (error);
  return moment;
}

#define assert_takes(scheduler, expected) \
  G_STMT_START { \
    g_autofree char *got_ = take (scheduler); \
    g_assert_cmpstr (got_, ==, expected); \
  } G_STMT_END

static void
test_follow_up_fires_once (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autoptr(RapportScheduler) restarted = NULL;
  g_autofree char *expected = NULL;
  gint64 due = unix_at ("Europe/Berlin", 2026, 11, 24, 14, 30);
  gint64 customer = add_customer (fixture->base.store, "Amara Osei", NULL);

  add_follow_up (fixture->base.store, customer, "Send the quote", due, "Europe/Berlin", NULL);

  fixture->now = due - 120;
  g_assert_cmpint (next (scheduler), ==, due);
  assert_takes (scheduler, "");

  fixture->now = due;
  expected = g_strdup_printf ("follow-up:Send the quote@%" G_GINT64_FORMAT, due);
  assert_takes (scheduler, expected);
  assert_takes (scheduler, "");
  g_assert_cmpint (next (scheduler), ==, 0);

  /* A restart reads the fired log from the file. */
  g_clear_object (&fixture->base.store);
  g_clear_object (&scheduler);
  fixture->base.store = rapport_store_open (fixture->base.path, NULL);
  g_assert_nonnull (fixture->base.store);
  restarted = scheduler_for (fixture, fixture->base.store);
  fixture->now = due + 3600;
  assert_takes (restarted, "");
}

static void
test_follow_up_in_other_zones (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autofree char *expected = NULL;
  gint64 customer = add_customer (fixture->base.store, "Kenji Sato", NULL);
  /* "Call at 10:00 their time": 10:00 in Tokyo is 02:00 in Berlin. */
  gint64 tokyo = unix_at ("Asia/Tokyo", 2026, 11, 25, 10, 0);
  gint64 new_york = unix_at ("America/New_York", 2026, 11, 24, 10, 0);

  add_follow_up (fixture->base.store, customer, "Tokyo call", tokyo, "Asia/Tokyo", NULL);
  add_follow_up (fixture->base.store, customer, "New York call", new_york, "America/New_York", NULL);

  g_assert_cmpint (tokyo, ==, unix_at ("Europe/Berlin", 2026, 11, 25, 2, 0));
  fixture->now = unix_at ("Europe/Berlin", 2026, 11, 24, 12, 0);
  g_assert_cmpint (next (scheduler), ==, new_york);

  fixture->now = new_york;
  expected = g_strdup_printf ("follow-up:New York call@%" G_GINT64_FORMAT, new_york);
  assert_takes (scheduler, expected);
  g_assert_cmpint (next (scheduler), ==, tokyo);

  fixture->now = tokyo - 1;
  assert_takes (scheduler, "");
  fixture->now = tokyo;
  g_free (expected);
  expected = g_strdup_printf ("follow-up:Tokyo call@%" G_GINT64_FORMAT, tokyo);
  assert_takes (scheduler, expected);
}

/* Renewal reminders come at the notify time on the notice date, in the
 * user's zone, on both DST change days. */
static void
test_renewal_across_dst (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autofree char *expected = NULL;
  gint64 customer = add_customer (fixture->base.store, "Lena Vogel", NULL);
  gint64 spring = unix_at ("UTC", 2026, 3, 29, 7, 0);    /* 09:00 CEST */
  gint64 autumn = unix_at ("UTC", 2026, 10, 25, 8, 0);   /* 09:00 CET */

  /* Notice date = end - lead days. */
  add_contract (fixture->base.store, customer, "Spring plan", "2026-04-28", 30);
  add_contract (fixture->base.store, customer, "Autumn plan", "2026-11-24", 30);

  fixture->now = unix_at ("UTC", 2026, 3, 28, 12, 0);
  g_assert_cmpint (next (scheduler), ==, spring);
  fixture->now = spring - 1;
  assert_takes (scheduler, "");
  fixture->now = spring;
  expected = g_strdup_printf ("renewal:Spring plan@%" G_GINT64_FORMAT, spring);
  assert_takes (scheduler, expected);
  g_assert_cmpint (next (scheduler), ==, autumn);

  fixture->now = autumn;
  g_free (expected);
  expected = g_strdup_printf ("renewal:Autumn plan@%" G_GINT64_FORMAT, autumn);
  assert_takes (scheduler, expected);
  assert_takes (scheduler, "");

  /* A notify time the spring change skips (02:30) comes when the gap
   * ends, at 03:00 CEST; a new notify time never fires an occurrence
   * again. */
  rapport_scheduler_set_notify_time (scheduler, 2, 30);
  add_contract (fixture->base.store, customer, "Night plan", "2027-04-27", 30);
  fixture->now = unix_at ("UTC", 2027, 3, 27, 12, 0);
  g_assert_cmpint (next (scheduler), ==, unix_at ("UTC", 2027, 3, 28, 1, 0));
  fixture->now = unix_at ("UTC", 2027, 3, 28, 1, 0);
  g_free (expected);
  expected = g_strdup_printf ("renewal:Night plan@%" G_GINT64_FORMAT, fixture->now);
  assert_takes (scheduler, expected);
  rapport_scheduler_set_notify_time (scheduler, 1, 0);
  assert_takes (scheduler, "");
}

static void
test_leap_day (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autofree char *expected = NULL;
  gint64 customer = add_customer (fixture->base.store, "Priya Nair", NULL);
  gint64 leap_day = unix_at ("Europe/Berlin", 2028, 2, 29, 9, 0);
  gint64 follow_up = unix_at ("Europe/Berlin", 2028, 2, 29, 16, 45);

  add_contract (fixture->base.store, customer, "Leap plan", "2028-03-01", 1);
  add_follow_up (fixture->base.store, customer, "Leap call", follow_up, "Europe/Berlin", NULL);

  fixture->now = unix_at ("Europe/Berlin", 2028, 2, 28, 18, 0);
  g_assert_cmpint (next (scheduler), ==, leap_day);
  fixture->now = leap_day;
  expected = g_strdup_printf ("renewal:Leap plan@%" G_GINT64_FORMAT, leap_day);
  assert_takes (scheduler, expected);
  g_assert_cmpint (next (scheduler), ==, follow_up);
}

static void
test_snooze_fires_again (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 customer = add_customer (fixture->base.store, "Tomás Ruiz", NULL);
  gint64 due = unix_at ("Europe/Madrid", 2026, 11, 24, 10, 0);
  gint64 id = add_follow_up (fixture->base.store, customer, "Call back", due, "Europe/Madrid", NULL);

  fixture->now = due + 5;
  expected = g_strdup_printf ("follow-up:Call back@%" G_GINT64_FORMAT, due);
  assert_takes (scheduler, expected);

  g_assert_true (rapport_store_snooze_follow_up (fixture->base.store, id, due + 3600, &error));
  g_assert_no_error (error);
  g_assert_cmpint (next (scheduler), ==, due + 3600);
  fixture->now = due + 3599;
  assert_takes (scheduler, "");
  fixture->now = due + 3600;
  g_free (expected);
  expected = g_strdup_printf ("follow-up:Call back@%" G_GINT64_FORMAT, due + 3600);
  assert_takes (scheduler, expected);
  assert_takes (scheduler, "");
}

/* A weekly follow-up at 09:00 Berlin time: done before the autumn change,
 * the next one is at 09:00 CET, an hour later in UTC. */
static void
test_recurrence (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autoptr(RapportFollowUp) following = NULL;
  g_autoptr(GDateTime) done_at = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 customer = add_customer (fixture->base.store, "Olu Adeyemi", NULL);
  gint64 first = unix_at ("Europe/Berlin", 2026, 10, 20, 9, 0);
  gint64 second = unix_at ("Europe/Berlin", 2026, 10, 27, 9, 0);
  gint64 id = add_follow_up (fixture->base.store, customer, "Weekly check", first, "Europe/Berlin",
                             "FREQ=WEEKLY;COUNT=3");

  g_assert_cmpint (second - first, ==, 7 * 86400 + 3600);

  fixture->now = first;
  expected = g_strdup_printf ("follow-up:Weekly check@%" G_GINT64_FORMAT, first);
  assert_takes (scheduler, expected);

  done_at = g_date_time_new_from_unix_utc (first + 600);
  g_assert_true (rapport_store_complete_follow_up (fixture->base.store, id, done_at, &following, &error));
  g_assert_no_error (error);
  g_assert_nonnull (following);
  g_assert_cmpint (following->due, ==, second);

  fixture->now = first + 600;
  g_assert_cmpint (next (scheduler), ==, second);
  fixture->now = second;
  g_free (expected);
  expected = g_strdup_printf ("follow-up:Weekly check@%" G_GINT64_FORMAT, second);
  assert_takes (scheduler, expected);
}

/* Nothing ran for three days: everything that fell due meanwhile comes at
 * once, soonest first, each once; what is not due yet waits. */
static void
test_catch_up_after_downtime (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autofree char *expected = NULL;
  gint64 customer = add_customer (fixture->base.store, "Ines Duarte", NULL);
  gint64 a = unix_at ("Europe/Berlin", 2026, 11, 20, 9, 0);
  gint64 b = unix_at ("Europe/Berlin", 2026, 11, 21, 15, 0);
  gint64 c = unix_at ("Europe/Berlin", 2026, 11, 22, 11, 0);
  gint64 later = unix_at ("Europe/Berlin", 2026, 11, 24, 9, 0);

  add_follow_up (fixture->base.store, customer, "B", b, "Europe/Berlin", NULL);
  add_follow_up (fixture->base.store, customer, "Later", later, "Europe/Berlin", NULL);
  add_follow_up (fixture->base.store, customer, "A", a, "Europe/Berlin", NULL);
  add_contract (fixture->base.store, customer, "Plan", "2026-12-21", 30);   /* notice 11-21 */
  add_follow_up (fixture->base.store, customer, "C", c, "Europe/Berlin", NULL);

  fixture->now = unix_at ("Europe/Berlin", 2026, 11, 23, 8, 0);
  expected = g_strdup_printf ("follow-up:A@%" G_GINT64_FORMAT ","
                              "renewal:Plan@%" G_GINT64_FORMAT ","
                              "follow-up:B@%" G_GINT64_FORMAT ","
                              "follow-up:C@%" G_GINT64_FORMAT,
                              a, unix_at ("Europe/Berlin", 2026, 11, 21, 9, 0), b, c);
  assert_takes (scheduler, expected);
  assert_takes (scheduler, "");
  g_assert_cmpint (next (scheduler), ==, later);
}

/* Two connections to one file (the window and a second process) taking
 * at the same moment: each occurrence goes to exactly one of them. */
static void
test_two_processes_never_double (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(RapportStore) other_store = NULL;
  g_autoptr(RapportScheduler) one = scheduler_for (fixture, fixture->base.store);
  g_autoptr(RapportScheduler) two = NULL;
  g_autoptr(GError) error = NULL;
  gint64 customer = add_customer (fixture->base.store, "Yusuf Kaya", NULL);
  gint64 base = unix_at ("Europe/Istanbul", 2026, 11, 24, 9, 0);
  guint total = 0;

  other_store = rapport_store_open (fixture->base.path, &error);
  g_assert_no_error (error);
  two = scheduler_for (fixture, other_store);

  for (int i = 0; i < 20; i++)
    {
      g_autofree char *title = g_strdup_printf ("Call %d", i);

      add_follow_up (fixture->base.store, customer, title, base + i * 10, "Europe/Istanbul", NULL);
    }

  for (fixture->now = base; fixture->now <= base + 200; fixture->now += 5)
    {
      g_autoptr(GPtrArray) a = rapport_scheduler_take_due (one, &error);
      g_autoptr(GPtrArray) b = NULL;

      g_assert_no_error (error);
      b = rapport_scheduler_take_due (two, &error);
      g_assert_no_error (error);

      for (guint i = 0; i < a->len; i++)
        for (guint j = 0; j < b->len; j++)
          g_assert_cmpint (((RapportReminder *) a->pdata[i])->ref_id, !=,
                           ((RapportReminder *) b->pdata[j])->ref_id);
      total += a->len + b->len;
    }

  g_assert_cmpuint (total, ==, 20);
}

static void
test_stay_in_touch (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  RapportStore *store = fixture->base.store;
  gint64 vip = add_customer (store, "Chloé Martin", "vip");
  gint64 plain = add_customer (store, "Paul Weber", NULL);
  gint64 day_30;
  gint64 follow_up;

  /* 2026-10-01 15:00 Berlin, then 30 days: 2026-10-31 09:00 CET. */
  log_contact (store, vip, unix_at ("Europe/Berlin", 2026, 10, 1, 15, 0));
  log_contact (store, plain, unix_at ("Europe/Berlin", 2026, 10, 1, 15, 0));
  day_30 = unix_at ("Europe/Berlin", 2026, 10, 31, 9, 0);

  fixture->now = unix_at ("Europe/Berlin", 2026, 10, 2, 0, 0);
  g_assert_cmpint (next (scheduler), ==, 0);

  g_assert_true (rapport_store_set_type_cadence (store, "vip", 30, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_get_type_cadence (store, "vip"), ==, 30);
  g_assert_cmpint (rapport_store_get_effective_cadence (store, vip), ==, 30);
  g_assert_cmpint (rapport_store_get_effective_cadence (store, plain), ==, 0);
  g_assert_cmpint (next (scheduler), ==, day_30);

  fixture->now = day_30;
  expected = g_strdup_printf ("touch:Chloé Martin@%" G_GINT64_FORMAT, day_30);
  assert_takes (scheduler, expected);
  assert_takes (scheduler, "");

  /* Her own cadence wins over her type's; a contact starts it again. */
  g_assert_true (rapport_store_set_customer_cadence (store, vip, 60, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_get_effective_cadence (store, vip), ==, 60);
  log_contact (store, vip, unix_at ("Europe/Berlin", 2026, 11, 2, 10, 0));
  g_assert_cmpint (next (scheduler), ==, unix_at ("Europe/Berlin", 2027, 1, 1, 9, 0));

  /* An open follow-up is a planned contact: no reminder meanwhile. */
  follow_up = add_follow_up (store, vip, "Lunch", unix_at ("Europe/Berlin", 2027, 2, 1, 12, 0),
                             "Europe/Berlin", NULL);
  g_assert_cmpint (next (scheduler), ==, unix_at ("Europe/Berlin", 2027, 2, 1, 12, 0));
  fixture->now = unix_at ("Europe/Berlin", 2027, 1, 15, 9, 0);
  assert_takes (scheduler, "");
  g_assert_true (rapport_store_delete_follow_up (store, follow_up, &error));
  g_assert_no_error (error);
  g_free (expected);
  expected = g_strdup_printf ("touch:Chloé Martin@%" G_GINT64_FORMAT,
                              unix_at ("Europe/Berlin", 2027, 1, 1, 9, 0));
  assert_takes (scheduler, expected);

  /* Cleared, nothing applies any more. */
  g_assert_true (rapport_store_set_customer_cadence (store, vip, 0, &error));
  g_assert_true (rapport_store_set_type_cadence (store, "vip", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (rapport_store_get_effective_cadence (store, vip), ==, 0);
  g_assert_cmpint (next (scheduler), ==, 0);
}

static void
test_cadence_refuses_bad_input (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  RapportStore *store = fixture->base.store;
  gint64 customer = add_customer (store, "Sara Lind", NULL);

  before = dump_database (fixture->base.path);

  g_assert_false (rapport_store_set_customer_cadence (store, customer, 4000, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "4000"));
  g_clear_error (&error);

  g_assert_false (rapport_store_set_customer_cadence (store, customer, -1, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (rapport_store_set_customer_cadence (store, customer + 100, 30, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (rapport_store_set_type_cadence (store, "no-such-type", 30, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "no-such-type"));
  g_clear_error (&error);

  /* "new" is derived from history, never stored on a customer. */
  g_assert_false (rapport_store_set_type_cadence (store, "new", 30, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID);
  g_clear_error (&error);

  after = dump_database (fixture->base.path);
  g_assert_cmpstr (before, ==, after);
}

/* A deleted (trashed) customer's reminders do not fire. */
static void
test_trashed_customer_is_quiet (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autoptr(GError) error = NULL;
  gint64 due = unix_at ("Europe/Berlin", 2026, 11, 24, 10, 0);
  gint64 customer = add_customer (fixture->base.store, "Gone Away", NULL);

  add_follow_up (fixture->base.store, customer, "Never", due, "Europe/Berlin", NULL);
  add_contract (fixture->base.store, customer, "Never plan", "2026-12-01", 30);
  g_assert_true (rapport_store_delete_customer (fixture->base.store, customer, &error));
  g_assert_no_error (error);

  fixture->now = due + 86400;
  assert_takes (scheduler, "");
}

/* A follow-up of no customer yet (a task from another app) still fires,
 * with no customer in the reminder, and once. */
static void
test_follow_up_without_customer_fires (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(RapportScheduler) scheduler = scheduler_for (fixture, fixture->base.store);
  g_autoptr(GPtrArray) fired = NULL;
  g_autoptr(GError) error = NULL;
  gint64 due = unix_at ("Europe/Berlin", 2026, 11, 24, 9, 0);
  const RapportReminder *reminder;

  add_follow_up (fixture->base.store, 0, "Order more boxes", due, "Europe/Berlin", NULL);

  fixture->now = due - 60;
  g_assert_cmpint (next (scheduler), ==, due);

  fixture->now = due;
  fired = rapport_scheduler_take_due (scheduler, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (fired->len, ==, 1);
  reminder = g_ptr_array_index (fired, 0);
  g_assert_cmpint (reminder->kind, ==, RAPPORT_REMINDER_FOLLOW_UP);
  g_assert_cmpstr (reminder->title, ==, "Order more boxes");
  g_assert_cmpint (reminder->customer_id, ==, 0);
  g_assert_null (reminder->customer_name);
  g_assert_cmpint (reminder->moment, ==, due);
  assert_takes (scheduler, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/scheduler/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("follow-up-fires-once", test_follow_up_fires_once);
  ADD ("follow-up-in-other-zones", test_follow_up_in_other_zones);
  ADD ("renewal-across-dst", test_renewal_across_dst);
  ADD ("leap-day", test_leap_day);
  ADD ("snooze-fires-again", test_snooze_fires_again);
  ADD ("recurrence", test_recurrence);
  ADD ("catch-up-after-downtime", test_catch_up_after_downtime);
  ADD ("two-processes-never-double", test_two_processes_never_double);
  ADD ("stay-in-touch", test_stay_in_touch);
  ADD ("cadence-refuses-bad-input", test_cadence_refuses_bad_input);
  ADD ("trashed-customer-is-quiet", test_trashed_customer_is_quiet);
  ADD ("follow-up-without-customer-fires", test_follow_up_without_customer_fires);

  return g_test_run ();
}
