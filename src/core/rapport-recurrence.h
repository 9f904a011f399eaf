/* rapport-recurrence.h
 *
 * iCalendar RRULE recurrence for follow-ups. Occurrences are computed on
 * the wall clock of the zone the follow-up was set in, so "every Monday at
 * 10:00 Africa/Lagos" stays at 10:00 there across DST changes anywhere.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Checks @rrule ("FREQ=WEEKLY;BYDAY=MO") and returns it in canonical form,
 * without a leading "RRULE:". */
char     *rapport_recurrence_normalize (const char  *rrule,
                                        const char  *field,
                                        GError     **error);
/* The first occurrence of the series that starts at @start (UTC) in
 * @time_zone and is strictly after @after (UTC). Returns FALSE when the
 * series has ended. @skipped: how many occurrences lay between @start
 * and the one returned, @start excluded (used to count COUNT down). */
gboolean  rapport_recurrence_next      (const char  *rrule,
                                        gint64       start,
                                        const char  *time_zone,
                                        gint64       after,
                                        gint64      *next,
                                        guint       *skipped,
                                        GError     **error);
/* The RRULE of the series that continues at the occurrence after the
 * first @used ones: COUNT=n becomes COUNT=n-@used; NULL when no
 * occurrence is left. Other rules come back unchanged. */
char     *rapport_recurrence_advance   (const char  *rrule,
                                        guint        used);

G_END_DECLS
