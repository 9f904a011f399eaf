/* rapport-scheduler.c
 *
 * Follow-ups fall due at their instant (or their snooze), in whatever zone
 * they were set in: the instant is already UTC. Renewal and stay-in-touch
 * reminders fall due on a calendar date, at the notify time of the user's
 * zone; their occurrence is the date (a Julian day), so changing the
 * notify time never fires one again.
 *
 * The fired log (reminder_fired) is written in the transaction that
 * hands the occurrences out, with INSERT OR IGNORE: an occurrence another
 * process recorded first is not handed out here.
 */

#define G_LOG_DOMAIN "rapport-scheduler"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "rapport-error.h"
#include "rapport-scheduler.h"
#include "rapport-store-private.h"

struct _RapportScheduler
{
  GObject           parent_instance;
  RapportStore     *store;
  GTimeZone        *local;
  RapportClockFunc  clock_func;
  gpointer          clock_data;
  GDestroyNotify    clock_destroy;
  int               notify_hour;
  int               notify_minute;
};

G_DEFINE_FINAL_TYPE (RapportScheduler, rapport_scheduler, G_TYPE_OBJECT)

RapportReminder *
rapport_reminder_copy (const RapportReminder *self)
{
  RapportReminder *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_memdup2 (self, sizeof *self);
  copy->customer_name = g_strdup (self->customer_name);
  copy->title = g_strdup (self->title);
  copy->date = g_strdup (self->date);

  return copy;
}

void
rapport_reminder_free (RapportReminder *self)
{
  if (self == NULL)
    return;

  g_free (self->customer_name);
  g_free (self->title);
  g_free (self->date);
  g_free (self);
}

static void
rapport_scheduler_finalize (GObject *object)
{
  RapportScheduler *self = (RapportScheduler *)object;

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);
  g_clear_object (&self->store);
  g_clear_pointer (&self->local, g_time_zone_unref);

  G_OBJECT_CLASS (rapport_scheduler_parent_class)->finalize (object);
}

static void
rapport_scheduler_class_init (RapportSchedulerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rapport_scheduler_finalize;
}

static void
rapport_scheduler_init (RapportScheduler *self)
{
  self->notify_hour = 9;
}

RapportScheduler *
rapport_scheduler_new (RapportStore *store,
                       GTimeZone    *local)
{
  RapportScheduler *self;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), NULL);

  self = g_object_new (RAPPORT_TYPE_SCHEDULER, NULL);
  self->store = g_object_ref (store);
  self->local = local != NULL ? g_time_zone_ref (local) : g_time_zone_new_local ();

  return self;
}

void
rapport_scheduler_set_clock (RapportScheduler *self,
                             RapportClockFunc  func,
                             gpointer          user_data,
                             GDestroyNotify    destroy)
{
  g_return_if_fail (RAPPORT_IS_SCHEDULER (self));

  if (self->clock_destroy != NULL)
    self->clock_destroy (self->clock_data);

  self->clock_func = func;
  self->clock_data = user_data;
  self->clock_destroy = destroy;
}

void
rapport_scheduler_set_notify_time (RapportScheduler *self,
                                   int               hour,
                                   int               minute)
{
  g_return_if_fail (RAPPORT_IS_SCHEDULER (self));
  g_return_if_fail (hour >= 0 && hour < 24);
  g_return_if_fail (minute >= 0 && minute < 60);

  self->notify_hour = hour;
  self->notify_minute = minute;
}

GDateTime *
rapport_scheduler_dup_now (RapportScheduler *self)
{
  g_return_val_if_fail (RAPPORT_IS_SCHEDULER (self), NULL);

  if (self->clock_func != NULL)
    return self->clock_func (self->clock_data);

  return g_date_time_new_now_utc ();
}

/* Dates ------------------------------------------------------------------ */

