/* rapport-demo.c
 *
 * The demo data set. The customers come from data/demo/customers.csv,
 * compiled in (data/meson.build turns it into a C string); the records
 * around them are tables below, dated in days from today. The records are
 * data, like the CSV file, and stay in English.
 */

#define G_LOG_DOMAIN "rapport-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "data/rapport-demo-customers.h"
#include "rapport-demo.h"
#include "rapport-error.h"
#include "rapport-store-private.h"
#include "rapport-validate.h"

#define MINUTES(n) ((gint64) (n) * 60)

typedef struct
{
  const char       *customer;      /* email address */
  int               day;           /* days from today */
  int               hour;
  int               minute;
  const char       *time_zone;     /* NULL: the zone of now */
  RapportChannel    channel;
  RapportDirection  direction;
  const char       *subject;
  const char       *body;
  const char       *requested;
  const char       *promised;
  const char       *recorded_by;
  gint64            handle_time;   /* seconds */
  /* The promise as a follow-up, when it has a title. */
  const char       *follow_up_title;
  int               follow_up_day;
  int               follow_up_hour;
} DemoInteraction;

typedef struct
{
  const char *customer;
  int         day;
  int         hour;
  const char *time_zone;
  const char *title;
  const char *rrule;
} DemoFollowUp;

typedef struct
{
  const char *customer;
  const char *product;
  int         start_months;    /* from today, negative: in the past */
  int         end_days;        /* from today, added to end_months */
  int         end_months;
  gint64      value;           /* minor units */
  const char *currency;
  int         lead_days;
  gboolean    auto_renew;
} DemoContract;

static const DemoInteraction demo_interactions[] = {
  {
    "amara.okafor@example.com", -3, 14, 30, "Africa/Lagos",
    RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_INBOUND,
    "Late delivery", "Order 4411 has not arrived.",
    "Find the parcel", "Call back with tracking number", "Demo", MINUTES (6),
    "Call back with tracking number", -1, 10,
  },
  {
    "j.mueller@example.de", -10, 9, 15, NULL,
    RAPPORT_CHANNEL_EMAIL, RAPPORT_DIRECTION_OUTBOUND,
    "Quarterly service report", "Sent the report for Q3 with the maintenance schedule.",
    NULL, NULL, NULL, MINUTES (15),
    NULL, 0, 0,
  },
  {
    "grace@kigalicoffee.example", -1, 11, 0, "Africa/Kigali",
    RAPPORT_CHANNEL_VIDEO, RAPPORT_DIRECTION_INBOUND,
    "Bulk order for the new café", NULL,
    "Quote for 40 kg a month", "Send the quote by Friday", NULL, MINUTES (25),
    "Send the bulk quote", 2, 9,
  },
  {
    "sofia.nowak@example.pl", -2, 16, 40, "Europe/Warsaw",
    RAPPORT_CHANNEL_PHONE, RAPPORT_DIRECTION_INBOUND,
    "Complaint: delivery two days late", NULL,
    "Refund of the delivery charge", "Refund today and check in next week", NULL, MINUTES (12),
    NULL, 0, 0,
  },
};

/* Due later today: computed from now, see later_today(). */
static const DemoFollowUp demo_follow_up_today = {
  "y.tanaka@sakura.example", 0, 0, NULL, "Confirm the design review date", NULL,
};

static const DemoFollowUp demo_follow_ups[] = {
  { "sofia.nowak@example.pl", 7, 10, "Europe/Warsaw", "Check satisfaction after the refund", NULL },
  { "fatima.alsayed@example.ae", 1, 9, "Asia/Dubai", "Monthly account review", "FREQ=MONTHLY" },
};

static const DemoContract demo_contracts[] = {
  /* Ends in 20 days with 30 days' notice: the notice is due. */
  { "j.mueller@example.de", "Maintenance contract", -11, 20, 0, 480000, "EUR", 30, FALSE },
  /* Ends in six months: nothing due yet. */
  { "grace@kigalicoffee.example", "Coffee subscription", -6, 0, 6, 1500000, "RWF", 45, FALSE },
  /* Ends in 10 days with 30 days' notice: due, though it renews by itself. */
  { "y.tanaka@sakura.example", "Support plan", -12, 10, 0, 120000, "JPY", 30, TRUE },
};

