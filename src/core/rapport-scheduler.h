/* rapport-scheduler.h
 *
 * What falls due and when: follow-ups (their snooze when snoozed),
 * renewal notices (contract end minus lead days) and stay-in-touch
 * cadences (no contact for N days, set per customer or per customer
 * type). The scheduler reads the clock through a function the tests
 * replace, hands out each occurrence once (the fired log is in the
 * database, so a restart or a second process never fires it again) and
 * tells when to look next. Timers and notifications are the caller's.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-store.h"

G_BEGIN_DECLS

typedef enum
{
  RAPPORT_REMINDER_FOLLOW_UP,
  RAPPORT_REMINDER_RENEWAL,
  RAPPORT_REMINDER_STAY_IN_TOUCH,
} RapportReminderKind;

typedef struct
{
  RapportReminderKind  kind;
  gint64               ref_id;        /* follow-up, contract or customer id */
  gint64               customer_id;   /* 0: a follow-up of no customer yet */
  gint64               moment;        /* when it fell due, Unix seconds */
  gint64               occurrence;    /* what the fired log keys it by */
  char                *customer_name; /* NULL with no customer */
  char                *title;         /* follow-up title or contract product */
  char                *date;          /* renewal: the contract's end date */
  int                  days;          /* stay in touch: the cadence */
} RapportReminder;

RapportReminder *rapport_reminder_copy (const RapportReminder *self);
void             rapport_reminder_free (RapportReminder       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RapportReminder, rapport_reminder_free)

/* Returns a new reference to now; the zone of the result does not matter. */
typedef GDateTime *(*RapportClockFunc) (gpointer user_data);

#define RAPPORT_TYPE_SCHEDULER (rapport_scheduler_get_type ())

G_DECLARE_FINAL_TYPE (RapportScheduler, rapport_scheduler, RAPPORT, SCHEDULER, GObject)

/* @local: the user's zone, in which renewal and stay-in-touch reminders
 * come at the notify time (NULL: the local zone). */
RapportScheduler *rapport_scheduler_new             (RapportStore      *store,
                                                     GTimeZone         *local);
void              rapport_scheduler_set_clock       (RapportScheduler  *self,
                                                     RapportClockFunc   func,
                                                     gpointer           user_data,
                                                     GDestroyNotify     destroy);
/* The time of day renewal and stay-in-touch reminders come (the start of
 * the working day); 09:00 unless set. */
void              rapport_scheduler_set_notify_time (RapportScheduler  *self,
                                                     int                hour,
                                                     int                minute);
GDateTime        *rapport_scheduler_dup_now         (RapportScheduler  *self);
/* Everything due at or before now that has not fired yet, soonest first,
 * recorded as fired in the same transaction: each occurrence is returned
 * once, ever. What fell due while nothing ran is caught up here. */
GPtrArray        *rapport_scheduler_take_due        (RapportScheduler  *self,
                                                     GError           **error);
/* The next moment after now at which something falls due, or 0. */
gint64            rapport_scheduler_get_next        (RapportScheduler  *self,
                                                     GError           **error);

/* Stay-in-touch cadences, in days (0: none). A customer's own cadence
 * wins over those of their types; of several types the shortest wins. */
gboolean          rapport_store_set_customer_cadence (RapportStore     *store,
                                                      gint64            customer_id,
                                                      int               days,
                                                      GError          **error);
int               rapport_store_get_customer_cadence (RapportStore     *store,
                                                      gint64            customer_id);
gboolean          rapport_store_set_type_cadence     (RapportStore     *store,
                                                      const char       *type_key,
                                                      int               days,
                                                      GError          **error);
int               rapport_store_get_type_cadence     (RapportStore     *store,
                                                      const char       *type_key);
/* What applies to the customer: their own cadence, else the shortest of
 * their types', else 0. */
int               rapport_store_get_effective_cadence (RapportStore    *store,
                                                       gint64           customer_id);

G_END_DECLS