/* "YYYY-MM-DD" as a GDate; FALSE when it is not a valid date. */
static gboolean
parse_day (const char *text,
           GDate      *out)
{
  guint year, month, day;

  g_date_clear (out, 1);
  if (text == NULL || sscanf (text, "%4u-%2u-%2u", &year, &month, &day) != 3)
    return FALSE;
  if (!g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

/* The notify time on @date in the user's zone. A notify time that a DST
 * change skips that day comes when the gap ends (GDateTime does that). */
static gint64
day_moment (RapportScheduler *self,
            const GDate      *date)
{
  g_autoptr(GDateTime) moment = NULL;

  moment = g_date_time_new (self->local,
                            g_date_get_year (date),
                            g_date_get_month (date),
                            g_date_get_day (date),
                            self->notify_hour, self->notify_minute, 0);
  if (moment == NULL)
    return 0;

  return g_date_time_to_unix (moment);
}

static void
local_today (RapportScheduler *self,
             GDateTime        *now,
             GDate            *out,
             char              text[11])
{
  g_autoptr(GDateTime) local = g_date_time_to_timezone (now, self->local);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
  g_snprintf (text, 11, "%04d-%02d-%02d",
              g_date_time_get_year (local),
              g_date_time_get_month (local),
              g_date_time_get_day_of_month (local));
}

/* The calendar date of @instant in the user's zone. */
static void
local_date_of (RapportScheduler *self,
               gint64            instant,
               GDate            *out)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (instant);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, self->local);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (local),
                  g_date_time_get_month (local),
                  g_date_time_get_year (local));
}

/* Queries ---------------------------------------------------------------- */

#define NOTICE_DATE "date (k.end_date, printf ('-%d days', k.lead_days))"

static const char follow_ups_due_sql[] =
  "SELECT f.id, f.customer_id, coalesce (f.snoozed_until, f.due), c.display_name, f.title"
  " FROM follow_up f LEFT JOIN customer c ON c.id = f.customer_id"
  " WHERE f.state = 0 AND coalesce (f.snoozed_until, f.due) <= ?1 AND c.deleted IS NULL"
  "   AND NOT EXISTS (SELECT 1 FROM reminder_fired r"
  "                   WHERE r.kind = 0 AND r.ref_id = f.id"
  "                     AND r.occurrence = coalesce (f.snoozed_until, f.due))"
  " ORDER BY coalesce (f.snoozed_until, f.due), f.id";

static const char follow_ups_next_sql[] =
  "SELECT min (coalesce (snoozed_until, due)) FROM follow_up"
  " WHERE state = 0 AND coalesce (snoozed_until, due) > ?1";

/* Contracts still waiting for their renewal (active or renewal due). */
static const char renewals_due_sql[] =
  "SELECT k.id, k.customer_id, " NOTICE_DATE ", c.display_name, k.product, k.end_date"
  " FROM contract k JOIN customer c ON c.id = k.customer_id"
  " WHERE k.state IN (0, 1) AND " NOTICE_DATE " <= ?1 AND c.deleted IS NULL"
  " ORDER BY " NOTICE_DATE ", k.id";

static const char renewals_next_sql[] =
  "SELECT DISTINCT " NOTICE_DATE " AS notice FROM contract k"
  " WHERE k.state IN (0, 1) AND " NOTICE_DATE " >= ?1"
  " ORDER BY notice LIMIT 2";

/* Customers with a cadence and no open follow-up (a planned contact is
 * contact enough), with the cadence that applies and the moment of the
 * last contact (or of their creation). */