const char *
rapport_demo_get_customers_csv (void)
{
  return RAPPORT_DEMO_CUSTOMERS_CSV;
}

/* Noon of the day @days after @now's day, in @now's zone: a time that
 * exists on every day, whatever the daylight saving rules. */
static GDateTime *
day_from_now (GDateTime *now,
              int        days)
{
  g_autoptr(GDateTime) noon = g_date_time_new (g_date_time_get_timezone (now),
                                               g_date_time_get_year (now),
                                               g_date_time_get_month (now),
                                               g_date_time_get_day_of_month (now),
                                               12, 0, 0);

  return g_date_time_add_days (noon, days);
}

/* @hour:@minute on the day @days after today, on the wall clock of
 * @time_zone (NULL: @now's zone). */
static gint64
wall_time (GDateTime  *now,
           int         days,
           int         hour,
           int         minute,
           const char *time_zone)
{
  g_autoptr(GDateTime) day = day_from_now (now, days);
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) when = NULL;

  if (time_zone != NULL)
    tz = g_time_zone_new_identifier (time_zone);
  if (tz == NULL)
    tz = g_time_zone_ref (g_date_time_get_timezone (now));

  when = g_date_time_new (tz,
                          g_date_time_get_year (day),
                          g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day),
                          hour, minute, 0);

  return g_date_time_to_unix (when);
}

/* 17:00 today when that is at least an hour away, else halfway between
 * now and midnight: due today, whenever the demo is added. */
static gint64
later_today (GDateTime *now)
{
  g_autoptr(GDateTime) evening = NULL;
  g_autoptr(GDateTime) last_minute = NULL;
  gint64 start = g_date_time_to_unix (now);
  gint64 end;
  gint64 due;

  evening = g_date_time_new (g_date_time_get_timezone (now),
                             g_date_time_get_year (now),
                             g_date_time_get_month (now),
                             g_date_time_get_day_of_month (now),
                             17, 0, 0);
  if (g_date_time_to_unix (evening) - start >= 60 * 60)
    return g_date_time_to_unix (evening);

  last_minute = g_date_time_new (g_date_time_get_timezone (now),
                                 g_date_time_get_year (now),
                                 g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now),
                                 23, 59, 0);
  end = g_date_time_to_unix (last_minute);
  if (end <= start)
    return start;

  due = start + (end - start) / 2;
  /* On the minute, unless that is before now. */
  if (due - due % 60 >= start)
    due -= due % 60;

  return due;
}

/* "YYYY-MM-DD", @months and then @days after today. */
static char *
date_from_now (GDateTime *now,
               int        months,
               int        days)
{
  g_autoptr(GDateTime) day = day_from_now (now, 0);
  g_autoptr(GDateTime) later_months = g_date_time_add_months (day, months);
  g_autoptr(GDateTime) later = g_date_time_add_days (later_months, days);

  return g_date_time_format (later, "%Y-%m-%d");
}

/* The identifier of @now's zone when it is an IANA name, else NULL (the
 * store then takes the user's zone). */
static const char *
zone_name (GDateTime *now)
{
  const char *name = g_time_zone_get_identifier (g_date_time_get_timezone (now));

  if (name == NULL || !rapport_validate_time_zone (name, "time_zone", NULL))
    return NULL;

  return name;
}

