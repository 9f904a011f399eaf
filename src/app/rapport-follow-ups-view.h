/* rapport-follow-ups-view.h
 *
 * The Follow-ups section: open follow-ups in three groups, Overdue, Today
 * and Upcoming, each paged from the store; per row Done (with Undo),
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

G_END_DECLS