static const char cadences_sql[] =
  "SELECT c.id, c.display_name,"
  "       coalesce (cc.days, (SELECT min (tc.days) FROM customer_type_link l"
  "                           JOIN type_cadence tc ON tc.type_id = l.type_id"
  "                           WHERE l.customer_id = c.id)),"
  "       coalesce (c.last_contact, c.created)"
  " FROM customer c LEFT JOIN customer_cadence cc ON cc.customer_id = c.id"
  " WHERE c.id IN (SELECT customer_id FROM customer_cadence"
  "                UNION SELECT l.customer_id FROM customer_type_link l"
  "                      JOIN type_cadence tc ON tc.type_id = l.type_id)"
  "   AND c.deleted IS NULL AND c.lifecycle IN (0, 1)"
  "   AND NOT EXISTS (SELECT 1 FROM follow_up f WHERE f.customer_id = c.id AND f.state = 0)";

static const char fired_sql[] =
  "SELECT 1 FROM reminder_fired WHERE kind = ?1 AND ref_id = ?2 AND occurrence = ?3";

static const char record_sql[] =
  "INSERT OR IGNORE INTO reminder_fired (kind, ref_id, occurrence, fired_at) VALUES (?1, ?2, ?3, ?4)";

static gboolean
has_fired (RapportScheduler     *self,
           RapportReminderKind   kind,
           gint64                ref_id,
           gint64                occurrence,
           gboolean             *fired,
           GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rapport_store_prepare (self->store, fired_sql, error)))
    return FALSE;

  sqlite3_bind_int (stmt, 1, kind);
  sqlite3_bind_int64 (stmt, 2, ref_id);
  sqlite3_bind_int64 (stmt, 3, occurrence);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return rapport_store_set_db_error (self->store, error);

  *fired = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
collect_follow_ups (RapportScheduler  *self,
                    gint64             now,
                    GPtrArray         *out,
                    GError           **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rapport_store_prepare (self->store, follow_ups_due_sql, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, now);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportReminder *reminder = g_new0 (RapportReminder, 1);

      reminder->kind = RAPPORT_REMINDER_FOLLOW_UP;
      reminder->ref_id = sqlite3_column_int64 (stmt, 0);
      reminder->customer_id = sqlite3_column_int64 (stmt, 1);
      reminder->moment = sqlite3_column_int64 (stmt, 2);
      reminder->occurrence = reminder->moment;
      reminder->customer_name = rapport_column_dup (stmt, 3);
      reminder->title = rapport_column_dup (stmt, 4);
      g_ptr_array_add (out, reminder);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return rapport_store_set_db_error (self->store, error);

  return TRUE;
}

static gboolean
collect_renewals (RapportScheduler  *self,
                  gint64             now,
                  const char        *today,
                  GPtrArray         *out,
                  GError           **error)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_reminder_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rapport_store_prepare (self->store, renewals_due_sql, error)))
    return FALSE;

  sqlite3_bind_text (stmt, 1, today, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(RapportReminder) reminder = g_new0 (RapportReminder, 1);
      GDate notice;

      if (!parse_day ((const char *) sqlite3_column_text (stmt, 2), &notice))
        continue;

      reminder->kind = RAPPORT_REMINDER_RENEWAL;
      reminder->ref_id = sqlite3_column_int64 (stmt, 0);
      reminder->customer_id = sqlite3_column_int64 (stmt, 1);
      reminder->moment = day_moment (self, &notice);
      reminder->occurrence = g_date_get_julian (&notice);
      reminder->customer_name = rapport_column_dup (stmt, 3);
      reminder->title = rapport_column_dup (stmt, 4);
      reminder->date = rapport_column_dup (stmt, 5);

      if (reminder->moment <= now)
        g_ptr_array_add (candidates, g_steal_pointer (&reminder));
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return rapport_store_set_db_error (self->store, error);

  for (guint i = 0; i < candidates->len; i++)
    {
      RapportReminder *reminder = g_ptr_array_index (candidates, i);
      gboolean fired;

      if (!has_fired (self, reminder->kind, reminder->ref_id, reminder->occurrence, &fired, error))
        return FALSE;
      if (!fired)
        g_ptr_array_add (out, rapport_reminder_copy (reminder));
    }

  return TRUE;
}

/* Calls @func for each customer whose cadence applies, with the date their
 * reminder falls due on. */