static gboolean
has_customers (RapportStore  *store,
               gboolean      *result,
               GError       **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rapport_store_prepare (store,
                                      "SELECT EXISTS (SELECT 1 FROM customer WHERE deleted IS NULL)",
                                      error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      rapport_store_set_db_error (store, error);
      sqlite3_reset (stmt);
      return FALSE;
    }

  *result = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static gint64
find_customer (RapportStore  *store,
               const char    *email,
               GError       **error)
{
  g_autoptr(RapportCustomer) customer = rapport_store_find_customer (store, email, error);

  return customer != NULL ? customer->id : 0;
}

static gboolean
add_interaction (RapportStore           *store,
                 GDateTime              *now,
                 const DemoInteraction  *demo,
                 GError                **error)
{
  g_autoptr(RapportInteraction) interaction = rapport_interaction_new ();
  g_autoptr(RapportFollowUp) follow_up = NULL;

  if (!(interaction->customer_id = find_customer (store, demo->customer, error)))
    return FALSE;

  interaction->when = wall_time (now, demo->day, demo->hour, demo->minute, demo->time_zone);
  interaction->channel = demo->channel;
  interaction->direction = demo->direction;
  interaction->subject = g_strdup (demo->subject);
  interaction->body = g_strdup (demo->body);
  interaction->action_requested = g_strdup (demo->requested);
  interaction->action_promised = g_strdup (demo->promised);
  interaction->recorded_by = g_strdup (demo->recorded_by);
  interaction->handle_time = demo->handle_time;

  if (!rapport_store_add_interaction (store, interaction, error))
    return FALSE;

  if (demo->follow_up_title == NULL)
    return TRUE;

  follow_up = rapport_follow_up_new ();
  follow_up->customer_id = interaction->customer_id;
  follow_up->origin_interaction_id = interaction->id;
  follow_up->title = g_strdup (demo->follow_up_title);
  follow_up->owner = g_strdup (demo->recorded_by);
  follow_up->time_zone = g_strdup (demo->time_zone != NULL ? demo->time_zone : zone_name (now));
  follow_up->due = wall_time (now, demo->follow_up_day, demo->follow_up_hour, 0, demo->time_zone);

  return rapport_store_add_follow_up (store, follow_up, error);
}

static gboolean
add_follow_up (RapportStore        *store,
               GDateTime           *now,
               const DemoFollowUp  *demo,
               gint64               due,
               GError             **error)
{
  g_autoptr(RapportFollowUp) follow_up = rapport_follow_up_new ();

  if (!(follow_up->customer_id = find_customer (store, demo->customer, error)))
    return FALSE;

  follow_up->title = g_strdup (demo->title);
  follow_up->time_zone = g_strdup (demo->time_zone != NULL ? demo->time_zone : zone_name (now));
  follow_up->rrule = g_strdup (demo->rrule);
  follow_up->due = due;

  return rapport_store_add_follow_up (store, follow_up, error);
}

static gboolean
add_contract (RapportStore        *store,
              GDateTime           *now,
              const DemoContract  *demo,
              GError             **error)
{
  g_autoptr(RapportContract) contract = rapport_contract_new ();

  if (!(contract->customer_id = find_customer (store, demo->customer, error)))
    return FALSE;

  contract->product = g_strdup (demo->product);
  contract->start_date = date_from_now (now, demo->start_months, 0);
  contract->end_date = date_from_now (now, demo->end_months, demo->end_days);
  contract->value = demo->value;
  contract->currency = g_strdup (demo->currency);
  contract->lead_days = demo->lead_days;
  contract->auto_renew = demo->auto_renew;

  return rapport_store_add_contract (store, contract, error);
}

static gboolean
add_records (RapportStore  *store,
             GDateTime     *now,
             GError       **error)
{
  const char *csv = rapport_demo_get_customers_csv ();

  if (!rapport_store_import_csv (store, csv, strlen (csv), RAPPORT_IMPORT_DEFAULT, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_interactions); i++)
    if (!add_interaction (store, now, &demo_interactions[i], error))
      return FALSE;

  if (!add_follow_up (store, now, &demo_follow_up_today, later_today (now), error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_follow_ups); i++)
    {
      const DemoFollowUp *demo = &demo_follow_ups[i];
      gint64 due = wall_time (now, demo->day, demo->hour, 0, demo->time_zone);

      if (!add_follow_up (store, now, demo, due, error))
        return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (demo_contracts); i++)
    if (!add_contract (store, now, &demo_contracts[i], error))
      return FALSE;

  return TRUE;
}

gboolean
rapport_store_add_demo_data (RapportStore  *store,
                             GDateTime     *now,
                             GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean found = FALSE;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!rapport_store_begin (store, error))
    return FALSE;

  if (!has_customers (store, &found, &local_error))
    {
      rapport_store_end (store, FALSE, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (found)
    {
      rapport_store_end (store, FALSE, NULL);
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_CONFLICT,
                   _("The demo data can only be added to an empty database, and this one already has customers"));
      return FALSE;
    }

  ok = add_records (store, now, &local_error);
  if (!rapport_store_end (store, ok, ok ? &local_error : NULL))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                  /* Translators: followed by an error message */
                                  _("Cannot add the demo data: "));
      return FALSE;
    }

  return TRUE;
}
