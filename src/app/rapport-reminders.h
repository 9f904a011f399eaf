/* rapport-reminders.h
 *
 * Turns the scheduler's due reminders into notifications, at the moment
 * they fall due, with or without a window. It sleeps on one timer armed
 * for the next due moment on the wall clock (so a suspend or a clock
 * change never makes it late), and looks again when the data changes,
 * here or in another process, and after a resume.
 */
#pragma once

#include <gio/gio.h>

#include "rapport-context.h"
#include "rapport-scheduler.h"

G_BEGIN_DECLS

/* More than this many at once make one summary notification. */
#define RAPPORT_REMINDERS_SUMMARY_AFTER 3

#define RAPPORT_TYPE_REMINDERS (rapport_reminders_get_type ())

G_DECLARE_FINAL_TYPE (RapportReminders, rapport_reminders, RAPPORT, REMINDERS, GObject)

/* Notifications go out through @application, whose actions
 * "open-customer" (x), "open-section" (s), "follow-up-done" (x),
 * "follow-up-snooze" (x) and "plan-follow-up" (x) they name. */
RapportReminders *rapport_reminders_new          (GApplication     *application,
                                                  RapportContext   *context);
/* Looks now: sends what is due and arms the timer for what comes next. */
void              rapport_reminders_check        (RapportReminders *self);
/* Takes back the notification of a follow-up that was dealt with. */
void              rapport_reminders_withdraw     (RapportReminders *self,
                                                  RapportReminderKind kind,
                                                  gint64            ref_id);
/* The moment the timer is armed for (Unix seconds), 0 when disarmed. */
gint64            rapport_reminders_get_armed_at (RapportReminders *self);

/* The notification for @reminders due at @now (the summary when there are
 * more than RAPPORT_REMINDERS_SUMMARY_AFTER), and its id. */
GNotification    *rapport_reminders_build_notification (GPtrArray  *reminders,
                                                        GDateTime  *now,
                                                        char      **id);
char             *rapport_reminders_notification_id    (RapportReminderKind kind,
                                                        gint64              ref_id);

G_END_DECLS