typedef gboolean (*CadenceFunc) (RapportScheduler *self,
                                 RapportReminder  *reminder,
                                 const GDate      *due,
                                 gpointer          user_data,
                                 GError          **error);

static gboolean
foreach_cadence (RapportScheduler  *self,
                 CadenceFunc        func,
                 gpointer           user_data,
                 GError           **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_reminder_free);
  g_autoptr(GArray) since = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = rapport_store_prepare (self->store, cadences_sql, error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      RapportReminder *reminder;
      gint64 last;

      if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
        continue;

      reminder = g_new0 (RapportReminder, 1);
      reminder->kind = RAPPORT_REMINDER_STAY_IN_TOUCH;
      reminder->ref_id = sqlite3_column_int64 (stmt, 0);
      reminder->customer_id = reminder->ref_id;
      reminder->customer_name = rapport_column_dup (stmt, 1);
      reminder->days = sqlite3_column_int (stmt, 2);
      last = sqlite3_column_int64 (stmt, 3);
      g_ptr_array_add (rows, reminder);
      g_array_append_val (since, last);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    return rapport_store_set_db_error (self->store, error);

  /* The statement is reset before the callbacks query the fired log. */
  for (guint i = 0; i < rows->len; i++)
    {
      RapportReminder *reminder = g_ptr_array_index (rows, i);
      GDate due;

      local_date_of (self, g_array_index (since, gint64, i), &due);
      g_date_add_days (&due, reminder->days);
      reminder->moment = day_moment (self, &due);
      reminder->occurrence = g_date_get_julian (&due);

      if (!func (self, reminder, &due, user_data, error))
        return FALSE;
    }

  return TRUE;
}

typedef struct
{
  gint64     now;
  GPtrArray *out;
} CollectCadences;

static gboolean
collect_cadence (RapportScheduler  *self,
                 RapportReminder   *reminder,
                 const GDate       *due,
                 gpointer           user_data,
                 GError           **error)
{
  CollectCadences *collect = user_data;
  gboolean fired;

  if (reminder->moment > collect->now)
    return TRUE;
  if (!has_fired (self, reminder->kind, reminder->ref_id, reminder->occurrence, &fired, error))
    return FALSE;
  if (!fired)
    g_ptr_array_add (collect->out, rapport_reminder_copy (reminder));

  return TRUE;
}

static gboolean
next_cadence (RapportScheduler  *self,
              RapportReminder   *reminder,
              const GDate       *due,
              gpointer           user_data,
              GError           **error)
{
  gint64 *next = user_data;

  if (reminder->moment > next[0] && (next[1] == 0 || reminder->moment < next[1]))
    next[1] = reminder->moment;

  return TRUE;
}

static int
compare_moment (gconstpointer a,
                gconstpointer b)
{
  const RapportReminder *ra = *(const RapportReminder **) a;
  const RapportReminder *rb = *(const RapportReminder **) b;

  if (ra->moment != rb->moment)
    return ra->moment < rb->moment ? -1 : 1;
  if (ra->kind != rb->kind)
    return ra->kind < rb->kind ? -1 : 1;
  return ra->ref_id < rb->ref_id ? -1 : ra->ref_id > rb->ref_id;
}

