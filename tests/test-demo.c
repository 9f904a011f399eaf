/* test-demo.c
 *
 * The demo data set: what it adds to an empty database, at dates relative
 * to any "now", and that it refuses a database with customers, leaving it
 * as it was.
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "rapport-demo.h"
#include "test-util.h"

typedef struct
{
  const char *zone;
  int         year;
  int         month;
  int         day;
  int         hour;
  int         minute;
} Moment;

static GDateTime *
moment_new (const Moment *moment)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (moment->zone);

  g_assert_nonnull (tz);
  return g_date_time_new (tz, moment->year, moment->month, moment->day,
                          moment->hour, moment->minute, 0);
}

static guint
count_csv_records (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "customers.csv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint records = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  /* No field of the demo file spans lines: one line, one record. */
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      records++;

  return records;
}

static guint
count_customers (RapportStore *store)
{
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_customer_ids (store, NULL, &error);
  g_assert_no_error (error);

  return ids->len;
}

static guint
count_people (RapportStore *store)
{
  RapportCustomerQuery query = { .kind = RAPPORT_CUSTOMER_KIND_PERSON, .kind_set = TRUE };
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GError) error = NULL;

  ids = rapport_store_list_customer_ids (store, &query, &error);
  g_assert_no_error (error);

  return ids->len;
}

static RapportCustomer *
find (RapportStore *store,
      const char   *ref)
{
  g_autoptr(GError) error = NULL;
  RapportCustomer *customer;

  customer = rapport_store_find_customer (store, ref, &error);
  g_assert_no_error (error);

  return customer;
}

static void
count_changes (RapportStore *store,
               guint         entity,
               guint         change,
               gint64        id,
               guint        *n_changes)
{
  (*n_changes)++;
}

static void
test_embedded_csv_is_the_data_file (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", "customers.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (strlen (rapport_demo_get_customers_csv ()), ==, length);
  g_assert_cmpmem (rapport_demo_get_customers_csv (), length, contents, length);
}

