/* rapport-follow-up-row.h
 *
 * The rows of the Follow-ups view (rapport-follow-ups-view.c), whose
 * buttons activate its follow-up.* actions.
 */
#pragma once

#include "rapport-follow-ups-view.h"
#include "rapport-schedule.h"

G_BEGIN_DECLS

/* A row for @follow_up, as seen at @now, in the group of @range. */
GtkWidget *rapport_follow_up_row_new (const RapportFollowUp *follow_up,
                                      GDateTime             *now,
                                      RapportDueRange        range);
/* "Show more" at the end of the group of @range. */
GtkWidget *rapport_show_more_row_new (const char            *label,
                                      RapportDueRange        range);

G_END_DECLS