GPtrArray *
rapport_scheduler_take_due (RapportScheduler  *self,
                            GError           **error)
{
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GPtrArray) taken = NULL;
  g_autoptr(GDateTime) now = NULL;
  CollectCadences cadences;
  char today_text[11];
  GDate today;
  gint64 now_unix;
  sqlite3_stmt *stmt = NULL;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_SCHEDULER (self), NULL);

  now = rapport_scheduler_dup_now (self);
  now_unix = g_date_time_to_unix (now);
  local_today (self, now, &today, today_text);

  due = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_reminder_free);
  taken = g_ptr_array_new_with_free_func ((GDestroyNotify) rapport_reminder_free);
  cadences.now = now_unix;
  cadences.out = due;

  /* Reading and recording in one write transaction: a second process
   * waits for it and then sees these occurrences as fired. */
  if (!rapport_store_begin (self->store, error))
    return NULL;

  ok = collect_follow_ups (self, now_unix, due, error) &&
       collect_renewals (self, now_unix, today_text, due, error) &&
       foreach_cadence (self, collect_cadence, &cadences, error);

  if (ok)
    ok = (stmt = rapport_store_prepare (self->store, record_sql, error)) != NULL;

  for (guint i = 0; ok && i < due->len; i++)
    {
      RapportReminder *reminder = g_ptr_array_index (due, i);

      sqlite3_bind_int (stmt, 1, reminder->kind);
      sqlite3_bind_int64 (stmt, 2, reminder->ref_id);
      sqlite3_bind_int64 (stmt, 3, reminder->occurrence);
      sqlite3_bind_int64 (stmt, 4, now_unix);
      if (!(ok = rapport_store_step_done (self->store, stmt, error)))
        break;

      if (sqlite3_changes (self->store->db) == 1)
        g_ptr_array_add (taken, rapport_reminder_copy (reminder));
    }

  if (!rapport_store_end (self->store, ok, error))
    return NULL;

  g_ptr_array_sort (taken, compare_moment);

  return g_steal_pointer (&taken);
}

gint64
rapport_scheduler_get_next (RapportScheduler  *self,
                            GError           **error)
{
  g_autoptr(GDateTime) now = NULL;
  char today_text[11];
  GDate today;
  gint64 next[2];
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (RAPPORT_IS_SCHEDULER (self), 0);

  now = rapport_scheduler_dup_now (self);
  next[0] = g_date_time_to_unix (now);
  next[1] = 0;
  local_today (self, now, &today, today_text);

  if (!(stmt = rapport_store_prepare (self->store, follow_ups_next_sql, error)))
    return 0;
  sqlite3_bind_int64 (stmt, 1, next[0]);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next[1] = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (self->store, error);
      return 0;
    }

  /* Today's notice date (when its notify time is still ahead) and the
   * next one after it. */
  if (!(stmt = rapport_store_prepare (self->store, renewals_next_sql, error)))
    return 0;
  sqlite3_bind_text (stmt, 1, today_text, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GDate notice;
      gint64 moment;

      if (!parse_day ((const char *) sqlite3_column_text (stmt, 0), &notice))
        continue;

      moment = day_moment (self, &notice);
      if (moment > next[0])
        {
          if (next[1] == 0 || moment < next[1])
            next[1] = moment;
          break;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      rapport_store_set_db_error (self->store, error);
      return 0;
    }

  if (!foreach_cadence (self, next_cadence, next, error))
    return 0;

  return next[1];
}

/* Cadences --------------------------------------------------------------- */

static gboolean
check_days (int       days,
            GError  **error)
{
  if (days < 0 || days > 3650)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   /* Translators: the cadence is "stay in touch every N days" */
                   _("stay in touch: %d days is not between 1 and 3650"), days);
      return FALSE;
    }

  return TRUE;
}

gboolean
rapport_store_set_customer_cadence (RapportStore  *store,
                                    gint64         customer_id,
                                    int            days,
                                    GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);

  if (!check_days (days, error))
    return FALSE;

  if (!rapport_store_begin (store, error))
    return FALSE;

  if (days == 0)
    stmt = rapport_store_prepare (store, "DELETE FROM customer_cadence WHERE customer_id = ?1", error);
  else
    stmt = rapport_store_prepare (store,
                                  "INSERT INTO customer_cadence (customer_id, days)"
                                  " SELECT id, ?2 FROM customer WHERE id = ?1"
                                  " ON CONFLICT (customer_id) DO UPDATE SET days = excluded.days",
                                  error);

  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_int64 (stmt, 1, customer_id);
      if (days != 0)
        sqlite3_bind_int (stmt, 2, days);
      ok = rapport_store_step_done (store, stmt, error);
    }

  if (ok && days != 0 && sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_NOT_FOUND,
                   _("customer: no customer with id %" G_GINT64_FORMAT), customer_id);
      ok = FALSE;
    }

  if (ok)
    rapport_store_queue_change (store, RAPPORT_ENTITY_CUSTOMER, RAPPORT_CHANGE_MODIFIED, customer_id);

  return rapport_store_end (store, ok, error);
}

