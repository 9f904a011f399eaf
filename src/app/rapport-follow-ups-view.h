/* rapport-follow-ups-view.h
 *
 * The Follow-ups section: open follow-ups in groups, No Customer Yet
 * (tasks from other apps), Overdue, Today and Upcoming, each paged from
 * the store (rows in rapport-follow-up-row.c); per row Done (with Undo),
 * Snooze (an hour, tomorrow, next week, a picked date), Reschedule and
 * Delete (with Undo), and the customer a click away.
 */
#pragma once

#include <adwaita.h>

#include "rapport-context.h"

G_BEGIN_DECLS

#define RAPPORT_TYPE_FOLLOW_UPS_VIEW (rapport_follow_ups_view_get_type ())

G_DECLARE_FINAL_TYPE (RapportFollowUpsView, rapport_follow_ups_view, RAPPORT, FOLLOW_UPS_VIEW, GtkWidget)

GtkWidget *rapport_follow_ups_view_new (RapportContext *context);

/* For the rows' menus: the follow-up a row shows, as listed at the last
 * reload (NULL when gone), and the time the view goes by. */
const RapportFollowUp *rapport_follow_ups_view_lookup  (RapportFollowUpsView *self,
                                                        gint64                id);
GDateTime             *rapport_follow_ups_view_dup_now (RapportFollowUpsView *self);

G_END_DECLS