static void
test_fills_an_empty_store (StoreFixture  *fixture,
                           gconstpointer  data)
{
  g_autoptr(GDateTime) now = moment_new (data);
  g_autoptr(GError) error = NULL;
  g_autoptr(RapportCustomer) amara = NULL;
  g_autoptr(RapportCustomer) fatima = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GPtrArray) renewals = NULL;
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  const RapportInteraction *interaction;
  const RapportFollowUp *follow_up;
  guint overdue, due_today, upcoming;
  guint n_changes = 0;

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changes), &n_changes);

  g_assert_true (rapport_store_add_demo_data (fixture->store, now, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_changes, >, 0);

  /* Every customer of the data file and the six organizations they work
   * for, and no one else. */
  g_assert_cmpuint (count_csv_records (), ==, 19);
  g_assert_cmpuint (count_people (fixture->store), ==, count_csv_records ());
  g_assert_cmpuint (count_customers (fixture->store), ==, count_csv_records () + 6);

  /* History, with the promise turned into a follow-up. */
  amara = find (fixture->store, "amara.okafor@example.com");
  history = rapport_store_list_interactions (fixture->store, amara->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 1);
  interaction = g_ptr_array_index (history, 0);
  g_assert_cmpstr (interaction->subject, ==, "Late delivery");
  g_assert_cmpint (interaction->when, <, g_date_time_to_unix (now));

  follow_ups = rapport_store_list_follow_ups (fixture->store, amara->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (follow_ups->len, ==, 1);
  follow_up = g_ptr_array_index (follow_ups, 0);
  g_assert_cmpint (follow_up->origin_interaction_id, ==, interaction->id);
  g_assert_cmpstr (follow_up->time_zone, ==, "Africa/Lagos");
  g_clear_pointer (&follow_ups, g_ptr_array_unref);

  /* Something in each due list, whatever the hour and the zone. */
  overdue = rapport_store_count_due (fixture->store, RAPPORT_DUE_OVERDUE, now, &error);
  g_assert_no_error (error);
  due_today = rapport_store_count_due (fixture->store, RAPPORT_DUE_TODAY, now, &error);
  g_assert_no_error (error);
  upcoming = rapport_store_count_due (fixture->store, RAPPORT_DUE_UPCOMING, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (overdue, >, 0);
  g_assert_cmpuint (due_today, >, 0);
  g_assert_cmpuint (upcoming, >, 0);
  g_assert_cmpuint (overdue + due_today + upcoming, ==, 5);

  /* One of them recurs. */
  fatima = find (fixture->store, "fatima.alsayed@example.ae");
  follow_ups = rapport_store_list_follow_ups (fixture->store, fatima->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (follow_ups->len, ==, 1);
  follow_up = g_ptr_array_index (follow_ups, 0);
  g_assert_nonnull (follow_up->rrule);
  g_assert_nonnull (strstr (follow_up->rrule, "FREQ=MONTHLY"));

  /* Two of the three contracts have their renewal notice due today. */
  renewals = rapport_store_list_renewals_due (fixture->store, today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (renewals->len, ==, 2);
  g_assert_cmpstr (((RapportContract *) g_ptr_array_index (renewals, 0))->product, ==, "Support plan");
  g_assert_cmpstr (((RapportContract *) g_ptr_array_index (renewals, 1))->product, ==, "Maintenance contract");
}

static void
test_refuses_a_second_time (StoreFixture  *fixture,
                            gconstpointer  data)
{
  g_autoptr(GDateTime) now = moment_new (data);
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 3);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  guint n_changes = 0;

  g_assert_true (rapport_store_add_demo_data (fixture->store, now, &error));
  g_assert_no_error (error);
  before = dump_database (fixture->path);

  g_signal_connect (fixture->store, "changed", G_CALLBACK (count_changes), &n_changes);
  g_assert_false (rapport_store_add_demo_data (fixture->store, later, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "already has customers"));

  after = dump_database (fixture->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (n_changes, ==, 0);
  g_assert_cmpuint (count_people (fixture->store), ==, 19);
}

static void
test_refuses_a_store_with_customers (StoreFixture  *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GDateTime) now = moment_new (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_person (fixture->store, "Amara Okafor", "amara.okafor@example.com");
  before = dump_database (fixture->path);

  g_assert_false (rapport_store_add_demo_data (fixture->store, now, &error));
  g_assert_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT);

  after = dump_database (fixture->path);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (count_customers (fixture->store), ==, 1);
}

/* Morning, late evening, both ends of the zones, and the night clocks
 * go forward. */
static const Moment moments[] = {
  { "Europe/Berlin", 2026, 11, 24, 10, 0 },
  { "Europe/Berlin", 2026, 11, 24, 23, 50 },
  { "Pacific/Kiritimati", 2026, 11, 24, 0, 10 },
  { "Pacific/Pago_Pago", 2026, 11, 24, 23, 30 },
  { "America/Sao_Paulo", 2026, 2, 28, 16, 30 },
  { "Europe/Berlin", 2026, 3, 29, 3, 30 },
};

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/embedded-csv-is-the-data-file", test_embedded_csv_is_the_data_file);

  for (guint i = 0; i < G_N_ELEMENTS (moments); i++)
    {
      g_autofree char *path = g_strdup_printf ("/demo/fills-an-empty-store/%s-%02d-%02dT%02d:%02d",
                                               moments[i].zone, moments[i].month, moments[i].day,
                                               moments[i].hour, moments[i].minute);

      g_test_add (path, StoreFixture, &moments[i],
                  store_fixture_set_up, test_fills_an_empty_store, store_fixture_tear_down);
    }

  g_test_add ("/demo/refuses-a-second-time", StoreFixture, &moments[0],
              store_fixture_set_up, test_refuses_a_second_time, store_fixture_tear_down);
  g_test_add ("/demo/refuses-a-store-with-customers", StoreFixture, &moments[0],
              store_fixture_set_up, test_refuses_a_store_with_customers, store_fixture_tear_down);

  return g_test_run ();
}