static int
query_days (RapportStore *store,
            const char   *sql,
            gint64        id,
            const char   *key)
{
  sqlite3_stmt *stmt;
  int days = 0;

  if (!(stmt = rapport_store_prepare (store, sql, NULL)))
    return 0;

  if (key != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, id);

  if (sqlite3_step (stmt) == SQLITE_ROW)
    days = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);

  return days;
}

int
rapport_store_get_customer_cadence (RapportStore *store,
                                    gint64        customer_id)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), 0);

  return query_days (store, "SELECT days FROM customer_cadence WHERE customer_id = ?1", customer_id, NULL);
}

gboolean
rapport_store_set_type_cadence (RapportStore  *store,
                                const char    *type_key,
                                int            days,
                                GError       **error)
{
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (RAPPORT_IS_STORE (store), FALSE);
  g_return_val_if_fail (type_key != NULL, FALSE);

  if (!check_days (days, error))
    return FALSE;

  if (!rapport_store_begin (store, error))
    return FALSE;

  if (days == 0)
    stmt = rapport_store_prepare (store,
                                  "DELETE FROM type_cadence"
                                  " WHERE type_id = (SELECT id FROM customer_type WHERE key = ?1)",
                                  error);
  else
    /* Derived types (new, returning) are computed, never linked: a
     * cadence on them could not apply. */
    stmt = rapport_store_prepare (store,
                                  "INSERT INTO type_cadence (type_id, days)"
                                  " SELECT id, ?2 FROM customer_type WHERE key = ?1 AND NOT derivable"
                                  " ON CONFLICT (type_id) DO UPDATE SET days = excluded.days",
                                  error);

  ok = stmt != NULL;
  if (ok)
    {
      sqlite3_bind_text (stmt, 1, type_key, -1, SQLITE_TRANSIENT);
      if (days != 0)
        sqlite3_bind_int (stmt, 2, days);
      ok = rapport_store_step_done (store, stmt, error);
    }

  if (ok && days != 0 && sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, RAPPORT_ERROR, RAPPORT_ERROR_INVALID,
                   _("type: “%s” is not a customer type a cadence can be set on"), type_key);
      ok = FALSE;
    }

  if (ok)
    rapport_store_queue_change (store, RAPPORT_ENTITY_CUSTOMER_TYPE, RAPPORT_CHANGE_MODIFIED, 0);

  return rapport_store_end (store, ok, error);
}

int
rapport_store_get_type_cadence (RapportStore *store,
                                const char   *type_key)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), 0);
  g_return_val_if_fail (type_key != NULL, 0);

  return query_days (store,
                     "SELECT tc.days FROM type_cadence tc JOIN customer_type t ON t.id = tc.type_id"
                     " WHERE t.key = ?1",
                     0, type_key);
}

int
rapport_store_get_effective_cadence (RapportStore *store,
                                     gint64        customer_id)
{
  g_return_val_if_fail (RAPPORT_IS_STORE (store), 0);

  return query_days (store,
                     "SELECT coalesce ((SELECT days FROM customer_cadence WHERE customer_id = ?1),"
                     "                 (SELECT min (tc.days) FROM customer_type_link l"
                     "                  JOIN type_cadence tc ON tc.type_id = l.type_id"
                     "                  WHERE l.customer_id = ?1), 0)",
                     customer_id, NULL);
}
